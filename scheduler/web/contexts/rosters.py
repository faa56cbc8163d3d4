"""A roster version's pages: the grid, one agent's month and one shop's coverage chart."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

from scheduler.roster.coverage import CoverageRow
from scheduler.roster.model import Roster
from scheduler.roster.page import LABELS, RosterPage, cell_of
from scheduler.roster.totals import agent_month
from scheduler.team.calendar import is_weekend
from scheduler.team.model import Team
from scheduler.web.store import RosterRecord

# The roster grid


@dataclass(frozen=True, kw_only=True)
class GridPage:
    """The roster grid (``page``, as in roster.html) with the web's filters and links."""

    team_id: int
    version: int
    month: str
    page: RosterPage
    shop: str
    shift: str
    shop_options: tuple[tuple[str, str], ...]
    shift_options: tuple[str, ...]
    previous_version: int | None


def grid_page(
    record: RosterRecord,
    team: Team,
    roster: Roster,
    coverage: list[CoverageRow],
    *,
    lang: str,
    shop: str = "",
    shift: str = "",
    page: RosterPage | None = None,
) -> GridPage:
    """The grid; ``shop`` keeps the agents serving that shop, ``shift`` dims the other entries.

    ``page`` is the roster's page context when already built (it depends only on the version).
    """
    page = page or RosterPage.from_roster(team, roster, coverage, record.summary, lang=lang)
    base = f"/teams/{record.team_id}/rosters/{record.version}"
    rows = tuple(replace(r, href=f"{base}/agents/{quote(r.agent_id, safe='')}") for r in page.rows)
    shop_ids = {s.shop_id for s in team.shops}
    shift_ids = [s.id for s in team.shifts]
    shop = shop if shop in shop_ids else ""
    shift = shift if shift in shift_ids else ""
    if shop:
        rows = tuple(r for r in rows if any(s == shop for s, _ in r.shops))
    if shift:
        css = LABELS.get(shift, ("", "", "other"))[2]
        rows = tuple(
            replace(
                r,
                cells=tuple(c if c.css == css else replace(c, css=f"{c.css} dim") for c in r.cells),
            )
            for r in rows
        )
    coverage_tables = page.coverage
    if shop:
        coverage_tables = tuple(t for t in coverage_tables if t.shop_id == shop)
    if shift:
        coverage_tables = tuple(
            replace(t, rows=tuple(row for row in t.rows if row[0] == shift))
            for t in coverage_tables
        )
    return GridPage(
        team_id=record.team_id,
        version=record.version,
        month=str(record.month),
        page=replace(page, rows=rows, coverage=coverage_tables),
        shop=shop,
        shift=shift,
        shop_options=tuple((s.shop_id, s.name) for s in team.shops),
        shift_options=tuple(shift_ids),
        previous_version=record.previous_version,
    )


# One agent's month


@dataclass(frozen=True, kw_only=True)
class CalendarDay:
    date: date
    number: int
    letter: str
    css: str
    hours: str
    """"08:30–17:30" on a shift day, else empty."""
    shops: str
    weekend: bool
    blackout: bool


@dataclass(frozen=True, kw_only=True)
class AgentShop:
    shop_id: str
    name: str
    role: str
    days: int
    percent: int
    """Share of the agent's month of capacity given to this shop."""


@dataclass(frozen=True, kw_only=True)
class AgentMonthPage:
    team_id: int
    version: int
    month: str
    agent_id: str
    name: str
    weeks: tuple[tuple[CalendarDay | None, ...], ...]
    days_worked: int
    paid_hours: float
    evenings: int
    weekend_days_worked: int
    weekend_days_off: int
    rest_days: int
    leave_days: int
    training_days: int
    shops: tuple[AgentShop, ...]


def agent_month_page(
    record: RosterRecord, team: Team, roster: Roster, agent_id: str, *, lang: str
) -> AgentMonthPage:
    """Calendar and totals of one agent; KeyError when the roster has no such agent."""
    if agent_id not in roster.agent_ids:
        raise KeyError(agent_id)
    shifts = {s.id: s for s in team.shifts}
    entries = roster.row(agent_id)
    days = []
    for day, entry in zip(roster.month.days, entries, strict=True):
        cell = cell_of(entry, lang)
        shift = shifts.get(entry.shift)
        days.append(
            CalendarDay(
                date=day,
                number=day.day,
                letter=cell.letter,
                css=cell.css,
                hours="" if shift is None else f"{shift.start:%H:%M}–{shift.end:%H:%M}",
                shops=" ".join(f"{shop} {percent}%" for shop, percent in entry.shares),
                weekend=is_weekend(day),
                blackout=team.in_blackout(day),
            )
        )
    lead = roster.month.first.weekday()
    padded: list[CalendarDay | None] = [None] * lead + days
    padded += [None] * (-len(padded) % 7)
    weeks = tuple(tuple(padded[i : i + 7]) for i in range(0, len(padded), 7))
    totals = agent_month(team, roster, agent_id)
    names = {s.shop_id: s.name for s in team.shops}
    return AgentMonthPage(
        team_id=record.team_id,
        version=record.version,
        month=str(record.month),
        agent_id=agent_id,
        name=totals.name,
        weeks=weeks,
        days_worked=totals.days_worked,
        paid_hours=totals.paid_hours,
        evenings=totals.evenings,
        weekend_days_worked=totals.weekend_days_worked,
        weekend_days_off=totals.weekend_days_off,
        rest_days=totals.rest_days,
        leave_days=totals.leave_days,
        training_days=totals.training_days,
        shops=tuple(
            AgentShop(
                shop_id=s.shop_id,
                name=names.get(s.shop_id, s.shop_id),
                role=s.role,
                days=s.days,
                percent=s.percent,
            )
            for s in totals.shops
        ),
    )


# One shop's coverage as a chart

CHART_HEIGHT = 120
SLOT_WIDTH = 22
BAR_WIDTH = 14
CHART_LEFT = 30


@dataclass(frozen=True, kw_only=True)
class Bar:
    day: int
    x: float
    planned_y: float
    planned_h: float
    required_y: float | None
    """Where the required line is drawn; None when nothing is required."""
    required: float
    planned: float
    short: bool


@dataclass(frozen=True, kw_only=True)
class ShiftChart:
    shift: str
    top: int
    """The largest value on the axis (agents)."""
    ticks: tuple[tuple[int, float], ...]
    """(value, y) for each axis label."""
    bars: tuple[Bar, ...]
    shortfall: float
    width: int


@dataclass(frozen=True, kw_only=True)
class ShopCoveragePage:
    team_id: int
    version: int
    month: str
    shop_id: str
    name: str
    shortfall: float
    charts: tuple[ShiftChart, ...]
    height: int = CHART_HEIGHT


def shop_coverage_page(
    record: RosterRecord, team: Team, coverage: list[CoverageRow], shop_id: str
) -> ShopCoveragePage:
    """Required and planned agents per day for each shift; KeyError for an unknown shop."""
    shop = team.shop(shop_id) if any(s.shop_id == shop_id for s in team.shops) else None
    if shop is None:
        raise KeyError(shop_id)
    rows = {(r.date, r.shift): r for r in coverage if r.shop_id == shop_id}
    days = record.month.days
    charts = []
    for shift in team.shifts:
        mine = [rows.get((d, shift.id)) for d in days]
        top = max(1, math.ceil(max((max(r.required, r.planned) for r in mine if r), default=0)))
        scale = CHART_HEIGHT / top

        def y(value: float, scale: float = scale) -> float:
            return round(CHART_HEIGHT - value * scale, 1)

        bars = []
        for i, (day, r) in enumerate(zip(days, mine, strict=True)):
            required = r.required if r else 0.0
            planned = r.planned if r else 0.0
            bars.append(
                Bar(
                    day=day.day,
                    x=CHART_LEFT + i * SLOT_WIDTH + (SLOT_WIDTH - BAR_WIDTH) / 2,
                    planned_y=y(planned),
                    planned_h=round(planned * scale, 1),
                    required_y=y(required) if required else None,
                    required=required,
                    planned=planned,
                    short=bool(r and r.shortfall > 0),
                )
            )
        step = max(1, math.ceil(top / 4))
        charts.append(
            ShiftChart(
                shift=shift.id,
                top=top,
                ticks=tuple((v, y(v)) for v in range(0, top + 1, step)),
                bars=tuple(bars),
                shortfall=round(sum(r.shortfall for r in mine if r), 2),
                width=CHART_LEFT + len(days) * SLOT_WIDTH + 4,
            )
        )
    return ShopCoveragePage(
        team_id=record.team_id,
        version=record.version,
        month=str(record.month),
        shop_id=shop_id,
        name=shop.name,
        shortfall=round(sum(c.shortfall for c in charts), 2),
        charts=tuple(charts),
    )
