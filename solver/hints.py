"""Pass a known plan to CP-SAT as a hint, so the search starts from it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.result import DayEntry, DayKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from solver.build import Build
    from solver.problem import ShopIdx


def add_plan_hint(
    b: Build,
    days: Sequence[Sequence[DayEntry] | None],
    shops: Sequence[Sequence[ShopIdx] | None],
) -> None:
    """Hint every decision variable of the agents whose ``days`` row is given."""
    x, model = b.x, b.model
    for a, agent in enumerate(b.problem.agents):
        row, served = days[a], shops[a]
        if row is None or served is None:
            continue
        for p in agent.shops:
            model.add_hint(x.serves(a, p), p in served)
            model.add_hint(x.primary(a, p), bool(served) and p == served[0])
        for d, entry in enumerate(row):
            if (off := x.off(a, d)) is not None:
                model.add_hint(off, entry.kind == DayKind.OFF)
            if (train := x.training(a, d)) is not None:
                model.add_hint(train, entry.kind == DayKind.TRAINING)
        for (d, s), works in x.agent_works(a).items():
            entry = row[d]
            on = entry.kind == DayKind.SHIFT and entry.shift == s
            model.add_hint(works, on)
            if len(agent.shops) > 1:
                given = dict(entry.shares) if on else {}
                for p in agent.shops:
                    share = x.share(a, d, s, p)
                    assert isinstance(share, cp_model.IntVar)  # a variable when shops > 1
                    model.add_hint(share, given.get(p, 0))


def add_reference_hint(b: Build) -> None:
    """Hint the agents that have a reference plan with it: a re-plan starts from the
    published roster (CP-SAT repairs the cells that no longer hold), or from the agent's
    ``start`` plan when one is given."""
    plans = [a.start or a.reference for a in b.problem.agents]
    add_plan_hint(
        b,
        [None if plan is None else plan.days for plan in plans],
        [None if plan is None else plan.shops for plan in plans],
    )


def solution_values(model: cp_model.CpModel, solver: cp_model.CpSolver) -> list[int]:
    """Every variable's value in ``solver``'s solution of ``model``, by index."""
    return [
        solver.value(model.get_int_var_from_proto_index(i))
        for i in range(len(model.proto.variables))
    ]


def hint_values(model: cp_model.CpModel, values: list[int]) -> None:
    """Hint every variable of ``model`` with ``values`` (by index), kept in its domain."""
    for index, value in enumerate(values):
        var = model.get_int_var_from_proto_index(index)
        domain = list(model.proto.variables[index].domain)
        model.add_hint(var, min(max(value, domain[0]), domain[-1]))
