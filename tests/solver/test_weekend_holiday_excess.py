"""The soft term weekend_holiday_excess: weekend and holiday days worked over the months so
far above the agent's fair share."""

from dataclasses import replace

import solver
from solver.evaluate import evaluate, objective_of
from tests.solver.helpers import make_problem, solve_exact

WEEKEND = frozenset({5, 6})


def one_agent(**fields) -> solver.Problem:
    agent = solver.Agent(name="a", shops=(0,), rest_days=2, **fields)
    return make_problem(7, agents=(agent,), rules=solver.Rules(weekend_days=WEEKEND))


def weekend_days_worked(result: solver.SolveResult) -> int:
    assert result.plan is not None
    return sum(result.plan.days[0][d].kind == solver.DayKind.SHIFT for d in WEEKEND)


def test_without_a_fair_share_the_term_is_off():
    # Rest days go where weekend_rest_fairness wants them: round(2 × 2 / 7) = 1 weekend day.
    result = solve_exact(one_agent(weekend_days_worked_before=9))
    assert result.objective == 0
    assert result.terms["weekend_holiday_excess"] == 0
    assert weekend_days_worked(result) == 1


def test_an_agent_at_their_share_already_rests_both_weekend_days():
    # 3 worked before, fair share 3: each weekend day worked costs 10; resting both costs
    # only the weekend rest deviation |2 − 1| × 5 = 5.
    result = solve_exact(one_agent(weekend_days_worked_before=3, weekend_days_fair_share=3))
    assert result.status == solver.SolveStatus.OPTIMAL
    assert weekend_days_worked(result) == 0
    assert result.objective == 5


def test_holidays_count_with_weekends_and_terms_match_a_recomputation():
    # Day 2 is a holiday: 3 days count, 2 rest days cover only 2 of them, so at least one
    # is worked: 1 before + 1 worked − share 1 = an excess of 1.
    problem = one_agent(weekend_days_worked_before=1, weekend_days_fair_share=1)
    problem = replace(problem, rules=replace(problem.rules, holiday_days=frozenset({2})))
    result = solve_exact(problem)
    assert result.plan is not None
    assert result.terms["weekend_holiday_excess"] == 1
    assert dict(result.terms) == evaluate(problem, result.plan)
    assert result.objective == objective_of(problem, dict(result.terms))
