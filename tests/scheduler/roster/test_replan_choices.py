"""Issue 34 item 3: a re-plan that can call people in ("keep the cover").

The published roster (tests/data/tiny-team-2026-11) is the tiny team's November built with
`scheduler roster --time-limit 10 --workers 1 --seed 1` (OPTIMAL, 17.5 agent-shifts short).
A2 falls sick 11-20..11-22 (off on the 20th, on day shifts the 21st and 22nd). "Fewest
changes" refuses changes that close less than 0.3 agent-shifts each; "keep the cover" moves
rest days and calls agents in whenever that closes any shortfall.
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
    fewest_changes_weights,
    keep_cover_weights,
    make_replan,
)
from scheduler.team.model import Leave, Team
from tests.checker import check_roster
from tests.helpers import ROOT, tiny_team_value
from tests.solver.helpers import DAY, make_problem, solve_exact, with_agent

OFF = solver.DayEntry(kind=solver.DayKind.OFF)
PUBLISHED = ROOT / "tests" / "data" / "tiny-team-2026-11" / "roster.csv"
START = date(2026, 11, 20)
PARAMS = solver.SolveParams(time_limit_s=10, num_workers=1, seed=1)


def shift(s: int, *shares: tuple[int, int]) -> solver.DayEntry:
    return solver.DayEntry(kind=solver.DayKind.SHIFT, shift=s, shares=shares)


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


@pytest.mark.parametrize(
    ("weights", "changed", "objective"),
    [
        # Keeping the reference leaves day 1 short by 5 units (100 each, 500); moving the
        # rest day from 1 to 0 changes two days and covers it: 600 with the fewest changes'
        # weights (so it keeps), 2 with keep the cover's (so it moves).
        (fewest_changes_weights(solver.Weights()), 0, 500),
        (keep_cover_weights(solver.Weights()), 2, 2),
    ],
    ids=["fewest-changes-keeps", "keep-cover-moves-the-rest-day"],
)
def test_keep_cover_moves_a_rest_day_that_fewest_changes_keeps(weights, changed, objective):
    reference = solver.Reference(days=(shift(DAY, (0, 10)), OFF), shops=(0,))
    problem = make_problem(
        2, needs=(solver.Need(day=1, shift=DAY, shop=0, units=5),), capacity_units=10
    )
    problem = replace(with_agent(problem, rest_days=1, reference=reference), weights=weights)
    result = solve_exact(problem)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.terms["changed_days"] == changed
    assert result.objective == objective
