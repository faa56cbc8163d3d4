import shutil

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.team.folder import read_team
from tests.demand_data import write_demand_team
from tests.helpers import ROOT

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, [str(a) for a in args])


@pytest.fixture
def team_dir(tmp_path):
    """The tiny team with generated history and no requirements.csv yet."""
    return write_demand_team(tmp_path / "team")


def test_erlang_says_14_agents_and_20_with_shrinkage():
    plain = run("erlang", "--volume", 100, "--interval", 30, "--aht", 180, "--target", 0.8,
                "--within", 20)  # fmt: skip
    assert plain.exit_code == 0, plain.output
    assert "Agents needed: 14\n" in plain.output
    assert "88.8% answered within 20 s" in plain.output
    assert "→   14" in plain.output  # the table marks the answer
    shrunk = run("erlang", "--volume", 100, "--interval", 30, "--aht", 180, "--target", 0.8,
                 "--within", 20, "--shrinkage", 0.3)  # fmt: skip
    assert "Agents needed: 20 scheduled (14 on duty + 30% shrinkage)" in shrunk.output


def test_erlang_with_patience_and_concurrency_shows_abandonment_and_the_spread():
    result = run("erlang", "--volume", 120, "--interval", 60, "--aht", 600, "--within", 30,
                 "--patience", 300, "--concurrency", 3)  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Erlang A")
    assert "abandoned" in result.output
    assert "on duty by concurrency method: slots" in result.output


def test_erlang_refuses_a_target_above_one():
    result = run("erlang", "--volume", 10, "--aht", 60, "--target", 1.5)
    assert result.exit_code == 2
    assert "level must be between 0 and 1" in result.output


def test_forecast_staff_and_headcount_chain(team_dir):
    forecast = run("forecast", team_dir, "--month", "2026-11")
    assert forecast.exit_code == 0, forecast.output
    assert (
        (team_dir / "forecast.csv")
        .read_text()
        .startswith("date,shop_id,inquiries,low,high,day_share,event\n")
    )
    assert "double11 peak" in forecast.output
    staff = run("staff", team_dir, "--month", "2026-11")
    assert staff.exit_code == 0, staff.output
    assert f"from {team_dir / 'forecast.csv'}" in staff.output
    team = read_team(team_dir)  # the roster engine reads what staff wrote
    assert len(team.requirements) == 30 * 2 * 2
    peak = [r.agents for r in team.requirements if r.date.day == 11 and r.shop_id == "TM"]
    normal = [r.agents for r in team.requirements if r.date.day == 25 and r.shop_id == "TM"]
    assert sum(peak) > 2 * sum(normal)
    heads = run("headcount", team_dir, "--month", "2026-11")
    assert heads.exit_code == 0, heads.output
    assert "agents needed" in heads.output and "2026-11-11" in heads.output


def test_staff_without_forecast_csv_forecasts_from_history_and_erlang_needs_more(team_dir):
    rule = run("staff", team_dir, "--month", "2026-11", "--out", team_dir / "rule.csv")
    assert rule.exit_code == 0, rule.output
    assert "from history.csv" in rule.output
    erlang = run(
        "staff", team_dir, "--month", "2026-11", "--method", "erlang-c", "--out",
        team_dir / "erlang.csv",
    )  # fmt: skip
    assert erlang.exit_code == 0, erlang.output
    assert not (team_dir / "requirements.csv").exists()

    def total(name):
        lines = (team_dir / name).read_text().splitlines()[1:]
        return sum(float(line.split(",")[3]) for line in lines)

    assert total("erlang.csv") > total("rule.csv") > 0


def test_headcount_needs_requirements(team_dir):
    result = run("headcount", team_dir, "--month", "2026-11")
    assert result.exit_code == 2
    assert "requirements.csv: file not found" in result.output


def test_staff_compare_prints_the_three_concurrency_methods(team_dir):
    result = run("staff", team_dir, "--month", "2026-11", "--compare")
    assert result.exit_code == 0, result.output
    header = next(line for line in result.output.splitlines() if "shop" in line)
    assert header.split() == ["shop", "rule", "slots", "factor", "workload"]
    assert any(line.strip().startswith("team") for line in result.output.splitlines())
    assert not (team_dir / "requirements.csv").exists()


def test_bad_history_exits_2_with_file_and_line_and_keeps_the_old_forecast(team_dir):
    assert run("forecast", team_dir, "--month", "2026-11").exit_code == 0
    before = (team_dir / "forecast.csv").read_text()
    history = team_dir / "history.csv"
    lines = history.read_text().splitlines()
    lines[2] = "2026-13-01,TM,5,"
    lines[4] = "2025-01-01,NOPE,5,"
    history.write_text("\n".join(lines) + "\n")
    result = run("forecast", team_dir, "--month", "2026-11")
    assert result.exit_code == 2
    assert "history.csv:3: date '2026-13-01'" in result.output
    assert "history.csv:5: unknown shop_id 'NOPE'" in result.output
    assert (team_dir / "forecast.csv").read_text() == before


def test_bad_staffing_table_exits_2(team_dir):
    toml = team_dir / "team.toml"
    toml.write_text(toml.read_text() + "\n[staffing]\ntarget = -5\n")
    result = run("staff", team_dir, "--month", "2026-11")
    assert result.exit_code == 2
    assert "team.toml:" in result.output and "target -5 must be > 0" in result.output


def test_staff_refuses_a_forecast_of_another_month(team_dir):
    assert run("forecast", team_dir, "--month", "2026-12").exit_code == 0
    result = run("staff", team_dir, "--month", "2026-11")
    assert result.exit_code == 2
    assert "forecast.csv: has no day of 2026-11" in result.output


def test_backtest_prints_wape_next_to_the_naive_baseline(team_dir):
    result = run("backtest", team_dir, "--event", "double11", "--year", "2025")
    assert result.exit_code == 0, result.output
    assert "naive WAPE" in result.output
    assert "lower than the seasonal-naive baseline" in result.output


def test_committed_demo_requirements_are_what_staff_makes_of_its_history(tmp_path):
    demo = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo-team", demo)
    result = run("staff", demo, "--month", "2026-11", "--out", tmp_path / "made.csv")
    assert result.exit_code == 0, result.output
    committed = (ROOT / "examples" / "demo-team" / "requirements.csv").read_text()
    assert (tmp_path / "made.csv").read_text() == committed
