"""The agent-pattern floor: its dynamic programme against brute force, and its bound
against the month model's LP and the solved optimum."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from ortools.linear_solver import pywraplp

import solver
from solver.floor import MonthModel, month_floor, pattern_floor, shift_types
from solver.floor_patterns import NO_SHIFT, best_patterns
from tests.solver.helpers import DAY, EVENING, EVENING_THEN_DAY, make_problem

CAP = 10
REST, TRAIN = "rest", "train"


def need(day: int, shift: int, units: int) -> solver.Need:
    return solver.Need(day=day, shift=shift, shop=0, units=units)


def random_agent_problem(seed: int) -> solver.Problem:
    """One agent, six days in two halves, with every rule the patterns keep drawn at random."""
    rng = random.Random(seed)
    days = range(6)
    leave = frozenset(rng.sample(days, rng.randint(0, 1)))
    training = frozenset(rng.sample([d for d in days if d not in leave], rng.randint(0, 1)))
    agent = solver.Agent(
        name="a",
        shops=(0,),
        rest_days=rng.choice([None, 1, 2]),
        max_consecutive_workdays=rng.choice([None, 2, 3]),
        leave_days=leave,
        training_days=training,
        history=solver.History(
            trailing_workdays=rng.randint(0, 3),
            last_shift=rng.choice([None, DAY, EVENING]),
            rotation_shift=rng.choice([None, DAY, EVENING]),
        ),
    )
    rotation = rng.choice([solver.Rotation.HALF_MONTH, solver.Rotation.NONE])
    return make_problem(
        num_days=6,
        agents=(agent,),
        rules=solver.Rules(
            rotation=rotation,
            half_start=3,
            forbidden_successions=EVENING_THEN_DAY,
            blackout_days=frozenset(rng.sample(days, rng.randint(0, 1))),
        ),
    )


def keeps_rules(problem: solver.Problem, entries: tuple[object, ...]) -> bool:
    """The rules of one agent's month, written out plainly: ``entries`` holds per day
    ``REST``, ``TRAIN``, a shift, or None (away)."""
    agent, rules = problem.agents[0], problem.rules
    history = agent.history
    rests = sum(1 for e in entries if e == REST)
    if agent.rest_days is not None and rests != agent.rest_days:
        return False
    run = history.trailing_workdays
    last = history.last_shift
    for e in entries:
        run = run + 1 if e in (TRAIN, DAY, EVENING) else 0
        if agent.max_consecutive_workdays is not None and run > agent.max_consecutive_workdays:
            return False
        if e in (DAY, EVENING) and (last, e) in rules.forbidden_successions:
            return False
        last = e if e in (DAY, EVENING) else None
    if rules.rotation != solver.Rotation.HALF_MONTH:
        return True
    halves = [
        {e for d, e in enumerate(entries) if e in (DAY, EVENING) and problem.half_of(d) == h}
        for h in (0, 1)
    ]
    return any(
        halves[0] <= {s0} and halves[1] <= {s1}
        for s0, s1 in itertools.permutations((DAY, EVENING))
        if s0 != history.rotation_shift
    )


def choices(problem: solver.Problem, d: int) -> list[object]:
    agent = problem.agents[0]
    if not agent.available(d):
        return [None]
    rest = [] if d in problem.rules.blackout_days else [REST]
    return rest + ([TRAIN] if d in agent.training_days else [DAY, EVENING])


@pytest.mark.parametrize("seed", range(25))
def test_the_best_pattern_is_the_best_month_brute_force_finds(seed):
    problem = random_agent_problem(seed)
    value = np.random.default_rng(seed).integers(0, 10, size=(6, 2)).astype(float)
    months = [
        entries
        for entries in itertools.product(*(choices(problem, d) for d in problem.days))
        if keeps_rules(problem, entries)
    ]
    found = best_patterns(problem, 0, shift_types(problem, 0), value)
    if not months:
        assert found == []
        return
    best = max(sum(value[d, e] for d, e in enumerate(m) if e in (DAY, EVENING)) for m in months)
    assert found[0][0] == pytest.approx(best)
    for total, _, pattern in found:
        # Each pattern returned is a real month of the agent, worth what it says.
        assert total == pytest.approx(sum(value[d, s] for d, s in enumerate(pattern) if s >= 0))
        assert any(
            all(
                (e if e in (DAY, EVENING) else NO_SHIFT) == s
                for e, s in zip(m, pattern, strict=True)
            )
            for m in months
        )


def test_patterns_rule_out_the_phase_the_lp_takes_half_of():
    # One agent who works every day (no rest days), evenings then days forbidden. Taking
    # evenings first would put an evening on day 1 before a day on day 2, so only days
    # first is possible: 30 of 90 units covered, 60 short. The month model's LP takes
    # half of each phase and proves 55; the patterns know the evening-first month does
    # not exist and prove 60.
    problem = make_problem(
        num_days=4,
        agents=(solver.Agent(name="a", shops=(0,), rest_days=0),),
        capacity_units=CAP,
        needs=(
            need(0, DAY, 10),
            need(0, EVENING, 10),
            need(1, EVENING, 15),
            need(2, DAY, 15),
            need(2, EVENING, 10),
            need(3, DAY, 20),
            need(3, EVENING, 10),
        ),
        rules=solver.Rules(
            rotation=solver.Rotation.HALF_MONTH,
            half_start=2,
            forbidden_successions=EVENING_THEN_DAY,
        ),
    )
    lp = pywraplp.Solver.CreateSolver("GLOP")
    MonthModel(problem, lp)
    assert lp.Solve() == pywraplp.Solver.OPTIMAL
    assert lp.Objective().Value() == pytest.approx(55)
    assert pattern_floor(problem, 5) == (60, True)
    assert month_floor(problem, 5) == (60, True)


def random_team_problem(seed: int) -> solver.Problem:
    """Up to three agents on two shops for five days, with leave, history and a blackout."""
    rng = random.Random(seed)
    agents = tuple(
        solver.Agent(
            name=f"a{i}",
            shops=tuple(sorted(rng.sample((0, 1), rng.randint(1, 2)))),
            rest_days=rng.randint(0, 2),
            max_consecutive_workdays=rng.choice([None, 2, 3]),
            leave_days=frozenset(rng.sample(range(5), rng.randint(0, 1))),
            history=solver.History(
                trailing_workdays=rng.randint(0, 2),
                last_shift=rng.choice([None, EVENING]),
                rotation_shift=rng.choice([None, DAY, EVENING]),
            ),
        )
        for i in range(rng.randint(1, 3))
    )
    needs = tuple(
        solver.Need(day=d, shift=s, shop=p, units=rng.choice([0, 0, 5, 10, 15]))
        for d in range(5)
        for s in (DAY, EVENING)
        for p in (0, 1)
    )
    return make_problem(
        num_days=5,
        agents=agents,
        shops=(solver.Shop(name="S0"), solver.Shop(name="S1")),
        capacity_units=CAP,
        needs=needs,
        rules=solver.Rules(
            rotation=solver.Rotation.HALF_MONTH,
            half_start=2,
            forbidden_successions=EVENING_THEN_DAY,
            blackout_days=frozenset({rng.randint(0, 4)}),
        ),
    )


@pytest.mark.parametrize("seed", range(16))
def test_the_pattern_floor_never_exceeds_the_month_models_optimum(seed):
    # The month model solved to optimality is the least shortfall of the relaxation both
    # bounds relax; the patterns (with the phase-count branching) must stay at or below it.
    problem = random_team_problem(seed)
    optimum, optimal = month_floor(problem, 5)
    units, converged = pattern_floor(problem, 5)
    if not optimal:
        # No month keeps the rules for some agent (a blackout inside a run too long):
        # neither bound has anything to say.
        assert (units, converged) == (0, False)
        return
    assert converged
    assert units <= optimum
