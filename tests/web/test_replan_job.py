"""A re-plan job's worker solves both choices in turn (issue 34 item 3), without a process."""

from dataclasses import replace
from datetime import date

import pytest

import solver
from scheduler.roster.files import read_roster
from scheduler.team.model import Leave
from scheduler.web.job_work import REPLAN_STEPS, BuildInput, ReplanInput, replan_output
from tests.helpers import ROOT, tiny_team_value

pytestmark = pytest.mark.slow

PUBLISHED = ROOT / "tests" / "data" / "tiny-team-2026-11" / "roster.csv"
START = date(2026, 11, 20)


def build_input() -> BuildInput:
    """The stored tiny roster re-planned from 11-20 with A2 sick 11-20..11-22."""
    team = tiny_team_value()
    team = replace(
        team, leave=(*team.leave, Leave(agent_id="A2", start=START, end=date(2026, 11, 22)))
    )
    published = read_roster(PUBLISHED, team)
    replan = ReplanInput(published=published, base_version=1, start=START, absence="A2")
    params = solver.SolveParams(time_limit_s=10, num_workers=1, seed=1)
    return BuildInput(team=team, month=published.month, previous=None, params=params, replan=replan)


def test_the_job_solves_fewest_changes_then_keep_the_cover_and_says_which():
    build = build_input()
    said: list[str] = []
    assert build.replan is not None
    output = replan_output(build, build.replan, lambda _: None, lambda: False, said.append)
    assert said == list(REPLAN_STEPS)
    assert output.cover is not None and output.cover.roster is not None
    assert output.summary["replan"]["choice"] == "fewest_changes"
    assert output.cover.summary["replan"]["choice"] == "keep_cover"
    assert output.cover.summary["shortfall"] < output.summary["shortfall"]


def test_a_job_stopped_during_fewest_changes_skips_keep_the_cover():
    build = build_input()
    said: list[str] = []
    assert build.replan is not None
    output = replan_output(build, build.replan, lambda _: None, lambda: True, said.append)
    assert said == [REPLAN_STEPS[0]]
    assert output.cover is None and output.stopped
