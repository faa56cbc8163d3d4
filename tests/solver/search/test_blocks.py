import time
from dataclasses import replace

import pytest

import solver
from solver.evaluate import evaluate, objective_of
from solver.rules import HARD_RULES
from solver.search import blocks, by_blocks
from solver.search.alone import own_roster
from tests.solver.helpers import feasible, two_shop_problem


def test_a_block_objective_is_the_full_objective_minus_a_constant():
    problem = two_shop_problem()
    import time

    current = blocks.construct(problem, time.monotonic() + 30, 0)
    assert current.complete
    block = [0, 3]
    before_full = objective_of(problem, evaluate(problem, current.plan()))
    sub = blocks.block_problem(problem, current, block)
    sub_plan = solver.Plan(
        days=tuple(current.days[a] for a in block), shops=tuple(current.shops[a] for a in block)
    )
    before_sub = objective_of(sub, evaluate(sub, sub_plan))
    result = blocks.solve_block(problem, current, block, 5.0, 1, 0)
    assert result is not None
    after_sub = result.after
    for a, row, served in zip(block, result.days, result.shops, strict=True):
        current.place(a, row, served)
    after_full = objective_of(problem, evaluate(problem, current.plan()))
    assert after_full - after_sub == before_full - before_sub


def test_large_team_path_returns_a_plan_no_worse_than_its_construction():
    problem = replace(two_shop_problem(), agents=two_shop_problem().agents * 6)
    result = solver.solve(problem, solver.SolveParams(time_limit_s=6, num_workers=1, seed=3))
    assert len(problem.agents) >= by_blocks.LNS_MIN_AGENTS
    assert result.plan is not None
    assert result.status in (solver.SolveStatus.FEASIBLE, solver.SolveStatus.OPTIMAL)
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))
    assert result.best_bound is not None and result.best_bound <= result.objective


def test_the_incumbent_cover_follows_every_placement():
    problem = two_shop_problem()
    import time

    current = blocks.construct(problem, time.monotonic() + 30, 0)
    block = [1, 4]
    result = blocks.solve_block(problem, current, block, 5.0, 1, 0)
    assert result is not None
    for a, row, served in zip(block, result.days, result.shops, strict=True):
        current.place(a, row, served)
    recounted = blocks.Incumbent(days=list(current.days), shops=list(current.shops)).cover
    assert {k: v for k, v in current.cover.items() if v} == dict(recounted)
    without = current.cover_without([1])
    only_one = blocks.Incumbent(
        days=[row if a == 1 else None for a, row in enumerate(current.days)],
        shops=list(current.shops),
    ).cover
    for key, units in recounted.items():
        assert without.get(key, 0) == units - only_one.get(key, 0)


def _any_months(problem: solver.Problem) -> blocks.Incumbent:
    """A roster that ignores cover: each agent's first month its rules allow."""
    rows = [own_roster(problem, a, 5.0) for a in range(len(problem.agents))]
    assert all(row is not None for row in rows)
    return blocks.Incumbent(days=[r[0] for r in rows], shops=[r[1] for r in rows])  # type: ignore[index]


def test_a_sweep_moves_agents_one_by_one_to_the_cover_still_missing():
    problem = two_shop_problem()
    start = _any_months(problem)
    before = evaluate(problem, start.plan())
    swept = blocks.sweep(problem, start, time.monotonic() + 30, 1, 0)
    after = evaluate(problem, swept.plan())
    assert objective_of(problem, after) < objective_of(problem, before)
    assert after["shortfall"] < before["shortfall"]
    # Every row still keeps every hard rule.
    letters = {solver.DayKind.OFF: "O", solver.DayKind.TRAINING: "T"}
    patterns = {
        a: "".join("DE"[e.shift] if e.shift is not None else letters[e.kind] for e in row)
        for a, row in enumerate(swept.plan().days)
    }
    assert feasible(problem, HARD_RULES, patterns)


def test_a_sweep_told_to_stop_returns_the_roster_unchanged():
    problem = two_shop_problem()
    start = _any_months(problem)
    rows = list(start.days)
    swept = blocks.sweep(problem, start, time.monotonic() + 30, 1, 0, should_stop=lambda: True)
    assert swept.days == rows


def test_sweeps_end_once_one_gains_too_little(monkeypatch):
    # One shop each, no cover wanted, nothing else to gain: one sweep finds nothing, and
    # that ends it (a roster at 0 once swept until the deadline).
    base = two_shop_problem()
    problem = replace(
        base,
        needs=(),
        agents=tuple(replace(a, shops=(0,), max_shops=1, rest_days=None) for a in base.agents),
    )
    start = _any_months(problem)
    assert objective_of(problem, evaluate(problem, start.plan())) == 0
    calls = []
    solve_sub = blocks.solve_sub

    def counted(task):
        calls.append(task.block)
        return solve_sub(task)

    monkeypatch.setattr(blocks, "solve_sub", counted)
    blocks.sweep(problem, start, time.monotonic() + 60, 1, 0)
    assert sorted(a for block in calls for a in block) == list(range(len(problem.agents)))


@pytest.mark.slow
def test_the_huge_team_path_sweeps_then_searches_blocks(monkeypatch):
    monkeypatch.setattr(by_blocks, "BLOCK_MIN_AGENTS", 2)
    monkeypatch.setattr(by_blocks.allocation, "guided_problem", lambda *_: None)
    # The first roster one by one: by groups, each group is swept on its own first.
    monkeypatch.setattr(by_blocks, "GROUPS_SHARE", 0)
    steps = []
    for name in ("sweep", "improve"):
        step = getattr(blocks, name)

        def recorded(*args, _step=step, _name=name, **kwargs):
            steps.append(_name)
            return _step(*args, **kwargs)

        monkeypatch.setattr(blocks, name, recorded)
    problem = two_shop_problem()
    result = solver.solve(problem, solver.SolveParams(time_limit_s=6, num_workers=1, seed=3))
    assert steps == ["sweep", "improve"]
    assert result.plan is not None
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))
    assert result.best_bound is not None and result.best_bound <= result.objective
