"""Fixes beyond temps (issue 31, step 3): qualifications and leave moves, measured by the
floor on planted teams where the fix provably removes shortfall."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from scheduler.bench.synthetic import generate_team
from scheduler.roster.fixes import (
    fix_proposals,
    leave_move_proposals,
    qualify_proposals,
)
from scheduler.roster.floor import floor_problem
from scheduler.roster.page import fix_rows
from scheduler.roster.to_problem import build_planning
from scheduler.team.calendar import Month
from scheduler.team.model import Leave, Requirement, Team
from solver.floor import shortfall_floor

MONTH = Month(2026, 11)
BLACKOUT = (date(2026, 11, 10), date(2026, 11, 12))
BLACKOUT_DAYS = [date(2026, 11, d) for d in (10, 11, 12)]


def all_hands_team(lone_shop: bool) -> Team:
    """Eight agents without leave, all on every blackout day: each blackout day needs
    exactly its eight agents on S02 (day and evening), nothing on S01. With ``lone_shop``
    the first agent is qualified for S01 alone, so nobody may use them on those days."""
    team = generate_team(num_agents=8, num_shops=2, month=MONTH, seed=1, blackout=BLACKOUT)
    agents = tuple(
        replace(
            a,
            shops=("S01",) if lone_shop and i == 0 else ("S01", "S02"),
            max_shops=None,
            hire_date=None,
            fixed_shift=None,
        )
        for i, a in enumerate(team.agents)
    )
    requirements = tuple(r for r in team.requirements if r.date not in BLACKOUT_DAYS)
    for day in BLACKOUT_DAYS:
        requirements += (
            Requirement(date=day, shift="day", shop_id="S02", agents=4),
            Requirement(date=day, shift="evening", shop_id="S02", agents=4),
        )
    return replace(team, agents=agents, leave=(), requirements=requirements)


def proposals_for(team: Team, kind):
    planning = build_planning(team, MONTH)
    problem = floor_problem(planning)
    floor = shortfall_floor(problem, time_limit_s=0)
    return kind(planning, floor, problem)


def test_qualifying_the_agent_nobody_can_use_removes_a_shift_per_blackout_day():
    team = all_hands_team(lone_shop=True)
    lone = team.agents[0].agent_id
    found = proposals_for(team, qualify_proposals)
    # Three blackout days, one agent-shift each that only the first agent could give.
    assert found[0].text == f"qualify {lone} for S02"
    assert found[0].removes == 3


def test_no_qualification_is_proposed_when_everyone_is_qualified_already():
    assert proposals_for(all_hands_team(lone_shop=False), qualify_proposals) == []


def annual_on_blackout(team: Team, kind: str) -> Team:
    agent_id = team.agents[2].agent_id
    leave = Leave(agent_id=agent_id, start=date(2026, 11, 11), end=date(2026, 11, 11), kind=kind)
    return replace(team, leave=(leave,))


def test_annual_leave_on_a_blackout_day_is_moved_to_the_nearest_day_it_costs_nothing():
    team = annual_on_blackout(all_hands_team(lone_shop=False), "annual")
    found = proposals_for(team, leave_move_proposals)
    agent_id = team.agents[2].agent_id
    # 11-10 and 11-12 are blackout days too; 11-09 has a free agent (the witness rests some).
    assert [f.text for f in found] == [f"move {agent_id}'s leave 11-11 → 11-09"]
    assert found[0].removes == 1


@pytest.mark.parametrize("kind", ["sick", "personal"])
def test_leave_of_a_kind_that_may_not_move_stays(kind):
    team = annual_on_blackout(all_hands_team(lone_shop=False), kind)
    assert proposals_for(team, leave_move_proposals) == []


def test_proposals_come_biggest_first_and_on_a_team_without_a_floor_there_are_none():
    team = annual_on_blackout(all_hands_team(lone_shop=True), "compensatory")
    found = proposals_for(team, fix_proposals)
    assert [f.removes for f in found] == sorted((f.removes for f in found), reverse=True)
    assert found[0].text.startswith("qualify ")
    assert any(f.text.startswith("move ") for f in found)
    planted = generate_team(num_agents=8, num_shops=2, month=MONTH, seed=1, blackout=BLACKOUT)
    assert proposals_for(planted, fix_proposals) == ()


def test_the_page_lists_the_temps_and_then_each_fix_with_what_it_removes():
    summary = {
        "shortfall_temps": {
            "temps": ["2 temps on TM01 day shift 11-10..11-12 (hire by 10-26 for training)"],
            "removes": 6.0,
            "left": 0.0,
        },
        "shortfall_fixes": [
            {"fix": "qualify A05 for DY01", "removes": 3.0},
            {"fix": "move A03's leave 11-11 → 11-09", "removes": 1.0},
        ],
    }
    english = fix_rows(summary, "en")
    assert [(f.text, f.removes) for f in english] == [
        ("Temps", 6.0),
        ("qualify A05 for DY01", 3.0),
        ("move A03's leave 11-11 → 11-09", 1.0),
    ]
    assert english[0].parts == (
        "2 temps on TM01 day shift 11-10..11-12 (hire by 10-26 for training)",
    )
    chinese = fix_rows(summary, "zh")
    assert [f.text for f in chinese] == [
        "临时工",
        "让 A05 取得 DY01 的接待资格",
        "把 A03 的假期 11-11 调到 11-09",
    ]
    assert chinese[0].parts == (
        "TM01 早班 11-10..11-12 加 2 名临时工（10-26 前招到，留出培训时间）",
    )
    assert fix_rows({}, "zh") == ()
