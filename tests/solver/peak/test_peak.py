"""The peak plan model, lever by lever, on problems small enough to work out by hand."""

from dataclasses import replace

import pytest

import solver

U = 100  # units of one agent-shift
UNCOVERED = 50  # penalty per unit missing
EXACT = solver.PeakParams(time_limit_s=20, num_workers=1, seed=0)


def agent(name="a", *, days=1, on=U, rest=0, shops=(0,), max_shops=1, limit=0, **changes):
    return solver.PeakAgent(
        name=name,
        shops=shops,
        max_shops=max_shops,
        shift=(0,) * days,
        on_duty=(on,) * days if isinstance(on, int) else on,
        rest=(rest,) * days if isinstance(rest, int) else rest,
        overtime_limit=(limit,),
        rest_elsewhere=(0,),
        **changes,
    )


def problem(*, days=1, agents=(), needs=(), shops=1, overtime=3, temp=10_000, **changes):
    costs = solver.PeakCosts(
        overtime=((overtime,),) * days if isinstance(overtime, int) else overtime,
        temp=(temp,) * days,
        uncovered=UNCOVERED,
        **changes.pop("costs", {}),
    )
    return solver.PeakProblem(
        num_days=days,
        num_shifts=1,
        num_shops=shops,
        units=U,
        month_of=(0,) * days,
        agents=tuple(agents),
        needs=tuple(solver.PeakNeed(day=d, shift=0, shop=p, units=n) for d, p, n in needs),
        costs=costs,
        **changes,
    )


def solve(p: solver.PeakProblem) -> solver.PeakPlan:
    result = solver.solve_peak(p, EXACT)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.gap == 0
    assert result.plan is not None
    return result.plan


def test_without_levers_the_gap_stays_uncovered():
    # One agent gives 100 units; the need is 150: 50 units uncovered, 50 × 50 = 2500.
    p = problem(agents=[agent()], needs=[(0, 0, 150)])
    result = solver.solve_peak(p, EXACT)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == 2500
    assert result.plan is not None
    (cover,) = result.plan.cover
    assert (cover.available, cover.gap, cover.uncovered, cover.planned) == (100, 50, 50, 100)


def test_overtime_goes_to_the_cheaper_day_within_the_monthly_limit():
    # Rest share 30 units a day; 40 units of overtime allowed in the month. Day 0 pays 3
    # a unit (150%), day 1 pays 4 (200%). Both days miss 30: 30 on day 0 (90) and 10 on
    # day 1 (40), 20 left uncovered (1000): 1130.
    a = agent(days=2, on=70, rest=30, limit=40)
    p = problem(days=2, agents=[a], needs=[(0, 0, 100), (1, 0, 100)], overtime=((3,), (4,)))
    result = solver.solve_peak(p, EXACT)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == 90 + 40 + 1000
    assert result.plan is not None
    assert dict(result.plan.agents[0].overtime) == {0: 30, 1: 10}
    assert result.plan.money["overtime"] == 130


def test_overtime_never_exceeds_the_rest_share_of_a_day():
    a = agent(on=80, rest=20, limit=100)
    plan = solve(problem(agents=[a], needs=[(0, 0, 200)]))
    assert dict(plan.agents[0].overtime) == {0: 20}
    assert plan.uncovered == 100


def test_a_temp_is_hired_when_cheaper_than_the_cover_it_closes():
    # Two days missing 100 units each (10,000 as penalty); a temp from day 0 gives 80 a day
    # for 3,000: hired, 20 + 20 left uncovered (2,000).
    p = problem(
        days=2,
        agents=[agent(days=2, on=0)],
        needs=[(0, 0, 100), (1, 0, 100)],
        temp=3000,
        temp_starts=frozenset({0, 1}),
        temp_on_duty=(80, 80),
    )
    plan = solve(p)
    assert plan.temps == (solver.TempHire(shop=0, shift=0, start_day=0, count=1),)
    assert plan.money["temps"] == 3000
    assert plan.uncovered == 40


def test_no_temp_starts_on_a_day_not_offered():
    # Day 0 is not a start day (its hire-by date is past): the temp starts on day 1 only.
    p = problem(
        days=2,
        agents=[agent(days=2, on=0)],
        needs=[(0, 0, 100), (1, 0, 100)],
        temp=1000,
        temp_starts=frozenset({1}),
        temp_on_duty=(100, 100),
    )
    plan = solve(p)
    assert [(t.start_day, t.count) for t in plan.temps] == [(1, 1)]
    assert [c.uncovered for c in plan.cover] == [100, 0]


def test_blackout_moves_rest_days_to_the_peak_from_the_rest_of_the_month():
    # Day 1 is the peak and a blackout candidate. The agent rests 25 units a day; a
    # blackout on day 1 gives those 25 there and takes 25 / 5 = 5 from each other day of
    # the month (days 0 and 2 here, 3 more outside the horizon).
    a = replace(agent(days=3, on=75, rest=25), rest_elsewhere=(5,))
    p = problem(
        days=3,
        agents=[a],
        needs=[(0, 0, 60), (1, 0, 100), (2, 0, 60)],
        blackout_candidates=frozenset({1}),
        max_blackout_days=3,
    )
    plan = solve(p)
    assert plan.blackout_days == (1,)
    assert [c.blackout for c in plan.cover] == [-5, 25, -5]
    assert plan.uncovered == 0


def test_blackout_days_form_one_run_no_longer_than_the_limit():
    # Every day needs more than the team gives, so every candidate would help; the run
    # with the team's own blackout day 2 may only be 3 days long and has no hole.
    a = replace(
        agent(days=5, on=(75, 75, U, 75, 75), rest=(25, 25, 0, 25, 25)), rest_elsewhere=(20,)
    )
    p = problem(
        days=5,
        agents=[a],
        needs=[(d, 0, 100) for d in range(5)],
        blackout_candidates=frozenset({0, 1, 3, 4}),
        blackout_fixed=frozenset({2}),
        max_blackout_days=3,
    )
    plan = solve(p)
    days = sorted({*plan.blackout_days, 2})
    assert len(days) == 3
    assert days == list(range(days[0], days[0] + 3))


def test_leave_is_cancelled_only_on_a_blackout_day_and_costs_its_price():
    # On leave on days 0 and 1; day 1 is the team's blackout: only day 1's leave can go.
    a = agent(days=2, on=0, rest=0, leave=frozenset({0, 1}))
    p = problem(
        days=2,
        agents=[a],
        needs=[(0, 0, 100), (1, 0, 100)],
        blackout_fixed=frozenset({1}),
        costs={"leave_day": 700},
    )
    plan = solve(p)
    assert plan.agents[0].leave_cancelled == (1,)
    assert plan.money["leave"] == 700
    assert [c.uncovered for c in plan.cover] == [100, 0]


def test_a_second_shop_takes_spare_cover_and_the_primary_keeps_most():
    # The agent's primary shop 0 needs 40 of their 100 units each day, shop 1 needs 80:
    # the primary must keep at least as much as it lends, so 50 move and 30 stay missing
    # (1500), plus the second-shop preference (100).
    a = agent(days=2, shops=(0, 1), max_shops=2)
    p = problem(
        days=2,
        shops=2,
        agents=[a],
        needs=[(0, 0, 40), (0, 1, 80), (1, 0, 40), (1, 1, 80)],
        costs={"second_shop": 100},
    )
    result = solver.solve_peak(p, EXACT)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == 2 * 30 * UNCOVERED + 100
    assert result.plan is not None
    assert result.plan.agents[0].extra_shops == (1,)
    moved = sum(c.moved_in for c in result.plan.cover)
    assert moved == 100


def test_a_third_shop_needs_max_shops_3():
    # The primary (shop 0) needs 40 and keeps at least what each other shop gets.
    needs = [(0, 0, 40), (0, 1, 30), (0, 2, 30)]
    two = agent(shops=(0, 1, 2), max_shops=2)
    plan = solve(problem(shops=3, agents=[two], needs=needs))
    assert len(plan.agents[0].extra_shops) == 1
    assert plan.uncovered == 30
    three = agent(shops=(0, 1, 2), max_shops=3)
    plan = solve(problem(shops=3, agents=[three], needs=needs))
    assert plan.agents[0].extra_shops == (1, 2)
    assert plan.uncovered == 0


def test_floors_make_a_plan_cost_and_hire_at_least_as_much():
    # Nothing is missing, so the cheapest plan hires nobody; floors from a larger
    # scenario's plan force one temp (3,000).
    p = problem(
        agents=[agent()],
        needs=[(0, 0, 100)],
        temp=3000,
        temp_starts=frozenset({0}),
        temp_on_duty=(100,),
    )
    assert solve(p).temp_count == 0
    plan = solve(replace(p, floor_money=3000, floor_temps=1))
    assert plan.temp_count == 1
    assert plan.total_money == 3000


def test_a_smaller_scenarios_plan_is_a_valid_hint():
    p = problem(
        days=2,
        agents=[agent(days=2, on=60, rest=40, limit=50)],
        needs=[(0, 0, 100), (1, 0, 100)],
        temp=5000,
        temp_starts=frozenset({0, 1}),
        temp_on_duty=(100, 100),
    )
    small = solve(p)
    bigger = replace(
        p,
        needs=tuple(replace(n, units=2 * n.units) for n in p.needs),
        floor_money=small.total_money,
        floor_temps=small.temp_count,
    )
    result = solver.solve_peak(bigger, EXACT, hint=small)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.plan is not None
    assert result.plan.total_money >= small.total_money


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"month_of": (0, 0)}, "month_of"),
        ({"needs": (solver.PeakNeed(day=3, shift=0, shop=0, units=1),)}, "out of range"),
        ({"blackout_candidates": frozenset({0}), "blackout_fixed": frozenset({0})}, "blackout"),
    ],
)
def test_problem_refuses_inconsistent_input(change, message):
    with pytest.raises(ValueError, match=message):
        replace(problem(agents=[agent()]), **change)


def test_agent_refuses_more_than_three_shops():
    with pytest.raises(ValueError, match="max_shops"):
        agent(max_shops=4)


def test_the_linear_relaxation_bounds_the_plan_and_names_fractional_temps():
    # Half an agent missing on one day: the relaxation hires half a temp (500), the plan a
    # whole one (1,000 < 50 × 50 = 2,500 uncovered).
    p = problem(
        agents=[agent(on=0)],
        needs=[(0, 0, 50)],
        temp=1000,
        temp_starts=frozenset({0}),
        temp_on_duty=(100,),
    )
    relaxed = solver.relax_peak(p)
    assert relaxed is not None
    assert relaxed.objective == pytest.approx(500)
    assert relaxed.temps == ((0, 0, 0, pytest.approx(0.5)),)
    result = solver.solve_peak(p, EXACT)
    assert result.objective == 1000
    assert result.best_bound is not None and result.best_bound >= 500
