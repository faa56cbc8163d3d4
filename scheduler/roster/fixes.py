"""What would close the unavoidable shortfall: temps, qualifications and leave moves, each
measured by the floor.

On a day whose need exceeds what its able agents can give (the day's own floor), no roster
of the team covers it: only more people do. For each shop and shift left short by the
day's max-flow, the plan has enough temps for the largest gap over those days; adding them
all to the team and recomputing the days' floors measures what they remove together.
The people may also be there already: an agent qualified for one more shop, or a leave
moved off the short days, lowers the same day-by-day floor by an amount measured alike.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

import solver
from scheduler.roster.to_problem import UNITS_PER_AGENT, Planning
from scheduler.team.calendar import Month
from solver.floor import Floor, able_agents, day_floor, shift_types


@dataclass(frozen=True, kw_only=True)
class TempProposal:
    """``count`` temps on ``shop_id``'s ``shift`` on ``days``, hired by ``hire_by``."""

    shop_id: str
    shift: str
    days: tuple[date, ...]
    count: int
    hire_by: date

    def line(self) -> str:
        first, last = self.days[0], self.days[-1]
        span = f"{first:%m-%d}" if first == last else f"{first:%m-%d}..{last:%m-%d}"
        return (
            f"{self.count} temps on {self.shop_id} {self.shift} shift {span} "
            f"(hire by {self.hire_by:%m-%d} for training)"
        )


@dataclass(frozen=True, kw_only=True)
class TempPlan:
    """Temps for the blackout days, and the unavoidable agent-shifts they remove together
    (the days' floors recomputed with them)."""

    temps: tuple[TempProposal, ...]
    removes: float
    left: float
    """The days' floors that remain with the temps."""


def temp_plan(planning: Planning, floor: Floor, problem: solver.Problem) -> TempPlan | None:
    """Temps for the blackout days' own floors, measured by recomputing those floors; None
    when no blackout day has one. ``problem`` is the one the floor was computed on."""
    team, month = planning.team, planning.month
    gaps: dict[tuple[int, int], dict[int, int]] = defaultdict(dict)
    for (d, s, p), units in floor.short_cells.items():
        if team.in_blackout(month.days[d]):
            gaps[s, p][d] = units
    if not gaps:
        return None
    temps = []
    bigger = problem
    for (s, p), by_day in sorted(gaps.items()):
        days = sorted(by_day)
        count = max(math.ceil(units / problem.capacity_units) for units in by_day.values())
        bigger = with_temps(bigger, s, p, days, count)
        temps.append(
            TempProposal(
                shop_id=planning.shop_ids[p],
                shift=planning.shift_ids[s],
                days=tuple(month.days[d] for d in days),
                count=count,
                hire_by=month.days[days[0]] - timedelta(days=team.rules.training_days),
            )
        )
    days = sorted({d for by_day in gaps.values() for d in by_day})
    before = sum(day_floor(problem, d)[0] for d in days)
    after = sum(day_floor(bigger, d)[0] for d in days)
    return TempPlan(
        temps=tuple(temps),
        removes=(before - after) / UNITS_PER_AGENT,
        left=after / UNITS_PER_AGENT,
    )


def with_temps(
    problem: solver.Problem, s: int, p: int, days: list[int], count: int
) -> solver.Problem:
    """``problem`` with ``count`` temps on shop ``p``, shift ``s``, at work on ``days`` only."""
    away = frozenset(d for d in problem.days if d not in days)
    temps = tuple(
        solver.Agent(name=f"temp-{p}-{s}-{i}", shops=(p,), shifts=(s,), inactive_days=away)
        for i in range(count)
    )
    return replace(problem, agents=problem.agents + temps)


MOVABLE_LEAVE = frozenset({"annual", "compensatory", "年假", "调休"})
"""Leave kinds a team lead may ask to move (annual, time off in lieu); sick leave and the
rest stay where they are."""
MAX_FIXES = 3
"""At most this many proposals of each kind, the biggest first."""


@dataclass(frozen=True, kw_only=True)
class FixProposal:
    """One change to the team that would lower the floor, with the agent-shifts it removes
    (the day-by-day floor recomputed with the change)."""

    text: str
    """``qualify A05 for DY01`` or ``move A03's leave 11-13..11-15 → 11-18..11-20``."""
    removes: float


def day_floors(problem: solver.Problem, days: list[int]) -> int:
    """The day-by-day floor over ``days`` (units): each day's max-flow bound, summed."""
    return sum(day_floor(problem, d)[0] for d in days)


def with_agent(problem: solver.Problem, a: int, agent: solver.Agent) -> solver.Problem:
    """``problem`` with agent ``a`` replaced by ``agent``."""
    agents = (*problem.agents[:a], agent, *problem.agents[a + 1 :])
    return replace(problem, agents=agents)


def qualify_proposals(
    planning: Planning, floor: Floor, problem: solver.Problem
) -> list[FixProposal]:
    """Qualifications ("qualify A05 for DY01"): an able agent who may work the shift of a
    cell the day's max-flow leaves short, and is not yet qualified for its shop; measured
    by recomputing the floors of the days that have one (a new qualification never raises
    a day's floor)."""
    days = sorted(floor.by_day)
    before = day_floors(problem, days)
    candidates = {
        (a, p)
        for d, s, p in floor.short_cells
        for a in able_agents(problem, d)
        if p not in problem.agents[a].shops and s in shift_types(problem, a)
    }
    proposals = []
    for a, p in sorted(candidates):
        agent = problem.agents[a]
        qualified = replace(agent, shops=(*agent.shops, p))
        removes = before - day_floors(with_agent(problem, a, qualified), days)
        if removes > 0:
            text = f"qualify {planning.agent_ids[a]} for {planning.shop_ids[p]}"
            proposals.append(FixProposal(text=text, removes=removes / UNITS_PER_AGENT))
    return biggest(proposals)


def leave_move_proposals(
    planning: Planning, floor: Floor, problem: solver.Problem
) -> list[FixProposal]:
    """Leave moves ("move A03's leave 11-13..11-15 → 11-18..11-20"): leave of a kind that may move
    (``MOVABLE_LEAVE``) on a day with a floor, shifted whole to the days that lower the
    month's day-by-day floor most (the nearest such days on a tie); measured by recomputing
    the floors of every day, since the leave's new days lose a person."""
    team, month = planning.team, planning.month
    all_days = list(problem.days)
    before = day_floors(problem, all_days)
    proposals = []
    for leave in team.leave:
        if (
            leave.kind.strip().lower() not in MOVABLE_LEAVE
            or leave.agent_id not in planning.agent_ids
        ):
            continue
        days = [month.index(d) for d in leave.days() if month.first <= d <= month.last]
        a = planning.agent_ids.index(leave.agent_id)
        agent = problem.agents[a]
        if not any(d in floor.by_day for d in days) or agent.training_days:
            continue
        best: tuple[int, int, list[int]] | None = None
        for shift_by in sorted(range(-month.num_days, month.num_days), key=abs):
            moved = [d + shift_by for d in days]
            if shift_by == 0 or not movable_to(problem, agent, days, moved):
                continue
            leave_days = (agent.leave_days - set(days)) | set(moved)
            after = day_floors(
                with_agent(problem, a, replace(agent, leave_days=leave_days)), all_days
            )
            if before - after > 0 and (best is None or before - after > best[0]):
                best = (before - after, shift_by, moved)
        if best is not None:
            removes, _, moved = best
            proposals.append(
                FixProposal(
                    text=f"move {leave.agent_id}'s leave {span(month, days)} "
                    f"→ {span(month, moved)}",
                    removes=removes / UNITS_PER_AGENT,
                )
            )
    return biggest(proposals)


def movable_to(
    problem: solver.Problem, agent: solver.Agent, days: list[int], moved: list[int]
) -> bool:
    """Whether leave on ``days`` may move to ``moved``: inside the month, off blackout days,
    on days the agent is employed, free of other leave and of pinned cells."""
    pinned = {pin.day for pin in agent.pins}
    other_leave = agent.leave_days - set(days)
    return all(
        0 <= d < problem.num_days
        and d not in problem.rules.blackout_days
        and d not in agent.inactive_days
        and d not in other_leave
        and d not in pinned
        for d in moved
    )


def span(month: Month, days: list[int]) -> str:
    """``11-13`` or ``11-13..11-15``."""
    first, last = month.days[days[0]], month.days[days[-1]]
    return f"{first:%m-%d}" if first == last else f"{first:%m-%d}..{last:%m-%d}"


def biggest(proposals: list[FixProposal]) -> list[FixProposal]:
    """The ``MAX_FIXES`` proposals that remove the most, biggest first."""
    return sorted(proposals, key=lambda f: (-f.removes, f.text))[:MAX_FIXES]


def fix_proposals(
    planning: Planning, floor: Floor, problem: solver.Problem
) -> tuple[FixProposal, ...]:
    """Qualifications and leave moves that lower the floor, biggest first, at most
    ``MAX_FIXES`` of each kind. ``problem`` is the one the floor was computed on."""
    found = qualify_proposals(planning, floor, problem) + leave_move_proposals(
        planning, floor, problem
    )
    return tuple(sorted(found, key=lambda f: (-f.removes, f.text)))
