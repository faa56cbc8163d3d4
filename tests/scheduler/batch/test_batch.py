import csv
import json
import os
import sys

import pytest
from bs4 import BeautifulSoup
from typer.testing import CliRunner

import scheduler.cli.batch as batch_cli
from scheduler.batch.executors import threads_per_team
from scheduler.batch.page import BatchPage
from scheduler.batch.run import BatchReport, TeamReport, write_team_folder_whole
from scheduler.cli import app
from scheduler.team.writer import write_team_folder
from tests.checker import check_roster, read_written
from tests.scheduler.batch.helpers import (
    assert_every_team_checked_with_zero_shortfall,
    batch_args,
    write_generated_teams,
)

runner = CliRunner()
ROSTER_FILES = {
    "roster.csv",
    "assignments.csv",
    "coverage.csv",
    "shortfall.csv",
    "summary.json",
    "roster.html",
    "ledger.csv",
}


@pytest.mark.slow
def test_batch_of_three_generated_teams_on_the_process_pool(tmp_path):
    teams, out = tmp_path / "teams", tmp_path / "out"
    names = write_generated_teams(teams, ((4, 2), (5, 2), (4, 1)))
    result = runner.invoke(app, batch_args(teams, out, "--jobs", "2"))
    assert result.exit_code == 0, result.output
    report = assert_every_team_checked_with_zero_shortfall(teams, out, names)
    assert report["executor"] == "process-pool"
    assert {p.name for p in out.iterdir()} == {*names, "batch.json", "batch.html"}
    for name in names:
        assert {p.name for p in (out / name).iterdir()} == ROSTER_FILES
        assert f"{name}: built  shortfall 0" in result.output
    links = BeautifulSoup((out / "batch.html").read_text(encoding="utf-8"), "html.parser")
    assert sorted(a["href"] for a in links.select("table.batch a")) == [
        f"{n}/roster.html" for n in names
    ]


@pytest.mark.slow
def test_a_team_is_written_as_scheduler_roster_writes_it(tmp_path, tiny_team):
    teams, out, alone = tmp_path / "teams", tmp_path / "out", tmp_path / "alone"
    write_team_folder(tiny_team, teams / "tiny")
    common = ["--month", "2026-11", "--time-limit", "20", "--workers", "1", "--seed", "1"]
    built = runner.invoke(app, ["batch", str(teams), "--out", str(out), *common])
    assert built.exit_code == 0, built.output
    roster = runner.invoke(app, ["roster", str(teams / "tiny"), "--out", str(alone), *common])
    assert roster.exit_code == 0, roster.output
    assert {p.name for p in (out / "tiny").iterdir()} == {p.name for p in alone.iterdir()}
    for name in ("roster.csv", "assignments.csv", "coverage.csv", "ledger.csv"):
        assert (out / "tiny" / name).read_bytes() == (alone / name).read_bytes(), name
    batch_summary = json.loads((out / "tiny" / "summary.json").read_text(encoding="utf-8"))
    alone_summary = json.loads((alone / "summary.json").read_text(encoding="utf-8"))
    assert batch_summary.keys() == alone_summary.keys()
    assert batch_summary["team_dir"] == str((teams / "tiny").resolve())


@pytest.mark.slow
def test_bad_teams_are_reported_and_the_others_still_built(tmp_path, tiny_team):
    teams, out, previous = tmp_path / "teams", tmp_path / "out", tmp_path / "previous"
    write_team_folder(tiny_team, teams / "good")
    # Last month's roster for "late" will be November's own: the wrong month.
    first = runner.invoke(app, batch_args(teams, previous, time_limit=10))
    assert first.exit_code == 0, first.output
    (previous / "good").rename(previous / "late")
    write_team_folder(tiny_team, teams / "late")
    write_team_folder(tiny_team, teams / "broken")
    shops = teams / "broken" / "shops.csv"
    shops.write_text(shops.read_text(encoding="utf-8") + "TM,again,Tmall,big\n", "utf-8")

    result = runner.invoke(
        app, batch_args(teams, out, "--previous-dir", str(previous), time_limit=10)
    )
    assert result.exit_code == 1
    report = {t["team"]: t for t in json.loads((out / "batch.json").read_text("utf-8"))["teams"]}
    assert report["good"]["status"] == "built"
    assert (out / "good" / "roster.html").is_file()
    assert report["broken"]["status"] == "bad input"
    assert any(m.startswith("shops.csv:") for m in report["broken"]["messages"])
    assert report["late"]["status"] == "bad input"
    assert report["late"]["messages"] == [
        f"{previous / 'late' / 'roster.csv'}: is the roster of 2026-11, expected 2026-10"
    ]
    assert not (out / "broken").exists() and not (out / "late").exists()
    assert "  - broken: bad input" in result.output
    assert "  - late: bad input" in result.output


@pytest.mark.slow
def test_last_months_batch_carries_rules_and_ledger_across_the_boundary(tmp_path, tiny_team):
    teams, october, november = tmp_path / "teams", tmp_path / "oct", tmp_path / "nov"
    write_team_folder(tiny_team, teams / "tiny")
    common = ["--time-limit", "20", "--seed", "1"]
    first = runner.invoke(
        app, ["batch", str(teams), "--month", "2026-10", "--out", str(october), *common]
    )
    assert first.exit_code == 0, first.output
    result = runner.invoke(app, [
        "batch", str(teams), "--month", "2026-11", "--out", str(november),
        "--previous-dir", str(october), *common,
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    previous = read_written(october / "tiny", tiny_team, 2026, 10)
    assert check_roster(tiny_team, november / "tiny", 2026, 11, previous) == []
    # The ledger is cumulative over the two months, as with `scheduler roster --previous`.
    with (october / "tiny" / "ledger.csv").open(encoding="utf-8") as f:
        before = {row["agent_id"]: row for row in csv.DictReader(f)}
    with (november / "tiny" / "ledger.csv").open(encoding="utf-8") as f:
        after = {row["agent_id"]: row for row in csv.DictReader(f)}
    assert before.keys() == after.keys()
    for agent, row in after.items():
        assert (row["months"], row["since"]) == ("2", "2026-10")
        assert int(row["evenings"]) == int(before[agent]["evenings"]) + int(row["month_evenings"])


def test_a_command_without_teams_is_bad_input(tmp_path):
    (tmp_path / "teams").mkdir()
    result = runner.invoke(app, batch_args(tmp_path / "teams", tmp_path / "out"))
    assert result.exit_code == 2
    assert "holds no team folder" in result.output
    assert not (tmp_path / "out").exists()


def test_a_team_folder_is_replaced_whole(tmp_path):
    write_team_folder_whole(tmp_path, "t", {"roster.csv": "old\n", "stale.csv": "x\n"})
    write_team_folder_whole(tmp_path, "t", {"roster.csv": "new\n"})
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
    assert {p.name for p in (tmp_path / "t").iterdir()} == {"roster.csv"}
    assert (tmp_path / "t" / "roster.csv").read_text() == "new\n"


def test_batch_page_links_built_teams_and_explains_failed_ones():
    def team(name: str, status: str, shortfall: float | None, messages=()) -> TeamReport:
        return TeamReport(
            team=name,
            status=status,
            solver_status=None,
            shortfall=shortfall,
            floor=None,
            wall_seconds=1.25,
            node="ab" * 28,
            messages=tuple(messages),
        )

    report = BatchReport(
        month="2026-11",
        executor="ray",
        wall_seconds=3.0,
        teams=(team("a", "built", 0.0), team("b", "bad input", None, ["shops.csv:3: dup"])),
    )
    page = BatchPage.from_report(report, lang="en")
    assert (page.built, page.failed) == (1, 1)
    assert [r.href for r in page.rows] == ["a/roster.html", None]
    assert [r.node for r in page.rows] == ["abababab", "abababab"]
    assert page.rows[1].messages == ("shops.csv:3: dup",)
    zh = BatchPage.from_report(report, lang="zh")
    assert zh.rows[1].status == "输入有误"
    assert zh.title == "2026-11 批量排班"


def test_ray_asked_for_but_missing_is_bad_input(tmp_path, tiny_team, monkeypatch):
    write_team_folder(tiny_team, tmp_path / "teams" / "tiny")
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails
    result = runner.invoke(app, batch_args(tmp_path / "teams", tmp_path / "out", "--ray", "local"))
    assert result.exit_code == 2
    assert "--ray local: Ray is not installed: pip install -e '.[ray]'" in result.output
    assert not (tmp_path / "out").exists()


def test_a_small_batch_gives_its_teams_the_cores_a_large_one_shares():
    assert threads_per_team(cores=4, jobs=None, team_count=1) == 4
    assert threads_per_team(cores=4, jobs=None, team_count=2) == 2
    assert threads_per_team(cores=4, jobs=None, team_count=10) == 1
    assert threads_per_team(cores=4, jobs=1, team_count=10) == 4
    assert threads_per_team(cores=2, jobs=None, team_count=3) == 1
    assert threads_per_team(cores=1, jobs=4, team_count=4) == 1


@pytest.mark.parametrize(
    ("extra", "threads"),
    [((), 4), (("--jobs", "1"), 8), (("--workers", "3"), 3), (("--ray", "10.0.0.1:6379"), 1)],
)
def test_batch_threads_per_team_by_default(tmp_path, tiny_team, monkeypatch, extra, threads):
    for name in ("a", "b"):
        write_team_folder(tiny_team, tmp_path / "teams" / name)
    seen = []

    def fake_run_batch(*args, params, **kwargs):
        seen.append(params.num_workers)
        return BatchReport(month="2026-11", executor="fake", wall_seconds=0.0, teams=())

    monkeypatch.setattr(os, "cpu_count", lambda: 8)
    monkeypatch.setattr(batch_cli, "run_batch", fake_run_batch)
    monkeypatch.setattr(batch_cli, "make_executor", lambda *a, **k: FakeExecutor())
    result = runner.invoke(app, batch_args(tmp_path / "teams", tmp_path / "out", *extra))
    assert result.exit_code == 0, result.output
    assert seen == [threads]


class FakeExecutor:
    name = "fake"

    def close(self) -> None:
        pass
