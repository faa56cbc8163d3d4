"""The KPI page (kpi.html, and the web's KPI page): a frozen context and its rendering."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.i18n import HTML_LANG, translator
from scheduler.people.kpi import MonthKpi
from scheduler.people.kpi_settings import KpiSettings
from scheduler.roster.page import environment


@dataclass(frozen=True, kw_only=True)
class KpiRow:
    rank: int | None
    agent_id: str
    name: str
    shops: tuple[str, ...]
    """"TM01 92.5 × 60%" per shop, primary first."""
    score: str
    base: int
    bonus: int
    to_next_tier: str
    prorated: str
    """"17/30 days" for an agent hired during the month, else empty."""
    is_lead: bool


@dataclass(frozen=True, kw_only=True)
class KpiPage:
    title: str
    month: str
    lang: str
    rows: tuple[KpiRow, ...]
    team_average: str
    total_bonus: int
    tiers: tuple[str, ...]
    """"≥ 90: 3000" per tier."""
    shop_weights: str
    lead_rule: str
    any_prorated: bool

    @classmethod
    def from_kpi(
        cls, kpi: MonthKpi, settings: KpiSettings, *, month_days: int, lang: str = "both"
    ) -> KpiPage:
        _ = translator(lang)
        rows = []
        for rank, row in enumerate(kpi.rows, start=1):
            days = round(row.active_share * month_days)
            rows.append(
                KpiRow(
                    rank=None if row.is_lead else rank,
                    agent_id=row.agent_id,
                    name=row.name,
                    shops=tuple(f"{s.shop_id} {s.score:g} × {s.weight:.0%}" for s in row.shops),
                    score=f"{row.score:.2f}",
                    base=row.base,
                    bonus=row.bonus,
                    to_next_tier=("–" if row.to_next_tier is None else f"{row.to_next_tier:.2f}"),
                    prorated="" if row.active_share >= 1 else f"{days}/{month_days}",
                    is_lead=row.is_lead,
                )
            )
        share = round(settings.lead_team_share * 100)
        return cls(
            title=f"{kpi.team} · {kpi.month} · {_('KPI and bonus')}",
            month=kpi.month,
            lang=lang,
            rows=tuple(rows),
            team_average=f"{kpi.team_average:.2f}",
            total_bonus=sum(r.bonus for r in kpi.rows),
            tiers=tuple(f"≥ {low:g}: {base}" for low, base in settings.tiers),
            shop_weights=kpi.shop_weights,
            lead_rule=f"{share}% / {100 - share}%",
            any_prorated=any(r.prorated for r in rows),
        )


def render_kpi_page(page: KpiPage) -> str:
    return (
        environment()
        .get_template("kpi.html")
        .render(page=page, _=translator(page.lang), html_lang=HTML_LANG[page.lang])
    )
