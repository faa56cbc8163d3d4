import solver
from solver.rules import (
    max_shifts_per_type,
    max_weekends,
    min_consecutive_days_off,
    min_consecutive_workdays,
    total_minutes,
)
from tests.solver.helpers import feasible, make_problem, with_agent


def test_max_shifts_of_a_type():
    problem = with_agent(make_problem(4), max_shifts=(2, None))
    assert feasible(problem, (max_shifts_per_type,), {0: "DDEE"})
    assert not feasible(problem, (max_shifts_per_type,), {0: "DDDE"})


def test_total_minutes_between_minimum_and_maximum():
    # day is 540 min, evening 420 min
    problem = with_agent(make_problem(3), min_total_minutes=900, max_total_minutes=1000)
    assert feasible(problem, (total_minutes,), {0: "DEO"})
    assert not feasible(problem, (total_minutes,), {0: "DDO"})
    assert not feasible(problem, (total_minutes,), {0: "DOO"})


def test_min_consecutive_workdays_except_at_the_edges():
    problem = with_agent(make_problem(5), min_consecutive_workdays=2)
    assert not feasible(problem, (min_consecutive_workdays,), {0: "ODOO?"})
    assert feasible(problem, (min_consecutive_workdays,), {0: "ODDO?"})
    assert feasible(problem, (min_consecutive_workdays,), {0: "DOO??"})


def test_min_consecutive_days_off_except_at_the_edges():
    problem = with_agent(make_problem(5), min_consecutive_days_off=2)
    assert not feasible(problem, (min_consecutive_days_off,), {0: "DODD?"})
    assert feasible(problem, (min_consecutive_days_off,), {0: "DOOD?"})
    assert feasible(problem, (min_consecutive_days_off,), {0: "ODDD?"})


def test_a_weekend_counts_once_however_many_of_its_days_are_worked():
    rules = solver.Rules(weekends=((5, 6), (12, 13)))
    problem = with_agent(make_problem(14, rules=rules), max_weekends=1)
    assert feasible(problem, (max_weekends,), {0: "?????DDOOOOOOO"})
    assert not feasible(problem, (max_weekends,), {0: "?????DOOOOOODO"})


def test_a_fixed_day_off_ends_a_run_of_work_for_the_minimum():
    # Curtois & Qu: days off from the file are days off for the run rules too.
    problem = with_agent(make_problem(5), min_consecutive_workdays=2, leave_days=frozenset({2}))
    assert not feasible(problem, (min_consecutive_workdays,), {0: "OD???"})
    assert feasible(problem, (min_consecutive_workdays,), {0: "O????"})
    assert feasible(problem, (min_consecutive_workdays,), {0: "DD?DD"})


def test_a_fixed_day_off_counts_in_a_run_of_days_off():
    problem = with_agent(make_problem(5), min_consecutive_days_off=3, leave_days=frozenset({2}))
    assert not feasible(problem, (min_consecutive_days_off,), {0: "DD?DD"})
    assert feasible(problem, (min_consecutive_days_off,), {0: "DO?OD"})


def test_min_consecutive_workdays_counts_runs_of_any_shift_types():
    problem = with_agent(make_problem(5), min_consecutive_workdays=3)
    assert feasible(problem, (min_consecutive_workdays,), {0: "ODEDO"})
    assert not feasible(problem, (min_consecutive_workdays,), {0: "ODEOO"})
