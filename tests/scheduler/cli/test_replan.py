import csv
import json
import shutil
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.team.folder import read_team
from scheduler.team.model import Agent, Pin
from scheduler.team.writer import write_team_folder
from tests.checker import check_roster
from tests.helpers import tiny_team_value

runner = CliRunner()
FILES = ("roster.csv", "assignments.csv", "coverage.csv", "summary.json", "roster.html")
FAST = ("--time-limit", "4", "--workers", "1")

# A5 and A2 serve only TM and rotate evening → day. A5's pins put its switch at 15/17 with a
# rest day on the 16th; A2 works the 16th. Both are off around the 19th–22nd by turns.
PINS = {
    "A5": {14: "off", 15: "evening", 16: "off", 17: "day", 19: "off", 20: "day", 21: "off"},
    "A2": {15: "off", 16: "day", 19: "off", 20: "off", 21: "day", 22: "off"},
    "A4": {16: "evening"},
}


def pinned_team():
    team = tiny_team_value()
    agents = (*team.agents, Agent(agent_id="A5", name="陈静", shops=("TM",)))
    pins = tuple(
        Pin(agent_id=a, date=date(2026, 11, d), shift=s)
        for a, days in PINS.items()
        for d, s in days.items()
    )
    return replace(team, agents=agents, pins=pins)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The pinned tiny team's folder and its November roster, built once with its pins."""
    root = tmp_path_factory.mktemp("replan")
    write_team_folder(pinned_team(), root / "team")
    out = root / "published"
    result = runner.invoke(
        app, ["roster", str(root / "team"), "--month", "2026-11", "--out", str(out), *FAST]
    )
    assert result.exit_code == 0, result.output
    return root


@pytest.fixture
def published(built: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of the built team folder and roster, for one test to change."""
    shutil.copytree(built, tmp_path / "copy")
    team_dir = tmp_path / "copy" / "team"
    out = tmp_path / "copy" / "published"
    # summary.json names the team folder it was built from: point it at the copy.
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    summary["team_dir"] = str(team_dir)
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return team_dir, out


def rows(out: Path) -> dict[tuple[str, str], tuple[str, str]]:
    with (out / "roster.csv").open(encoding="utf-8") as f:
        return {(r["agent_id"], r["date"]): (r["shift"], r["shops"]) for r in csv.DictReader(f)}


def run_replan(team_dir: Path, out: Path, start: str, new: Path):
    args = ["--roster", str(out / "roster.csv"), "--from", start, "--out", str(new)]
    return runner.invoke(app, ["replan", str(team_dir), *args, *FAST])


def add_leave(team_dir: Path, line: str) -> None:
    with (team_dir / "leave.csv").open("a", encoding="utf-8") as f:
        f.write(line + "\n")


def test_pins_hold_in_the_built_roster(published):
    team_dir, out = published
    written = rows(out)
    for agent_id, days in PINS.items():
        for d, shift in days.items():
            assert written[agent_id, f"2026-11-{d:02d}"][0] == shift
    assert check_roster(read_team(team_dir), out, 2026, 11) == []


def test_replan_keeps_the_days_before_from_and_lists_every_change(published, tmp_path):
    team_dir, out = published
    add_leave(team_dir, "A1,2026-11-12,2026-11-14,sick")
    new = tmp_path / "new"
    result = run_replan(team_dir, out, "2026-11-12", new)
    assert result.exit_code == 0, result.output
    assert all((new / name).exists() for name in (*FILES, "changes.csv"))
    assert check_roster(read_team(team_dir), new, 2026, 11) == []
    before, after = rows(out), rows(new)
    assert {k: v for k, v in after.items() if k[1] < "2026-11-12"} == {
        k: v for k, v in before.items() if k[1] < "2026-11-12"
    }
    with (new / "changes.csv").open(encoding="utf-8") as f:
        changes = {(r["agent_id"], r["date"]): r for r in csv.DictReader(f)}
    assert set(changes) == {k for k in after if after[k] != before[k]}
    for key in ("2026-11-12", "2026-11-13", "2026-11-14"):
        assert after["A1", key][0] == "leave"
        if before["A1", key][0] != "leave":
            assert changes["A1", key]["before"] == before["A1", key][0]
            assert changes["A1", key]["after"] == "leave"
    summary = json.loads((new / "summary.json").read_text())
    assert summary["replan"]["changed_days"] == len(changes)
    assert summary["replan"]["changed_days_before_from"] == 0
    assert 'class="leave changed"' in (new / "roster.html").read_text()


def test_replan_from_outside_the_month_is_bad_input(published, tmp_path):
    team_dir, out = published
    result = run_replan(team_dir, out, "2026-12-01", tmp_path / "new")
    assert result.exit_code == 2
    assert "--from: 2026-12-01 is not in the roster's month 2026-11" in result.output
    assert not (tmp_path / "new").exists()


def test_a_pin_on_a_leave_day_is_refused_with_the_rule_it_breaks(published, tmp_path):
    team_dir, _ = published
    with (team_dir / "pins.csv").open("a", encoding="utf-8") as f:
        f.write("A2,2026-11-03,day\n")  # A2 is on leave 11-03..11-04
    result = runner.invoke(
        app, ["roster", str(team_dir), "--month", "2026-11", "--out", str(tmp_path / "x"), *FAST]
    )
    assert result.exit_code == 3, result.output
    assert "11-03 is fixed to day but leave.csv gives leave that day" in result.output
    assert "[pinned_cells]" in result.output


def test_new_leave_on_a_kept_day_is_refused_with_the_rule_it_breaks(published, tmp_path):
    team_dir, out = published
    add_leave(team_dir, "A3,2026-11-08,2026-11-09,sick")
    result = run_replan(team_dir, out, "2026-11-12", tmp_path / "new")
    assert result.exit_code == 3, result.output
    assert "A3 (张敏) keeps the cells fixed in advance on 11-01..11-11" in result.output
    assert "[pinned_cells]" in result.output


def swap(out: Path, *args: str):
    return runner.invoke(app, ["swap", str(out / "roster.csv"), *args, *FAST])


def test_a_swap_that_puts_a_day_shift_after_an_evening_is_refused_with_that_reason(published):
    team_dir, out = published
    (team_dir / "pins.csv").unlink()  # the team lead lifts the pins before the swap
    before = {name: (out / name).read_bytes() for name in FILES}
    # A5 would take A2's day shift on the 16th, right after A5's evening on the 15th.
    result = swap(out, "A5", "2026-11-16", "A2", "2026-11-20")
    assert result.exit_code == 3, result.output
    assert "Swap refused" in result.output
    assert "[min_rest_between_shifts]" in result.output
    assert "evening (ends 00:30) then day (starts 08:30)" in result.output
    assert "A5 (陈静) needs 11 h of rest between shifts" in result.output
    assert {name: (out / name).read_bytes() for name in FILES} == before


def test_a_swap_that_keeps_every_rule_is_applied(published):
    team_dir, out = published
    (team_dir / "pins.csv").unlink()
    before = rows(out)
    result = swap(out, "A5", "2026-11-20", "A2", "2026-11-21")
    assert result.exit_code == 0, result.output
    after = rows(out)
    assert after["A5", "2026-11-20"][0] == before["A2", "2026-11-20"][0] == "off"
    assert after["A2", "2026-11-20"][0] == before["A5", "2026-11-20"][0] == "day"
    assert after["A5", "2026-11-21"][0] == before["A2", "2026-11-21"][0] == "day"
    assert after["A2", "2026-11-21"][0] == before["A5", "2026-11-21"][0] == "off"
    untouched = {("A5", "2026-11-20"), ("A2", "2026-11-20"), ("A5", "2026-11-21")}
    untouched |= {("A2", "2026-11-21")}
    assert {k: v for k, v in after.items() if k not in untouched} == {
        k: v for k, v in before.items() if k not in untouched
    }
    assert check_roster(read_team(team_dir), out, 2026, 11) == []
    with (out / "changes.csv").open(encoding="utf-8") as f:
        assert {(r["agent_id"], r["date"]) for r in csv.DictReader(f)} == untouched


def test_a_swap_may_not_move_a_pinned_cell(published):
    _, out = published
    result = swap(out, "A5", "2026-11-20", "A2", "2026-11-21")
    assert result.exit_code == 3, result.output
    assert "A5 is pinned to day on 2026-11-20 in pins.csv" in result.output
    assert "[pinned_cells]" in result.output


def test_a_swap_of_an_unknown_agent_is_bad_input(published):
    _, out = published
    result = swap(out, "A5", "2026-11-20", "Z9", "2026-11-21")
    assert result.exit_code == 2
    assert "AGENT_B: Z9 is not an agent of this roster" in result.output


def test_a_swap_giving_a_fixed_shift_agent_the_other_shift_is_refused_without_search(published):
    team_dir, out = published
    (team_dir / "pins.csv").unlink()
    # A4 works evenings only; on the 16th A2 works a day shift and A4 an evening.
    result = swap(out, "A2", "2026-11-16", "A4", "2026-11-16")
    assert result.exit_code == 3, result.output
    assert "A4 11-16 would be day, a shift the agent does not work [pinned_cells]" in (
        result.output
    )


def test_replan_keep_cover_covers_at_least_as_well_as_fewest_changes(published, tmp_path):
    team_dir, out = published
    add_leave(team_dir, "A1,2026-11-12,2026-11-14,sick")
    fewest, cover = tmp_path / "fewest", tmp_path / "cover"
    assert run_replan(team_dir, out, "2026-11-12", fewest).exit_code == 0
    args = ["--roster", str(out / "roster.csv"), "--from", "2026-11-12", "--out", str(cover)]
    result = runner.invoke(app, ["replan", str(team_dir), *args, *FAST, "--keep-cover"])
    assert result.exit_code == 0, result.output
    assert check_roster(read_team(team_dir), cover, 2026, 11) == []
    summaries = [json.loads((d / "summary.json").read_text()) for d in (fewest, cover)]
    assert [s["replan"]["choice"] for s in summaries] == ["fewest_changes", "keep_cover"]
    assert summaries[1]["shortfall"] <= summaries[0]["shortfall"]
    assert {k: v for k, v in rows(cover).items() if k[1] < "2026-11-12"} == {
        k: v for k, v in rows(out).items() if k[1] < "2026-11-12"
    }
