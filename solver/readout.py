"""Read a roster from variable values, whichever way they were found."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver.result import DayEntry, DayKind, Plan

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from ortools.sat.python import cp_model

    from solver.build import Build
    from solver.problem import AgentIdx, DayIdx, ShopIdx
    from solver.variables import LinearExpr


def day_entry(b: Build, a: AgentIdx, d: DayIdx, value: Callable[[LinearExpr], int]) -> DayEntry:
    """Agent ``a``'s entry on day ``d`` under the values ``value`` gives."""
    agent, x = b.problem.agents[a], b.x
    if d in agent.inactive_days:
        return DayEntry(kind=DayKind.INACTIVE)
    if d in agent.leave_days:
        return DayEntry(kind=DayKind.LEAVE)
    if (train := x.training(a, d)) is not None and value(train):
        return DayEntry(kind=DayKind.TRAINING)
    for s in range(len(b.problem.shifts)):
        works = x.works(a, d, s)
        if works is not None and value(works):
            shares = []
            for p in agent.shops:
                share = x.share(a, d, s, p)
                units = round(value(share)) if share is not None else 0
                if units > 0:
                    shares.append((p, units))
            return DayEntry(kind=DayKind.SHIFT, shift=s, shares=tuple(shares))
    return DayEntry(kind=DayKind.OFF)


def served_shops(
    b: Build, a: AgentIdx, value: Callable[[LinearExpr], int], row: Sequence[DayEntry] = ()
) -> tuple[ShopIdx, ...]:
    """The shops agent ``a`` serves: the primary first, then the others by the capacity
    ``row`` gives them (most first), ties in the agent's order of preference."""
    agent, x = b.problem.agents[a], b.x
    given = dict.fromkeys(agent.shops, 0)
    for entry in row:
        for p, units in entry.shares:
            given[p] += units
    served = [p for p in agent.shops if value(x.serves(a, p))]
    primary = [p for p in served if value(x.primary(a, p))]
    others = sorted(
        (p for p in served if p not in primary), key=lambda p: (-given[p], agent.shops.index(p))
    )
    return tuple(primary + others)


def plan_of(b: Build, value: Callable[[LinearExpr], int]) -> Plan:
    """The whole roster under the values ``value`` gives."""
    problem = b.problem
    days, shops = [], []
    for a in range(len(problem.agents)):
        row = tuple(day_entry(b, a, d, value) for d in problem.days)
        days.append(row)
        shops.append(served_shops(b, a, value, row))
    return Plan(days=tuple(days), shops=tuple(shops))


def read_plan(b: Build, solver: cp_model.CpSolver) -> Plan:
    """Read the roster out of a solved model."""
    return plan_of(b, solver.value)
