from dataclasses import replace
from datetime import date

import solver
from scheduler.calendar import Month
from scheduler.planning import build_planning, forbidden_successions, rest_days_for
from scheduler.team import Agent, TeamRules
from tests.conftest import DAY, EVENING

NOV = Month(2026, 11)


def test_evening_shift_ends_after_midnight():
    assert EVENING.start_min == 17 * 60 + 30
    assert EVENING.end_min == 24 * 60 + 30
    assert EVENING.length_min == 7 * 60
    assert EVENING.hours() == [17, 18, 19, 20, 21, 22, 23, 0]
    assert not DAY.crosses_midnight


def test_eleven_hours_rest_forbid_evening_then_day_only(tiny_team):
    # evening 00:30 -> day 08:30 is 8 h of rest; every other succession leaves >= 16 h
    assert forbidden_successions(tiny_team) == {(1, 0)}
    relaxed = replace(tiny_team, rules=TeamRules(min_rest_hours=8))
    assert forbidden_successions(relaxed) == frozenset()


def test_rest_days_scale_with_the_days_employed(tiny_team):
    assert rest_days_for(tiny_team, NOV, tiny_team.agents[0]) == 8
    new_hire = Agent(agent_id="N", name="N", shops=("TM",), hire_date=date(2026, 11, 21))
    # 10 of 30 days employed: 8 × 10 / 30 = 2.67, rounded to 3
    assert rest_days_for(tiny_team, NOV, new_hire) == 3


def test_new_hire_is_inactive_then_training_for_fifteen_days(tiny_team):
    new_hire = Agent(agent_id="N", name="N", shops=("TM",), hire_date=date(2026, 11, 10))
    team = replace(tiny_team, agents=(*tiny_team.agents, new_hire))
    agent = build_planning(team, NOV).problem.agents[-1]
    assert agent.inactive_days == frozenset(range(9))
    assert agent.training_days == frozenset(range(9, 24))


def test_needs_are_counted_in_tenths_of_an_agent_rounded_up(tiny_team):
    problem = build_planning(tiny_team, NOV).problem
    assert problem.capacity_units == 10
    units = {(n.day, n.shift, n.shop): n.units for n in problem.needs}
    assert units[0, 0, 0] == 10 and units[0, 1, 1] == 5
    assert problem.rules.rotation == solver.Rotation.HALF_MONTH
    assert problem.rules.half_start == 15
    assert problem.rules.blackout_days == {9, 10}
