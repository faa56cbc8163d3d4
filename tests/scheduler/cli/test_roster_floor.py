"""`scheduler roster` reports the floor under its shortfall (issue 31)."""

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from scheduler.cli.roster import echo_floor
from scheduler.roster.fixes import FixProposal
from scheduler.roster.floor import FloorReport, ShortfallRow
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


def test_the_cli_lists_each_fix_with_the_agent_shifts_it_removes(capsys):
    row = ShortfallRow(
        date=date(2026, 11, 11),
        shift="day",
        shop_id="DY01",
        shortfall=4.0,
        unavoidable=3.0,
        cause="only 1 agent qualified for DY01",
    )
    fixes = (
        FixProposal(text="qualify A05 for DY01", removes=3.0),
        FixProposal(text="move A03's leave 11-11 → 11-09", removes=1.0),
    )
    echo_floor(FloorReport(floor=3.0, seconds=0.1, rows=(row,), fixes=fixes), Path("t"), 2026)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "shortfall 4 agent-shifts (at least 3 unavoidable with this team)"
    assert lines[-2:] == [
        "  - qualify A05 for DY01: removes 3 agent-shifts",
        "  - move A03's leave 11-11 → 11-09: removes 1 agent-shifts",
    ]
