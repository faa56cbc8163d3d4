"""The shortfall floor: each bound on problems whose least shortfall is worked out by hand."""

from __future__ import annotations

from dataclasses import replace

import solver
from solver.floor import day_floor, month_floor, shop_subsets, shortfall_floor
from tests.solver.helpers import DAY, EVENING, EVENING_THEN_DAY, make_problem

CAP = 10


def need(day: int, shift: int, units: int, shop: int = 0) -> solver.Need:
    return solver.Need(day=day, shift=shift, shop=shop, units=units)


def test_blackout_day_need_beyond_the_able_agents_is_the_day_floor():
    # Two agents, one on leave on day 1: 35 units wanted, 1 able agent gives 10 -> 25 short.
    problem = make_problem(
        num_days=3,
        agents=2,
        capacity_units=CAP,
        needs=(need(1, DAY, 20), need(1, EVENING, 15)),
        rules=solver.Rules(blackout_days=frozenset({1})),
    )
    problem = replace(
        problem,
        agents=(problem.agents[0], replace(problem.agents[1], leave_days=frozenset({1}))),
    )
    units, short = day_floor(problem, 1)
    assert units == 25
    assert sum(short.values()) == 25
    assert shortfall_floor(problem, time_limit_s=5).units == 25


def test_an_agent_qualified_elsewhere_does_not_count_for_a_shop():
    # Shop 1 wants 10 units; its only agent is on shop 0 only -> 10 short on that day.
    problem = make_problem(
        num_days=1,
        agents=1,
        shops=(solver.Shop(name="S0"), solver.Shop(name="S1")),
        capacity_units=CAP,
        needs=(need(0, DAY, 10, shop=1),),
    )
    assert day_floor(problem, 0)[0] == 10


def test_rest_days_the_month_must_take_count_in_the_month_floor():
    # One agent, 4 days, 2 rest days, 10 units wanted each day: 2 days short -> 20.
    # Each day alone can be covered, so only the month model sees it.
    problem = make_problem(
        num_days=4,
        agents=(solver.Agent(name="a", shops=(0,), rest_days=2),),
        capacity_units=CAP,
        needs=tuple(need(d, DAY, 10) for d in range(4)),
    )
    floor = shortfall_floor(problem, time_limit_s=5)
    assert floor.day_units == 0
    assert floor.month_units == 20
    assert floor.units == 20
    assert floor.proven_optimal


def test_rotation_keeps_a_day_agent_from_an_evening_need():
    # Day wanted on day 0, evening on day 1, both in the first half. One agent could take
    # both only by switching types inside a half, which the rotation forbids -> 10 short;
    # two agents take one each -> 0. (Each day alone can be covered by one agent.)
    rules = solver.Rules(rotation=solver.Rotation.HALF_MONTH, half_start=2)
    needs = (need(0, DAY, 10), need(1, EVENING, 10))
    one = make_problem(num_days=4, agents=1, capacity_units=CAP, needs=needs, rules=rules)
    two = make_problem(num_days=4, agents=2, capacity_units=CAP, needs=needs, rules=rules)
    assert shortfall_floor(one, time_limit_s=5).day_units == 0
    assert shortfall_floor(one, time_limit_s=5).units == 10
    assert shortfall_floor(two, time_limit_s=5).units == 0


def test_whole_agents_leave_the_fraction_of_a_need_short():
    # One agent with one rest day over 2 days, 15 units wanted each day: the agent works
    # one day (10), so 5 + 15 = 20 short whichever day.
    problem = make_problem(
        num_days=2,
        agents=(solver.Agent(name="a", shops=(0,), rest_days=1),),
        capacity_units=CAP,
        needs=(need(0, DAY, 15), need(1, DAY, 15)),
    )
    assert month_floor(problem, 5) == (20, True)


def test_evening_then_day_needs_a_rest_between():
    # One agent, evening wanted on day 0 and day wanted on day 1: 8 h of rest between is
    # forbidden, so one of the two stays short (10).
    problem = make_problem(
        num_days=2,
        agents=1,
        capacity_units=CAP,
        needs=(need(0, EVENING, 10), need(1, DAY, 10)),
        rules=solver.Rules(forbidden_successions=EVENING_THEN_DAY),
    )
    assert shortfall_floor(problem, time_limit_s=5).units == 10


def test_few_shops_get_every_hall_cut_and_many_shops_a_family():
    assert len(shop_subsets([0, 1, 2])) == 7
    many = shop_subsets(list(range(10)))
    assert (3,) in many and (2, 7) in many and tuple(range(10)) in many
    assert len(many) == 10 + 45 + 1
    assert len(shop_subsets(list(range(60)))) == 60 + 1


def test_the_floor_never_exceeds_the_solved_optimum_of_a_small_problem():
    # Three agents, a week, rest days and a run limit; the solver's proven optimum of the
    # shortfall (the only weight) bounds the floor from above.
    agents = tuple(
        solver.Agent(name=f"a{i}", shops=(0,), rest_days=2, max_consecutive_workdays=3)
        for i in range(3)
    )
    needs = tuple(need(d, s, 10 + 5 * ((d + s) % 3)) for d in range(7) for s in (DAY, EVENING))
    problem = make_problem(
        num_days=7,
        agents=agents,
        capacity_units=CAP,
        needs=needs,
        rules=solver.Rules(
            rotation=solver.Rotation.HALF_MONTH,
            half_start=4,
            forbidden_successions=EVENING_THEN_DAY,
            blackout_days=frozenset({3}),
        ),
        weights=solver.Weights(shortfall=1, overcover=0, second_shop=0, primary_preference=0),
    )
    result = solver.solve(problem, solver.SolveParams(time_limit_s=10, num_workers=1))
    assert result.status == solver.SolveStatus.OPTIMAL
    floor = shortfall_floor(problem, time_limit_s=5)
    assert floor.units <= result.terms["shortfall"]
    assert floor.units > 0


def test_the_cpsat_model_knows_the_day_floor_without_searching():
    # Three agents on a blackout day that wants 20 + 20 units: 10 short at least, though
    # each shift alone could be covered. With the redundant facts in the model, propagation
    # refutes 9 before any branch (without them, one worker with no presolve and no LP
    # branches 7 times and needs a conflict).
    from ortools.sat.python import cp_model

    from solver.build import build_model
    from solver.terms import coverage_shortfall, shortfall_cuts

    problem = make_problem(
        num_days=2,
        agents=3,
        capacity_units=CAP,
        needs=(need(1, DAY, 20), need(1, EVENING, 20)),
        rules=solver.Rules(blackout_days=frozenset({1})),
    )
    b = build_model(problem)
    b.model.add(coverage_shortfall(b).expr <= 9)
    shortfall_cuts(b)
    engine = cp_model.CpSolver()
    engine.parameters.cp_model_presolve = False
    engine.parameters.linearization_level = 0
    engine.parameters.num_workers = 1
    assert engine.solve(b.model) == cp_model.INFEASIBLE
    assert engine.num_branches == 0
