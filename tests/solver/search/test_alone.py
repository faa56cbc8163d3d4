"""One agent's own month: found fast on long horizons, and used when the cost-driven
search finds nothing."""

import dataclasses
import time
from pathlib import Path

import pytest

import solver
from scheduler.bench.curtois_reader import instance_path, read_instance, to_problem, write_roster
from solver.evaluate import evaluate, objective_of
from solver.search import alone, blocks
from tests.curtois_checker import parse, read_roster, violations
from tests.solver.helpers import benchmark_like, columns_params, two_shop_problem


def test_a_long_horizon_month_keeps_every_rule_of_its_agent(tmp_path: Path) -> None:
    """Instance 20's third employee: 182 days, 115-117 shifts, runs of 2-5, days off in
    pairs, at most 13 weekends, 18 fixed days off. CP-SAT's default search found no month
    for them in 30 s."""
    instance = read_instance(instance_path(20))
    problem = to_problem(instance)
    found = alone.own_roster(problem, 2, time_limit_s=60)
    assert found is not None
    row, shops = found
    employee = instance.employees[2].id
    plan = solver.Plan(
        days=tuple(row if a == 2 else () for a in range(len(problem.agents))),
        shops=tuple(shops if a == 2 else () for a in range(len(problem.agents))),
    )
    written = tmp_path / "one.csv"
    write_roster(written, instance, plan)
    parsed = parse(instance_path(20))
    only_them = dataclasses.replace(parsed, staff={employee: parsed.staff[employee]})
    assert violations(only_them, read_roster(written)) == []


def test_an_agent_whose_rules_cannot_hold_is_named() -> None:
    problem = two_shop_problem()
    agents = list(problem.agents)
    agents[1] = dataclasses.replace(agents[1], max_consecutive_workdays=1, rest_days=0)
    with pytest.raises(alone.AgentInfeasible, match="a1"):
        alone.own_roster(dataclasses.replace(problem, agents=tuple(agents)), 1, 10)


def test_the_first_roster_is_complete_when_the_cost_driven_search_finds_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = two_shop_problem()
    monkeypatch.setattr(blocks, "solve_sub", lambda *args, **kwargs: None)
    current = blocks.construct(problem, time.monotonic() + 30, 0)
    assert current.complete
    for a in range(len(problem.agents)):
        row = current.days[a]
        assert row is not None
        # Every day pinned to the row: the agent's own rules hold exactly when this solves.
        agent = dataclasses.replace(
            problem.agents[a], pins=tuple(solver.Pin(day=d, entry=e) for d, e in enumerate(row))
        )
        checked = solver.solve(
            alone.agent_problem(dataclasses.replace(problem, agents=(agent,)), 0),
            solver.SolveParams(time_limit_s=10, num_workers=1, lns=False),
        )
        assert checked.status == solver.SolveStatus.OPTIMAL


def test_construct_stops_weighing_cover_once_most_months_do_not_come_in_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = two_shop_problem()
    calls: list[int] = []

    def nothing_in_time(*args: object, **kwargs: object) -> None:
        calls.append(1)

    monkeypatch.setattr(blocks, "solve_sub", nothing_in_time)
    current = blocks.construct(problem, time.monotonic() + 30, 0)
    assert current.complete
    assert current.placed_any_month == len(problem.agents)
    assert len(calls) == blocks.HARD_MONTHS_AFTER
    assert blocks.hard_months(current)


def test_columns_search_without_cost_driven_months_still_returns_a_roster(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Long horizons: no agent's cost-driven month comes in time, so there is no pricing;
    the agents' own months make the first roster and the cell search improves it."""
    problem = benchmark_like()
    monkeypatch.setattr(blocks, "solve_sub", lambda *args, **kwargs: None)
    seen: list[int] = []
    result = solver.solve(
        problem, columns_params(8), on_progress=lambda p: seen.append(p.objective)
    )
    assert result.status in (solver.SolveStatus.FEASIBLE, solver.SolveStatus.OPTIMAL)
    assert result.plan is not None
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))
    assert seen and seen == sorted(seen, reverse=True)
