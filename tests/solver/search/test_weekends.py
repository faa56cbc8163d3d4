"""Whole weekends: when weekend days are scarce, and what the restriction allows."""

import time
from dataclasses import replace

import solver
from solver.result import DayKind
from solver.rules import max_weekends
from solver.rules.weekends import whole_weekends
from solver.search import by_columns
from solver.search.weekends import weekends_are_scarce, whole
from tests.solver.helpers import benchmark_like, feasible, make_problem, with_agent


def _with_all_agents(problem: solver.Problem, **fields: object) -> solver.Problem:
    return replace(problem, agents=tuple(replace(a, **fields) for a in problem.agents))


def test_weekend_days_are_scarce_when_their_cover_exceeds_what_the_limits_allow():
    # 12 units wanted on the four weekend days; five agents may work one weekend each: 10.
    problem = benchmark_like()
    assert weekends_are_scarce(problem)
    assert not weekends_are_scarce(_with_all_agents(problem, max_weekends=2))
    assert not weekends_are_scarce(with_agent(problem, 0, max_weekends=None))
    assert not weekends_are_scarce(replace(problem, rules=solver.Rules()))


def test_a_whole_weekend_is_worked_on_both_days_or_on_neither():
    rules = solver.Rules(weekends=((5, 6), (12, 13)))
    problem = whole(with_agent(make_problem(14, rules=rules), max_weekends=1))
    both = (max_weekends, whole_weekends)
    assert feasible(problem, both, {0: "?????DEOOOOOOO"})
    assert feasible(problem, both, {0: "?????OOOOOOOOO"})
    assert not feasible(problem, both, {0: "?????DOOOOOOOO"})
    assert not feasible(problem, both, {0: "?????OOOOOOOOE"})
    # Without the restriction a half weekend is allowed.
    assert feasible(problem, (max_weekends,), {0: "?????DOOOOOOOO"})


def test_a_weekend_with_a_day_that_cannot_be_worked_stays_free():
    rules = solver.Rules(weekends=((5, 6),))
    problem = with_agent(make_problem(7, rules=rules), max_weekends=1, leave_days=frozenset({6}))
    assert feasible(whole(problem), (max_weekends, whole_weekends), {0: "?????D?"})


def test_the_first_roster_works_weekends_whole_where_weekend_days_are_scarce():
    problem = benchmark_like()
    first = by_columns.first_roster(problem, time.monotonic() + 20, 0, lambda: False, 1)
    assert first.complete
    for row in first.plan().days:
        for days in problem.rules.weekends:
            worked = {row[d].kind == DayKind.SHIFT for d in days}
            assert len(worked) == 1, f"half a weekend worked: {row}"


def test_the_first_roster_works_half_weekends_when_an_agent_cannot_work_them_whole():
    # Four shifts in a week, never two days in a row: day 6 must be worked, day 5 cannot.
    rules = solver.Rules(weekends=((5, 6),))
    shifts = (solver.ShiftType(name="early", start_min=0, length_min=480),)
    agent = solver.Agent(
        name="a0",
        shops=(0,),
        max_weekends=1,
        max_consecutive_workdays=1,
        min_total_minutes=4 * 480,
    )
    needs = tuple(solver.Need(day=d, shift=0, shop=0, units=3) for d in (5, 6))
    problem = make_problem(7, agents=(agent,), shifts=shifts, needs=needs, rules=rules)
    assert weekends_are_scarce(problem)
    first = by_columns.first_roster(problem, time.monotonic() + 20, 0, lambda: False, 1)
    assert first.complete
    worked = "".join("W" if e.kind == DayKind.SHIFT else "." for e in first.plan().days[0])
    assert worked == "W.W.W.W"
