"""Issue 34: a lead's edit of cells is checked against every hard rule by one checker."""

from __future__ import annotations

from datetime import date

import pytest

import solver
from scheduler.roster.build import make_roster, write_roster_outputs
from scheduler.roster.coverage import compute_coverage, total_shortfall
from scheduler.roster.edits import check_cells, pin_records, pinned_cells
from scheduler.roster.fill import make_fill
from scheduler.roster.model import RosterEntry
from scheduler.team.calendar import Month
from tests.checker import check_roster
from tests.helpers import tiny_team_value

PARAMS = solver.SolveParams(time_limit_s=5, num_workers=1, seed=1)
MONTH = Month(2026, 11)


@pytest.fixture(scope="module")
def built():
    """The tiny team's November roster, built once."""
    team = tiny_team_value()
    outcome = make_roster(team, MONTH, params=PARAMS)
    assert outcome.roster is not None
    return team, outcome.roster


def run_before(row, d):
    """Working days in a row ending the day before ``d``."""
    n = 0
    while d - 1 - n >= 0 and row[d - 1 - n].is_duty:
        n += 1
    return n


def evening_then_day_edit(team, roster):
    """Cells that put a day shift the morning after an evening, the rest days kept: the
    rest day after an evening becomes a day shift and the next day shift becomes rest."""
    days = MONTH.days
    for agent_id in roster.agent_ids:
        row = roster.row(agent_id)
        for d in range(len(days) - 2):
            if (row[d].shift, row[d + 1].shift, row[d + 2].shift) == ("evening", "off", "day"):
                if team.in_blackout(days[d + 2]) or days[d + 1].day <= 15:
                    continue
                return {
                    (agent_id, days[d + 1]): RosterEntry(shift="day"),
                    (agent_id, days[d + 2]): RosterEntry(shift="off"),
                }
    raise AssertionError("the built roster has no evening, rest, day switch to edit")


def moved_rest_day(team, roster):
    """A rest day moved one day later inside a run of day shifts (no rule is touched)."""
    days = MONTH.days
    limit = team.rules.max_consecutive_workdays
    for agent_id in roster.agent_ids:
        row = roster.row(agent_id)
        for d in range(1, len(days) - 2):
            if (row[d - 1].shift, row[d].shift, row[d + 1].shift) != ("day", "off", "day"):
                continue
            if team.in_blackout(days[d + 1]) or run_before(row, d) + 1 > limit:
                continue
            return {
                (agent_id, days[d]): RosterEntry(shift="day"),
                (agent_id, days[d + 1]): RosterEntry(shift="off"),
            }
    raise AssertionError("the built roster has no rest day between day shifts")


def test_a_day_shift_the_morning_after_an_evening_is_refused_naming_the_rest_rule(built):
    team, roster = built
    checked = check_cells(team, roster, evening_then_day_edit(team, roster), params=PARAMS)
    assert not checked.accepted
    assert any(r.endswith("[min_rest_between_shifts]") for r in checked.reasons), checked.reasons
    assert any("11 h of rest between shifts" in r for r in checked.reasons)


def test_a_rest_day_moved_inside_a_run_is_accepted_with_the_cover_before_and_after(built, tmp_path):
    team, roster = built
    cells = moved_rest_day(team, roster)
    checked = check_cells(team, roster, cells, params=PARAMS)
    assert checked.accepted, checked.reasons
    edited = checked.outcome.roster
    for (agent_id, day), entry in cells.items():
        assert edited.entry(agent_id, day).shift == entry.shift
    unchanged = [k for k in roster.entries if k not in cells]
    assert all(edited.entries[k].shift == roster.entries[k].shift for k in unchanged)
    assert checked.shortfall_before == total_shortfall(compute_coverage(team, roster))
    assert checked.shortfall_after == total_shortfall(compute_coverage(team, edited))
    write_roster_outputs(tmp_path, team, checked.outcome)
    assert check_roster(team, tmp_path, MONTH.year, MONTH.month) == []


def test_a_shift_on_a_leave_day_is_refused(built):
    team, roster = built
    # leave.csv gives A2 leave on 11-03 and 11-04.
    assert roster.entry("A2", date(2026, 11, 3)).shift == "leave"
    cells = {("A2", date(2026, 11, 3)): RosterEntry(shift="day")}
    checked = check_cells(team, roster, cells, params=PARAMS)
    assert not checked.accepted
    assert checked.reasons == (
        "A2 11-03 would be day but leave.csv gives leave that day [pinned_cells]",
    )


def test_a_split_given_with_the_shift_is_kept(built):
    team, roster = built
    agent_id = "A1"  # serves TM and JD
    day = next(d for d in MONTH.days if roster.entry(agent_id, d).is_shift)
    entry = RosterEntry(shift=roster.entry(agent_id, day).shift, shares=(("TM", 70), ("JD", 30)))
    checked = check_cells(team, roster, {(agent_id, day): entry}, params=PARAMS)
    assert checked.accepted, checked.reasons
    assert dict(checked.outcome.roster.entry(agent_id, day).shares) == {"TM": 70, "JD": 30}


def test_edited_cells_survive_the_summary_round_trip():
    cells = {
        ("A1", date(2026, 11, 5)): RosterEntry(shift="day", shares=(("TM", 60), ("JD", 40))),
        ("A2", date(2026, 11, 6)): RosterEntry(shift="leave"),
    }
    assert pinned_cells(pin_records(cells)) == cells


@pytest.mark.slow
def test_fill_the_gaps_holds_the_edited_cells_and_does_not_add_shortfall(built):
    team, roster = built
    day = next(d for d in MONTH.days if roster.entry("A3", d).shift == "day")
    cells = {("A3", day): RosterEntry(shift="leave")}
    draft = check_cells(team, roster, cells, params=PARAMS)
    assert draft.accepted, draft.reasons
    filled = make_fill(team, draft.outcome.roster, cells, params=PARAMS)
    assert filled.roster is not None
    assert filled.roster.entry("A3", day).shift == "leave"
    assert total_shortfall(filled.coverage) <= draft.shortfall_after + 1e-9
