"""`scheduler roster` writes ledger.csv, cumulative over the months chained by --previous."""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import holidays
import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.roster.files import roster_csv
from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.folder import read_team

runner = CliRunner()
BLACKOUT = (date(2026, 11, 10), date(2026, 11, 12))


def build(team: Path, month: str, out: Path, *extra: str) -> None:
    args = ["roster", str(team), "--month", month, "--out", str(out)]
    result = runner.invoke(app, [*args, "--time-limit", "3", "--workers", "1", *extra])
    assert result.exit_code == 0, result.output


def count(roster_csv: Path) -> dict[str, Counter]:
    """The ledger's counts, recounted from a roster.csv alone."""
    cn = holidays.country_holidays("CN", years=[2026, 2027])
    counts: dict[str, Counter] = {}
    with roster_csv.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            c = counts.setdefault(row["agent_id"], Counter())
            day = date.fromisoformat(row["date"])
            if row["shift"] not in ("day", "evening"):
                continue
            c["evenings"] += row["shift"] == "evening"
            c["weekend_days_worked"] += day.weekday() >= 5
            c["holiday_days_worked"] += day in cn and "observed" not in cn[day].lower()
            c["blackout_days_worked"] += BLACKOUT[0] <= day <= BLACKOUT[1]
    return counts


def read(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as f:
        return {row["agent_id"]: row for row in csv.DictReader(f)}


@pytest.mark.slow
def test_december_ledger_counts_both_chained_months(demo_team_dir, tmp_path):
    build(demo_team_dir, "2026-11", tmp_path / "nov")
    build(
        demo_team_dir, "2026-12", tmp_path / "dec", "--previous", str(tmp_path / "nov/roster.csv")
    )
    nov, dec = count(tmp_path / "nov/roster.csv"), count(tmp_path / "dec/roster.csv")
    ledger = read(tmp_path / "dec/ledger.csv")
    assert set(ledger) == set(nov) == set(dec)
    for agent_id, row in ledger.items():
        for column in (
            "evenings",
            "weekend_days_worked",
            "holiday_days_worked",
            "blackout_days_worked",
        ):
            both = nov[agent_id][column] + dec[agent_id][column]
            assert int(row[column]) == both, (agent_id, column)
            assert int(row[f"month_{column}"]) == dec[agent_id][column], (agent_id, column)
        assert (row["since"], row["months"]) == ("2026-11", "2")
    assert sum(int(r["blackout_days_worked"]) for r in ledger.values()) > 0
    # Without --previous, December's ledger is December alone.
    build(demo_team_dir, "2026-12", tmp_path / "alone")
    alone = read(tmp_path / "alone/ledger.csv")
    assert all(r["months"] == "1" and r["since"] == "2026-12" for r in alone.values())


def test_a_broken_ledger_beside_the_previous_roster_is_refused_by_line(tiny_team_dir, tmp_path):
    team = read_team(tiny_team_dir)
    previous = tmp_path / "nov"
    previous.mkdir()
    november = Month(2026, 11)
    roster = Roster(
        month=november,
        entries={
            (a.agent_id, d): RosterEntry(shift="day", shares=((a.shops[0], 100),))
            for a in team.agents
            for d in november.days
        },
        assignments={a.agent_id: a.shops[:1] for a in team.agents},
        agent_ids=tuple(a.agent_id for a in team.agents),
    )
    (previous / "roster.csv").write_text(roster_csv(roster), encoding="utf-8")
    columns = (
        "agent_id,evenings,weekend_days_worked,holiday_days_worked,blackout_days_worked,months,"
        "since,month_evenings,month_weekend_days_worked,month_holiday_days_worked,"
        "month_blackout_days_worked\n"
    )
    (previous / "ledger.csv").write_text(
        columns + "A1,3,2,0,0,1,2026-11,3,2,0,0\nA2,x,2,0,0,1,2026-11,3,2,0,0\n", encoding="utf-8"
    )
    args = ["roster", str(tiny_team_dir), "--month", "2026-12", "--out", str(tmp_path / "dec")]
    result = runner.invoke(app, [*args, "--previous", str(previous / "roster.csv")])
    assert result.exit_code == 2
    assert "ledger.csv:3: evenings 'x' is not a count" in result.output
    assert not (tmp_path / "dec").exists()
