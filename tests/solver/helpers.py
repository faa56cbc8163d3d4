"""Small problems and fixed patterns for testing one rule alone, and the problems and
parameters the search tests share."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from ortools.sat.python import cp_model

import solver
from solver.build import Build, RuleFn, build_model
from solver.cpsat import cp_solver

DAY, EVENING = 0, 1
SHIFTS = (
    solver.ShiftType(name="day", start_min=8 * 60 + 30, length_min=9 * 60),
    solver.ShiftType(name="evening", start_min=17 * 60 + 30, length_min=7 * 60),
)
EVENING_THEN_DAY = frozenset({(EVENING, DAY)})


def make_problem(
    num_days: int = 7, agents: int | tuple[solver.Agent, ...] = 1, **overrides: Any
) -> solver.Problem:
    """One shop, two shifts, ``agents`` plain agents (or the given ones); override any field."""
    if isinstance(agents, int):
        agents = tuple(solver.Agent(name=f"a{i}", shops=(0,)) for i in range(agents))
    fields: dict[str, Any] = {
        "num_days": num_days,
        "shifts": SHIFTS,
        "shops": (solver.Shop(name="S0", big=True),),
        "agents": agents,
    }
    return solver.Problem(**(fields | overrides))


def with_agent(problem: solver.Problem, a: int = 0, **fields: Any) -> solver.Problem:
    agents = list(problem.agents)
    agents[a] = replace(agents[a], **fields)
    return replace(problem, agents=tuple(agents))


def fix_pattern(b: Build, agent: int, pattern: str) -> None:
    """Fix an agent's days: D day, E evening, O off, T training, ? anything.

    A letter that the variables cannot express (e.g. D on a leave day) makes the model infeasible.
    """
    x, model = b.x, b.model
    for d, letter in enumerate(pattern):
        if letter == "?":
            continue
        if letter in "DE":
            works = x.works(agent, d, DAY if letter == "D" else EVENING)
            if works is None:
                model.add_bool_or([])
            else:
                model.add(works == 1)
        elif letter == "O":
            off = x.off(agent, d)
            model.add_bool_or([]) if off is None else model.add(off == 1)
        elif letter == "T":
            train = x.training(agent, d)
            model.add_bool_or([]) if train is None else model.add(train == 1)


def feasible(
    problem: solver.Problem,
    rules: tuple[RuleFn, ...],
    patterns: dict[int, str] | None = None,
    extra: Any = None,
) -> bool:
    """Whether ``rules`` (plus one_entry_per_day) allow the fixed patterns."""
    from solver.rules import one_entry_per_day

    b = build_model(problem, rules=(one_entry_per_day, *rules))
    for agent, pattern in (patterns or {}).items():
        fix_pattern(b, agent, pattern)
    if extra is not None:
        extra(b)
    s = cp_solver(10, 1)
    status = s.solve(b.model)
    assert status in (cp_model.OPTIMAL, cp_model.FEASIBLE, cp_model.INFEASIBLE)
    return status != cp_model.INFEASIBLE


def solve_exact(problem: solver.Problem) -> solver.SolveResult:
    """Deterministic whole solve: one worker, fixed seed."""
    return solver.solve(
        problem, solver.SolveParams(time_limit_s=20, num_workers=1, seed=1, lns=False)
    )


def two_shop_problem() -> solver.Problem:
    """Six agents on a big and a small shop (each serves both), a week of tight cover."""
    shops = (solver.Shop(name="big", big=True), solver.Shop(name="small"))
    agents = tuple(
        solver.Agent(name=f"a{i}", shops=(i % 2, 1 - i % 2), max_shops=2, rest_days=2)
        for i in range(6)
    )
    needs = tuple(
        solver.Need(day=d, shift=s, shop=p, units=12 if p == 0 else 6)
        for d in range(7)
        for s in range(2)
        for p in range(2)
    )
    return make_problem(7, shops=shops, agents=agents, needs=needs, capacity_units=10)


def benchmark_like() -> solver.Problem:
    """Five agents, two weeks, two shifts (late cannot precede early), tight cover."""
    agents = tuple(
        solver.Agent(
            name=f"a{i}",
            shops=(0,),
            max_consecutive_workdays=4,
            min_consecutive_workdays=2,
            min_consecutive_days_off=2,
            max_weekends=1,
            min_total_minutes=6 * 480,
            max_total_minutes=9 * 480,
            max_shifts=(None, 4 if i % 2 else 0),
            leave_days=frozenset({i, i + 7}),
        )
        for i in range(5)
    )
    shifts = (
        solver.ShiftType(name="early", start_min=0, length_min=480),
        solver.ShiftType(name="late", start_min=0, length_min=480),
    )
    needs = tuple(
        solver.Need(
            day=d, shift=s, shop=0, units=2 if s == 0 else 1, under_weight=100, over_weight=1
        )
        for d in range(14)
        for s in range(2)
    )
    requests = (
        solver.Request(agent=0, day=3, shift=0, on=True, weight=2),
        solver.Request(agent=1, day=5, shift=1, on=False, weight=3),
        solver.Request(agent=2, day=9, shift=0, on=True, weight=1),
    )
    return make_problem(
        14,
        shifts=shifts,
        agents=agents,
        needs=needs,
        requests=requests,
        rules=solver.Rules(forbidden_successions=frozenset({(1, 0)}), weekends=((5, 6), (12, 13))),
        weights=solver.Weights(shortfall=1, overcover=1, requests=1),
    )


def columns_params(time_limit_s: float = 20) -> solver.SolveParams:
    """The columns search, one worker, a fixed seed."""
    return solver.SolveParams(
        time_limit_s=time_limit_s, num_workers=1, seed=1, search=solver.Search.COLUMNS
    )
