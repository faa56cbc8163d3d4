import solver
from solver.rules import half_month_rotation
from tests.solver.helpers import DAY, feasible, make_problem, with_agent

ROTATION = solver.Rules(rotation=solver.Rotation.HALF_MONTH, half_start=3)


def test_one_shift_type_per_half_and_the_other_in_the_other_half():
    problem = make_problem(6, rules=ROTATION)
    assert feasible(problem, (half_month_rotation,), {0: "DDDEEE"})
    assert feasible(problem, (half_month_rotation,), {0: "EOEDDO"})
    assert not feasible(problem, (half_month_rotation,), {0: "DDEEEE"})
    assert not feasible(problem, (half_month_rotation,), {0: "DDDDDD"})


def test_fixed_shift_agent_works_only_that_shift():
    problem = with_agent(make_problem(6, rules=ROTATION), shifts=(DAY,))
    assert feasible(problem, (half_month_rotation,), {0: "DDDDDD"})
    assert not feasible(problem, (half_month_rotation,), {0: "DDDEEE"})


def test_rotation_keeps_alternating_across_months():
    ended_on_day = with_agent(
        make_problem(6, rules=ROTATION), history=solver.History(rotation_shift=DAY)
    )
    assert not feasible(ended_on_day, (half_month_rotation,), {0: "DDDEEE"})
    assert feasible(ended_on_day, (half_month_rotation,), {0: "EEEDDD"})


def test_no_rotation_lets_shift_types_mix():
    problem = make_problem(6)
    assert feasible(problem, (half_month_rotation,), {0: "DEDEDE"})
