"""The JSON API, through FastAPI's test client: uploads, builds, rosters, versions."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from scheduler.team.files import TEAM_FILES
from scheduler.team.folder import read_team
from scheduler.team.workbook import write_team_workbook
from scheduler.web import create_app
from tests.checker import check_roster, read_written
from tests.web.helpers import (
    build,
    make_settings,
    team_uploads,
    upload_team,
    wait_for_job,
    write_roster_files,
)


def test_a_new_app_starts_with_no_teams_and_lists_the_examples(client):
    assert client.get("/api/teams").json() == {"data": [], "count": 0}
    assert {"demo-team", "large-team"} <= set(client.get("/api/examples").json())


def test_loading_an_example_creates_a_team(client):
    response = client.post("/api/examples/demo-team")
    assert response.status_code == 201
    team = response.json()
    assert team["name"] == "Demo team 演示团队"
    assert team["agents"] == 11
    assert client.get("/api/teams").json()["count"] == 1


def test_an_unknown_example_is_404(client):
    assert client.post("/api/examples/..%2F..%2Fetc").status_code == 404
    assert client.post("/api/examples/nope").status_code == 404


@pytest.mark.pg
def test_uploaded_team_reads_back_in_detail(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    detail = client.get(f"/api/teams/{team_id}").json()
    assert [a["agent_id"] for a in detail["agent_list"]] == ["A1", "A2", "A3", "A4"]
    assert detail["shifts"][1] == {
        "id": "evening",
        "start": "17:30",
        "end": "00:30",
        "paid_hours": 7.0,
        "ends_next_day": True,
    }
    assert detail["leave"] == [
        {"agent_id": "A2", "start": "2026-11-03", "end": "2026-11-04", "kind": "annual"}
    ]
    needs = client.get(f"/api/teams/{team_id}/requirements?month=2026-11").json()
    assert needs["count"] == 120


@pytest.mark.pg
def test_upload_with_errors_is_refused_with_file_and_line_and_nothing_changes(
    client, tiny_team_dir
):
    team_id = upload_team(client, tiny_team_dir)
    before = client.get(f"/api/teams/{team_id}").json()
    lines = (tiny_team_dir / "requirements.csv").read_text().splitlines()
    lines[2] = "2026-13-01,day,TM,1"
    bad = "\n".join(lines).encode()
    response = client.put(
        f"/api/teams/{team_id}/files", files=[("files", ("requirements.csv", bad, "text/csv"))]
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors[0]["file"] == "requirements.csv"
    assert errors[0]["line"] == 3
    assert "2026-13-01" in errors[0]["message"]
    assert client.get(f"/api/teams/{team_id}").json() == before


def test_a_new_team_with_errors_is_not_created(client, tiny_team_dir):
    (tiny_team_dir / "shops.csv").write_text("shop_id,name,platform,tier\nTM,x,Tmall,huge\n")
    response = client.post("/api/teams", files=team_uploads(tiny_team_dir))
    assert response.status_code == 422
    assert any(e["file"] == "shops.csv" and e["line"] == 2 for e in response.json()["errors"])
    assert client.get("/api/teams").json()["count"] == 0


def test_files_that_are_not_team_files_are_refused(client, tiny_team_dir):
    response = client.post(
        "/api/teams", files=[("files", ("../../etc/passwd", b"root:x:0:0", "text/plain"))]
    )
    assert response.status_code == 422
    assert "not a team file" in response.json()["errors"][0]["message"]


def test_a_file_over_the_size_limit_is_refused(tmp_path, tiny_team_dir):
    settings = make_settings(tmp_path / "data", max_upload_bytes=1000)
    with TestClient(create_app(settings)) as client:
        response = client.post("/api/teams", files=team_uploads(tiny_team_dir))
    assert response.status_code == 422
    assert any("larger than 1000 bytes" in e["message"] for e in response.json()["errors"])


def test_ids_that_spreadsheets_run_as_formulas_are_refused(client, tiny_team_dir):
    agents = (tiny_team_dir / "agents.csv").read_text().replace("A4,", "=A4+1,")
    (tiny_team_dir / "agents.csv").write_text(agents)
    (tiny_team_dir / "leave.csv").write_text("agent_id,start,end,kind\n")
    response = client.post("/api/teams", files=team_uploads(tiny_team_dir))
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["file"], error["line"]) == ("agents.csv", 5)
    assert "formula" in error["message"]


@pytest.mark.pg
def test_editing_a_file_and_adding_leave_make_new_inputs(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    first = client.get(f"/api/teams/{team_id}").json()["input_id"]
    response = client.post(
        f"/api/teams/{team_id}/leave",
        json={"agent_id": "A3", "start": "2026-11-20", "end": "2026-11-21", "kind": "sick"},
    )
    assert response.status_code == 200
    detail = client.get(f"/api/teams/{team_id}").json()
    assert detail["input_id"] > first
    assert {"agent_id": "A3", "start": "2026-11-20", "end": "2026-11-21", "kind": "sick"} in detail[
        "leave"
    ]
    response = client.delete(
        f"/api/teams/{team_id}/leave",
        params={"agent_id": "A3", "start": "2026-11-20", "end": "2026-11-21"},
    )
    assert response.status_code == 200
    assert len(client.get(f"/api/teams/{team_id}").json()["leave"]) == 1
    bad = client.post(
        f"/api/teams/{team_id}/leave",
        json={"agent_id": "ZZ", "start": "2026-11-20", "end": "2026-11-21"},
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["file"] == "leave.csv"


def test_put_file_replaces_one_file(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    shops = "shop_id,name,platform,tier\nTM,天猫店,Tmall,big\nJD,京东新店,JD,small\n"
    response = client.put(f"/api/teams/{team_id}/files/shops.csv", json={"content": shops})
    assert response.status_code == 200
    assert client.get(f"/api/teams/{team_id}/files/shops.csv").text == shops
    assert client.get(f"/api/teams/{team_id}/files/passwd").status_code == 422


@pytest.mark.slow
def test_build_saves_a_roster_the_checker_accepts(client, tiny_team_dir, tmp_path):
    team_id = upload_team(client, tiny_team_dir)
    job = build(client, team_id)
    assert job["state"] == "done", job
    assert job["status"] in ("OPTIMAL", "FEASIBLE")
    assert job["roster_version"] == 1
    detail = client.get(f"/api/teams/{team_id}/rosters/1").json()
    assert detail["month"] == "2026-11"
    assert len(detail["agents"]) == 4
    assert all(len(a["days"]) == 30 for a in detail["agents"])
    out = write_roster_files(client, team_id, 1, tmp_path / "v1")
    assert check_roster(read_team(tiny_team_dir), out, 2026, 11) == []


@pytest.mark.slow
def test_every_build_is_a_new_version_and_next_month_uses_the_previous(
    client, tiny_team_dir, tmp_path
):
    team_id = upload_team(client, tiny_team_dir)
    october = build(client, team_id, "2026-10")
    first = build(client, team_id, "2026-11", previous="none")
    second = build(client, team_id, "2026-11")
    assert (october["roster_version"], first["roster_version"], second["roster_version"]) == (
        1,
        2,
        3,
    )
    assert first["previous_version"] is None
    assert second["previous_version"] == 1
    rosters = client.get(f"/api/teams/{team_id}/rosters").json()
    assert [r["version"] for r in rosters["data"]] == [3, 2, 1]
    team = read_team(tiny_team_dir)
    previous = read_written(
        write_roster_files(client, team_id, 1, tmp_path / "oct"), team, 2026, 10
    )
    out = write_roster_files(client, team_id, 3, tmp_path / "nov")
    assert check_roster(team, out, 2026, 11, previous) == []


@pytest.mark.slow
def test_a_previous_version_of_the_wrong_month_is_refused(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    build(client, team_id, "2026-11")
    response = client.post(f"/api/teams/{team_id}/jobs", json={"month": "2026-11", "previous": 1})
    assert response.status_code == 422
    assert "expected 2026-10" in response.json()["errors"][0]["message"]


def test_an_impossible_month_fails_with_the_reason_and_saves_nothing(client, tiny_team_dir):
    toml = (tiny_team_dir / "team.toml").read_text()
    toml = toml.replace('start = "2026-11-10"', 'start = "2026-11-01"').replace(
        'end = "2026-11-11"', 'end = "2026-11-27"'
    )
    (tiny_team_dir / "team.toml").write_text(toml)
    team_id = upload_team(client, tiny_team_dir)
    job = build(client, team_id)
    assert job["state"] == "failed"
    assert "[rest_days_per_month]" in job["message"]
    assert client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 0


@pytest.mark.slow
def test_queued_build_can_be_cancelled_and_never_runs(tmp_path, tiny_team_dir):
    with TestClient(create_app(make_settings(tmp_path / "data", max_builds=1))) as client:
        team_id = upload_team(client, tiny_team_dir)
        first = client.post(f"/api/teams/{team_id}/jobs", json={"month": "2026-11"}).json()
        second = client.post(f"/api/teams/{team_id}/jobs", json={"month": "2026-12"}).json()
        cancelled = client.post(f"/api/teams/{team_id}/jobs/{second['id']}/cancel").json()
        assert cancelled["state"] == "cancelled"
        assert wait_for_job(client, team_id, first["id"])["state"] == "done"
        time.sleep(0.5)
        second = client.get(f"/api/teams/{team_id}/jobs/{second['id']}").json()
        assert second["state"] == "cancelled"
        assert second["started_at"] is None
        assert client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 1


@pytest.mark.slow
def test_teams_are_isolated(client, tiny_team_dir):
    first = upload_team(client, tiny_team_dir)
    second = upload_team(client, tiny_team_dir)
    job = build(client, first)
    assert client.get(f"/api/teams/{second}/rosters/1").status_code == 404
    assert client.get(f"/api/teams/{second}/jobs/{job['id']}").status_code == 404
    assert client.get(f"/api/teams/{first}/rosters/1").status_code == 200


def test_missing_things_are_404_not_500(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    for url in (
        "/api/teams/99",
        "/api/teams/99/rosters",
        f"/api/teams/{team_id}/rosters/7",
        f"/api/teams/{team_id}/jobs/7",
        f"/api/teams/{team_id}/rosters/7/roster.xlsx",
    ):
        assert client.get(url).status_code == 404, url


def test_openapi_lists_the_api(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/api/teams" in paths
    assert "/api/teams/{team_id}/jobs" in paths
    assert "/api/teams/{team_id}/rosters/{version}/roster.xlsx" in paths
    assert not any(not p.startswith("/api") for p in paths)


def test_with_a_token_every_call_needs_it(tmp_path):
    settings = make_settings(tmp_path / "data", token="s3cret")
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/teams").status_code == 401
        assert client.get("/").status_code == 401
        headers = {"Authorization": "Bearer s3cret"}
        assert client.get("/api/teams", headers=headers).status_code == 200
        assert client.get("/api/teams", headers={"Authorization": "Bearer nope"}).status_code == 401
        # The link with ?token= sets a cookie that later pages send.
        assert client.get("/?token=s3cret").status_code == 200
        assert client.get("/").status_code == 200


def test_responses_carry_security_headers(client):
    response = client.get("/api/teams")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"


@pytest.mark.pg
@pytest.mark.slow
def test_a_server_restart_fails_jobs_left_running_and_keeps_rosters(settings, tiny_team_dir):
    with TestClient(create_app(settings)) as client:
        team_id = upload_team(client, tiny_team_dir)
        build(client, team_id)
    # A server killed mid-build leaves its job "running" in the database.
    store = create_app(settings).state.store
    job = store.add_job(
        team_id=team_id,
        input_id=store.team(team_id).input_id,
        month=store.rosters(team_id)[0].month,
        time_limit_s=3,
        previous_version=None,
    )
    store.update_job(job.id, state="running")
    store.close()
    with TestClient(create_app(settings)) as client:
        job_after = client.get(f"/api/teams/{team_id}/jobs/{job.id}").json()
        assert job_after["state"] == "failed"
        assert "server stopped" in job_after["message"]
        assert client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 1


def test_a_running_build_can_be_cancelled_and_saves_nothing(client):
    team_id = client.post("/api/examples/demo-team").json()["id"]
    job = client.post(
        f"/api/teams/{team_id}/jobs", json={"month": "2026-11", "time_limit_s": 120}
    ).json()
    deadline = time.monotonic() + 30
    while client.get(f"/api/teams/{team_id}/jobs/{job['id']}").json()["state"] != "running":
        assert time.monotonic() < deadline
        time.sleep(0.1)
    cancelled = client.post(f"/api/teams/{team_id}/jobs/{job['id']}/cancel").json()
    assert cancelled["state"] == "cancelled"
    runner = client.app.state.runner
    deadline = time.monotonic() + 15
    while runner.pending():  # the worker process has been ended
        assert time.monotonic() < deadline
        time.sleep(0.1)
    assert client.get(f"/api/teams/{team_id}/jobs/{job['id']}").json()["state"] == "cancelled"
    assert client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 0


@pytest.mark.slow
def test_builds_run_at_most_max_builds_at_once(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    ids = [
        client.post(f"/api/teams/{team_id}/jobs", json={"month": m}).json()["id"]
        for m in ("2026-10", "2026-11", "2026-12")
    ]
    most = 0
    deadline = time.monotonic() + 90
    while True:
        # One request reads every job at once: job by job, a job seen running may have
        # ended (and the next started) before the last one is read.
        listed = client.get(f"/api/teams/{team_id}/jobs").json()["data"]
        by_id = {job["id"]: job["state"] for job in listed}
        states = [by_id[i] for i in ids]
        most = max(most, states.count("running"))
        if all(s not in ("queued", "running") for s in states):
            break
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert states == ["done", "done", "done"]
    assert 1 <= most <= 2
    versions = client.get(f"/api/teams/{team_id}/rosters").json()["data"]
    assert sorted(v["version"] for v in versions) == [1, 2, 3]


def test_a_team_uploaded_as_one_workbook_and_its_errors_by_sheet(client, tiny_team_dir):
    texts = {n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    book = write_team_workbook(texts)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = client.post("/api/teams", files=[("files", ("团队.xlsx", book, xlsx))])
    assert response.status_code == 201, response.text
    team_id = response.json()["id"]
    assert response.json()["agents"] == 4
    assert client.get(f"/api/teams/{team_id}/workbook.xlsx").content[:2] == b"PK"
    texts["leave.csv"] += "A9,2026-11-05,2026-11-06,annual\n"
    bad = write_team_workbook(texts)
    response = client.put(
        f"/api/teams/{team_id}/files", files=[("files", ("团队.xlsx", bad, xlsx))]
    )
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert (error["file"], error["line"]) == ("团队.xlsx [leave]", 3)
    assert "unknown agent_id 'A9'" in error["message"]
