"""Whole weekends: a restriction for the first roster when weekend days are the scarce ones.

When the cover wanted on weekend days is more than the agents may give there (every day
of each weekend their limit lets them work), a weekend worked on one day only wastes a
day of the scarcest capacity there is. On Curtois & Qu instance 18 weekends force 41
units of cover missing (305 wanted, 264 possible), and every unit missing above that in
the rosters of the cell search was a half-worked weekend. The columns search then builds
its first roster with every weekend worked whole or not at all. It is a heuristic, not a
rule of the problem, and only for the start: where other rules bind too, half weekends
may pay (instance 12), and a search kept to whole weekends did no better (docs/model.md).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.problem import Problem


def weekends_are_scarce(problem: Problem) -> bool:
    """More cover is wanted on weekend days than the agents' weekend limits allow."""
    weekends = problem.rules.weekends
    if not weekends or any(agent.max_weekends is None for agent in problem.agents):
        return False
    weekend_days = {d for days in weekends for d in days}
    wanted = sum(n.units for n in problem.needs if n.day in weekend_days and n.under_weight)
    most_days = max(len(days) for days in weekends)
    possible = sum(
        problem.capacity_units * most_days * min(agent.max_weekends or 0, len(weekends))
        for agent in problem.agents
    )
    return wanted > possible


def whole(problem: Problem) -> Problem:
    """``problem`` with every weekend worked whole or not at all (``whole_weekends``)."""
    return replace(problem, rules=replace(problem.rules, whole_weekends=True))
