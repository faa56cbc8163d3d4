"""Builds in the background: the live shortfall, "stop and keep the best roster", the hard
stop behind it, and a database made before the job table's newer columns."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from sqlalchemy import Column, MetaData, Table, create_engine, insert

from scheduler.team.calendar import Month
from scheduler.web.contexts import job_page
from scheduler.web.store import PEAK, JobRecord, Store, add_missing_columns, metadata
from tests.web.helpers import soup, upload_team, wait_for_job

NOVEMBER = Month(2026, 11)


def old_database(url: str) -> None:
    """The tables as the first release made them: no peak_plans, jobs without kind/label.
    Its first team, input and job get id 1 (left to the database, so PostgreSQL's sequences
    move on as the app's own inserts would)."""
    engine = create_engine(url)
    old = MetaData()
    for table in metadata.sorted_tables:
        if table.name == "peak_plans":
            continue
        columns = [
            Column(c.name, c.type, primary_key=c.primary_key, nullable=c.nullable)
            for c in table.columns
            if (table.name, c.name) not in {("jobs", "kind"), ("jobs", "label")}
        ]
        Table(table.name, old, *columns)
    old.create_all(engine)
    with engine.begin() as conn:
        conn.execute(
            insert(old.tables["teams"]).values(
                name="Old", created_at="2026-01-01", updated_at="2026-01-01", input_id=1
            )
        )
        conn.execute(
            insert(old.tables["team_inputs"]).values(
                team_id=1, created_at="2026-01-01", source="upload"
            )
        )
        conn.execute(
            insert(old.tables["jobs"]).values(
                team_id=1,
                input_id=1,
                month="2026-11",
                time_limit_s=30,
                state="done",
                created_at="2026-01-01",
                solutions=3,
                shortfall=2.5,
                message="",
            )
        )
    engine.dispose()


@pytest.mark.pg
def test_a_database_from_before_the_new_columns_opens_and_keeps_its_jobs(db_url):
    url = db_url
    old_database(url)
    store = Store(url)
    job = store.job(1)
    assert (job.kind, job.label, job.shortfall, job.solutions) == ("build", "", 2.5, 3)
    peak = store.add_job(
        team_id=1,
        input_id=1,
        month=NOVEMBER,
        time_limit_s=4,
        previous_version=None,
        kind=PEAK,
        label="double11 2026",
    )
    assert (store.job(peak.id).kind, store.job(peak.id).label) == ("peak", "double11 2026")
    assert store.peak_plans(1) == []
    store.close()
    # Opening it again changes nothing more.
    engine = create_engine(url)
    assert add_missing_columns(engine) == []
    engine.dispose()


def test_the_job_page_shows_the_shortfall_so_far_and_offers_stop_only_for_builds():
    build = JobRecord(
        id=1,
        team_id=7,
        input_id=1,
        month=NOVEMBER,
        time_limit_s=30,
        previous_version=None,
        state="running",
        created_at="",
        started_at="",
        finished_at=None,
        elapsed_s=3.2,
        solutions=2,
        objective=100,
        bound=50,
        status=None,
        shortfall=38.7,
        message="",
        roster_version=None,
    )
    page = job_page(7, "Tiny", build)
    assert (page.heading, page.shortfall, page.can_stop, page.finished) == (
        "Build",
        "38.7",
        True,
        False,
    )
    peak = replace(build, kind=PEAK, label="double11 2026", shortfall=None)
    page = job_page(7, "Tiny", peak, peak_plan_id=None)
    assert (page.heading, page.shortfall, page.can_stop) == ("double11 2026", "–", False)
    assert job_page(7, "Tiny", replace(build, state="done")).can_stop is False


def running_with_a_roster(client, team_id: int, job_id: int, timeout_s: float = 60) -> dict:
    """The job once it runs and has found a roster."""
    deadline = time.monotonic() + timeout_s
    while True:
        job = client.get(f"/api/teams/{team_id}/jobs/{job_id}").json()
        if job["state"] == "running" and job["solutions"] >= 1 and job["shortfall"] is not None:
            return job
        assert job["state"] in ("queued", "running"), job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


@pytest.mark.slow
def test_stop_saves_the_best_roster_so_far_as_a_new_version(client):
    # The demo team's month is far from proved optimal within 120 s (its bound stays low:
    # some needs nobody can meet), so the build is still searching when it is stopped.
    team_id = client.post("/api/examples/demo-team").json()["id"]
    job = client.post(
        f"/api/teams/{team_id}/jobs", json={"month": "2026-11", "time_limit_s": 120}
    ).json()
    running = running_with_a_roster(client, team_id, job["id"])
    assert running["shortfall"] > 0
    page = soup(client.get(f"/teams/{team_id}/jobs/{job['id']}?lang=en"))
    assert page.select_one("#shortfall").text == f"{running['shortfall']:g}"
    assert page.select_one("button#stop") is not None

    stopped = client.post(f"/api/teams/{team_id}/jobs/{job['id']}/stop").json()
    assert stopped["state"] in ("running", "done")
    done = wait_for_job(client, team_id, job["id"])
    assert done["state"] == "done", done
    assert done["status"] == "FEASIBLE"
    assert done["message"].startswith("Stopped early on request")
    assert done["elapsed_s"] < 120
    roster = client.get(f"/api/teams/{team_id}/rosters/{done['roster_version']}").json()
    assert roster["status"] == "FEASIBLE"
    assert done["shortfall"] == roster["summary"]["shortfall"]
    page = soup(client.get(f"/teams/{team_id}/jobs/{job['id']}?lang=en"))
    assert page.select_one("a.open-roster") is not None
    assert page.select_one("button#stop") is None


@pytest.mark.slow
def test_a_build_that_does_not_stop_in_time_is_ended_and_saves_nothing(client, tiny_team_dir):
    runner = client.app.state.runner
    runner.build_target = ignores_stop
    runner.stop_grace_s = 0.5
    team_id = upload_team(client, tiny_team_dir)
    job = client.post(f"/api/teams/{team_id}/jobs", json={"month": "2026-11"}).json()
    running_with_a_roster(client, team_id, job["id"])
    client.post(f"/teams/{team_id}/jobs/{job['id']}/stop", follow_redirects=False)
    ended = wait_for_job(client, team_id, job["id"], timeout_s=30)
    assert ended["state"] == "cancelled"
    assert "did not stop within 0.5 s" in ended["message"]
    assert client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 0
    deadline = time.monotonic() + 15
    while runner.pending():  # the worker thread is gone, its process ended
        assert time.monotonic() < deadline
        time.sleep(0.1)


def ignores_stop(build, conn, stop) -> None:
    """A worker that reports a roster and then never ends, whatever it is asked."""
    import solver

    progress = solver.Progress(elapsed=0.1, solutions=1, objective=5, bound=1, shortfall=20)
    conn.send(("progress", progress))
    while True:
        time.sleep(1)
