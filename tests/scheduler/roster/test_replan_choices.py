"""Issue 34 item 3: a re-plan that can call people in ("keep the cover").

The published roster (tests/data/tiny-team-2026-11) is the tiny team's November built with
`scheduler roster --time-limit 10 --workers 1 --seed 1` (OPTIMAL, 17.5 agent-shifts short).
A2 falls sick 11-20..11-22, three days it works in that roster. "Fewest changes" refuses
changes that close less than 0.3 agent-shifts each; "keep the cover" moves rest days and
calls agents in whenever that closes any shortfall.
"""

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import solver
from scheduler.roster.build import write_roster_outputs
from scheduler.roster.coverage import total_shortfall
from scheduler.roster.files import read_roster
from scheduler.roster.replan import (
    FEWEST_CHANGES,
    KEEP_COVER,
    ReplanOutcome,
    keep_cover_weights,
    make_replan,
)
from scheduler.team.model import Leave, Team
from tests.checker import check_roster
from tests.helpers import ROOT, tiny_team_value

PUBLISHED = ROOT / "tests" / "data" / "tiny-team-2026-11" / "roster.csv"
START = date(2026, 11, 20)
PARAMS = solver.SolveParams(time_limit_s=10, num_workers=1, seed=1)


def test_keep_cover_weighs_a_change_below_a_tenth_of_an_agent_shift_of_shortfall():
    weights = keep_cover_weights(solver.Weights())
    assert 0 < weights.changed_day < weights.shortfall
    assert 0 < weights.changed_shop < weights.shortfall
    # Changes still break ties after the cover, but no longer outrank the shop terms.
    assert weights.changed_day < weights.second_shop
    assert replace(weights, changed_day=300, changed_shop=300) == solver.Weights()


@pytest.fixture(scope="module")
def sick_team() -> Team:
    """The tiny team with A2 sick 11-20..11-22."""
    team = tiny_team_value()
    sick = Leave(agent_id="A2", start=START, end=date(2026, 11, 22), kind="sick")
    return replace(team, leave=(*team.leave, sick))


@pytest.fixture(scope="module")
def replans(sick_team: Team) -> dict[str, ReplanOutcome]:
    """Both choices of the re-plan from 11-20, each solved to a proven optimum."""
    published = read_roster(PUBLISHED, sick_team)
    return {
        choice: make_replan(sick_team, published, START, params=PARAMS, choice=choice)
        for choice in (FEWEST_CHANGES, KEEP_COVER)
    }


@pytest.mark.slow
def test_keep_cover_closes_shortfall_that_fewest_changes_leaves(replans):
    fewest, cover = replans[FEWEST_CHANGES].outcome, replans[KEEP_COVER].outcome
    assert fewest.summary["status"] == cover.summary["status"] == "OPTIMAL"
    assert total_shortfall(cover.coverage) < total_shortfall(fewest.coverage)
    # Cover costs changes: more agent-days move than with the fewest changes.
    assert len(replans[KEEP_COVER].changes) > len(replans[FEWEST_CHANGES].changes)
    assert fewest.summary["replan"]["choice"] == "fewest_changes"
    assert cover.summary["replan"]["choice"] == "keep_cover"


@pytest.mark.slow
def test_keep_cover_keeps_the_days_before_the_absence_and_every_hard_rule(
    replans, sick_team: Team, tmp_path: Path
):
    result = replans[KEEP_COVER]
    assert result.changes
    assert all(c.date >= START for c in result.changes)
    called_in = [c for c in result.changes if c.before.shift == "off" and c.after.is_shift]
    assert called_in, "keep the cover calls someone in on a rest day"
    write_roster_outputs(tmp_path, sick_team, result.outcome)
    assert check_roster(sick_team, tmp_path, 2026, 11) == []
