"""The fairness ledger's counts, its file, and how it adds up over months."""

import tempfile
from datetime import date
from pathlib import Path

import pytest

from scheduler.people.ledger import (
    Counts,
    LedgerRow,
    agent_counts,
    ledger_beside,
    ledger_csv,
    month_ledger,
    read_ledger,
    worked_before,
)
from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors
from scheduler.team.model import Blackout
from tests.helpers import tiny_team_value

OCT = Month(2026, 10)


def october(shift_of) -> Roster:
    """A1 and A2 in October 2026, each day's entry given by ``shift_of(agent_id, day)``."""
    entries = {
        (a, d): RosterEntry(
            shift=(s := shift_of(a, d)), shares=(("TM", 100),) if s in ("day", "evening") else ()
        )
        for a in ("A1", "A2")
        for d in OCT.days
    }
    return Roster(month=OCT, entries=entries, assignments={}, agent_ids=("A1", "A2"))


def test_counts_evenings_weekends_holidays_and_blackout_shifts_only():
    team = tiny_team_value(blackouts=(Blackout(start=date(2026, 10, 1), end=date(2026, 10, 4)),))
    # A1 works an evening every day; A2 is in training on the holidays, else works days.
    roster = october(lambda a, d: "evening" if a == "A1" else ("training" if d.day <= 3 else "day"))
    # October 2026: 9 weekend days (3-4, 10-11, 17-18, 24-25, 31); statutory holidays
    # 10-01..10-03 (the `holidays` library; 10-05..10-07 are moved days off, not counted).
    assert agent_counts(team, roster, "A1") == Counts(
        evenings=31, weekend_days_worked=9, holiday_days_worked=3, blackout_days_worked=4
    )
    assert agent_counts(team, roster, "A2") == Counts(
        evenings=0, weekend_days_worked=8, holiday_days_worked=0, blackout_days_worked=1
    )


def test_ledger_adds_last_month_and_reads_back(tmp_path):
    team = tiny_team_value()
    roster = october(lambda a, d: "off" if d.day % 2 else "day")
    before = {
        "A1": LedgerRow(
            agent_id="A1",
            total=Counts(evenings=5, weekend_days_worked=4, holiday_days_worked=1),
            month=Counts(evenings=5),
            months=2,
            since="2026-08",
        )
    }
    rows = month_ledger(team, roster, before)
    a1, a2 = rows
    assert a1.month == agent_counts(team, roster, "A1")
    assert a1.total == a1.month + before["A1"].total
    assert (a1.months, a1.since, a2.months, a2.since) == (3, "2026-08", 1, "2026-10")
    path = tmp_path / "ledger.csv"
    path.write_text(ledger_csv(rows), encoding="utf-8")
    assert read_ledger(path) == {"A1": a1, "A2": a2}
    assert worked_before(read_ledger(path)).days["A1"] == (
        a1.total.weekend_days_worked + a1.total.holiday_days_worked
    )


def test_a_broken_ledger_names_its_line(tmp_path):
    path = tmp_path / "ledger.csv"
    text = ledger_csv(month_ledger(tiny_team_value(), october(lambda a, d: "day")))
    path.write_text(text.replace("A2,0,", "A2,x,"), encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        read_ledger(path)
    assert [str(e) for e in caught.value.errors] == ["ledger.csv:3: evenings 'x' is not a count"]


def test_a_changed_month_replaces_its_counts_in_the_ledger_beside_it(tmp_path):
    team = tiny_team_value()
    published = october(lambda a, d: "day")
    before = {
        "A1": LedgerRow(
            agent_id="A1", total=Counts(evenings=7), month=Counts(), months=1, since="2026-09"
        )
    }
    (tmp_path / "ledger.csv").write_text(
        ledger_csv(month_ledger(team, published, before)), encoding="utf-8"
    )
    changed = october(lambda a, d: "evening" if a == "A1" and d.day <= 5 else "day")
    rows = {
        r.agent_id: r
        for r in read_ledger_text(ledger_beside(tmp_path / "roster.csv", published, team, changed))
    }
    assert rows["A1"].month == agent_counts(team, changed, "A1")
    assert rows["A1"].total == Counts(evenings=7) + agent_counts(team, changed, "A1")
    assert (rows["A1"].months, rows["A1"].since, rows["A2"].months) == (2, "2026-09", 1)
    assert ledger_beside(tmp_path / "other" / "roster.csv", published, team, changed) is None


def read_ledger_text(text: str | None) -> list[LedgerRow]:
    assert text is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ledger.csv"
        path.write_text(text, encoding="utf-8")
        return list(read_ledger(path).values())
