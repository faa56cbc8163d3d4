"""The batch on Ray: a local instance, and a simulated cluster of two nodes (one lost).

Ray's start-up costs seconds, so these tests are few, small (1-CPU nodes, no dashboard) and
marked slow; each shuts its Ray down. Ray is in the dev install, so `make test` runs them.
"""

import os
import time
from pathlib import Path

import pytest
import ray
from ray.cluster_utils import Cluster
from typer.testing import CliRunner

import scheduler.batch.run as batch_run
import solver
from scheduler.batch import RayExecutor, run_batch
from scheduler.cli import app
from tests.scheduler.batch.helpers import (
    NOVEMBER,
    assert_every_team_checked_with_zero_shortfall,
    batch_args,
    write_generated_teams,
)

pytestmark = pytest.mark.slow
runner = CliRunner()
# Nodes found dead within seconds, not the default half minute.
FAST_HEALTH_CHECKS = {
    "health_check_initial_delay_ms": 0,
    "health_check_period_ms": 500,
    "health_check_failure_threshold": 3,
}


@pytest.fixture
def two_node_cluster():
    """A head that runs no tasks and two worker nodes of one CPU each, Ray connected."""
    cluster = Cluster(
        initialize_head=True,
        head_node_args={
            "num_cpus": 0,
            "include_dashboard": False,
            "_system_config": FAST_HEALTH_CHECKS,
        },
    )
    nodes = [cluster.add_node(num_cpus=1) for _ in range(2)]
    cluster.wait_for_nodes()
    ray.init(address=cluster.address, include_dashboard=False, log_to_driver=False)
    try:
        yield cluster, nodes
    finally:
        ray.shutdown()
        cluster.shutdown()


def test_batch_of_three_generated_teams_on_a_local_ray(tmp_path):
    teams, out = tmp_path / "teams", tmp_path / "out"
    names = write_generated_teams(teams, ((4, 2), (5, 2), (4, 1)))
    result = runner.invoke(app, batch_args(teams, out, "--ray", "local", "--jobs", "2"))
    assert not ray.is_initialized()
    assert result.exit_code == 0, result.output
    report = assert_every_team_checked_with_zero_shortfall(teams, out, names)
    assert report["executor"] == "ray"
    # Ray's node ids (56 hex digits), not the pool's host name.
    assert all(len(t["node"]) == 56 for t in report["teams"])


def params() -> solver.SolveParams:
    return solver.SolveParams(time_limit_s=20, num_workers=1, seed=1)


def test_tasks_are_placed_on_both_nodes_of_a_cluster(tmp_path, two_node_cluster):
    _, nodes = two_node_cluster
    teams, out = tmp_path / "teams", tmp_path / "out"
    names = write_generated_teams(teams, ((4, 2), (4, 2), (5, 2)))
    report = run_batch(teams, NOVEMBER, out, executor=RayExecutor(address=None), params=params())
    assert report.executor == "ray"
    assert {t.node for t in report.teams} == {n.node_id for n in nodes}
    write_batch_json(out, report)
    assert_every_team_checked_with_zero_shortfall(teams, out, names)


def traced(trace_dir: str, key: str, fn, *args):
    """Leaves a mark naming the node before running the task: one per attempt."""
    node = ray.get_runtime_context().get_node_id()
    (Path(trace_dir) / f"{key}.{node}.{os.getpid()}").touch()
    return fn(*args)


class TracedRay(RayExecutor):
    """The Ray executor with every attempt of every task traced in ``trace_dir``."""

    def __init__(self, trace_dir: Path) -> None:
        super().__init__(address=None)
        self.trace_dir = str(trace_dir)

    def submit(self, key, fn, *args):
        super().submit(key, traced, self.trace_dir, key, fn, *args)


def test_a_node_lost_mid_batch_has_its_team_rebuilt_elsewhere_and_written_once(
    tmp_path, two_node_cluster, monkeypatch
):
    cluster, nodes = two_node_cluster
    teams, out, trace = tmp_path / "teams", tmp_path / "out", tmp_path / "trace"
    trace.mkdir()
    # team-0 is small and finishes first; team-1 is then still being built on the other node.
    names = write_generated_teams(teams, ((3, 1), (9, 3), (4, 2)))
    writes: list[str] = []
    write = batch_run.write_team_folder_whole

    def counting_write(out_dir, team, files):
        writes.append(team)
        write(out_dir, team, files)

    monkeypatch.setattr(batch_run, "write_team_folder_whole", counting_write)
    lost: list[str] = []

    def lose_the_other_node(report):
        if not lost:
            other = next(n for n in nodes if n.node_id != report.node)
            # On a busy machine the other node's worker may still be starting: wait for it.
            wait_for_a_start(trace, other.node_id)
            lost.append(other.node_id)
            cluster.remove_node(other, allow_graceful=False)

    report = run_batch(
        teams, NOVEMBER, out, executor=TracedRay(trace), params=params(),
        on_finished=lose_the_other_node,
    )  # fmt: skip
    assert sorted(writes) == sorted(names)
    started = [p.name.split(".")[:2] for p in trace.iterdir()]
    cut_short = {team for team, node in started if node == lost[0]}
    # A team had started on the lost node, and was built again on the other one.
    assert cut_short
    finished_on = {t.team: t.node for t in report.teams}
    for team in cut_short:
        assert finished_on[team] != lost[0]
        assert [n for t, n in started if t == team].count(finished_on[team]) >= 1
    write_batch_json(out, report)
    assert_every_team_checked_with_zero_shortfall(teams, out, names)
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def wait_for_a_start(trace: Path, node_id: str, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while not any(f".{node_id}." in p.name for p in trace.iterdir()):
        assert time.monotonic() < deadline, f"no task started on node {node_id}"
        time.sleep(0.05)


def write_batch_json(out, report):
    """batch.json as the command writes it, for the shared assertions."""
    out.mkdir(exist_ok=True)
    (out / "batch.json").write_text(batch_run.batch_json(report), encoding="utf-8")
