"""The proposal page's context: the two re-plan choices side by side (issue 34 item 3)."""

from dataclasses import replace
from datetime import date
from types import SimpleNamespace

import pytest

from scheduler.roster.coverage import compute_coverage
from scheduler.roster.files import read_roster
from scheduler.roster.model import Change, RosterEntry, roster_changes
from scheduler.roster.replan import FEWEST_CHANGES, KEEP_COVER
from scheduler.team.calendar import Month
from scheduler.web.contexts.jobs import change_kind, proposal_page
from scheduler.web.service.proposals import ChoiceView, ProposalView
from scheduler.web.store import ProposalRecord
from tests.helpers import ROOT, tiny_team_value

PUBLISHED = ROOT / "tests" / "data" / "tiny-team-2026-11" / "roster.csv"
DAY = RosterEntry(shift="day", shares=(("TM", 100),))
START = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("before", "after", "kind"),
    [
        ("off", "day", "called in"),
        ("day", "off", "rest day"),
        ("day", "leave", "absent"),
        ("off", "leave", "absent"),
        ("day", "evening", "shift changed"),
        ("training", "off", "changed"),
    ],
)
def test_a_changed_cell_says_what_it_means_to_the_lead(before, after, kind):
    def entry(shift: str) -> RosterEntry:
        return DAY if shift == "day" else RosterEntry(shift=shift)

    change = Change(
        agent_id="A1", date=date(2026, 11, 20), before=entry(before), after=entry(after)
    )
    assert change_kind(change) == kind


def test_a_new_split_on_the_same_shift_is_a_shop_change():
    other = RosterEntry(shift="day", shares=(("TM", 50), ("JD", 50)))
    change = Change(agent_id="A1", date=date(2026, 11, 20), before=DAY, after=other)
    assert change_kind(change) == "shops changed"


def proposal(cover_roster) -> ProposalView:
    """A proposal against the stored tiny roster: "fewest changes" puts A2 on leave on 11-21
    (a day shift before); "keep the cover" is ``cover_roster(base, fewest)``."""
    team = tiny_team_value()
    base = read_roster(PUBLISHED, team)
    entries = dict(base.entries)
    entries["A2", START] = RosterEntry(shift="leave")
    fewest = replace(base, entries=entries)
    record = ProposalRecord(
        id=1,
        team_id=1,
        base_version=1,
        input_id=1,
        job_id=None,
        month=Month(2026, 11),
        start=START,
        absence="A2 2026-11-21..2026-11-21 (sick)",
        created_at="",
        summary={"status": "OPTIMAL", "replan": {"choice": "fewest_changes"}},
        accepted_version=None,
        cover_summary={"status": "FEASIBLE", "replan": {"choice": "keep_cover"}},
    )
    choices = tuple(
        ChoiceView(
            choice=choice,
            roster=roster,
            coverage=compute_coverage(team, roster),
            changes=roster_changes(base, roster),
            summary=record.summary_of(choice),
        )
        for choice, roster in ((FEWEST_CHANGES, fewest), (KEEP_COVER, cover_roster(base, fewest)))
    )
    return ProposalView(
        record=record,
        team=team,
        roster=fewest,
        coverage=choices[0].coverage,
        base=SimpleNamespace(coverage=compute_coverage(team, base)),
        changes=choices[0].changes,
        choices=choices,
    )


def a1_called_in(base, fewest):
    """``fewest`` with A1 on a day shift on their first rest day from 11-21 on."""
    off = next(d for d in base.month.days if d >= START and base.entry("A1", d).shift == "off")
    entries = dict(fewest.entries)
    entries["A1", off] = DAY
    return replace(fewest, entries=entries)


def test_two_different_choices_are_two_columns_and_the_grid_shows_the_one_asked_for():
    page = proposal_page(proposal(a1_called_in), lang="en", shown=KEEP_COVER)
    fewest, cover = page.choices
    assert (fewest.choice, cover.choice) == ("fewest_changes", "keep_cover")
    assert (fewest.changed_days, cover.changed_days) == (1, 2)
    assert (fewest.called_in, cover.called_in) == (0, 1)
    assert (fewest.proved, cover.proved) == (True, False)
    assert sorted(c.kind for c in cover.changes) == ["absent", "called in"]
    assert not page.same_choices and page.both_offered
    assert (page.shown, page.shown_title) == ("keep_cover", "Keep the cover")
    marked = {row.agent_id for row in page.page.rows for c in row.cells if "changed" in c.css}
    assert marked == {"A1", "A2"}


def test_the_grid_shows_fewest_changes_unless_asked():
    page = proposal_page(proposal(a1_called_in), lang="en")
    marked = {row.agent_id for row in page.page.rows for c in row.cells if "changed" in c.css}
    assert (page.shown, marked) == ("fewest_changes", {"A2"})


def test_two_choices_with_the_same_roster_are_shown_once():
    page = proposal_page(proposal(lambda base, fewest: fewest), lang="zh", shown=KEEP_COVER)
    assert page.same_choices and page.both_offered
    assert [c.choice for c in page.choices] == ["fewest_changes"]
    assert page.shown == "fewest_changes"
