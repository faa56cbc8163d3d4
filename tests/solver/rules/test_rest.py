from dataclasses import replace

import solver
from solver.rules import max_consecutive_workdays, min_rest_between_shifts
from tests.solver.helpers import EVENING, EVENING_THEN_DAY, feasible, make_problem, with_agent


def test_seven_days_in_a_row_break_a_limit_of_six():
    problem = with_agent(make_problem(7), max_consecutive_workdays=6)
    assert not feasible(problem, (max_consecutive_workdays,), {0: "DDDDDDD"})
    assert feasible(problem, (max_consecutive_workdays,), {0: "DDDDDDO"})


def test_training_days_count_as_work_and_leave_breaks_a_run():
    trainee = with_agent(
        make_problem(7), max_consecutive_workdays=6, training_days=frozenset(range(7))
    )
    assert not feasible(trainee, (max_consecutive_workdays,), {0: "TTTTTTT"})
    on_leave = with_agent(make_problem(7), max_consecutive_workdays=3, leave_days=frozenset({3}))
    assert feasible(on_leave, (max_consecutive_workdays,), {0: "DDD?DDD"})


def test_days_worked_at_the_end_of_last_month_count():
    problem = with_agent(
        make_problem(7), max_consecutive_workdays=6, history=solver.History(trailing_workdays=2)
    )
    assert not feasible(problem, (max_consecutive_workdays,), {0: "DDDDDOO"})
    assert feasible(problem, (max_consecutive_workdays,), {0: "DDDDOOO"})


def test_evening_then_day_next_morning_is_forbidden():
    problem = make_problem(3, rules=solver.Rules(forbidden_successions=EVENING_THEN_DAY))
    assert not feasible(problem, (min_rest_between_shifts,), {0: "ED?"})
    assert feasible(problem, (min_rest_between_shifts,), {0: "EOD"})
    assert feasible(problem, (min_rest_between_shifts,), {0: "DEE"})


def test_evening_on_last_month_last_day_forbids_day_on_the_first():
    base = make_problem(3, rules=solver.Rules(forbidden_successions=EVENING_THEN_DAY))
    problem = with_agent(base, history=solver.History(last_shift=EVENING))
    assert not feasible(problem, (min_rest_between_shifts,), {0: "D??"})
    assert feasible(problem, (min_rest_between_shifts,), {0: "E??"})
    assert feasible(
        replace(problem, agents=(base.agents[0],)), (min_rest_between_shifts,), {0: "D??"}
    )


def test_a_shift_may_forbid_several_shifts_the_next_day_itself_included():
    # Curtois & Qu: N forbids D and N the next day (one constraint per shift and day).
    shifts = (
        solver.ShiftType(name="D", start_min=0, length_min=480),
        solver.ShiftType(name="E", start_min=0, length_min=480),
        solver.ShiftType(name="N", start_min=0, length_min=480),
    )
    rules = solver.Rules(forbidden_successions=frozenset({(2, 0), (2, 2)}))
    problem = make_problem(2, shifts=shifts, rules=rules)

    def works(first: int, second: int):
        def fix(b):
            b.model.add(b.x.works(0, 0, first) == 1)
            b.model.add(b.x.works(0, 1, second) == 1)

        return fix

    assert not feasible(problem, (min_rest_between_shifts,), extra=works(2, 0))
    assert not feasible(problem, (min_rest_between_shifts,), extra=works(2, 2))
    assert feasible(problem, (min_rest_between_shifts,), extra=works(2, 1))
    assert feasible(problem, (min_rest_between_shifts,), extra=works(0, 2))
