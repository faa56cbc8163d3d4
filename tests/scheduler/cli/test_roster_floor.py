"""`scheduler roster` reports the floor under its shortfall (issue 31)."""

import csv
import json

import pytest

from scheduler.team.folder import read_team
from tests.checker import check_roster
from tests.scheduler.cli.test_roster import run_roster


@pytest.mark.slow
def test_roster_prints_the_floor_and_writes_shortfall_csv(tiny_team_dir, tmp_path):
    out = tmp_path / "out"
    result = run_roster(tiny_team_dir, out)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    shortfall, floor = summary["shortfall"], summary["shortfall_floor"]
    assert 0 <= floor <= shortfall
    assert (
        f"shortfall {shortfall:g} agent-shifts (at least {floor:g} unavoidable with this team)"
        in result.output
    )
    assert ("the cover is proven the best possible" in result.output) == (floor == shortfall)
    with (out / "shortfall.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert sum(float(r["shortfall"]) for r in rows) == pytest.approx(shortfall)
    assert sum(float(r["unavoidable"]) for r in rows) == pytest.approx(floor)
    assert all(r["cause"] for r in rows)
    assert check_roster(read_team(tiny_team_dir), out, 2026, 11) == []
