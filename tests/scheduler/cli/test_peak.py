import csv
import json

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.peak.temps import read_hires, with_temps
from scheduler.team.folder import read_team
from tests.checker import check_roster
from tests.demand_data import write_demand_team

runner = CliRunner()


def run(*args: object):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def team_dir(tmp_path):
    """The tiny team with generated history to 2026-10-15."""
    return write_demand_team(tmp_path / "team")


@pytest.mark.slow
def test_peak_writes_its_files_and_a_summary_per_scenario(team_dir, tmp_path):
    out = tmp_path / "peak"
    result = run("peak", team_dir, "--event", "double11", "--year", 2026, "--today",
                 "2026-09-01", "--out", out, "--time-limit", 2, "--workers", 1,
                 "--scenario", "+35%")  # fmt: skip
    assert result.exit_code == 0, result.output
    for name in ("peak.csv", "hires.csv", "hires-plus35.csv", "peak_agents.csv", "peak.json"):
        assert (out / name).exists(), name
    assert f"Peak page: {out / 'peak.html'}" in result.output
    assert "gap before" in result.output
    with (out / "peak.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    # 5 scenarios × 37 days (10-13..11-18) × 2 shifts
    assert len(rows) == 5 * 37 * 2
    assert {r["scenario"] for r in rows} == {"-20%", "as forecast", "+20%", "+35%", "+50%"}
    peak_day = [r for r in rows if r["date"] == "2026-11-11" and r["scenario"] == "as forecast"]
    assert {r["phase"] for r in peak_day} == {"peak"}
    assert all(float(r["gap"]) >= float(r["uncovered"]) for r in rows)
    with (out / "hires.csv").open(encoding="utf-8") as f:
        assert next(csv.reader(f)) == ["shop_id", "count", "start_date", "hire_by", "shift"]
    data = json.loads((out / "peak.json").read_text(encoding="utf-8"))
    temps = [s["temps"] for s in data["scenarios"]]
    assert temps == sorted(temps)


def test_peak_refuses_a_bad_scenario_and_an_unknown_event(team_dir, tmp_path):
    bad = run("peak", team_dir, "--event", "double11", "--year", 2026, "--scenario", "lots")
    assert bad.exit_code == 2
    assert "--scenario" in bad.output
    unknown = run("peak", team_dir, "--event", "black-friday", "--year", 2026, "--out", tmp_path)
    assert unknown.exit_code == 2
    assert "known events" in unknown.output


@pytest.mark.slow
def test_roster_takes_the_temps_of_a_hires_file(tiny_team_dir, tmp_path):
    hires = tmp_path / "hires.csv"
    hires.write_text(
        "shop_id,count,start_date,hire_by,shift\n"
        "TM,2,2026-11-11,2026-10-27,day\n"
        "JD,1,2026-11-05,2026-10-21,\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = run("roster", tiny_team_dir, "--month", "2026-11", "--out", out, "--time-limit", 4,
                 "--workers", 1, "--hires", hires)  # fmt: skip
    assert result.exit_code == 0, result.output
    with (out / "roster.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    temps = {r["agent_id"] for r in rows if r["agent_id"].startswith("T-")}
    assert temps == {"T-TM-1", "T-TM-2", "T-JD-1"}
    jd = {r["date"]: r for r in rows if r["agent_id"] == "T-JD-1"}
    # Hired 10-21 with 15 days of training: no chats before 11-05, then JD only.
    assert all(jd[f"2026-11-0{d}"]["shift"] in ("training", "off") for d in range(1, 5))
    assert all(r["shops"] in ("", "JD:100") for r in jd.values())
    tm = [r for r in rows if r["agent_id"] == "T-TM-1" and r["shops"]]
    assert {r["shift"] for r in tm} == {"day"}  # the plan's shift is the temp's fixed shift
    team = read_team(tiny_team_dir)
    assert check_roster(with_temps(team, read_hires(hires, team)), out, 2026, 11) == []


def test_roster_refuses_a_bad_hires_file_with_its_line(tiny_team_dir, tmp_path):
    hires = tmp_path / "hires.csv"
    hires.write_text(
        "shop_id,count,start_date,hire_by\nXX,1,2026-11-11,2026-10-27\nTM,1,2026-11-11,2026-12-01\n",
        encoding="utf-8",
    )
    result = run("roster", tiny_team_dir, "--month", "2026-11", "--out", tmp_path / "o",
                 "--hires", hires)  # fmt: skip
    assert result.exit_code == 2
    assert "hires.csv:2: unknown shop_id 'XX'" in result.output
    assert "hires.csv:3: hire_by 2026-12-01 is after start_date 2026-11-11" in result.output
