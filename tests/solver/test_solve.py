import ast
from dataclasses import replace
from pathlib import Path

import solver
from solver.evaluate import evaluate, objective_of
from tests.solver.helpers import make_problem, solve_exact


def test_shortfall_is_need_minus_capacity_when_short():
    # 2 agents × (7 days − 2 rest days) = 10 agent-days for a need of 2 × 7 = 14:
    # at least 4 agent-days short, and any placement of the rest days reaches 4.
    agents = tuple(solver.Agent(name=f"a{i}", shops=(0,), rest_days=2) for i in range(2))
    needs = tuple(solver.Need(day=d, shift=0, shop=0, units=2) for d in range(7))
    problem = make_problem(7, agents=2, needs=needs)
    problem = replace(problem, agents=agents)
    result = solve_exact(problem)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.terms["shortfall"] == 4
    assert result.objective == 4 * problem.weights.shortfall
    assert result.gap == 0


def test_second_shop_is_taken_when_it_closes_a_shortfall():
    # One agent, one day, two small shops each needing half an agent. Serving both
    # costs second_shop + same_tier_pair (50 + 20); serving one leaves 5 units short (500).
    shops = (solver.Shop(name="S0"), solver.Shop(name="S1"))
    agent = solver.Agent(name="a", shops=(0, 1), max_shops=2)
    needs = (
        solver.Need(day=0, shift=0, shop=0, units=5),
        solver.Need(day=0, shift=0, shop=1, units=5),
    )
    problem = make_problem(1, shops=shops, agents=(agent,), needs=needs, capacity_units=10)
    result = solve_exact(problem)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == 70
    assert result.plan is not None
    assert set(result.plan.shops[0]) == {0, 1}
    assert dict(result.plan.days[0][0].shares) == {0: 5, 1: 5}


def test_reported_terms_match_a_recomputation_from_the_plan():
    agents = tuple(
        solver.Agent(name=f"a{i}", shops=(0, 1) if i % 2 else (1,), max_shops=2, rest_days=2)
        for i in range(4)
    )
    shops = (solver.Shop(name="big", big=True), solver.Shop(name="small"))
    needs = tuple(
        solver.Need(day=d, shift=s, shop=p, units=7)
        for d in range(7)
        for s in range(2)
        for p in range(2)
    )
    problem = make_problem(
        7,
        shops=shops,
        agents=agents,
        needs=needs,
        capacity_units=10,
        rules=solver.Rules(weekend_days=frozenset({5, 6})),
    )
    result = solve_exact(problem)
    assert result.plan is not None
    assert dict(result.terms) == evaluate(problem, result.plan)
    assert result.objective == objective_of(problem, dict(result.terms))


def test_infeasible_rules_are_named_with_the_agent():
    # 5 days, blackout on all of them, yet 2 rest days are required.
    agent = solver.Agent(name="a", shops=(0,), rest_days=2)
    problem = make_problem(5, agents=1, rules=solver.Rules(blackout_days=frozenset(range(5))))
    problem = replace(problem, agents=(agent,))
    result = solve_exact(problem)
    assert result.status == solver.SolveStatus.INFEASIBLE
    assert result.plan is None
    assert {c.rule for c in result.conflicts} == {"rest_days_per_month", "no_rest_in_blackout"}
    assert {c.agent for c in result.conflicts} == {0}


def test_solver_package_imports_only_the_standard_library_and_ortools():
    # numpy comes with ortools; the day-by-day pricing search (run_pricing) computes on it.
    allowed = {"ortools", "numpy", "solver", "__future__"}
    import sys

    stdlib = set(sys.stdlib_module_names)
    for path in Path(solver.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                top = name.split(".")[0]
                assert top in allowed or top in stdlib, f"{path.name} imports {name}"


def test_should_stop_ends_the_search_and_keeps_the_roster_found_so_far():
    # Without the stop, one worker proves this small problem optimal in well under a second.
    agents = tuple(solver.Agent(name=f"a{i}", shops=(0,), rest_days=2) for i in range(2))
    needs = tuple(solver.Need(day=d, shift=0, shop=0, units=1) for d in range(7))
    problem = replace(make_problem(7, agents=2, needs=needs), agents=agents)
    seen: list[solver.Progress] = []
    result = solver.solve(
        problem,
        solver.SolveParams(time_limit_s=60, num_workers=1, seed=1),
        on_progress=seen.append,
        should_stop=lambda: bool(seen),
    )
    assert seen, "the first roster is reported before the stop is honoured"
    assert result.plan is not None
    assert result.status == solver.SolveStatus.FEASIBLE
    assert solve_exact(problem).status == solver.SolveStatus.OPTIMAL
