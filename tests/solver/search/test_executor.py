"""Issue 36 item 4: the searches' sub-solves on an executor the caller passes, here a
process pool, which pickles every call as a cluster's executor would."""

import time
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace

import pytest

import solver
from solver.evaluate import evaluate, objective_of
from solver.rules import HARD_RULES
from solver.search import blocks, cells
from solver.search.alone import own_roster
from tests.solver.helpers import benchmark_like, feasible, solve_exact, two_shop_problem


class Counting:
    """A process pool that counts what it is given."""

    def __init__(self, pool: ProcessPoolExecutor) -> None:
        self.pool = pool
        self.calls = 0

    def submit(self, fn, /, *args) -> Future:
        self.calls += 1
        return self.pool.submit(fn, *args)


@pytest.fixture(scope="module")
def processes():
    with ProcessPoolExecutor(max_workers=2) as pool:
        yield pool


def test_a_sweep_on_an_executor_moves_agents_to_the_cover_still_missing(processes):
    problem = two_shop_problem()
    rows = [own_roster(problem, a, 5.0) for a in range(len(problem.agents))]
    start = blocks.Incumbent(days=[r[0] for r in rows], shops=[r[1] for r in rows])
    before = evaluate(problem, start.plan())
    executor = Counting(processes)
    swept = blocks.sweep(problem, start, time.monotonic() + 30, 2, 0, executor=executor)
    after = evaluate(problem, swept.plan())
    assert executor.calls >= len(problem.agents)
    assert after["shortfall"] < before["shortfall"]
    letters = {solver.DayKind.OFF: "O", solver.DayKind.TRAINING: "T"}
    patterns = {
        a: "".join("DE"[e.shift] if e.shift is not None else letters[e.kind] for e in row)
        for a, row in enumerate(swept.plan().days)
    }
    assert feasible(problem, HARD_RULES, patterns)


def test_a_first_roster_on_an_executor_places_every_agent(processes):
    problem = two_shop_problem()
    executor = Counting(processes)
    current = blocks.construct(problem, time.monotonic() + 30, 0, None, 2, executor)
    assert current.complete
    assert executor.calls == len(problem.agents)


def test_the_cell_search_on_an_executor_keeps_its_best_neighbourhood(processes):
    problem = benchmark_like()
    start = solve_exact(replace(problem, needs=())).plan
    assert start is not None
    executor = Counting(processes)
    plan, _ = cells.improve(problem, start, time.monotonic() + 3, 2, 0, executor=executor)
    assert executor.calls >= 2
    # The workers' variables are numbered as here: the plan read back is a real roster.
    start_objective = objective_of(problem, evaluate(problem, start))
    assert objective_of(problem, evaluate(problem, plan)) < start_objective
