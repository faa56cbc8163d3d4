"""Promotion peak planning: agents needed, agents the team can field, and the cheapest plan.

For an event's window (presale start − ``lead_days`` to the end of the after-sale wave):
the forecast of each month of the window is staffed per scenario (volume × factor) with
the team's staffing method; the team's expected cover comes from its agents (rest days,
leave, training, rotation, primary shops); ``solver.peak`` finds the cheapest mix of
overtime, blackout, cancelled leave, extra shops and temps. Scenarios are solved from the
smallest volume up, each with the previous plan's cost and temps as floors.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path

import solver
from scheduler.demand.events import EventCalendar, Occurrence, PhaseKind
from scheduler.demand.folder import DemandFolder
from scheduler.demand.forecast import DayForecast, forecast_origin, forecast_team
from scheduler.demand.hourly import HourProfile
from scheduler.demand.month import folder_calendars, month_demand
from scheduler.demand.staffing import ShiftNeed, demand_days, staff_team
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.settings import STANDARD_DAY_HOURS, PeakSettings
from scheduler.roster.to_problem import is_active, leave_days, rest_days_for, training_end
from scheduler.team.calendar import Month, PublicCalendar, half_of
from scheduler.team.model import Agent, Team

# Cover is counted in hundredths of an agent-shift; money in fen.
UNITS_PER_AGENT = 100
FEN_PER_RMB = 100
# Leave of these kinds is never cancelled for a peak.
NOT_CANCELLABLE_LEAVE = frozenset({"sick", "病假", "maternity", "产假", "bereavement", "丧假"})
# Overtime pay by the public calendar's day type (labour law).
WORKDAY_PCT, REST_DAY_PCT, HOLIDAY_PCT = 150, 200, 300


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A volume scenario: the forecast times ``factor``."""

    label: str
    factor: float


DEFAULT_SCENARIOS = ("-20%", "+0%", "+20%", "+50%")


def parse_scenario(text: str) -> Scenario:
    """``+20%``, ``-20%``, ``+0%`` (as forecast)."""
    match = re.fullmatch(r"\s*([+-]?)(\d+(?:\.\d+)?)\s*%\s*", text)
    if not match:
        raise ValueError(f"scenario {text!r} is not a change in percent like +20% or -20%")
    percent = float(match[2]) * (-1 if match[1] == "-" else 1)
    if percent <= -100:
        raise ValueError(f"scenario {text!r} leaves no volume")
    label = "as forecast" if percent == 0 else f"{percent:+g}%"
    return Scenario(label=label, factor=1 + percent / 100)


def scenarios_from(extra: Iterable[str] = ()) -> tuple[Scenario, ...]:
    """The default scenarios and ``extra``, each once, from the smallest volume up."""
    found: dict[float, Scenario] = {}
    for text in (*DEFAULT_SCENARIOS, *extra):
        scenario = parse_scenario(text)
        found.setdefault(round(scenario.factor, 6), scenario)
    return tuple(sorted(found.values(), key=lambda s: s.factor))


@dataclass(frozen=True, kw_only=True)
class EventWindow:
    """The days planned for one occurrence of an event."""

    event: str
    year: int
    first: date
    last: date
    presale: date
    """The first day of the occurrence (its presale, usually)."""
    peak: date
    phases: dict[date, PhaseKind]

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def months(self) -> list[Month]:
        months = [Month(self.first.year, self.first.month)]
        while months[-1].last < self.last:
            months.append(months[-1].next())
        return months


def event_window(
    calendar: EventCalendar, shop_ids: Iterable[str], event: str, year: int, lead_days: int
) -> EventWindow:
    """The window of ``event`` in ``year`` over every shop's calendar (events.csv included).

    Raises
    ------
    ValueError
        When no shop has that event in that year (the message names the known events).
    """
    found: list[Occurrence] = []
    for shop_id in shop_ids:
        found += [o for o in calendar.for_shop(shop_id) if o.name == event and o.year == year]
    if not found:
        names = sorted({o.name for o in calendar.occurrences})
        raise ValueError(f"no {event} in {year}; known events: {', '.join(names)}")
    phases: dict[date, PhaseKind] = {}
    for occ in sorted(found, key=lambda o: (o.shop_id is not None, o.first)):
        for phase in occ.phases:
            for day in phase.days():
                phases.setdefault(day, phase.kind)
    presale = min(o.first for o in found)
    return EventWindow(
        event=event,
        year=year,
        first=presale - timedelta(days=lead_days),
        last=max(o.last for o in found),
        presale=presale,
        peak=min(o.peak_day for o in found),
        phases=phases,
    )


@dataclass(frozen=True, kw_only=True)
class WindowDemand:
    """The forecast of every month the window touches."""

    rows: list[DayForecast]
    profiles: dict[str, HourProfile]
    events: dict[str, dict[date, object]]
    source: str
    warnings: tuple[str, ...] = ()


def window_demand(
    folder: DemandFolder, window: EventWindow, forecast_file: Path | None
) -> WindowDemand:
    """Each month of the window forecast as ``scheduler forecast`` would (from the history
    before it), or read from ``forecast_file``.

    Raises
    ------
    InputErrors
        When the forecast file is bad or lacks a month, or there is no history.csv.
    """
    rows: list[DayForecast] = []
    profiles: dict[str, HourProfile] = {}
    events: dict[str, dict[date, object]] = {}
    warnings: list[str] = []
    for month in window.months:
        if forecast_file is None and folder.history is not None:
            history = folder.history
            calendars = folder_calendars(folder, month.last)
            origin = forecast_origin(history, month)
            made = forecast_team(folder.team, history, calendars, month.days, origin)
            rows += made.days
            profiles.update(made.profiles)
            for shop_id, days in made.events.items():
                events.setdefault(shop_id, {}).update(days)
            warnings += made.warnings
            continue
        path = forecast_file or Path(folder.team.folder or ".") / "forecast.csv"
        demand = month_demand(folder, month, path)
        rows += demand.rows
        profiles.update(demand.profiles)
        for shop_id, event_days in demand.events.items():
            events.setdefault(shop_id, {}).update(event_days)
        warnings += demand.warnings
    source = str(forecast_file) if forecast_file else "history.csv"
    return WindowDemand(
        rows=rows,
        profiles=profiles,
        events=events,
        source=source,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def scenario_needs(
    folder: DemandFolder,
    demand: WindowDemand,
    window: EventWindow,
    method: StaffMethod,
    factor: float,
) -> list[ShiftNeed]:
    """Agents needed per day, shift and shop of the window with the volume × ``factor``."""
    rows = [replace(r, inquiries=r.inquiries * factor) for r in demand.rows]
    shops = demand_days(rows, demand.profiles, demand.events)  # type: ignore[arg-type]
    needs = []
    for month in window.months:
        needs += staff_team(folder.team, shops, month, folder.staffing, method)
    return [n for n in needs if window.first <= n.date <= window.last]


def _units(agents: float) -> int:
    return math.ceil(agents * UNITS_PER_AGENT - 1e-9)


def _half(day: date) -> int:
    """A count of rotation halves: consecutive halves differ by one, across months."""
    return (day.year * 12 + day.month) * 2 + half_of(day)


@dataclass(frozen=True, kw_only=True)
class AgentDays:
    """One agent's expected days in the window, before the shift is known."""

    on_duty: dict[date, int]
    rest: dict[date, int]
    leave: frozenset[date]
    """Leave days a blackout may cancel."""
    at_work: frozenset[date]
    """Days the agent can be at work or on cancellable leave (not inactive, not training)."""
    overtime_limit: dict[Month, int]
    restable: dict[Month, frozenset[date]]


def agent_days(
    team: Team,
    agent: Agent,
    window: EventWindow,
    public: PublicCalendar,
    settings: PeakSettings,
) -> AgentDays:
    """Rest days spread evenly over the agent's available days of each month (none in the
    team's blackouts), as ``scheduler headcount`` counts them; overtime limits per month."""
    units = UNITS_PER_AGENT
    end = training_end(team, agent)
    longest = max(s.paid_hours for s in team.shifts)
    on_duty: dict[date, int] = {}
    rest: dict[date, int] = {}
    at_work: set[date] = set()
    limit: dict[Month, int] = {}
    restable_by_month: dict[Month, frozenset[date]] = {}
    away = leave_days_of(team, agent)
    for month in window.months:
        off_work = leave_days(team, agent, month)
        trained = [d for d in month.days if is_active(agent, d) and (end is None or d >= end)]
        available = [d for d in trained if d not in off_work]
        rest_days = rest_days_for(team, month, agent)
        restable = [d for d in available if not team.in_blackout(d)]
        taken = min(rest_days, len(restable))
        share = taken / len(restable) if restable else 0.0
        restable_by_month[month] = frozenset(restable)
        for day in month.days:
            if not window.first <= day <= window.last:
                continue
            if day in trained:
                at_work.add(day)
            if day not in available:
                continue
            on = units if team.in_blackout(day) else round(units * (1 - share))
            on_duty[day] = on
            rest[day] = units - on
        # Hours the regular month already works above the public calendar's standard
        # hours count as overtime too; one rest day a week is always kept.
        standard = STANDARD_DAY_HOURS * sum(1 for d in available if public.is_working_day(d))
        built_in = max(0.0, (len(available) - taken) * longest - standard)
        by_law = math.floor(units * max(0.0, settings.overtime_max_hours - built_in) / longest)
        weekly = units * max(0, taken - len(available) // 7)
        limit[month] = max(0, min(by_law, weekly))
    cancellable = frozenset(
        d for d, kind in away.items() if d in at_work and kind.lower() not in NOT_CANCELLABLE_LEAVE
    )
    return AgentDays(
        on_duty=on_duty,
        rest=rest,
        leave=cancellable,
        at_work=frozenset(at_work),
        overtime_limit=limit,
        restable=restable_by_month,
    )


def leave_days_of(team: Team, agent: Agent) -> dict[date, str]:
    """Each leave day of ``agent`` and its kind."""
    return {
        d: leave.kind
        for leave in team.leave
        if leave.agent_id == agent.agent_id
        for d in leave.days()
    }


@dataclass(frozen=True, kw_only=True)
class PeakPlanning:
    """The team's side of every scenario's problem, and the maps from ids to indices."""

    team: Team
    window: EventWindow
    settings: PeakSettings
    today: date
    days: tuple[date, ...]
    shift_ids: tuple[str, ...]
    shop_ids: tuple[str, ...]
    agent_ids: tuple[str, ...]
    agents: tuple[solver.PeakAgent, ...]
    shift_of: dict[str, dict[date, str]]
    """Each agent's shift per day of the window (rotation phase chosen by the planner)."""
    costs: solver.PeakCosts
    temp_on_duty: tuple[int, ...]
    blackout_candidates: frozenset[int]
    blackout_fixed: frozenset[int]
    public: PublicCalendar

    @property
    def training_days(self) -> int:
        return self.team.rules.training_days

    def hire_by(self, start: date) -> date:
        """The last day to hire a temp who takes chats from ``start``."""
        return start - timedelta(days=self.training_days)

    def temp_start_days(self, *, allow_past: bool) -> list[date]:
        """Days temps may start taking chats: the window's first day, each phase's first
        day and each Monday (a few dates a team can hire for, and far fewer choices for the
        solver than every day), and the first day still reachable from today; never one
        whose hire-by date is past unless ``allow_past``."""
        if allow_past:
            reachable = list(self.days)
        else:
            reachable = [d for d in self.days if self.hire_by(d) >= self.today]
        phases = self.window.phases
        return [
            d
            for i, d in enumerate(self.days)
            if d in reachable
            and (
                i == 0
                or d == reachable[0]
                or d.weekday() == 0
                or phases.get(d) != phases.get(d - timedelta(days=1))
            )
        ]

    def temp_starts(self, *, allow_past: bool) -> frozenset[int]:
        index = {d: i for i, d in enumerate(self.days)}
        return frozenset(index[d] for d in self.temp_start_days(allow_past=allow_past))

    def past_starts(self) -> bool:
        """Whether some start day's hire-by date is already past."""
        return self.hire_by(self.days[0]) < self.today

    def problem(
        self,
        needs: list[ShiftNeed],
        *,
        allow_past: bool = False,
        floor_money: int = 0,
        floor_temps: int = 0,
    ) -> solver.PeakProblem:
        """The solver problem of one scenario's needs."""
        index = {d: i for i, d in enumerate(self.days)}
        return solver.PeakProblem(
            num_days=len(self.days),
            num_shifts=len(self.shift_ids),
            num_shops=len(self.shop_ids),
            units=UNITS_PER_AGENT,
            month_of=_month_of(self.days, self.window),
            agents=self.agents,
            needs=tuple(
                solver.PeakNeed(
                    day=index[n.date],
                    shift=self.shift_ids.index(n.shift),
                    shop=self.shop_ids.index(n.shop_id),
                    units=_units(n.agents),
                )
                for n in needs
            ),
            costs=self.costs,
            temp_starts=self.temp_starts(allow_past=allow_past),
            temp_on_duty=self.temp_on_duty,
            blackout_candidates=self.blackout_candidates,
            blackout_fixed=self.blackout_fixed,
            max_blackout_days=self.team.rules.max_consecutive_workdays,
            floor_money=floor_money,
            floor_temps=floor_temps,
        )


def _month_of(days: tuple[date, ...], window: EventWindow) -> tuple[int, ...]:
    months = window.months
    return tuple(months.index(Month(d.year, d.month)) for d in days)


def _blackout_days(team: Team, window: EventWindow) -> tuple[frozenset[date], frozenset[date]]:
    """(candidates, fixed): the days within a blackout's reach of the peak; the team's own
    blackout days there are fixed. No candidates when the team's own are not one run."""
    reach = team.rules.max_consecutive_workdays - 1
    span = [
        window.peak + timedelta(days=k)
        for k in range(-reach, reach + 1)
        if window.first <= window.peak + timedelta(days=k) <= window.last
    ]
    fixed = [d for d in span if team.in_blackout(d)]
    if fixed and (fixed[-1] - fixed[0]).days + 1 != len(fixed):
        return frozenset(), frozenset(fixed)
    if len(fixed) >= team.rules.max_consecutive_workdays:
        return frozenset(), frozenset(fixed)
    return frozenset(d for d in span if d not in fixed), frozenset(fixed)


def _shift_for(team: Team, agent: Agent, phase: int, day: date) -> str:
    shift_ids = [s.id for s in team.shifts]
    if agent.fixed_shift:
        return agent.fixed_shift
    if team.rules.rotation == "half-month":
        return shift_ids[(_half(day) + phase) % len(shift_ids)]
    return shift_ids[phase % len(shift_ids)]


def choose_phases(team: Team, days: dict[str, AgentDays], needs: list[ShiftNeed]) -> dict[str, int]:
    """Each rotating agent's phase: per primary shop, the split between the two phases
    that leaves the least cover missing against ``needs`` (with three or more shifts, the
    agents take the phases in turn)."""
    need: dict[tuple[date, str, str], float] = {
        (n.date, n.shift, n.shop_id): n.agents for n in needs
    }
    n_shifts = len(team.shifts)
    phases: dict[str, int] = {}
    by_shop: dict[str, list[Agent]] = defaultdict(list)
    for agent in team.agents:
        by_shop[agent.shops[0]].append(agent)
    for shop_id, agents in by_shop.items():
        free = sorted((a for a in agents if not a.fixed_shift), key=lambda a: a.agent_id)
        if n_shifts != 2:
            phases |= {a.agent_id: i % n_shifts for i, a in enumerate(free)}
            continue

        def missing(
            split: int,
            agents: list[Agent] = agents,
            free: list[Agent] = free,
            shop_id: str = shop_id,
        ) -> float:
            trial = {a.agent_id: 0 if i < split else 1 for i, a in enumerate(free)}
            cover: dict[tuple[date, str], float] = defaultdict(float)
            for agent in agents:
                for day, on in days[agent.agent_id].on_duty.items():
                    shift = _shift_for(team, agent, trial.get(agent.agent_id, 0), day)
                    cover[day, shift] += on / UNITS_PER_AGENT
            return sum(
                max(0.0, value - cover[day, shift])
                for (day, shift, shop), value in need.items()
                if shop == shop_id
            )

        half = len(free) / 2
        best = min(range(len(free) + 1), key=lambda k: (round(missing(k), 6), abs(k - half)))
        phases |= {a.agent_id: 0 if i < best else 1 for i, a in enumerate(free)}
    return phases


def build_peak_planning(
    team: Team,
    window: EventWindow,
    public: PublicCalendar,
    settings: PeakSettings,
    today: date,
    phase_needs: list[ShiftNeed],
) -> PeakPlanning:
    """The team's expected cover, levers and costs over the window; rotation phases are
    chosen against ``phase_needs`` (the forecast scenario's)."""
    days = tuple(window.days)
    index = {d: i for i, d in enumerate(days)}
    shift_ids = tuple(s.id for s in team.shifts)
    shop_ids = tuple(s.shop_id for s in team.shops)
    candidates, fixed = _blackout_days(team, window)
    by_agent = {a.agent_id: agent_days(team, a, window, public, settings) for a in team.agents}
    phases = choose_phases(team, by_agent, phase_needs)
    months = window.months
    agents = []
    shift_of: dict[str, dict[date, str]] = {}
    for agent in team.agents:
        mine = by_agent[agent.agent_id]
        shifts = {d: _shift_for(team, agent, phases.get(agent.agent_id, 0), d) for d in days}
        shift_of[agent.agent_id] = shifts
        agents.append(
            solver.PeakAgent(
                name=agent.agent_id,
                shops=tuple(shop_ids.index(s) for s in agent.shops),
                max_shops=agent.max_shops or team.rules.max_shops,
                shift=tuple(
                    shift_ids.index(shifts[d]) if d in mine.at_work else None for d in days
                ),
                on_duty=tuple(mine.on_duty.get(d, 0) for d in days),
                rest=tuple(mine.rest.get(d, 0) for d in days),
                overtime_limit=tuple(mine.overtime_limit[m] for m in months),
                rest_elsewhere=tuple(len(mine.restable[m] - candidates) for m in months),
                leave=frozenset(index[d] for d in mine.leave),
            )
        )
    costs = solver.PeakCosts(
        overtime=tuple(
            tuple(
                round(
                    settings.hourly_wage
                    * shift.paid_hours
                    * overtime_pct(public, d)
                    / UNITS_PER_AGENT
                )
                for shift in team.shifts
            )
            for d in days
        ),
        temp=tuple(
            round(
                settings.temp_day_cost
                * FEN_PER_RMB
                * (team.rules.training_days + (window.last - d).days + 1)
            )
            for d in days
        ),
        leave_day=round(settings.leave_day_cost * FEN_PER_RMB),
        blackout_agent_day=round(settings.blackout_day_cost * FEN_PER_RMB),
        uncovered=round(settings.uncovered_cost * FEN_PER_RMB / UNITS_PER_AGENT),
        second_shop=round(settings.second_shop_cost * FEN_PER_RMB),
        third_shop=round(settings.third_shop_cost * FEN_PER_RMB),
    )
    temp_on_duty = []
    for d in days:
        month = Month(d.year, d.month)
        working = 1 - team.rules.days_off_per_month / month.num_days
        temp_on_duty.append(
            UNITS_PER_AGENT if team.in_blackout(d) else round(UNITS_PER_AGENT * working)
        )
    return PeakPlanning(
        team=team,
        window=window,
        settings=settings,
        today=today,
        days=days,
        shift_ids=shift_ids,
        shop_ids=shop_ids,
        agent_ids=tuple(a.agent_id for a in team.agents),
        agents=tuple(agents),
        shift_of=shift_of,
        costs=costs,
        temp_on_duty=tuple(temp_on_duty),
        blackout_candidates=frozenset(index[d] for d in candidates),
        blackout_fixed=frozenset(index[d] for d in fixed),
        public=public,
    )


def overtime_pct(public: PublicCalendar, day: date) -> int:
    """Overtime pay on ``day``: 300% on a statutory holiday, 200% on a public rest day
    (weekend or a day off moved by 调休), 150% on a working day (make-up days included)."""
    if day in public.statutory_holidays:
        return HOLIDAY_PCT
    return WORKDAY_PCT if public.is_working_day(day) else REST_DAY_PCT


@dataclass(frozen=True, kw_only=True)
class Hire:
    """Temps for one shop and shift who take chats from ``start_date``."""

    shop_id: str
    count: int
    start_date: date
    hire_by: date
    shift: str


@dataclass(frozen=True, kw_only=True)
class DayShiftRow:
    """One day and shift of a scenario, team totals in agents."""

    date: date
    shift: str
    phase: str
    required: float
    available: float
    gap: float
    """Agents missing before the plan, shop by shop (spare agents of one shop do not
    cover another)."""
    blackout: float
    overtime: float
    leave: float
    moved: float
    """Agents lent to a second or third shop."""
    temps: float
    planned: float
    uncovered: float
    unanswered: float
    """Inquiries the uncovered agent-shifts would have answered."""


@dataclass(frozen=True, kw_only=True)
class AgentMonth:
    """What the plan asks of one agent in one month."""

    agent_id: str
    name: str
    month: Month
    overtime_hours: float
    overtime_rmb: float
    extra_shops: tuple[str, ...]
    leave_cancelled: tuple[date, ...]


@dataclass(frozen=True, kw_only=True)
class ScenarioPlan:
    """One scenario: its needs, the solve, and the plan read back in the team's terms."""

    scenario: Scenario
    needs: list[ShiftNeed]
    result: solver.PeakResult
    planning: PeakPlanning
    too_late: tuple[Hire, ...] = ()
    """Temps a plan free of hire-by dates would hire whose hire-by date is past."""

    @property
    def plan(self) -> solver.PeakPlan | None:
        return self.result.plan

    def rows(self) -> list[DayShiftRow]:
        plan = self.plan
        inquiries = {(n.date, n.shift, n.shop_id): n.inquiries for n in self.needs}
        totals: dict[tuple[date, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        if plan is None:
            return []
        p = self.planning
        for c in plan.cover:
            day, shift, shop = p.days[c.day], p.shift_ids[c.shift], p.shop_ids[c.shop]
            row = totals[day, shift]
            row["required"] += c.need
            row["available"] += c.available
            row["gap"] += c.gap
            row["blackout"] += c.blackout
            row["overtime"] += c.overtime
            row["leave"] += c.leave
            row["moved"] += c.moved_in
            row["temps"] += c.temps
            row["planned"] += c.planned
            row["uncovered"] += c.uncovered
            if c.uncovered and c.need:
                row["unanswered"] += c.uncovered / c.need * inquiries.get((day, shift, shop), 0)
        rows = []
        for (day, shift), row in sorted(
            totals.items(), key=lambda kv: (kv[0][0], p.shift_ids.index(kv[0][1]))
        ):
            phase = p.window.phases.get(day)
            rows.append(
                DayShiftRow(
                    date=day,
                    shift=shift,
                    phase=str(phase) if phase else "",
                    unanswered=round(row.pop("unanswered", 0.0)),
                    **{k: v / UNITS_PER_AGENT for k, v in row.items()},
                )
            )
        return rows

    def hires(self) -> list[Hire]:
        plan = self.plan
        if plan is None:
            return []
        return hires_of(self.planning, plan)

    def agent_months(self) -> list[AgentMonth]:
        plan = self.plan
        if plan is None:
            return []
        p = self.planning
        months = p.window.months
        names = {a.agent_id: a.name for a in p.team.agents}
        found = []
        for agent_plan in plan.agents:
            agent_id = p.agent_ids[agent_plan.agent]
            agent = p.agents[agent_plan.agent]
            for m, month in enumerate(months):
                overtime = [
                    (d, u)
                    for d, u in agent_plan.overtime
                    if Month(p.days[d].year, p.days[d].month) == month
                ]
                hours = 0.0
                money = 0
                for d, units in overtime:
                    shift = agent.shift[d]
                    assert shift is not None
                    hours += units / UNITS_PER_AGENT * p.team.shifts[shift].paid_hours
                    money += units * p.costs.overtime[d][shift]
                leave = tuple(
                    p.days[d]
                    for d in agent_plan.leave_cancelled
                    if Month(p.days[d].year, p.days[d].month) == month
                )
                if not overtime and not leave and (m > 0 or not agent_plan.extra_shops):
                    continue
                found.append(
                    AgentMonth(
                        agent_id=agent_id,
                        name=names.get(agent_id, agent_id),
                        month=month,
                        overtime_hours=round(hours, 2),
                        overtime_rmb=money / FEN_PER_RMB,
                        extra_shops=tuple(p.shop_ids[q] for q in agent_plan.extra_shops),
                        leave_cancelled=leave,
                    )
                )
        return found

    def totals(self) -> dict[str, object]:
        """The scenario's figures, for the summary and peak.json."""
        plan = self.plan
        result = self.result
        figures: dict[str, object] = {
            "scenario": self.scenario.label,
            "factor": self.scenario.factor,
            "status": str(result.status),
            "objective": result.objective,
            "best_bound": result.best_bound,
            "gap": result.gap,
            "wall_seconds": round(result.wall_seconds, 2),
            "required": round(sum(n.agents for n in self.needs), 1),
        }
        if plan is None:
            return figures
        rows = self.rows()
        months = self.agent_months()
        hours_by_agent_month = [m.overtime_hours for m in months]
        figures |= {
            "gap_before": round(sum(r.gap for r in rows), 1),
            "gap_after": round(sum(r.uncovered for r in rows), 1),
            "unanswered": round(sum(r.unanswered for r in rows)),
            "temps": plan.temp_count,
            "hires": [
                {
                    "shop_id": h.shop_id,
                    "count": h.count,
                    "start_date": h.start_date.isoformat(),
                    "hire_by": h.hire_by.isoformat(),
                    "shift": h.shift,
                }
                for h in self.hires()
            ],
            "too_late": sum(h.count for h in self.too_late),
            "overtime_hours": round(sum(hours_by_agent_month), 1),
            "max_overtime_hours": max(hours_by_agent_month, default=0.0),
            "agents_overtime": len({m.agent_id for m in months if m.overtime_hours}),
            "blackout": [self.planning.days[d].isoformat() for d in plan.blackout_days],
            "leave_cancelled": sum(len(m.leave_cancelled) for m in months),
            "agents_2_shops": sum(1 for a in plan.agents if len(a.extra_shops) == 1),
            "agents_3_shops": sum(1 for a in plan.agents if len(a.extra_shops) >= 2),
            "cost_rmb": plan.total_money / FEN_PER_RMB,
            "cost_by_kind_rmb": {k: v / FEN_PER_RMB for k, v in plan.money.items()},
        }
        return figures


def late_hires(planning: PeakPlanning, problem: solver.PeakProblem) -> tuple[Hire, ...]:
    """The temps whose hire-by date is past that a plan free of hire-by dates would take,
    from its linear relaxation (fractional temps rounded up per shop, shift and start)."""
    relaxed = solver.relax_peak(problem)
    if relaxed is None:
        return ()
    hires = []
    for shop, shift, start, count in relaxed.temps:
        day = planning.days[start]
        if planning.hire_by(day) < planning.today:
            hires.append(
                Hire(
                    shop_id=planning.shop_ids[shop],
                    count=math.ceil(count - 1e-6),
                    start_date=day,
                    hire_by=planning.hire_by(day),
                    shift=planning.shift_ids[shift],
                )
            )
    return tuple(hires)


def hires_of(planning: PeakPlanning, plan: solver.PeakPlan) -> list[Hire]:
    return [
        Hire(
            shop_id=planning.shop_ids[t.shop],
            count=t.count,
            start_date=planning.days[t.start_day],
            hire_by=planning.hire_by(planning.days[t.start_day]),
            shift=planning.shift_ids[t.shift],
        )
        for t in sorted(plan.temps, key=lambda t: (t.start_day, t.shop, t.shift))
    ]


@dataclass(frozen=True, kw_only=True)
class PeakOutcome:
    """Every scenario of one peak planning run."""

    planning: PeakPlanning
    plans: tuple[ScenarioPlan, ...]
    source: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def window(self) -> EventWindow:
        return self.planning.window


def plan_peak(
    folder: DemandFolder,
    event: str,
    year: int,
    *,
    scenarios: tuple[Scenario, ...],
    today: date,
    settings: PeakSettings,
    method: StaffMethod | None = None,
    forecast_file: Path | None = None,
    params: solver.PeakParams | None = None,
    on_scenario: Callable[[Scenario], None] | None = None,
) -> PeakOutcome:
    """Plan ``event`` of ``year`` for every scenario, from the smallest volume up.

    Raises
    ------
    ValueError
        When the team has no such event in that year.
    InputErrors
        When the forecast cannot be made or read.
    """
    team = folder.team
    window_calendars = folder_calendars(folder, date(year, 12, 31))
    window = event_window(
        window_calendars.events, [s.shop_id for s in team.shops], event, year, settings.lead_days
    )
    demand = window_demand(folder, window, forecast_file)
    chosen = method or folder.staffing.method
    ordered = sorted(scenarios, key=lambda s: s.factor)
    needs = {s: scenario_needs(folder, demand, window, chosen, s.factor) for s in ordered}
    reference = min(ordered, key=lambda s: abs(s.factor - 1))
    planning = build_peak_planning(
        team, window, window_calendars.public, settings, today, needs[reference]
    )
    params = params or solver.PeakParams()
    plans: list[ScenarioPlan] = []
    previous: solver.PeakPlan | None = None
    for scenario in ordered:
        if on_scenario is not None:
            on_scenario(scenario)
        problem = planning.problem(
            needs[scenario],
            floor_money=previous.total_money if previous else 0,
            floor_temps=previous.temp_count if previous else 0,
        )
        # No start from the previous plan: CP-SAT did better from scratch (docs/peak.md).
        result = solver.solve_peak(problem, params)
        too_late: tuple[Hire, ...] = ()
        if planning.past_starts():
            too_late = late_hires(planning, planning.problem(needs[scenario], allow_past=True))
        plans.append(
            ScenarioPlan(
                scenario=scenario,
                needs=needs[scenario],
                result=result,
                planning=planning,
                too_late=too_late,
            )
        )
        if result.plan is not None:
            previous = result.plan
    return PeakOutcome(
        planning=planning, plans=tuple(plans), source=demand.source, warnings=demand.warnings
    )
