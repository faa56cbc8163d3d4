from dataclasses import replace
from datetime import date

import solver
from scheduler.roster.to_problem import build_planning, forbidden_successions, rest_days_for
from scheduler.team.calendar import Month
from scheduler.team.model import Agent, TeamRules
from tests.helpers import DAY, EVENING

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


def test_requests_become_solver_requests_and_a_day_off_wish_covers_every_shift(tiny_team):
    from scheduler.team.model import ShiftRequest

    team = replace(
        tiny_team,
        requests=(
            ShiftRequest(agent_id="A2", date=date(2026, 11, 5), shift="evening", kind="on"),
            ShiftRequest(agent_id="A3", date=date(2026, 11, 6), shift=None, kind="off", weight=2),
            ShiftRequest(agent_id="A3", date=date(2026, 12, 1), shift="day", kind="on"),
        ),
    )
    requests = build_planning(team, NOV).problem.requests
    assert [(r.agent, r.day, r.shift, r.on, r.weight) for r in requests] == [
        (1, 4, 1, True, 1),
        (2, 5, 0, False, 2),
        (2, 5, 1, False, 2),
    ]


def test_a_granted_day_off_wish_costs_nothing_and_a_refused_one_its_weight(tiny_team):
    from scheduler.team.model import ShiftRequest

    team = replace(
        tiny_team,
        requests=(ShiftRequest(agent_id="A2", date=date(2026, 11, 6), shift=None, kind="off"),),
    )
    problem = build_planning(team, NOV).problem
    off = solver.Plan(
        days=tuple(
            tuple(solver.DayEntry(kind=solver.DayKind.OFF) for _ in problem.days)
            for _ in problem.agents
        ),
        shops=tuple((0,) for _ in problem.agents),
    )
    from solver.evaluate import evaluate

    assert evaluate(problem, off)["requests"] == 0
    row = list(off.days[1])
    row[5] = solver.DayEntry(kind=solver.DayKind.SHIFT, shift=0, shares=((0, 10),))
    worked = replace(off, days=(off.days[0], tuple(row), *off.days[2:]))
    assert evaluate(problem, worked)["requests"] == 1
