"""One agent's month made cheap on big teams: the running cover, block problems that read
only their shops' needs, and each agent's model kept and re-used (issue 37, part 2)."""

from __future__ import annotations

import random
import time
from dataclasses import replace
from datetime import date

import pytest

import solver
from scheduler.bench.synthetic import generate_team
from scheduler.roster.to_problem import build_planning
from scheduler.team.calendar import Month
from solver.cpsat import cp_solver
from solver.evaluate import evaluate, objective_of, plan_cover
from solver.readout import read_plan
from solver.search import agent_model, blocks
from tests.helpers import rules_broken_by_plan
from tests.solver.helpers import two_shop_problem

MONTH = Month(2026, 11)


def full_scan_block_problem(
    problem: solver.Problem, current: blocks.Incumbent, block: list[int]
) -> solver.Problem:
    """The block's problem as defined: every need of a shop some block agent serves, less
    the cover of every agent outside the block, recounted from their rows."""
    others = [row if a not in block else None for a, row in enumerate(current.days)]
    shops = [s if s is not None else () for s in current.shops]
    cover = plan_cover(
        problem,
        solver.Plan(
            days=tuple(row or () for row in others),  # type: ignore[misc]
            shops=tuple(shops),  # type: ignore[arg-type]
        ),
    )
    reachable = {p for a in block for p in problem.agents[a].shops}
    index = {a: i for i, a in enumerate(block)}
    return replace(
        problem,
        agents=tuple(problem.agents[a] for a in block),
        needs=tuple(
            replace(n, units=max(0, n.units - cover.get((n.day, n.shift, n.shop), 0)))
            for n in problem.needs
            if n.shop in reachable
        ),
        requests=tuple(
            replace(r, agent=index[r.agent]) for r in problem.requests if r.agent in index
        ),
    )


def test_the_running_cover_and_block_problems_follow_random_changes():
    problem = two_shop_problem()
    current = blocks.construct(problem, time.monotonic() + 30, 0)
    assert current.complete
    rows = list(zip(current.days, current.shops, strict=True))
    rng = random.Random(0)
    for _ in range(40):
        a = rng.randrange(len(problem.agents))
        row, shops = rng.choice(rows)
        current.place(a, row, shops)  # type: ignore[arg-type]
        recounted = blocks.Incumbent(days=list(current.days), shops=list(current.shops)).cover
        assert {k: v for k, v in current.cover.items() if v} == {
            k: v for k, v in recounted.items() if v
        }
        block = rng.sample(range(len(problem.agents)), rng.randint(1, 3))
        assert blocks.block_problem(problem, current, block) == full_scan_block_problem(
            problem, current, block
        )


def solved(b, seed: int = 0) -> tuple[int, solver.Plan]:
    cp = cp_solver(10.0, 1, seed)
    for name, value in blocks.LIGHT_PARAMETERS.items():
        setattr(cp.parameters, name, value)
    code = cp.solve(b.model)
    assert code == solver.cpsat.cp_model.OPTIMAL
    return round(cp.objective_value), read_plan(b, cp)


def test_a_kept_model_gives_each_month_the_objective_a_fresh_model_gives():
    problem = two_shop_problem()
    current = blocks.construct(problem, time.monotonic() + 30, 0)
    assert current.complete
    kept_before = {}
    # Two sweeps by hand: every agent re-solved against a cover that keeps changing.
    for a in list(range(len(problem.agents))) * 2:
        task = blocks.sub_solve(problem, current, [a], 10.0, 1, 0, light=True)
        sub = task.problem
        with agent_model.model_for(sub, task.hint, keep=False) as fresh:
            fresh_value, fresh_plan = solved(fresh)
        with agent_model.model_for(sub, task.hint, keep=True) as kept:
            kept_value, kept_plan = solved(kept)
        assert kept_value == fresh_value
        assert objective_of(sub, evaluate(sub, kept_plan)) == objective_of(
            sub, evaluate(sub, fresh_plan)
        )
        if a in kept_before:
            assert kept is kept_before[a]  # built once, re-used with the new units
        kept_before[a] = kept
        current.place(a, kept_plan.days[0], kept_plan.shops[0])


def test_a_block_of_several_agents_or_with_over_cover_gets_a_fresh_model():
    problem = two_shop_problem()
    current = blocks.construct(problem, time.monotonic() + 30, 0)
    two = blocks.block_problem(problem, current, [0, 1])
    assert not agent_model.reusable(two)
    over = replace(problem, needs=tuple(replace(n, over_weight=1) for n in problem.needs))
    assert not agent_model.reusable(blocks.block_problem(over, current, [0]))
    assert agent_model.reusable(blocks.block_problem(problem, current, [0]))


@pytest.mark.slow
def test_a_big_teams_first_roster_and_sweep_keep_every_hard_rule(tmp_path):
    team = generate_team(
        num_agents=40,
        num_shops=6,
        month=MONTH,
        seed=11,
        blackout=(date(2026, 11, 10), date(2026, 11, 12)),
        slack=0.05,
    )
    planning = build_planning(team, MONTH)
    problem = planning.problem
    current = blocks.construct(problem, time.monotonic() + 60, 0, None, 2)
    assert current.complete
    first = objective_of(problem, evaluate(problem, current.plan()))
    current = blocks.sweep(problem, current, time.monotonic() + 5, 2, 0, light=True)
    assert objective_of(problem, evaluate(problem, current.plan())) <= first
    assert rules_broken_by_plan(planning, current.plan(), tmp_path) == []
