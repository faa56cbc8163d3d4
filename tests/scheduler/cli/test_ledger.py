"""`scheduler roster` writes ledger.csv, cumulative over the months chained by --previous."""

import csv
from collections import Counter
from datetime import date
from pathlib import Path

import holidays
import pytest
from typer.testing import CliRunner

from scheduler.cli import app

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
