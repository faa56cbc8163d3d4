"""Column generation, the cell search and the COLUMNS strategy on problems solved exactly."""

import math
import random
import time
from collections import Counter
from dataclasses import replace

import pytest

import solver
from solver.evaluate import evaluate, objective_of
from solver.search import blocks, by_columns, cells, stabilization
from solver.search import columns as column_generation
from tests.solver.helpers import benchmark_like, columns_params, make_problem, solve_exact


def _without_weekend_limits(problem: solver.Problem) -> solver.Problem:
    return replace(
        problem, agents=tuple(replace(agent, max_weekends=None) for agent in problem.agents)
    )


def test_a_roster_costs_its_columns_plus_its_cover_terms():
    problem = benchmark_like()
    plan = solve_exact(problem).plan
    assert plan is not None
    columns = column_generation.columns_of(problem, plan)
    terms = evaluate(problem, plan)
    cover = problem.weights.shortfall * terms["shortfall"]
    cover += problem.weights.overcover * terms["overcover"]
    assert sum(c.cost for c in columns) + cover == objective_of(problem, terms)


def _generated(problem: solver.Problem, seconds: float = 20) -> column_generation.ColumnGeneration:
    """Column generation run on ``problem`` for at most ``seconds``, its pool closed."""
    generation = column_generation.ColumnGeneration(problem, None, 1, 0)
    try:
        generation.run(time.monotonic() + seconds)
    finally:
        generation.close()
    return generation


def test_the_column_generation_bound_never_exceeds_the_optimum():
    problem = benchmark_like()
    exact = solve_exact(problem)
    assert exact.status == solver.SolveStatus.OPTIMAL and exact.objective is not None
    generation = _generated(problem)
    assert generation.converged
    assert generation.bound is not None
    assert generation.bound <= exact.objective


def test_column_generation_gives_up_when_no_bound_is_proven_by_its_checkpoint(monkeypatch):
    """Past ``bound_by`` without a bound above zero, no further round is priced; a bound
    proven before the checkpoint lets the rounds go on to convergence."""
    problem = benchmark_like()
    monkeypatch.setattr(column_generation, "SMOOTHING", 0.0)  # quick rounds, no bound
    generation = column_generation.ColumnGeneration(problem, None, 1, 0)
    try:
        generation.run(time.monotonic() + 20, bound_by=time.monotonic())
        assert generation.rounds == 0
        assert not generation.converged and generation.bound is None
        generation.best = 1.0  # as if a round had proven a bound above zero
        generation.run(time.monotonic() + 20, bound_by=time.monotonic())
    finally:
        generation.close()
    assert generation.rounds > 0 and generation.converged


def test_stabilized_rounds_go_on_past_the_checkpoint_without_a_bound_above_zero():
    """Stabilized rounds prove a bound every round: the checkpoint does not stop them."""
    problem = benchmark_like()
    generation = column_generation.ColumnGeneration(problem, None, 1, 0)
    try:
        assert generation.stabilized
        generation.run(time.monotonic() + 20, bound_by=time.monotonic())
    finally:
        generation.close()
    assert generation.rounds > 0 and generation.converged


def test_a_partial_first_roster_keeps_its_rows_and_prices_the_missing_agents():
    """A first roster cut short by its deadline leaves None rows; those agents get their
    own cheapest roster, the others keep theirs."""
    problem = benchmark_like()
    plan = solve_exact(problem).plan
    assert plan is not None
    start = [(plan.days[a], plan.shops[a]) for a in range(len(problem.agents))]
    start[0] = None
    generation = column_generation.ColumnGeneration(problem, start, 1, 0)
    try:
        first = [columns[0] for columns in generation.master.columns]
    finally:
        generation.close()
    assert len(first) == len(problem.agents)
    assert first[1:] == column_generation.columns_of(problem, plan)[1:]
    assert first[0].days and len(first[0].days) == len(problem.days)


def test_columns_search_finds_and_proves_the_optimum():
    problem = benchmark_like()
    exact = solve_exact(problem)
    result = solver.solve(problem, columns_params())
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == exact.objective == result.best_bound
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))


def _finding_nothing(ends: list[float], seconds_left: float = 0.0):
    """A cell search that never improves: it waits until told to stop or ``seconds_left``
    before the deadline (a large model's steps overrun by seconds), and notes when it ended."""

    def improve(problem, plan, deadline, *args, should_stop, **kwargs):
        while not should_stop() and time.monotonic() < deadline - seconds_left:
            time.sleep(0.05)
        ends.append(time.monotonic())
        return plan, False

    return improve


def _without_rounds_master_or_steps(monkeypatch) -> None:
    """No rounds, no integer master, and no step of the cell search or of the
    relaxation-induced neighbourhood finds anything: only the first roster is left."""
    monkeypatch.setattr(
        column_generation.ColumnGeneration, "run", lambda self, *args, **kwargs: None
    )
    monkeypatch.setattr(column_generation.Master, "solve_ip", lambda self, *args: None)
    monkeypatch.setattr(cells.CellSearch, "step", lambda self, *args: None)


@pytest.mark.slow
def test_a_stalled_cell_search_hands_over_to_the_full_model(monkeypatch):
    """When the cell search finds nothing better for a while, CP-SAT's search on the full
    model takes over from the best roster; here it alone can reach and prove the optimum
    (no rounds, no integer master, no relaxation-induced step, a cell search that finds
    nothing)."""
    problem = benchmark_like()
    exact = solve_exact(problem)
    _without_rounds_master_or_steps(monkeypatch)
    stalls: list[float] = []
    monkeypatch.setattr(cells, "improve", _finding_nothing(stalls))
    monkeypatch.setattr(by_columns, "STALL_SHARE", 0.05)
    started = time.monotonic()
    result = solver.solve(problem, columns_params(time_limit_s=60))
    assert stalls and stalls[0] - started < 30
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == exact.objective == result.best_bound
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))


@pytest.mark.slow
def test_a_cell_search_ended_by_the_deadline_does_not_hand_over(monkeypatch):
    """Seconds before the deadline there is no time for a stint: building the full model
    alone takes longer on the largest instances."""
    problem = benchmark_like()
    _without_rounds_master_or_steps(monkeypatch)
    ends: list[float] = []
    monkeypatch.setattr(cells, "improve", _finding_nothing(ends, seconds_left=3.0))
    monkeypatch.setattr(by_columns, "STALL_SHARE", 10.0)
    handed_over: list[object] = []
    full_model_search = by_columns.solve_full
    monkeypatch.setattr(
        by_columns,
        "solve_full",
        lambda *args, **kwargs: handed_over.append(args) or full_model_search(*args, **kwargs),
    )
    result = solver.solve(problem, columns_params(time_limit_s=6))
    assert len(ends) == 1 and not handed_over
    assert result.status == solver.SolveStatus.FEASIBLE


@pytest.mark.slow
def test_without_column_generation_the_cell_search_runs_to_the_time_limit(monkeypatch):
    """Where rounds are skipped (agents' months hard to find: the long horizons), the full
    model is too large for a stint: the cell search keeps the time, stalled or not."""
    problem = benchmark_like()
    monkeypatch.setattr(blocks, "hard_months", lambda first: True)
    ends: list[float] = []
    monkeypatch.setattr(cells, "improve", _finding_nothing(ends))
    monkeypatch.setattr(by_columns, "STALL_SHARE", 0.05)
    started = time.monotonic()
    result = solver.solve(problem, columns_params(time_limit_s=4))
    assert len(ends) == 1 and ends[0] - started >= 3.9
    assert result.status == solver.SolveStatus.FEASIBLE


def test_columns_search_handles_agents_on_several_shops():
    """The strategy is general: shares between shops come back in the columns."""
    shops = (solver.Shop(name="big", big=True), solver.Shop(name="small"))
    agents = tuple(
        solver.Agent(name=f"a{i}", shops=(i % 2, 1 - i % 2), max_shops=2, rest_days=2)
        for i in range(4)
    )
    needs = tuple(
        solver.Need(day=d, shift=s, shop=p, units=15 if p == 0 else 5)
        for d in range(5)
        for s in range(2)
        for p in range(2)
    )
    problem = make_problem(5, shops=shops, agents=agents, needs=needs, capacity_units=10)
    exact = solve_exact(problem)
    assert exact.status == solver.SolveStatus.OPTIMAL and exact.objective is not None
    result = solver.solve(problem, columns_params(time_limit_s=3))
    assert result.plan is not None and result.objective is not None
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))
    assert result.best_bound is not None
    assert result.best_bound <= exact.objective <= result.objective
    worked = [entry for row in result.plan.days for entry in row if entry.shift is not None]
    assert worked and all(sum(units for _, units in entry.shares) == 10 for entry in worked)


def test_cell_search_reads_back_the_roster_it_was_given():
    problem = benchmark_like()
    plan = solve_exact(replace(problem, needs=())).plan
    assert plan is not None
    search = cells.CellSearch(problem)
    values = search.values_of(plan, 10)
    assert values is not None
    assert search.plan(values) == plan
    unchanged = search.step(values, set(), 10, 1, 0)
    assert unchanged is not None
    assert unchanged[1] == objective_of(problem, evaluate(problem, plan))


def test_cell_search_tries_a_neighbourhood_per_worker_and_keeps_the_best():
    """With two workers, each round re-solves two neighbourhoods of the same roster, one
    CP-SAT worker each, and goes on from the better of the two."""
    problem = benchmark_like()
    start = solve_exact(replace(problem, needs=())).plan
    assert start is not None
    calls: list[tuple[int, int, float]] = []

    class Recording(cells.CellSearch):
        def step(self, values, free, time_limit_s, num_workers, seed):
            result = super().step(values, free, time_limit_s, num_workers, seed)
            calls.append((id(values), num_workers, result[1] if result else math.inf))
            return result

    plan, _ = cells.improve(problem, start, time.monotonic() + 3, 2, 0, search=Recording(problem))
    assert calls and all(workers == 1 for _, workers, _ in calls)
    rounds = Counter(values for values, _, _ in calls)
    assert all(count % 2 == 0 for count in rounds.values())
    found = objective_of(problem, evaluate(problem, plan))
    start_objective = objective_of(problem, evaluate(problem, start))
    assert found == min(start_objective, *(objective for _, _, objective in calls))


def test_the_weekends_neighbourhood_frees_every_agent_from_friday_to_monday():
    """A weekend limit couples all of an agent's weekends: the weekends kind frees all
    agents around the weekends it picks (all of them at first), clipped to the horizon."""
    problem = benchmark_like()  # weekends (5, 6) and (12, 13) of a 14-day horizon
    windows = cells.weekend_windows(problem)
    assert windows == [[4, 5, 6, 7], [11, 12, 13]]
    kind = cells._Kind("weekends", agents=5, days=2, most_days=2)
    free = cells._neighbourhood(kind, 5, 14, random.Random(0), [], windows)
    assert free == {(a, d) for a in range(5) for d in (4, 5, 6, 7, 11, 12, 13)}
    kind.days = 1
    one = cells._neighbourhood(kind, 5, 14, random.Random(0), [], windows)
    assert {d for _, d in one} in ({4, 5, 6, 7}, {11, 12, 13})
    assert {a for a, _ in one} == set(range(5))


def test_without_weekend_limits_there_is_no_weekends_neighbourhood():
    problem = benchmark_like()
    unlimited = _without_weekend_limits(problem)
    assert cells.weekend_windows(unlimited) == []


def test_the_cell_search_starts_its_weekends_kind_with_every_weekend(monkeypatch):
    """The move found on Curtois 8 needed all weekends at once, so that is where the kind
    starts; without weekend limits there is no such kind."""
    problem = benchmark_like()
    start = solve_exact(replace(problem, needs=())).plan
    assert start is not None
    seen: dict[str, cells._Kind] = {}
    first_sizes: dict[str, float] = {}
    real_pick = cells._pick

    def recording(kinds, rng):
        for kind in kinds:
            seen[kind.name] = kind
            first_sizes.setdefault(kind.name, kind.days)
        return real_pick(kinds, rng)

    monkeypatch.setattr(cells, "_pick", recording)
    cells.improve(problem, start, time.monotonic() + 1, 1, 0)
    assert first_sizes["weekends"] == 2 == seen["weekends"].most_days
    assert seen["weekends"].agents == len(problem.agents)
    unlimited = _without_weekend_limits(problem)
    seen.clear()
    cells.improve(unlimited, start, time.monotonic() + 1, 1, 0)
    assert "weekends" not in seen and {"agents", "days", "box"} <= seen.keys()


def test_smoothed_duals_lie_between_the_centre_and_the_lp_duals_within_their_box():
    box = {(0, 0, 0): (-1.0, 100.0), (1, 0, 0): (0.0, 100.0), (2, 0, 0): (-1.0, 0.0)}
    centre = {(0, 0, 0): 40.0, (1, 0, 0): 10.0, (2, 0, 0): -0.5}
    duals = {(0, 0, 0): 100.0, (1, 0, 0): 30.0, (2, 0, 0): 0.0}
    smoothed = stabilization.smooth(centre, duals, 0.75, box)
    assert smoothed == {(0, 0, 0): 55.0, (1, 0, 0): 15.0, (2, 0, 0): -0.375}
    # A dual past its box (a rounding of the LP's) is brought back into it; a key the
    # centre lacks counts as 0 there; only the box's keys are priced.
    outside = {(0, 0, 0): 101.0, (1, 0, 0): -0.1, (9, 9, 9): 5.0}
    assert stabilization.smooth({}, outside, 0.0, box) == {
        (0, 0, 0): 100.0,
        (1, 0, 0): 0.0,
        (2, 0, 0): 0.0,
    }


def test_the_lagrangian_bound_counts_wanted_units_at_their_duals_and_each_agents_least():
    units = {(0, 0, 0): 2, (1, 0, 0): 1}
    duals = {(0, 0, 0): 10.0, (1, 0, 0): 4.0}
    assert stabilization.lagrangian_bound(units, duals, [-7.0, -3.5]) == 24 - 10.5


def _generation(problem: solver.Problem, monkeypatch, smoothing: float):
    monkeypatch.setattr(column_generation, "SMOOTHING", smoothing)
    return _generated(problem, 30)


def test_stabilized_rounds_reach_the_plain_rounds_lp_value_and_a_bound_below_the_optimum(
    monkeypatch,
):
    """Smoothing changes the duals priced at, not where column generation ends: the same
    LP value, proven by a bound that never passes the optimum."""
    problem = benchmark_like()
    exact = solve_exact(problem)
    assert exact.objective is not None
    stabilized = _generation(problem, monkeypatch, 0.5)
    assert stabilized.stabilized and stabilized.centre is not None
    plain = _generation(problem, monkeypatch, 0.0)
    assert not plain.stabilized
    assert stabilized.converged and plain.converged
    assert stabilized.bound == plain.bound
    assert stabilized.bound is not None and stabilized.bound <= exact.objective
    value = stabilized.master.solve_lp()[0]
    assert math.ceil(value - 1e-6) == stabilized.bound
    assert math.isclose(value, plain.master.solve_lp()[0], abs_tol=1e-6)


def test_the_master_lp_kept_between_rounds_weighs_every_column_added():
    """The LP is built once and each round adds its new columns: its value must be that of
    the same columns in an LP built afresh."""
    problem = benchmark_like()
    generation = _generated(problem)
    master = generation.master
    assert generation.rounds > 1 and sum(map(len, master.columns)) > len(problem.agents)
    afresh = column_generation.Master(problem, [list(columns) for columns in master.columns])
    assert math.isclose(master.solve_lp()[0], afresh.solve_lp()[0], abs_tol=1e-6)


def test_the_relaxation_induced_step_frees_where_the_best_roster_differs_from_the_lps():
    """The step's free cells for the best roster so far: where the LP's rosters disagree
    with each other, and where that roster differs from them."""
    problem = benchmark_like()
    generation = _generated(problem)
    assert generation.converged
    lp_plan = generation.lp_plan()
    agreed = {
        (a, d)
        for a in range(len(problem.agents))
        for d in problem.days
        if (a, d) not in generation.disagreeing_cells(lp_plan)
    }
    a, d = min(agreed)
    entry = lp_plan.days[a][d]
    other = (
        solver.DayEntry(kind=solver.DayKind.OFF)
        if entry.kind == solver.DayKind.SHIFT
        else solver.DayEntry(kind=solver.DayKind.SHIFT, shift=0, shares=((0, 1),))
    )
    days = [list(row) for row in lp_plan.days]
    days[a][d] = other
    best = replace(lp_plan, days=tuple(tuple(row) for row in days))
    free = generation.disagreeing_cells(best)
    assert free == generation.disagreeing_cells(lp_plan) | {(a, d)}
