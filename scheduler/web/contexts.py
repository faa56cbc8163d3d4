"""The web pages' contexts: frozen dataclasses built by pure functions, tested without HTTP.

Counts, hours, colours, chart geometry and filters are computed here; templates only lay
them out. The roster grid itself is ``scheduler.roster.page.RosterPage``, shared with the
standalone roster.html.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import quote

from scheduler.demand.erlang import ConcurrencyMethod, QueueFigures
from scheduler.demand.erlang_calculator import CalculatorAnswer, CalculatorInput
from scheduler.demand.forecast import DayForecast, Forecast
from scheduler.demand.history import HISTORY_CSV
from scheduler.demand.staffing import ShiftNeed, merged_requirements, requirements_of, totals
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.files import HIRES_CSV
from scheduler.peak.page import ChartBand, PeakPage, nice_ceiling, phase_bands
from scheduler.roster.coverage import CoverageRow, total_shortfall
from scheduler.roster.model import LEAVE, OFF, ROLES, TRAINING, Change, Roster
from scheduler.roster.page import LABELS, Cell, RosterPage, cell_of, is_evening, mark_changes
from scheduler.team.calendar import Month, is_weekend
from scheduler.team.errors import InputError
from scheduler.team.files import STORED_FILES
from scheduler.team.model import Team
from scheduler.web.service import ErlangRequest
from scheduler.web.store import (
    PEAK,
    JobRecord,
    PeakPlanRecord,
    ProposalRecord,
    RosterRecord,
    TeamRecord,
)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


# Teams list


@dataclass(frozen=True, kw_only=True)
class TeamRow:
    id: int
    name: str
    agents: int
    shops: int
    rosters: int
    updated_at: str


@dataclass(frozen=True, kw_only=True)
class TeamsPage:
    teams: tuple[TeamRow, ...]
    examples: tuple[str, ...]
    errors: tuple[InputError, ...] = ()

    @classmethod
    def build(
        cls,
        teams: Sequence[tuple[TeamRecord, Team]],
        examples: Sequence[str],
        errors: Sequence[InputError] = (),
    ) -> TeamsPage:
        return cls(
            teams=tuple(
                TeamRow(
                    id=record.id,
                    name=record.name,
                    agents=len(team.agents),
                    shops=len(team.shops),
                    rosters=record.roster_count,
                    updated_at=record.updated_at.replace("T", " ")[:16],
                )
                for record, team in teams
            ),
            examples=tuple(examples),
            errors=tuple(errors),
        )


# One team


@dataclass(frozen=True, kw_only=True)
class ShiftRow:
    id: str
    start: str
    end: str
    paid_hours: float
    next_day: bool


@dataclass(frozen=True, kw_only=True)
class AgentInfo:
    agent_id: str
    name: str
    shops: str
    max_shops: str
    hire_date: str
    fixed_shift: str


@dataclass(frozen=True, kw_only=True)
class LeaveRow:
    agent_id: str
    name: str
    start: date
    end: date
    kind: str
    days: int


@dataclass(frozen=True, kw_only=True)
class ShopRow:
    shop_id: str
    name: str
    platform: str
    tier: str
    agents: int


@dataclass(frozen=True, kw_only=True)
class MonthNeed:
    month: str
    rows: int
    agent_shifts: float


@dataclass(frozen=True, kw_only=True)
class VersionRow:
    version: int
    month: str
    created_at: str
    status: str
    shortfall: float | None
    previous_version: int | None


@dataclass(frozen=True, kw_only=True)
class JobRow:
    id: int
    month: str
    """The roster's month, or what a peak plan plans ("double11 2026")."""
    state: str
    created_at: str
    elapsed_s: float | None
    roster_version: int | None


@dataclass(frozen=True, kw_only=True)
class ProposalRow:
    id: int
    base_version: int
    month: str
    absence: str
    created_at: str
    changed_days: int | None
    shortfall: float | None
    accepted_version: int | None


@dataclass(frozen=True, kw_only=True)
class BuildForm:
    month: str
    time_limit_s: float
    previous_options: tuple[tuple[str, str], ...]
    """(value, label) pairs after "auto" and "none": the stored versions."""


@dataclass(frozen=True, kw_only=True)
class TeamPage:
    id: int
    name: str
    rules: tuple[tuple[str, str], ...]
    shifts: tuple[ShiftRow, ...]
    blackouts: tuple[str, ...]
    shops: tuple[ShopRow, ...]
    agents: tuple[AgentInfo, ...]
    leave: tuple[LeaveRow, ...]
    needs: tuple[MonthNeed, ...]
    versions: tuple[VersionRow, ...]
    jobs: tuple[JobRow, ...]
    build: BuildForm
    files: tuple[str, ...]
    editable: tuple[str, ...]
    """The files with an edit page (history.csv is too long for a text box)."""
    has_history: bool
    errors: tuple[InputError, ...] = ()
    proposals: tuple[ProposalRow, ...] = ()

    @classmethod
    def build_page(
        cls,
        record: TeamRecord,
        team: Team,
        versions: Sequence[RosterRecord],
        jobs: Sequence[JobRecord],
        *,
        build_month: Month,
        time_limit_s: float,
        files: Sequence[str],
        errors: Sequence[InputError] = (),
        proposals: Sequence[ProposalRecord] = (),
    ) -> TeamPage:
        names = {a.agent_id: a.name for a in team.agents}
        serving = Counter(shop for a in team.agents for shop in a.shops)
        needs: dict[str, list[float]] = {}
        for r in team.requirements:
            needs.setdefault(f"{r.date:%Y-%m}", []).append(r.agents)
        rules = team.rules
        return cls(
            id=record.id,
            name=team.name,
            rules=(
                ("Rotation", rules.rotation),
                ("Rest days per month", str(rules.days_off_per_month)),
                ("Most workdays in a row", str(rules.max_consecutive_workdays)),
                ("Least rest between shifts (h)", f"{rules.min_rest_hours:g}"),
                ("Shops per agent", f"{rules.max_shops} (≤ {rules.max_shops_special})"),
                ("Training days", str(rules.training_days)),
            ),
            shifts=tuple(
                ShiftRow(
                    id=s.id,
                    start=f"{s.start:%H:%M}",
                    end=f"{s.end:%H:%M}",
                    paid_hours=s.paid_hours,
                    next_day=s.crosses_midnight,
                )
                for s in team.shifts
            ),
            blackouts=tuple(f"{b.start}..{b.end}" for b in team.blackouts),
            shops=tuple(
                ShopRow(
                    shop_id=s.shop_id,
                    name=s.name,
                    platform=s.platform,
                    tier=s.tier,
                    agents=serving[s.shop_id],
                )
                for s in team.shops
            ),
            agents=tuple(
                AgentInfo(
                    agent_id=a.agent_id,
                    name=a.name,
                    shops=" | ".join(a.shops),
                    max_shops="" if a.max_shops is None else str(a.max_shops),
                    hire_date="" if a.hire_date is None else a.hire_date.isoformat(),
                    fixed_shift=a.fixed_shift or "",
                )
                for a in team.agents
            ),
            leave=tuple(
                LeaveRow(
                    agent_id=lv.agent_id,
                    name=names.get(lv.agent_id, lv.agent_id),
                    start=lv.start,
                    end=lv.end,
                    kind=lv.kind,
                    days=len(lv.days()),
                )
                for lv in sorted(team.leave, key=lambda lv: (lv.start, lv.agent_id))
            ),
            needs=tuple(
                MonthNeed(month=m, rows=len(v), agent_shifts=round(sum(v), 1))
                for m, v in sorted(needs.items())
            ),
            versions=tuple(
                VersionRow(
                    version=v.version,
                    month=str(v.month),
                    created_at=v.created_at.replace("T", " ")[:16],
                    status=v.status,
                    shortfall=v.summary.get("shortfall"),
                    previous_version=v.previous_version,
                )
                for v in versions
            ),
            jobs=tuple(
                JobRow(
                    id=j.id,
                    month=j.label if j.kind == PEAK else str(j.month),
                    state=j.state,
                    created_at=j.created_at.replace("T", " ")[:16],
                    elapsed_s=j.elapsed_s,
                    roster_version=j.roster_version,
                )
                for j in jobs
            ),
            build=BuildForm(
                month=str(build_month),
                time_limit_s=time_limit_s,
                previous_options=tuple(
                    (str(v.version), f"v{v.version} · {v.month}") for v in versions
                ),
            ),
            files=tuple(n for n in STORED_FILES if n in files),
            editable=tuple(n for n in STORED_FILES if n in files and n != HISTORY_CSV),
            has_history=HISTORY_CSV in files,
            errors=tuple(errors),
            proposals=tuple(
                ProposalRow(
                    id=p.id,
                    base_version=p.base_version,
                    month=str(p.month),
                    absence=p.absence,
                    created_at=p.created_at.replace("T", " ")[:16],
                    changed_days=p.summary.get("replan", {}).get("changed_days"),
                    shortfall=p.summary.get("shortfall"),
                    accepted_version=p.accepted_version,
                )
                for p in proposals
            ),
        )


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
    evening_ids = {s.id for s in team.shifts if is_evening(s)}
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
    given: Counter[str] = Counter()
    served_days: Counter[str] = Counter()
    for entry in entries:
        for shop, percent in entry.shares:
            given[shop] += percent
            served_days[shop] += 1
    total = sum(given.values()) or 1
    names = {s.shop_id: s.name for s in team.shops}
    served = roster.assignments.get(agent_id, ())
    worked = [(d, e) for d, e in zip(roster.month.days, entries, strict=True) if e.is_shift]
    return AgentMonthPage(
        team_id=record.team_id,
        version=record.version,
        month=str(record.month),
        agent_id=agent_id,
        name=next((a.name for a in team.agents if a.agent_id == agent_id), agent_id),
        weeks=weeks,
        days_worked=len(worked),
        paid_hours=sum(shifts[e.shift].paid_hours for _, e in worked if e.shift in shifts),
        evenings=sum(1 for _, e in worked if e.shift in evening_ids),
        weekend_days_worked=sum(1 for d, _ in worked if is_weekend(d)),
        weekend_days_off=sum(
            1
            for d, e in zip(roster.month.days, entries, strict=True)
            if is_weekend(d) and e.shift == OFF
        ),
        rest_days=sum(1 for e in entries if e.shift == OFF),
        leave_days=sum(1 for e in entries if e.shift == LEAVE),
        training_days=sum(1 for e in entries if e.shift == TRAINING),
        shops=tuple(
            AgentShop(
                shop_id=shop,
                name=names.get(shop, shop),
                role=role,
                days=served_days[shop],
                percent=round(100 * given[shop] / total),
            )
            for shop, role in zip(served, ROLES, strict=False)
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


# Requirements of a month


@dataclass(frozen=True, kw_only=True)
class NeedDay:
    date: date
    weekday: str
    weekend: bool
    blackout: bool
    cells: tuple[str, ...]
    """One per (shift, shop) column; "" when nothing is required."""
    total: str


@dataclass(frozen=True, kw_only=True)
class RequirementsPage:
    team_id: int
    name: str
    month: str
    months: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    """(shift id, shop id)."""
    days: tuple[NeedDay, ...]
    column_totals: tuple[str, ...]
    total: str


def requirements_page(team_id: int, team: Team, month: Month | None) -> RequirementsPage:
    """Agents required per day, shift and shop in ``month`` (default: the first with any)."""
    months = sorted({Month(r.date.year, r.date.month) for r in team.requirements})
    if month is None:
        month = months[0] if months else None
    if month is None:
        return RequirementsPage(
            team_id=team_id,
            name=team.name,
            month="",
            months=(),
            columns=(),
            days=(),
            column_totals=(),
            total="0",
        )
    columns = tuple((s.id, p.shop_id) for s in team.shifts for p in team.shops)
    need: Mapping[tuple[date, str, str], float] = {
        (r.date, r.shift, r.shop_id): r.agents
        for r in team.requirements
        if month.first <= r.date <= month.last
    }
    days = []
    for day in month.days:
        values = [need.get((day, s, p)) for s, p in columns]
        days.append(
            NeedDay(
                date=day,
                weekday=WEEKDAYS[day.weekday()],
                weekend=is_weekend(day),
                blackout=team.in_blackout(day),
                cells=tuple("" if v is None else f"{v:g}" for v in values),
                total=f"{sum(v for v in values if v):g}",
            )
        )
    return RequirementsPage(
        team_id=team_id,
        name=team.name,
        month=str(month),
        months=tuple(str(m) for m in months),
        columns=columns,
        days=tuple(days),
        column_totals=tuple(
            f"{sum(v for (d, s, p), v in need.items() if (s, p) == col):g}" for col in columns
        ),
        total=f"{sum(need.values()):g}",
    )


# A build's progress


@dataclass(frozen=True, kw_only=True)
class JobPage:
    team_id: int
    team_name: str
    job: JobRecord
    heading: str
    """"Build" (a label to translate) or, for a peak plan, what it plans."""
    gap: float | None
    shortfall: str
    """The best roster's shortfall in agent-shifts so far (the roster's once done), or –."""
    finished: bool
    can_stop: bool
    """A running build can end early and keep its best roster; a peak plan cannot."""
    proposal_id: int | None = None
    """The proposal a finished re-plan made, to review."""
    peak_plan_id: int | None = None
    """The plan a finished peak job made."""


def job_page(
    team_id: int,
    team_name: str,
    job: JobRecord,
    proposal_id: int | None = None,
    peak_plan_id: int | None = None,
) -> JobPage:
    gap = None
    if job.objective is not None and job.bound is not None:
        gap = abs(job.objective - job.bound) / max(1.0, abs(job.objective))
    return JobPage(
        team_id=team_id,
        team_name=team_name,
        job=job,
        heading=job.label if job.kind == PEAK else "Build",
        gap=gap,
        shortfall="–" if job.shortfall is None else f"{job.shortfall:g}",
        finished=not job.active,
        can_stop=job.active and job.kind != PEAK,
        proposal_id=proposal_id,
        peak_plan_id=peak_plan_id,
    )


# A re-plan's proposal, against the published version


@dataclass(frozen=True, kw_only=True)
class ChangeRow:
    agent_id: str
    name: str
    date: date
    before: Cell
    after: Cell


@dataclass(frozen=True, kw_only=True)
class ProposalPage:
    """The proposed roster with each changed cell marked, and the figures to decide on."""

    team_id: int
    team_name: str
    id: int
    base_version: int
    month: str
    start: date
    absence: str
    accepted_version: int | None
    changed_days: int
    remaining_agent_days: int
    changed_percent: float
    changed_shops: int
    shortfall_before: float
    shortfall_after: float
    changes: tuple[ChangeRow, ...]
    page: RosterPage
    """The grid of the proposed roster, changed cells marked (css ``changed``)."""


def proposal_page(
    record: ProposalRecord,
    team: Team,
    roster: Roster,
    coverage: list[CoverageRow],
    base_coverage: list[CoverageRow],
    changes: Sequence[Change],
    *,
    lang: str,
) -> ProposalPage:
    page = RosterPage.from_roster(team, roster, coverage, record.summary, lang=lang)
    names = {a.agent_id: a.name for a in team.agents}
    remaining = len(roster.agent_ids) * sum(1 for d in roster.month.days if d >= record.start)
    changed = sum(1 for c in changes if c.date >= record.start)
    return ProposalPage(
        team_id=record.team_id,
        team_name=team.name,
        id=record.id,
        base_version=record.base_version,
        month=str(record.month),
        start=record.start,
        absence=record.absence,
        accepted_version=record.accepted_version,
        changed_days=changed,
        remaining_agent_days=remaining,
        changed_percent=round(100 * changed / max(1, remaining), 1),
        changed_shops=int(record.summary.get("replan", {}).get("changed_shops", 0)),
        shortfall_before=total_shortfall(base_coverage),
        shortfall_after=total_shortfall(coverage),
        changes=tuple(
            ChangeRow(
                agent_id=c.agent_id,
                name=names.get(c.agent_id, c.agent_id),
                date=c.date,
                before=cell_of(c.before, lang),
                after=cell_of(c.after, lang),
            )
            for c in sorted(changes, key=lambda c: (c.date, c.agent_id))
        ),
        page=mark_changes(page, changes, lang),
    )


# The Erlang calculator

# The calculator's form: (field, label, default text); shares are asked in percent.
ERLANG_FIELDS = (
    ("volume", "Chats per interval", "100"),
    ("interval", "Interval (min)", "30"),
    ("aht", "Average handle time (s)", "180"),
    ("target", "Service level target (%)", "80"),
    ("within", "Answered within (s)", "20"),
    ("patience", "Mean patience (s), for Erlang A", ""),
    ("concurrency", "Chats an agent runs at once", "1"),
    ("shrinkage", "Shrinkage (%)", "0"),
    ("max_occupancy", "Occupancy cap (%)", "85"),
    ("max_abandon", "Abandonment cap (%), Erlang A", "5"),
)
PERCENT_FIELDS = frozenset({"target", "shrinkage", "max_occupancy", "max_abandon"})
ERLANG_METHODS = tuple(str(m) for m in ConcurrencyMethod)


@dataclass(frozen=True, kw_only=True)
class ErlangField:
    name: str
    label: str
    value: str
    """As typed (or the default), to fill the form again."""
    error: str = ""


@dataclass(frozen=True, kw_only=True)
class ErlangRow:
    agents: int
    service_level: str
    asa_s: str
    occupancy: str
    waited: str
    abandoned: str
    answer: bool


@dataclass(frozen=True, kw_only=True)
class ErlangAnswer:
    model: str
    """"Erlang C" or "Erlang A"."""
    traffic: str
    on_duty: int
    scheduled: int
    shrinkage: str
    """"30%" when shrinkage was given (scheduled > on duty), else empty."""
    binding: str
    service_level: str
    asa_s: str
    occupancy: str
    waited: str
    abandoned: str
    within_s: str
    table: tuple[ErlangRow, ...]
    by_method: tuple[tuple[str, int], ...]
    """Agents on duty by each concurrency method, when an agent runs several chats."""


@dataclass(frozen=True, kw_only=True)
class ErlangPage:
    fields: tuple[ErlangField, ...]
    method: str
    methods: tuple[str, ...]
    errors: tuple[InputError, ...]
    answer: ErlangAnswer | None


def erlang_form(values: Mapping[str, str]) -> tuple[ErlangRequest | None, list[InputError]]:
    """The calculator's figures from the form (percentages as shares), or the problems."""
    errors: list[InputError] = []
    parsed: dict[str, float | None] = {}
    for name, _, default in ERLANG_FIELDS:
        text = values.get(name, default).strip()
        if not text:
            if name != "patience":
                errors.append(InputError(name, None, "is required"))
            parsed[name] = None
            continue
        try:
            number = float(text)
        except ValueError:
            errors.append(InputError(name, None, f"{text[:40]!r} is not a number"))
            continue
        if not math.isfinite(number):
            errors.append(InputError(name, None, f"{text[:40]!r} is not a number"))
            continue
        parsed[name] = number / 100 if name in PERCENT_FIELDS else number
    method = values.get("method", str(ConcurrencyMethod.SLOTS))
    if method not in ERLANG_METHODS:
        errors.append(InputError("method", None, f"must be one of {', '.join(ERLANG_METHODS)}"))
    concurrency = parsed.get("concurrency")
    if concurrency is not None and concurrency != int(concurrency):
        errors.append(InputError("concurrency", None, "must be a whole number"))
    if errors:
        return None, errors
    return (
        ErlangRequest(
            volume=float(parsed["volume"] or 0),
            aht=float(parsed["aht"] or 0),
            interval=float(parsed["interval"] or 0),
            target=float(parsed["target"] or 0),
            within=float(parsed["within"] or 0),
            patience=parsed["patience"],
            concurrency=int(parsed["concurrency"] or 0),
            concurrency_method=ConcurrencyMethod(method),
            shrinkage=float(parsed["shrinkage"] or 0),
            max_occupancy=float(parsed["max_occupancy"] or 0),
            max_abandon=float(parsed["max_abandon"] or 0),
        ),
        [],
    )


def _pct(value: float) -> str:
    return f"{value:.1%}"


def _secs(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value:.1f}"


def erlang_answer(
    given: CalculatorInput, answer: CalculatorAnswer, by_method: Mapping[str, int]
) -> ErlangAnswer:
    """The calculator's answer as the page shows it (the CLI's figures and table)."""
    erlang_a = given.patience_s is not None
    figures = answer.figures

    def row_of(agents: int, f: QueueFigures) -> ErlangRow:
        return ErlangRow(
            agents=agents,
            service_level=_pct(f.service_level),
            asa_s=_secs(f.asa_s),
            occupancy=_pct(f.occupancy),
            waited=_pct(f.p_wait),
            abandoned=_pct(f.abandon) if erlang_a else "–",
            answer=agents == answer.on_duty,
        )

    return ErlangAnswer(
        model="Erlang A" if erlang_a else "Erlang C",
        traffic=f"{given.workload.traffic:.2f}",
        on_duty=answer.on_duty,
        scheduled=answer.scheduled,
        shrinkage=f"{given.shrinkage:.0%}" if given.shrinkage else "",
        binding=answer.binding,
        service_level=_pct(figures.service_level) if figures else "–",
        asa_s=_secs(figures.asa_s) if figures else "–",
        occupancy=_pct(figures.occupancy) if figures else "–",
        waited=_pct(figures.p_wait) if figures else "–",
        abandoned=_pct(figures.abandon) if figures and erlang_a else "–",
        within_s=f"{given.target.within_s:g}",
        table=tuple(row_of(agents, f) for agents, f in answer.table),
        by_method=tuple(by_method.items()),
    )


def erlang_page(
    values: Mapping[str, str],
    answer: ErlangAnswer | None = None,
    errors: Sequence[InputError] = (),
) -> ErlangPage:
    """The form filled with ``values`` (else the defaults), each problem by its field."""
    by_field = {e.file: e.message for e in errors}
    return ErlangPage(
        fields=tuple(
            ErlangField(
                name=name,
                label=label,
                value=values.get(name, default)[:60],
                error=by_field.get(name, ""),
            )
            for name, label, default in ERLANG_FIELDS
        ),
        method=values.get("method", "slots") if values.get("method") in ERLANG_METHODS else "slots",
        methods=ERLANG_METHODS,
        errors=tuple(errors),
        answer=answer,
    )


# Forecast and the requirements it gives

FORECAST_CHART_WIDTH, FORECAST_CHART_HEIGHT = 760, 220
FORECAST_LEFT, FORECAST_RIGHT, FORECAST_TOP, FORECAST_BOTTOM = 48, 12, 10, 26
FORECAST_LINE_COLOUR = "#1f4e9c"
FORECAST_BAND_COLOUR = "#c9d8f5"


@dataclass(frozen=True, kw_only=True)
class ForecastRow:
    date: date
    weekday: str
    weekend: bool
    inquiries: int
    low: int
    high: int
    day_share: str
    """The day shift's share of the day, "59.6%"."""
    event: str
    """"double11 peak", or empty."""


@dataclass(frozen=True, kw_only=True)
class ShopForecast:
    shop_id: str
    name: str
    total: int
    busiest_day: date | None
    busiest: int
    event: str
    """The busiest day's event phase."""


@dataclass(frozen=True, kw_only=True)
class ForecastChart:
    """One shop's forecast per day: the line, the 80% band, the event phases shaded."""

    width: int
    height: int
    line: str
    """SVG polyline points."""
    band: str
    """SVG polygon points: high from the first day to the last, then low back."""
    phases: tuple[ChartBand, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    plot_left: int
    plot_right: int
    plot_bottom: int


@dataclass(frozen=True, kw_only=True)
class NeedTotal:
    shop_id: str
    """Empty on the team's line."""
    current: str
    """Agent-shifts the stored requirements.csv asks for this month ("–" when none)."""
    proposed: str
    busiest_shift: str


@dataclass(frozen=True, kw_only=True)
class ForecastPage:
    team_id: int
    name: str
    month: str
    previous_month: str
    next_month: str
    origin: date
    method: str
    methods: tuple[str, ...]
    warnings: tuple[str, ...]
    shops: tuple[ShopForecast, ...]
    shop: str
    """The shop whose days are shown."""
    rows: tuple[ForecastRow, ...]
    chart: ForecastChart | None
    totals: tuple[NeedTotal, ...]
    needs: RequirementsPage
    """The proposed requirements in the requirements page's grid."""


def forecast_page(
    team_id: int,
    team: Team,
    month: Month,
    forecast: Forecast,
    origin: date,
    needs: Sequence[ShiftNeed],
    *,
    method: str,
    shop: str = "",
) -> ForecastPage:
    """The month's forecast of one shop (``shop``, else the first), every shop's month, and
    the requirements ``needs`` against those stored for the month."""
    shop_ids = [s.shop_id for s in team.shops]
    shop = shop if shop in shop_ids else (shop_ids[0] if shop_ids else "")
    by_shop: dict[str, list[DayForecast]] = {}
    for day in forecast.days:
        by_shop.setdefault(day.shop_id, []).append(day)
    summaries = []
    for s in team.shops:
        days = by_shop.get(s.shop_id, [])
        top = max(days, key=lambda d: d.inquiries) if days else None
        summaries.append(
            ShopForecast(
                shop_id=s.shop_id,
                name=s.name,
                total=round(sum(d.inquiries for d in days)),
                busiest_day=top.date if top else None,
                busiest=round(top.inquiries) if top else 0,
                event=top.event if top else "",
            )
        )
    mine = sorted(by_shop.get(shop, []), key=lambda d: d.date)
    rows = tuple(
        ForecastRow(
            date=d.date,
            weekday=WEEKDAYS[d.date.weekday()],
            weekend=is_weekend(d.date),
            inquiries=round(d.inquiries),
            low=round(d.low),
            high=round(d.high),
            day_share=f"{d.day_share:.1%}",
            event=d.event,
        )
        for d in mine
    )
    proposed = team_with_needs(team, month, needs)
    current = totals(
        ShiftNeed(
            date=r.date, shift=r.shift, shop_id=r.shop_id, inquiries=0, on_duty=0, agents=r.agents
        )
        for r in team.requirements
        if month.first <= r.date <= month.last
    )
    new = totals(needs)
    return ForecastPage(
        team_id=team_id,
        name=team.name,
        month=str(month),
        previous_month=str(month.previous()),
        next_month=str(month.next()),
        origin=origin,
        method=method,
        methods=tuple(str(m) for m in StaffMethod),
        warnings=forecast.warnings,
        shops=tuple(summaries),
        shop=shop,
        rows=rows,
        chart=forecast_chart(mine) if mine else None,
        totals=tuple(
            NeedTotal(
                shop_id=key if key != "*" else "",
                current=f"{current[key].agent_shifts:g}" if key in current else "–",
                proposed=f"{new[key].agent_shifts:g}" if key in new else "–",
                busiest_shift=f"{new[key].busiest_shift:g}" if key in new else "–",
            )
            for key in [*shop_ids, "*"]
            if key in current or key in new
        ),
        needs=requirements_page(team_id, proposed, month),
    )


def team_with_needs(team: Team, month: Month, needs: Sequence[ShiftNeed]) -> Team:
    """The team with ``month``'s requirements replaced by ``needs`` (as saving them would)."""
    return replace(
        team,
        requirements=tuple(merged_requirements(team.requirements, requirements_of(needs), month)),
    )


def forecast_chart(days: Sequence[DayForecast]) -> ForecastChart:
    """Inquiries per day with the 80% interval as a band; event phases shaded."""
    top = nice_ceiling(max([d.high for d in days] + [d.inquiries for d in days] + [1]))
    plot_w = FORECAST_CHART_WIDTH - FORECAST_LEFT - FORECAST_RIGHT
    plot_h = FORECAST_CHART_HEIGHT - FORECAST_TOP - FORECAST_BOTTOM
    step = plot_w / len(days)

    def x(i: float) -> float:
        return round(FORECAST_LEFT + step * (i + 0.5), 1)

    def y(value: float) -> float:
        return round(FORECAST_TOP + plot_h * (1 - value / top), 1)

    upper = [f"{x(i)},{y(d.high)}" for i, d in enumerate(days)]
    lower = [f"{x(i)},{y(d.low)}" for i, d in reversed(list(enumerate(days)))]
    # An event is "name phase": the run is the whole event, the band is named by its phase.
    events = [(d.event, d.event.rsplit(" ", 1)[-1] if d.event else "") for d in days]
    phases = phase_bands(events, FORECAST_LEFT, step)
    return ForecastChart(
        width=FORECAST_CHART_WIDTH,
        height=FORECAST_CHART_HEIGHT,
        line=" ".join(f"{x(i)},{y(d.inquiries)}" for i, d in enumerate(days)),
        band=" ".join(upper + lower),
        phases=phases,
        y_ticks=tuple((y(top * k / 4), f"{top * k / 4:g}") for k in range(5)),
        # The first day and each Monday, but not a Monday crowding the first day's label.
        x_ticks=tuple(
            (x(i), f"{d.date:%m-%d}")
            for i, d in enumerate(days)
            if i == 0 or (d.date.weekday() == 0 and i >= 3)
        ),
        plot_left=FORECAST_LEFT,
        plot_right=FORECAST_CHART_WIDTH - FORECAST_RIGHT,
        plot_bottom=FORECAST_CHART_HEIGHT - FORECAST_BOTTOM,
    )


# Peak plans

DEFAULT_PEAK_EVENT = "double11"
DEFAULT_PEAK_TIME_LIMIT_S = 15


@dataclass(frozen=True, kw_only=True)
class PeakPlanRow:
    id: int
    event: str
    year: int
    created_at: str
    scenarios: str
    today: str


@dataclass(frozen=True, kw_only=True)
class PeakFormPage:
    """The peak plan form (with the problems of the last one sent) and the team's plans."""

    team_id: int
    name: str
    events: tuple[str, ...]
    event: str
    year: int
    methods: tuple[str, ...]
    method: str
    time_limit_s: int
    plans: tuple[PeakPlanRow, ...]
    can_plan: bool = True
    """False without a usable history.csv: ``errors`` say why, and there is no form."""
    errors: tuple[InputError, ...] = ()


def peak_plan_rows(plans: Sequence[PeakPlanRecord]) -> tuple[PeakPlanRow, ...]:
    return tuple(
        PeakPlanRow(
            id=p.id,
            event=p.event,
            year=p.year,
            created_at=p.created_at.replace("T", " ")[:16],
            scenarios=", ".join(p.request.get("scenarios", [])),
            today=str(p.request.get("today", "")),
        )
        for p in plans
    )


def peak_form_page(
    team_id: int,
    name: str,
    plans: Sequence[PeakPlanRecord],
    *,
    events: Sequence[str] = (),
    year: int,
    method: str = "",
    can_plan: bool = True,
    errors: Sequence[InputError] = (),
) -> PeakFormPage:
    """The form with the team's events (double11 first when it has it)."""
    ordered = sorted(set(events), key=lambda e: (e != DEFAULT_PEAK_EVENT, e))
    return PeakFormPage(
        team_id=team_id,
        name=name,
        events=tuple(ordered),
        event=ordered[0] if ordered else DEFAULT_PEAK_EVENT,
        year=year,
        methods=tuple(str(m) for m in StaffMethod),
        method=method,
        time_limit_s=DEFAULT_PEAK_TIME_LIMIT_S,
        plans=peak_plan_rows(plans),
        can_plan=can_plan,
        errors=tuple(errors),
    )


@dataclass(frozen=True, kw_only=True)
class PeakPlanPage:
    team_id: int
    team_name: str
    id: int
    event: str
    year: int
    created_at: str
    request: str
    """What was asked, in words: scenarios, today, method, time limit."""
    files: tuple[str, ...]
    """hires.csv first."""
    summary: str
    page: PeakPage | None
    """The CLI's peak page context (None: stored by an older version, plan again)."""


def peak_plan_page(record: PeakPlanRecord, team_name: str, page: PeakPage | None) -> PeakPlanPage:
    asked = record.request
    method = asked.get("method") or "from team.toml"
    return PeakPlanPage(
        team_id=record.team_id,
        team_name=team_name,
        id=record.id,
        event=record.event,
        year=record.year,
        created_at=record.created_at.replace("T", " ")[:16],
        request=(
            f"scenarios {', '.join(asked.get('scenarios', []))}; today {asked.get('today')}; "
            f"method {method}; {asked.get('time_limit_s', 0):g} s per scenario"
        ),
        files=tuple(sorted(record.file_names, key=lambda n: (n != HIRES_CSV, n))),
        summary=record.summary,
        page=page,
    )
