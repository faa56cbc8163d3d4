"""The day-by-day pricing search against CP-SAT's pricing of the same agent."""

import random

import pytest
from ortools.sat.python import cp_model

import solver
from solver.build import build_model
from solver.cpsat import cp_solver
from solver.result import DayKind
from solver.search import columns as column_generation
from solver.search import run_pricing
from solver.search.alone import AgentInfeasible, agent_problem

LENGTHS = (240, 480, 480, 720)


def _random_agent_problem(rng: random.Random) -> solver.Problem:
    """One agent, one to two weeks from a Monday, two or three shift types, random rules
    and requests, as in the benchmark."""
    days = rng.randint(7, 14)
    num_shifts = rng.randint(2, 3)
    shifts = tuple(
        solver.ShiftType(name=f"s{s}", start_min=0, length_min=rng.choice(LENGTHS))
        for s in range(num_shifts)
    )
    pairs = [(s, t) for s in range(num_shifts) for t in range(num_shifts) if s != t]
    least_minutes = rng.choice([0, rng.randint(1, 5) * 480])
    agent = solver.Agent(
        name="a",
        shops=(0,),
        leave_days=frozenset(rng.sample(range(days), rng.randint(0, 3))),
        max_consecutive_workdays=rng.choice([None, rng.randint(2, 5)]),
        min_consecutive_workdays=rng.randint(1, 3),
        min_consecutive_days_off=rng.randint(1, 3),
        max_weekends=rng.choice([None, 0, 1]),
        max_shifts=tuple(rng.choice([None, rng.randint(0, 4)]) for _ in range(num_shifts)),
        min_total_minutes=least_minutes,
        max_total_minutes=rng.choice([None, least_minutes + rng.randint(0, 4) * 480]),
    )
    requests = tuple(
        solver.Request(
            agent=0,
            day=rng.randrange(days),
            shift=rng.randrange(num_shifts),
            on=rng.random() < 0.5,
            weight=rng.randint(1, 5),
        )
        for _ in range(rng.randint(0, 4))
    )
    return solver.Problem(
        num_days=days,
        shifts=shifts,
        shops=(solver.Shop(name="all"),),
        agents=(agent,),
        requests=requests,
        rules=solver.Rules(
            forbidden_successions=frozenset(rng.sample(pairs, rng.randint(0, len(pairs)))),
            weekends=tuple((d, d + 1) for d in (5, 12) if d + 1 < days),
        ),
        weights=solver.Weights(shortfall=1, overcover=1, requests=rng.randint(1, 2)),
    )


def _random_duals(rng: random.Random, problem: solver.Problem) -> dict:
    # Quarters are exact at CP-SAT's dual scale, so both searches price the same numbers.
    return {
        (d, s, 0): rng.randint(0, 60) / 4
        for d in problem.days
        for s in range(len(problem.shifts))
        if rng.random() < 0.8
    }


def _keeps_every_rule(problem: solver.Problem, row) -> bool:
    """Whether the full model of ``problem`` accepts ``row`` as the agent's month."""
    b = build_model(problem)
    for d, entry in enumerate(row):
        for s in range(len(problem.shifts)):
            works = b.x.works(0, d, s)
            if works is not None:
                b.model.add(works == int(entry.kind == DayKind.SHIFT and entry.shift == s))
    return cp_solver(10, 1).solve(b.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE)


@pytest.mark.parametrize("seed", range(60))
def test_the_day_by_day_search_finds_the_least_reduced_cost_cp_sat_proves(seed):
    rng = random.Random(seed)
    problem = _random_agent_problem(rng)
    duals = _random_duals(rng, problem)
    assert run_pricing.applies(problem)
    exact = column_generation.Pricer(problem, 0)
    search = column_generation.exact_pricer(exact)
    assert isinstance(search, column_generation.RunsPricer)
    try:
        columns, low, proven = exact.price(duals, 20, 0)
    except AgentInfeasible:
        with pytest.raises(AgentInfeasible):
            search.price(duals, 0, 0)
        return
    assert proven
    best = column_generation._reduced(columns[-1], duals)
    found, bound, found_proven = search.price(duals, 0, 0)
    assert found_proven
    assert column_generation._reduced(found[0], duals) == pytest.approx(best, abs=1e-6)
    assert bound <= best and bound == pytest.approx(best, abs=1e-5)
    assert low <= bound + 1e-6
    assert _keeps_every_rule(problem, found[0].days)


@pytest.mark.parametrize("seed", range(30))
def test_whole_layers_and_run_by_run_find_the_same_least_reduced_cost(seed, monkeypatch):
    """The whole-layer search (the default) and the run-by-run one it falls back to when
    its layers would not fit give the same value, each for a roster that keeps the rules."""
    rng = random.Random(seed)
    problem = _random_agent_problem(rng)
    duals = _random_duals(rng, problem)
    found = []
    for most in (run_pricing.MAX_LAYER_VALUES, 0):
        monkeypatch.setattr(run_pricing, "MAX_LAYER_VALUES", most)
        try:
            row, value = run_pricing.RunPricer(problem).price(duals)
        except AgentInfeasible:
            found.append(None)
            continue
        assert _keeps_every_rule(problem, row)
        found.append(value)
    if found[0] is None:
        assert found[1] is None
    else:
        assert found[0] == pytest.approx(found[1], abs=1e-9)


def _late_limited() -> tuple[solver.Problem, dict]:
    """A week of early and late shifts, at most two lates, duals that want lates most."""
    problem = solver.Problem(
        num_days=7,
        shifts=(
            solver.ShiftType(name="early", start_min=0, length_min=480),
            solver.ShiftType(name="late", start_min=0, length_min=480),
        ),
        shops=(solver.Shop(name="all"),),
        agents=(solver.Agent(name="a", shops=(0,), max_shifts=(None, 2)),),
    )
    duals = {(d, 1, 0): 10.0 for d in problem.days} | {(d, 0, 0): 1.0 for d in problem.days}
    return problem, duals


def test_a_shift_type_limit_holds_when_the_duals_pull_past_it():
    problem, duals = _late_limited()
    row, value = run_pricing.RunPricer(problem).price(duals)
    worked = [entry.shift for entry in row if entry.kind == DayKind.SHIFT]
    assert worked.count(1) == 2 and worked.count(0) == 5
    assert value == pytest.approx(-(2 * 10 + 5 * 1))


def test_agents_of_the_team_roster_are_priced_by_cp_sat():
    agent = solver.Agent(name="a", shops=(0, 1), max_shops=2, rest_days=8)
    problem = solver.Problem(
        num_days=7,
        shifts=(solver.ShiftType(name="day", start_min=510, length_min=420),),
        shops=(solver.Shop(name="big", big=True), solver.Shop(name="small")),
        agents=(agent,),
    )
    assert not run_pricing.applies(agent_problem(problem, 0))
    pricer = column_generation.Pricer(problem, 0)
    assert column_generation.exact_pricer(pricer) is pricer


def test_when_binding_limits_make_the_search_too_large_cp_sat_prices_instead(monkeypatch):
    problem, duals = _late_limited()
    search = column_generation.exact_pricer(column_generation.Pricer(problem, 0))
    assert isinstance(search, column_generation.RunsPricer)
    # Room for the state without shift-type counts only: the late limit cannot join it.
    monkeypatch.setattr(run_pricing, "MAX_CELLS", 1)
    columns, bound, proven = search.price(duals, 20, 0)
    assert search.too_large and proven
    assert column_generation._reduced(columns[-1], duals) == pytest.approx(-(2 * 10 + 5 * 1))
    assert bound <= -(2 * 10 + 5 * 1) + 1e-9


def test_an_agent_whose_search_would_keep_too_many_back_pointers_is_priced_by_cp_sat(
    monkeypatch,
):
    problem, _ = _late_limited()
    # 7 days x 6 runs (early or late, one day each, or a day off; may end or not).
    assert run_pricing.applies(agent_problem(problem, 0))
    monkeypatch.setattr(run_pricing, "MAX_PATH_VALUES", 7 * 6 - 1)
    assert not run_pricing.applies(agent_problem(problem, 0))
    pricer = column_generation.Pricer(problem, 0)
    assert column_generation.exact_pricer(pricer) is pricer


def test_when_a_binding_limit_makes_the_path_too_long_cp_sat_prices_instead(monkeypatch):
    problem, duals = _late_limited()
    # Room for 7 days x 6 runs, not for the late limit's 3 counts on top.
    monkeypatch.setattr(run_pricing, "MAX_PATH_VALUES", 7 * 6 * 2)
    search = column_generation.exact_pricer(column_generation.Pricer(problem, 0))
    assert isinstance(search, column_generation.RunsPricer)
    columns, _, proven = search.price(duals, 20, 0)
    assert search.too_large and proven
    assert column_generation._reduced(columns[-1], duals) == pytest.approx(-(2 * 10 + 5 * 1))
