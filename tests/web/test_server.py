"""The real server process: a build killed with the server leaves stored rosters intact."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import httpx2
import pytest

from tests.web.server import Server, serving


def wait_state(url: str, states: tuple[str, ...], timeout_s: float = 90) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = httpx2.get(url, timeout=5).json()
        if job["state"] in states:
            return job
        time.sleep(0.2)
    raise AssertionError(f"{url} never reached {states}: {job}")


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (Linux /proc)."""
    children: dict[int, set[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, set()).add(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.slow
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
        roster_url = f"{api}/teams/{team['id']}/rosters/1"
        before = {
            name: httpx2.get(f"{roster_url}/{name}", timeout=10).content
            for name in ("roster.csv", "assignments.csv", "coverage.csv")
        }
        long = httpx2.post(jobs, json={"month": "2026-11", "time_limit_s": 300}, timeout=10).json()
        wait_state(f"{jobs}/{long['id']}", ("running",))
        time.sleep(1)
        workers = descendants(server.process.pid)
        assert workers, "the build runs in a process of its own"
    finally:
        server.kill()
    # The build's processes end with the server (nothing keeps solving, or writing, alone).
    deadline = time.monotonic() + 15
    while any(alive(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(alive(p) for p in workers), [p for p in workers if alive(p)]
    with serving(data, log) as again:
        api = f"{again.url}/api"
        job = httpx2.get(f"{api}/teams/{team['id']}/jobs/{long['id']}", timeout=10).json()
        assert job["state"] == "failed"
        assert "server stopped" in job["message"]
        assert job["roster_version"] is None
        rosters = httpx2.get(f"{api}/teams/{team['id']}/rosters", timeout=10).json()
        assert [r["version"] for r in rosters["data"]] == [1]
        roster_url = f"{api}/teams/{team['id']}/rosters/1"
        after = {name: httpx2.get(f"{roster_url}/{name}", timeout=10).content for name in before}
        assert after == before
        roster = httpx2.get(roster_url, timeout=10).json()
        assert len(roster["agents"]) == 11
        # The restarted server builds again: the database is usable, the next version is 2.
        again_job = httpx2.post(
            f"{api}/teams/{team['id']}/jobs",
            json={"month": "2026-10", "time_limit_s": 2, "previous": "none"},
            timeout=10,
        ).json()
        finished = wait_state(f"{api}/teams/{team['id']}/jobs/{again_job['id']}", ("done",))
        assert finished["roster_version"] == 2
    with sqlite3.connect(data / "scheduler.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
