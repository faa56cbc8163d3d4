"""A month's KPI on the web: the scores uploaded for it, checked against the month's roster."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePath

from scheduler.people.kpi import MonthKpi, month_kpi
from scheduler.people.kpi_settings import KpiSettings, kpi_settings_from_text
from scheduler.people.scores import read_scores
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.folder import TEAM_TOML
from scheduler.web.service.common import NotFound
from scheduler.web.service.rosters import RosterView, roster_view
from scheduler.web.service.teams import team_view
from scheduler.web.service.versions import worked_roster
from scheduler.web.store import Store
from scheduler.web.store.kpi_scores import KpiScoresRecord

SCORES_NAME = "scores.csv"


@dataclass(frozen=True, kw_only=True)
class KpiView:
    """The month's worked roster, the [kpi] settings and, once scores are uploaded, the KPI."""

    roster: RosterView
    settings: KpiSettings
    scores: KpiScoresRecord | None
    kpi: MonthKpi | None


def month_roster(store: Store, team_id: int, month: Month) -> RosterView:
    """The version agents worked to in the month (published, else newest); NotFound when
    the month has none."""
    team_view(store, team_id)
    found = worked_roster(store, team_id, month)
    if found is None:
        raise NotFound(f"Team {team_id} has no roster for {month}: build one first.")
    return roster_view(store, team_id, found.version)


def kpi_settings(store: Store, view: RosterView) -> KpiSettings:
    errors: list[InputError] = []
    text = store.input_texts(view.record.input_id).get(TEAM_TOML, "")
    settings = kpi_settings_from_text(text, errors)
    raise_if_any(errors)
    return settings


def score_month(view: RosterView, settings: KpiSettings, name: str, content: str) -> MonthKpi:
    """The KPI of ``content`` (a scores file named ``name``); InputErrors name its lines."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_text(content, encoding="utf-8")
        scores = read_scores(path, view.team, view.roster, settings)
    result = month_kpi(view.team, view.roster, settings, scores.by_shop, scores.lead)
    if not result.rows:
        raise_if_any([InputError(name, None, "no agent of the roster is scored")])
    return result


def kpi_view(store: Store, team_id: int, month: Month) -> KpiView:
    view = month_roster(store, team_id, month)
    settings = kpi_settings(store, view)
    scores = store.kpi_scores(team_id, month)
    result = None
    if scores is not None:
        result = store.derived(
            ("kpi", scores.id, view.record.id),
            lambda: score_month(view, settings, scores.name, scores.content),
        )
    return KpiView(roster=view, settings=settings, scores=scores, kpi=result)


def upload_scores(
    store: Store, team_id: int, month: Month, name: str, data: bytes, *, max_bytes: int
) -> KpiView:
    """Check an uploaded scores file against the month's roster and keep it.

    Raises
    ------
    InputErrors
        Every problem as file:line; nothing is kept.
    """
    view = month_roster(store, team_id, month)
    settings = kpi_settings(store, view)
    name = PurePath(name).name or SCORES_NAME
    if len(data) > max_bytes:
        raise_if_any([InputError(name, None, f"file is larger than {max_bytes} bytes")])
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = data.decode("gb18030", errors="replace")
    score_month(view, settings, name, content)
    store.add_kpi_scores(
        team_id=team_id,
        month=month,
        roster_version=view.record.version,
        name=name,
        content=content,
    )
    return kpi_view(store, team_id, month)
