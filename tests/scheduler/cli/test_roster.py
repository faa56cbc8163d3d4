import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.team.folder import read_team
from scheduler.team.model import Blackout, Leave
from scheduler.team.writer import write_team_folder
from tests.checker import check_roster, read_written
from tests.helpers import tiny_team_value

runner = CliRunner()
FILES = ("roster.csv", "assignments.csv", "coverage.csv", "summary.json", "roster.html")


def run_roster(
    team_dir: Path, out: Path, month: str = "2026-11", *extra: str, time_limit: float = 4
):
    return runner.invoke(
        app,
        [
            "roster",
            str(team_dir),
            "--month",
            month,
            "--out",
            str(out),
            "--time-limit",
            str(time_limit),
            "--workers",
            "1",
            *extra,
        ],
    )


def test_roster_writes_five_files_the_checker_accepts(tiny_team_dir, tmp_path):
    out = tmp_path / "out"
    result = run_roster(tiny_team_dir, out)
    assert result.exit_code == 0, result.output
    assert all((out / name).exists() for name in FILES)
    assert f"Roster page: {out / 'roster.html'}" in result.output
    assert check_roster(read_team(tiny_team_dir), out, 2026, 11) == []
    summary = json.loads((out / "summary.json").read_text())
    assert summary["status"] in ("OPTIMAL", "FEASIBLE")
    for key in (
        "objective",
        "best_bound",
        "gap",
        "wall_seconds",
        "shortfall",
        "agents_2_shops",
        "agents_3_shops",
    ):
        assert key in summary


@pytest.mark.slow  # a 10 s solve
def test_demo_team_roster_is_accepted_by_the_checker(demo_team_dir, tmp_path):
    out = tmp_path / "demo"
    # Eleven agents: the first roster is built agent by agent within the first half.
    result = run_roster(demo_team_dir, out, time_limit=10)
    assert result.exit_code == 0, result.output
    assert check_roster(read_team(demo_team_dir), out, 2026, 11) == []


def test_bad_input_exits_2_with_file_and_line_and_writes_nothing(tiny_team_dir, tmp_path):
    requirements = tiny_team_dir / "requirements.csv"
    lines = requirements.read_text().splitlines()
    lines[2] = "2026-13-01,day,TM,1"
    requirements.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out"
    result = run_roster(tiny_team_dir, out)
    assert result.exit_code == 2
    assert "requirements.csv:3: date '2026-13-01'" in result.output
    assert not out.exists()


def test_bad_input_leaves_an_earlier_roster_untouched(tiny_team_dir, tmp_path):
    out = tmp_path / "out"
    assert run_roster(tiny_team_dir, out).exit_code == 0
    before = {name: (out / name).read_bytes() for name in FILES}
    (tiny_team_dir / "shops.csv").write_text("shop_id,name,platform,tier\nTM,x,Tmall,huge\n")
    assert run_roster(tiny_team_dir, out).exit_code == 2
    assert {name: (out / name).read_bytes() for name in FILES} == before


def test_rest_days_that_cannot_fit_exit_3_with_the_reason(tmp_path):
    team = tiny_team_value(blackouts=(Blackout(start=date(2026, 11, 1), end=date(2026, 11, 27)),))
    write_team_folder(team, tmp_path / "team")
    result = run_roster(tmp_path / "team", tmp_path / "out")
    assert result.exit_code == 3
    assert "must take exactly 8 rest days in 2026-11" in result.output
    assert "[rest_days_per_month]" in result.output
    assert "What would fix it" in result.output
    assert not (tmp_path / "out").exists()


def test_blackout_longer_than_the_run_limit_is_explained(tmp_path):
    # Eight blackout days in a row, but at most six working days in a row.
    team = tiny_team_value(blackouts=(Blackout(start=date(2026, 11, 5), end=date(2026, 11, 12)),))
    team = replace(team, leave=())
    write_team_folder(team, tmp_path / "team")
    result = run_roster(tmp_path / "team", tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert "[no_rest_in_blackout]" in result.output
    assert "[max_consecutive_workdays]" in result.output
    assert "at most 6 days in a row" in result.output


def test_previous_month_rules_carry_across_the_boundary(tiny_team_dir, tmp_path):
    october = tmp_path / "oct"
    assert run_roster(tiny_team_dir, october, "2026-10").exit_code == 0
    november = tmp_path / "nov"
    result = run_roster(
        tiny_team_dir, november, "2026-11", "--previous", str(october / "roster.csv")
    )
    assert result.exit_code == 0, result.output
    team = read_team(tiny_team_dir)
    previous = read_written(october, team, 2026, 10)
    assert check_roster(team, november, 2026, 11, previous) == []


def test_previous_roster_of_the_wrong_month_is_refused(tiny_team_dir, tmp_path):
    assert run_roster(tiny_team_dir, tmp_path / "nov", "2026-11").exit_code == 0
    result = run_roster(
        tiny_team_dir,
        tmp_path / "dec",
        "2026-11",
        "--previous",
        str(tmp_path / "nov" / "roster.csv"),
    )
    assert result.exit_code == 2
    assert "expected 2026-10" in result.output


def test_leave_that_leaves_a_shop_with_nobody_qualified_is_named(tmp_path):
    # A3 is the only agent qualified for JD besides A1; both on leave 11-03..11-04.
    team = tiny_team_value(
        leave=(
            Leave(agent_id="A1", start=date(2026, 11, 3), end=date(2026, 11, 4)),
            Leave(agent_id="A3", start=date(2026, 11, 3), end=date(2026, 11, 4)),
        )
    )
    write_team_folder(team, tmp_path / "team")
    result = run_roster(tmp_path / "team", tmp_path / "out")
    # Cover is a soft goal: the roster is written, with the cause of the shortfall named.
    assert result.exit_code == 0, result.output
    assert "Needs nobody can meet" in result.output
    expected = "JD day 11-03..11-04: every agent qualified for JD is away: A1 on leave, A3 on leave"
    assert expected in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert any(line.startswith("JD evening 11-03..11-04") for line in summary["unstaffable"])


def test_a_month_outside_2000_to_2100_is_refused(tiny_team_dir, tmp_path):
    result = run_roster(tiny_team_dir, tmp_path / "out", "0000-01")
    assert result.exit_code == 2
    assert "month '0000-01' is not between 2000 and 2100" in result.output
