"""The web's KPI page: the upload form, and the KPI table once scores are uploaded."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.people.kpi_page import KpiPage
from scheduler.team.errors import InputError
from scheduler.web.service.kpi import KpiView


@dataclass(frozen=True, kw_only=True)
class KpiWebPage:
    team_id: int
    team_name: str
    month: str
    roster_version: int
    scores_name: str
    """The uploaded file shown, or empty before any upload."""
    scores_version: int | None
    """The roster version the scores were checked against."""
    kpi: KpiPage | None
    errors: tuple[InputError, ...]

    @property
    def xlsx_href(self) -> str:
        return f"/api/teams/{self.team_id}/kpi/{self.month}/kpi.xlsx"

    @property
    def csv_href(self) -> str:
        return f"/api/teams/{self.team_id}/kpi/{self.month}/bonus.csv"


def kpi_web_page(
    team_id: int, view: KpiView, *, lang: str, errors: tuple[InputError, ...] = ()
) -> KpiWebPage:
    roster = view.roster
    kpi = None
    if view.kpi is not None:
        kpi = KpiPage.from_kpi(
            view.kpi, view.settings, month_days=roster.roster.month.num_days, lang=lang
        )
    return KpiWebPage(
        team_id=team_id,
        team_name=roster.team_record.name,
        month=str(roster.roster.month),
        roster_version=roster.record.version,
        scores_name=view.scores.name if view.scores else "",
        scores_version=view.scores.roster_version if view.scores else None,
        kpi=kpi,
        errors=errors,
    )
