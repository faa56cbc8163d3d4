"""Issue 36 item 4: the block search's sub-solves as Ray tasks (`scheduler roster --ray`)."""

import json
import os

import pytest
import ray
from typer.testing import CliRunner

import scheduler.cli.roster as roster_cli
from scheduler.batch.executors import make_ray_futures
from scheduler.cli import app
from scheduler.team.folder import read_team
from solver.search import by_blocks
from tests.checker import check_roster
from tests.scheduler.batch.helpers import write_generated_teams

pytestmark = pytest.mark.slow
runner = CliRunner()


def test_roster_with_the_block_search_on_a_local_ray_passes_the_checker(tmp_path, monkeypatch):
    # A small team taken down the big-team path: sweeps and blocks, no month-level plan.
    monkeypatch.setattr(by_blocks, "BLOCK_MIN_AGENTS", 2)
    monkeypatch.setattr(by_blocks.allocation, "guided_problem", lambda *_: None)
    made = []

    def recorded(address, **kwargs):
        made.append(make_ray_futures(address, **kwargs))
        return made[-1]

    monkeypatch.setattr(roster_cli, "make_ray_futures", recorded)
    (name,) = write_generated_teams(tmp_path / "teams", ((6, 2),))
    team_dir, out = tmp_path / "teams" / name, tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "roster", str(team_dir), "--month", "2026-11", "--out", str(out),
            "--time-limit", "20", "--workers", "2", "--seed", "1", "--ray", "local",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["shortfall"] == 0
    assert check_roster(read_team(team_dir), out, 2026, 11) == []
    assert not ray.is_initialized()
    # Every agent was placed by a sub-solve, each a Ray task in a worker process.
    ran_on = made[0].ran_on
    assert len(ran_on) >= 6
    assert os.getpid() not in {pid for _, pid in ran_on}
    assert all(len(node) == 56 for node, _ in ran_on)
