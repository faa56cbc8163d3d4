"""Issue 36 item 2: with SCHEDULER_RAY_ADDRESS set, the web app's jobs run as Ray tasks;
"Stop" keeps the best roster and "Cancel" saves nothing, as with local processes."""

from __future__ import annotations

import time

import pytest
import ray
from fastapi.testclient import TestClient

from scheduler.team.writer import write_team_folder
from scheduler.web import create_app
from scheduler.web.ray_jobs import RayJobs
from tests.checker import check_roster
from tests.demand_data import history_text
from tests.helpers import tiny_team_value
from tests.web.helpers import build, make_settings, upload_team, wait_for_job, write_roster_files
from tests.web.test_jobs import running_with_a_roster

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray of two CPUs for the module's apps (Ray's start costs seconds)."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield
    finally:
        ray.shutdown()


@pytest.fixture
def ray_client(tmp_path, monkeypatch, local_ray):
    """An app whose settings come with SCHEDULER_RAY_ADDRESS=local."""
    monkeypatch.setenv("SCHEDULER_RAY_ADDRESS", "local")
    settings = make_settings(tmp_path / "data")
    assert settings.ray_address == "local"
    with TestClient(create_app(settings)) as client:
        assert isinstance(client.app.state.runner.jobs, RayJobs)
        yield client


def test_a_build_on_ray_completes_and_saves_a_version(ray_client, tiny_team_dir, tiny_team):
    team_id = upload_team(ray_client, tiny_team_dir)
    done = build(ray_client, team_id, time_limit_s=5)
    assert done["state"] == "done", done
    assert done["roster_version"] == 1
    out = write_roster_files(ray_client, team_id, 1, ray_client.app.state.settings.data_dir / "o")
    assert check_roster(tiny_team, out, 2026, 11) == []


def test_cancel_on_ray_ends_the_task_and_saves_nothing(ray_client):
    team_id = ray_client.post("/api/examples/demo-team").json()["id"]
    job = ray_client.post(
        f"/api/teams/{team_id}/jobs", json={"month": "2026-11", "time_limit_s": 120}
    ).json()
    running_with_a_roster(ray_client, team_id, job["id"])
    ray_client.post(f"/api/teams/{team_id}/jobs/{job['id']}/cancel")
    ended = wait_for_job(ray_client, team_id, job["id"], timeout_s=30)
    assert ended["state"] == "cancelled"
    assert ray_client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 0
    runner = ray_client.app.state.runner
    deadline = time.monotonic() + 15
    while runner.pending():  # the watcher thread is gone, its task cancelled
        assert time.monotonic() < deadline
        time.sleep(0.1)


def test_stop_on_ray_saves_the_best_roster_so_far(ray_client):
    team_id = ray_client.post("/api/examples/demo-team").json()["id"]
    job = ray_client.post(
        f"/api/teams/{team_id}/jobs", json={"month": "2026-11", "time_limit_s": 120}
    ).json()
    running_with_a_roster(ray_client, team_id, job["id"])
    ray_client.post(f"/api/teams/{team_id}/jobs/{job['id']}/stop")
    done = wait_for_job(ray_client, team_id, job["id"], timeout_s=60)
    assert done["state"] == "done", done
    assert done["message"].startswith("Stopped early on request")
    assert done["elapsed_s"] < 120
    roster = ray_client.get(f"/api/teams/{team_id}/rosters/{done['roster_version']}").json()
    assert roster["status"] == "FEASIBLE"


def test_a_peak_plan_on_ray_completes_and_is_saved(ray_client, tmp_path):
    folder = tmp_path / "peak-team"
    write_team_folder(tiny_team_value(name="Peak"), folder)
    (folder / "history.csv").write_text(history_text(), encoding="utf-8")
    team_id = upload_team(ray_client, folder)
    body = {"event": "double11", "year": 2026, "today": "2026-09-01", "time_limit_s": 1}
    response = ray_client.post(f"/api/teams/{team_id}/peak", json=body)
    assert response.status_code == 202, response.text
    done = wait_for_job(ray_client, team_id, response.json()["id"], timeout_s=180)
    assert done["state"] == "done", done
    assert ray_client.get(f"/api/teams/{team_id}/peak").json()["count"] == 1
