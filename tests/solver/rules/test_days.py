import solver
from solver.rules import no_rest_in_blackout, rest_days_per_month
from tests.solver.helpers import feasible, make_problem, with_agent


def test_one_entry_per_day_forbids_work_and_rest_on_the_same_day():
    problem = make_problem(3)

    def work_and_rest(b):
        b.model.add(b.x.works(0, 1, 0) == 1)
        b.model.add(b.x.off(0, 1) == 1)

    assert not feasible(problem, (), extra=work_and_rest)
    assert feasible(problem, (), {0: "DOD"})


def test_rest_days_are_exactly_the_agents_number():
    problem = with_agent(make_problem(7), rest_days=2)
    assert feasible(problem, (rest_days_per_month,), {0: "DDDDDOO"})
    assert not feasible(problem, (rest_days_per_month,), {0: "DDDDDDO"})
    assert not feasible(problem, (rest_days_per_month,), {0: "DDDDOOO"})


def test_leave_does_not_use_up_rest_days():
    problem = with_agent(make_problem(7), rest_days=2, leave_days=frozenset({0, 1, 2}))
    # Leave days have no entry to choose; the two rest days still fall on other days.
    assert feasible(problem, (rest_days_per_month,), {0: "???DDOO"})
    assert not feasible(problem, (rest_days_per_month,), {0: "???DDDO"})


def test_no_rest_day_inside_a_blackout():
    problem = make_problem(5, rules=solver.Rules(blackout_days=frozenset({2})))
    assert not feasible(problem, (no_rest_in_blackout,), {0: "??O??"})
    assert feasible(problem, (no_rest_in_blackout,), {0: "?O?O?"})


def test_trainee_days_are_training_or_rest():
    problem = with_agent(make_problem(3), training_days=frozenset({0, 1}))
    assert feasible(problem, (), {0: "TOD"})
    assert not feasible(problem, (), {0: "D??"})
