"""What the web tests share: settings, uploads, builds, a hand-written roster, parsing."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.files import STORED_FILES
from scheduler.web import Settings
from scheduler.web.store import RosterRecord, metadata

# Builds in tests are short and use one solver thread (2 cores are shared).
TIME_LIMIT_S = 3


def make_settings(data_dir: Path, **changes) -> Settings:
    """Test settings: SQLite in ``data_dir``, or TEST_DATABASE_URL emptied first when set
    (e.g. postgresql+psycopg://roster:roster@localhost/roster_test)."""
    values = {"build_workers": 1, "max_builds": 2, "default_time_limit_s": TIME_LIMIT_S}
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        engine = create_engine(url)
        metadata.drop_all(engine)
        with engine.begin() as conn:  # and the migrations' record, so they run again
            conn.execute(text("DROP TABLE IF EXISTS alembic_version"))
        engine.dispose()
        values["database_url"] = url
    return Settings(data_dir=data_dir, **(values | changes))


def team_uploads(folder: Path) -> list[tuple[str, tuple[str, bytes, str]]]:
    """The team folder's files as a multipart upload."""
    return [
        ("files", (name, (folder / name).read_bytes(), "text/csv"))
        for name in STORED_FILES
        if (folder / name).exists()
    ]


def upload_team(client: TestClient, folder: Path) -> int:
    response = client.post("/api/teams", files=team_uploads(folder))
    assert response.status_code == 201, response.text
    return response.json()["id"]


def wait_for_job(client: TestClient, team_id: int, job_id: int, timeout_s: float = 90) -> dict:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        job = client.get(f"/api/teams/{team_id}/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} still {job['state']} after {timeout_s} s")


def build(client: TestClient, team_id: int, month: str = "2026-11", **body) -> dict:
    """Start a build and wait for it; the finished job."""
    response = client.post(f"/api/teams/{team_id}/jobs", json={"month": month, **body})
    assert response.status_code == 202, response.text
    return wait_for_job(client, team_id, response.json()["id"])


def publish(client: TestClient, team_id: int, version: int) -> dict:
    """Publish a roster version through the API; the version as the API now lists it."""
    response = client.post(f"/api/teams/{team_id}/rosters/{version}/publish")
    assert response.status_code == 200, response.text
    return response.json()


def write_roster_files(client: TestClient, team_id: int, version: int, out: Path) -> Path:
    """The roster's exports as the files scheduler roster writes, for tests/checker.py."""
    out.mkdir(parents=True, exist_ok=True)
    base = f"/api/teams/{team_id}/rosters/{version}"
    for name in ("roster.csv", "assignments.csv", "coverage.csv"):
        response = client.get(f"{base}/{name}")
        assert response.status_code == 200
        (out / name).write_bytes(response.content)
    summary = client.get(base).json()["summary"]
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return out


NOVEMBER = Month(2026, 11)


def hand_roster(team) -> Roster:
    """A roster written by hand: A1 days then evenings, A2 on leave 3-4, A3 and A4 evenings."""
    entries = {}
    for day in NOVEMBER.days:
        sunday = day.weekday() == 6
        a1 = "off" if sunday else ("day" if day.day <= 15 else "evening")
        entries["A1", day] = RosterEntry(
            shift=a1, shares=(("TM", 60), ("JD", 40)) if a1 != "off" else ()
        )
        a2 = "leave" if day.day in (3, 4) else ("off" if sunday else "day")
        entries["A2", day] = RosterEntry(shift=a2, shares=(("TM", 100),) if a2 == "day" else ())
        entries["A3", day] = RosterEntry(
            shift="off" if sunday else "evening", shares=() if sunday else (("JD", 100),)
        )
        entries["A4", day] = RosterEntry(
            shift="off" if sunday else "evening", shares=() if sunday else (("TM", 100),)
        )
    return Roster(
        month=NOVEMBER,
        entries=entries,
        assignments={"A1": ("TM", "JD"), "A2": ("TM",), "A3": ("JD",), "A4": ("TM",)},
        agent_ids=("A1", "A2", "A3", "A4"),
    )


def soup(response) -> BeautifulSoup:
    return BeautifulSoup(response.text, "html.parser")


SCRIPT = "<script>alert(1)</script>"
IMG = '<img src=x onerror="alert(2)">'


def roster_record(**changes) -> RosterRecord:
    """Version 3 of team 7 for November 2026, as the store would hold it."""
    values = {
        "id": 1,
        "team_id": 7,
        "version": 3,
        "month": NOVEMBER,
        "input_id": 1,
        "job_id": None,
        "previous_version": None,
        "created_at": "2026-11-01T00:00:00+00:00",
        "status": "FEASIBLE",
        "summary": {"status": "FEASIBLE", "shortfall": 1.5},
    }
    return RosterRecord(**(values | changes))
