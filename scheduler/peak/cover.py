"""What the team can field in an event's window, as the peak model's problem.

Each agent's expected days (rest, leave, training, rotation, primary shops), the rotation
phases that best fit the needs, and the solver's PeakProblem built from them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

import solver
from scheduler.demand.staffing import ShiftNeed
from scheduler.peak.scenarios import EventWindow
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
