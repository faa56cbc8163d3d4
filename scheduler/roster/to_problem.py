"""Translate a team and a month into a solver Problem, and a solver Plan back into a Roster."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import date, timedelta

import solver
from scheduler.roster.fairness import WorkedBefore, expected_this_month, fair_share, holidays_in
from scheduler.roster.model import OFF, ROLES, TRAINING, Roster, RosterEntry
from scheduler.team.calendar import SECOND_HALF_FIRST_DAY, Month, is_weekend
from scheduler.team.model import Agent, Team

# Shares and needs are counted in tenths of an agent-shift: shares come in 10% steps.
UNITS_PER_AGENT = 10
MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class PreviousMonth:
    """What the previous month's roster says about each agent's last days."""

    history: dict[str, solver.History]
    primary: dict[str, str]


@dataclass(frozen=True)
class Planning:
    """A Problem and the maps between the team's ids and the solver's indices."""

    team: Team
    month: Month
    problem: solver.Problem
    agent_ids: tuple[str, ...]
    shop_ids: tuple[str, ...]
    shift_ids: tuple[str, ...]


def round_half_up(value: float) -> int:
    return math.floor(value + 0.5)


def rest_days_for(team: Team, month: Month, agent: Agent) -> int:
    """round(days_off_per_month × active days / days in month); active = not inactive."""
    active = sum(1 for d in month.days if is_active(agent, d))
    return round_half_up(team.rules.days_off_per_month * active / month.num_days)


def is_active(agent: Agent, day: date) -> bool:
    return agent.hire_date is None or day >= agent.hire_date


def training_end(team: Team, agent: Agent) -> date | None:
    """The first day after training, or None for an agent hired long ago."""
    if agent.hire_date is None:
        return None
    return agent.hire_date + timedelta(days=team.rules.training_days)


def leave_days(team: Team, agent: Agent, month: Month) -> set[date]:
    days = {d for leave in team.leave if leave.agent_id == agent.agent_id for d in leave.days()}
    return {d for d in month.days if d in days and is_active(agent, d)}


def forbidden_successions(team: Team) -> frozenset[tuple[int, int]]:
    """(s, t) where shift t the day after shift s leaves less than min_rest_hours."""
    pairs = set()
    for s, first in enumerate(team.shifts):
        for t, second in enumerate(team.shifts):
            rest_min = MINUTES_PER_DAY + second.start_min - first.end_min
            if rest_min < team.rules.min_rest_hours * 60:
                pairs.add((s, t))
    return frozenset(pairs)


def shift_requests(
    team: Team, month: Month, shift_ids: tuple[str, ...]
) -> tuple[solver.Request, ...]:
    """The requests of ``month``; an off request without a shift is one per shift type."""
    agent_index = {a.agent_id: i for i, a in enumerate(team.agents)}
    requests = []
    for r in team.requests:
        if not month.first <= r.date <= month.last:
            continue
        shifts = [r.shift] if r.shift is not None else list(shift_ids)
        requests += [
            solver.Request(
                agent=agent_index[r.agent_id],
                day=month.index(r.date),
                shift=shift_ids.index(shift),
                on=r.kind == "on",
                weight=r.weight,
            )
            for shift in shifts
        ]
    return tuple(requests)


def build_planning(
    team: Team,
    month: Month,
    previous: PreviousMonth | None = None,
    worked_before: WorkedBefore | None = None,
) -> Planning:
    """The solver Problem for ``team`` in ``month``; ``worked_before`` (the fairness ledger of
    the earlier months) turns on the weekend and holiday fairness term."""
    shop_ids = tuple(s.shop_id for s in team.shops)
    shift_ids = tuple(s.id for s in team.shifts)
    days = month.days
    agents = []
    for agent in team.agents:
        inactive = {i for i, d in enumerate(days) if not is_active(agent, d)}
        end = training_end(team, agent)
        training = {
            i for i, d in enumerate(days) if i not in inactive and end is not None and d < end
        }
        leave = {month.index(d) for d in leave_days(team, agent, month)}
        history = previous.history.get(agent.agent_id) if previous else None
        previous_primary = previous.primary.get(agent.agent_id) if previous else None
        agents.append(
            solver.Agent(
                name=agent.agent_id,
                shops=tuple(shop_ids.index(s) for s in agent.shops),
                max_shops=agent.max_shops or team.rules.max_shops,
                shifts=(shift_ids.index(agent.fixed_shift),) if agent.fixed_shift else None,
                leave_days=frozenset(leave),
                inactive_days=frozenset(inactive),
                training_days=frozenset(training - leave),
                rest_days=rest_days_for(team, month, agent),
                max_consecutive_workdays=team.rules.max_consecutive_workdays,
                history=history or solver.History(),
                previous_primary=(
                    shop_ids.index(previous_primary) if previous_primary in shop_ids else None
                ),
                pins=tuple(
                    solver.Pin(day=month.index(pin.date), entry=pin_entry(pin.shift, shift_ids))
                    for pin in team.pins
                    if pin.agent_id == agent.agent_id and month.first <= pin.date <= month.last
                ),
            )
        )
    holidays = holidays_in(month)
    if worked_before is not None:
        agents = [
            with_fair_share(team, month, team.agents[a], agent, worked_before, holidays)
            for a, agent in enumerate(agents)
        ]
    needs = tuple(
        solver.Need(
            day=month.index(r.date),
            shift=shift_ids.index(r.shift),
            shop=shop_ids.index(r.shop_id),
            units=math.ceil(r.agents * UNITS_PER_AGENT - 1e-9),
        )
        for r in team.requirements
        if month.first <= r.date <= month.last
    )
    requests = shift_requests(team, month, shift_ids)
    weekend_days = frozenset(i for i, d in enumerate(days) if is_weekend(d))
    rules = solver.Rules(
        rotation=solver.Rotation(team.rules.rotation),
        half_start=SECOND_HALF_FIRST_DAY - 1,
        blackout_days=frozenset(i for i, d in enumerate(days) if team.in_blackout(d)),
        max_shops_special=team.rules.max_shops_special,
        forbidden_successions=forbidden_successions(team),
        weekend_days=weekend_days,
        holiday_days=frozenset(month.index(d) for d in holidays),
    )
    problem = solver.Problem(
        num_days=month.num_days,
        shifts=tuple(
            solver.ShiftType(name=s.id, start_min=s.start_min, length_min=s.length_min)
            for s in team.shifts
        ),
        shops=tuple(solver.Shop(name=s.shop_id, big=s.tier == "big") for s in team.shops),
        agents=tuple(agents),
        needs=needs,
        requests=requests,
        rules=rules,
        capacity_units=UNITS_PER_AGENT,
    )
    return Planning(
        team=team,
        month=month,
        problem=problem,
        agent_ids=tuple(a.agent_id for a in team.agents),
        shop_ids=shop_ids,
        shift_ids=shift_ids,
    )


def with_fair_share(
    team: Team,
    month: Month,
    agent: Agent,
    planned: solver.Agent,
    before: WorkedBefore,
    holidays: frozenset[date],
) -> solver.Agent:
    """``planned`` with its weekend and holiday days worked so far and its fair share."""
    days = month.days
    available = [
        d for i, d in enumerate(days) if planned.available(i) and i not in planned.training_days
    ]
    expected = expected_this_month(available, planned.rest_days or 0, holidays)
    return replace(
        planned,
        weekend_days_worked_before=before.days.get(agent.agent_id, 0),
        weekend_days_fair_share=fair_share(before, agent.agent_id, expected),
    )


def pin_entry(shift: str, shift_ids: tuple[str, ...]) -> solver.DayEntry:
    """The solver entry a pins.csv shift (a shift id, off or training) fixes."""
    if shift == OFF:
        return solver.DayEntry(kind=solver.DayKind.OFF)
    if shift == TRAINING:
        return solver.DayEntry(kind=solver.DayKind.TRAINING)
    return solver.DayEntry(kind=solver.DayKind.SHIFT, shift=shift_ids.index(shift))


def roster_from_plan(planning: Planning, plan: solver.Plan) -> Roster:
    """The team's Roster from a solver Plan: ids back, units as percents."""
    entries = {}
    days = planning.month.days
    for a, agent_id in enumerate(planning.agent_ids):
        for d, entry in enumerate(plan.days[a]):
            if entry.kind == solver.DayKind.SHIFT and entry.shift is not None:
                shares = tuple(
                    (planning.shop_ids[p], units * 100 // UNITS_PER_AGENT)
                    for p, units in entry.shares
                )
                entries[agent_id, days[d]] = RosterEntry(
                    shift=planning.shift_ids[entry.shift], shares=shares
                )
            else:
                entries[agent_id, days[d]] = RosterEntry(shift=str(entry.kind))
    assignments = {
        agent_id: tuple(planning.shop_ids[p] for p in plan.shops[a][: len(ROLES)])
        for a, agent_id in enumerate(planning.agent_ids)
    }
    return Roster(
        month=planning.month,
        entries=entries,
        assignments=assignments,
        agent_ids=planning.agent_ids,
    )


def previous_month(team: Team, roster: Roster) -> PreviousMonth:
    """The history each agent carries from ``roster`` (last month) into the next month."""
    shift_ids = [s.id for s in team.shifts]
    history, primary = {}, {}
    for agent_id in roster.agent_ids:
        row = roster.row(agent_id)
        trailing = 0
        for entry in reversed(row):
            if not entry.is_duty:
                break
            trailing += 1
        last = row[-1].shift if row and row[-1].is_shift else None
        history[agent_id] = solver.History(
            trailing_workdays=trailing,
            last_shift=shift_ids.index(last) if last in shift_ids else None,
            rotation_shift=_last_half_shift(roster, agent_id, shift_ids),
        )
        if roster.assignments.get(agent_id):
            primary[agent_id] = roster.assignments[agent_id][0]
    return PreviousMonth(history=history, primary=primary)


def _last_half_shift(roster: Roster, agent_id: str, shift_ids: list[str]) -> int | None:
    """The shift type of the agent's last rotation half, inferred from the first half if idle."""
    worked = [
        (d.day >= SECOND_HALF_FIRST_DAY, e.shift)
        for d in roster.month.days
        if (e := roster.entry(agent_id, d)).is_shift and e.shift in shift_ids
    ]
    if not worked:
        return None
    second_half, shift = worked[-1]
    if second_half or len(shift_ids) != 2:
        return shift_ids.index(shift)
    # Idle all second half: the rotation would have put them on the other type.
    return 1 - shift_ids.index(shift)
