"""What would close the unavoidable shortfall of blackout days: temps, measured by the floor.

On a day whose need exceeds what its able agents can give (the day's own floor), no roster
of the team covers it: only more people do. For each shop and shift left short by the
day's max-flow, the plan has enough temps for the largest gap over those days; adding them
all to the team and recomputing the days' floors measures what they remove together.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta

import solver
from scheduler.roster.to_problem import UNITS_PER_AGENT, Planning
from solver.floor import Floor, day_floor


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
