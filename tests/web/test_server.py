"""The real server process: a build killed with the server leaves stored rosters intact."""

from __future__ import annotations

import time

import httpx2

from tests.web.server import Server, serving


def wait_state(url: str, states: tuple[str, ...], timeout_s: float = 90) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = httpx2.get(url, timeout=5).json()
        if job["state"] in states:
            return job
        time.sleep(0.2)
    raise AssertionError(f"{url} never reached {states}: {job}")


def test_sigkill_mid_build_keeps_versions_and_fails_the_job_on_restart(tmp_path):
    data, log = tmp_path / "data", tmp_path / "server.log"
    server = Server(data, log)
    try:
        api = f"{server.url}/api"
        team = httpx2.post(f"{api}/examples/demo-team", timeout=30).json()
        jobs = f"{api}/teams/{team['id']}/jobs"
        first = httpx2.post(jobs, json={"month": "2026-10", "time_limit_s": 2}, timeout=10).json()
        done = wait_state(f"{jobs}/{first['id']}", ("done", "failed"))
        assert done["state"] == "done", done
        long = httpx2.post(jobs, json={"month": "2026-11", "time_limit_s": 300}, timeout=10).json()
        wait_state(f"{jobs}/{long['id']}", ("running",))
        time.sleep(1)
    finally:
        server.kill()
    with serving(data, log) as again:
        api = f"{again.url}/api"
        job = httpx2.get(f"{api}/teams/{team['id']}/jobs/{long['id']}", timeout=10).json()
        assert job["state"] == "failed"
        assert "server stopped" in job["message"]
        rosters = httpx2.get(f"{api}/teams/{team['id']}/rosters", timeout=10).json()
        assert [r["version"] for r in rosters["data"]] == [1]
        roster = httpx2.get(f"{api}/teams/{team['id']}/rosters/1", timeout=10).json()
        assert len(roster["agents"]) == 11
