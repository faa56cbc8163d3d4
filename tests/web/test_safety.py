"""Issue 8, item 3: escaping on every page, the token on every route, teams kept apart,
upload limits, and no request path reaching the filesystem."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.team.model import Shop
from scheduler.team.writer import write_team_folder
from scheduler.web import create_app
from scheduler.web.api import routers as api_routers
from scheduler.web.pages import routers as page_routers
from tests.helpers import tiny_team_value
from tests.web.helpers import IMG, SCRIPT, hand_roster, make_settings, team_uploads


def store_team_with_roster(client: TestClient, team) -> int:
    """Store ``team`` and a hand-made roster of it (no build needed)."""
    store = client.app.state.store  # type: ignore[attr-defined]
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        write_team_folder(team, Path(tmp))
        texts = {n: (Path(tmp) / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    record = store.create_team(texts, read_team_texts(texts), "upload")
    store.add_roster(
        team_id=record.id,
        input_id=record.input_id,
        roster=hand_roster(team),
        summary={"status": "FEASIBLE", "team": team.name, "month": "2026-11"},
    )
    job = store.add_job(
        team_id=record.id,
        input_id=record.input_id,
        month=hand_roster(team).month,
        time_limit_s=1,
        previous_version=None,
    )
    store.update_job(job.id, state="failed", message=f"No roster: {SCRIPT}")
    return int(record.id)


def hostile_team():
    team = tiny_team_value(name=f"Team {SCRIPT}")
    agents = tuple(replace(a, name=IMG if a.agent_id == "A1" else a.name) for a in team.agents)
    shops = (Shop(shop_id="TM", name=f"天猫 {SCRIPT}", platform="<b>", tier="big"), team.shops[1])
    return replace(team, agents=agents, shops=shops)


def test_hostile_names_show_as_text_on_every_page(client):
    team_id = store_team_with_roster(client, hostile_team())
    roster = f"/teams/{team_id}/rosters/1"
    pages = [
        "/",
        f"/teams/{team_id}",
        f"/teams/{team_id}/requirements?month=2026-11",
        f"/teams/{team_id}/files/agents.csv/edit",
        f"/teams/{team_id}/jobs/1",
        roster,
        f"{roster}/agents/A1",
        f"{roster}/shops/TM",
        f"/api{roster}/roster.html",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert SCRIPT not in response.text, url
        assert "<img src=x" not in response.text, url
        assert "&lt;script&gt;" in response.text or "&lt;img" in response.text, url


def _urls(app, team_id: int) -> list[tuple[str, str]]:
    """Every route of the app as (method, url) with ids filled in."""
    values = {
        "team_id": str(team_id),
        "version": "1",
        "job_id": "1",
        "plan_id": "1",
        "agent_id": "A1",
        "shop_id": "TM",
        "name": "agents.csv",
    }
    found = []
    included = [route for router in (*api_routers, *page_routers) for route in router.routes]
    for route in [*app.routes, *included]:
        path = getattr(route, "path", "")
        if not path:
            continue  # the included routers themselves
        for method in sorted(getattr(route, "methods", None) or {"GET"}):
            if method == "HEAD":
                continue
            url = re.sub(r"\{(\w+)\}", lambda m: values.get(m[1], "demo-team"), path)
            found.append((method, url))
    return found


def test_with_a_token_every_route_refuses_a_request_without_it(tmp_path):
    settings = make_settings(tmp_path / "data", token="s3cret-token")
    app = create_app(settings)
    with TestClient(app) as client:
        headers = {"Authorization": "Bearer s3cret-token"}
        team_id = store_team_with_roster(client, tiny_team_value())
        urls = _urls(app, team_id)
        assert len(urls) > 40
        for method, url in urls:
            for wrong in ({}, {"Authorization": "Bearer s3cret-tokeN"}, {"Cookie": "x=1"}):
                response = client.request(method, url, headers=wrong)
                assert response.status_code == 401, (method, url, wrong)
        assert client.get(f"/teams/{team_id}", headers=headers).status_code == 200
        assert client.get(f"/api/teams/{team_id}?token=s3cret-token").status_code == 200
        assert client.get("/openapi.json", headers=headers).status_code == 200


def test_one_team_cannot_reach_another_teams_rosters_jobs_or_files(client):
    first = store_team_with_roster(client, tiny_team_value())
    second = store_team_with_roster(client, tiny_team_value(name="Other"))
    store = client.app.state.store  # type: ignore[attr-defined]
    first_job = store.jobs(first)[0].id
    assert store.jobs(second)[0].id != first_job
    for url in (
        f"/api/teams/{second}/jobs/{first_job}",
        f"/teams/{second}/jobs/{first_job}",
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(f"/api/teams/{second}/jobs/{first_job}/cancel")
    assert response.status_code == 404
    # Versions are numbered per team: each team's v1 is its own.
    mine = client.get(f"/api/teams/{first}/rosters/1").json()
    theirs = client.get(f"/api/teams/{second}/rosters/1").json()
    assert (mine["team_id"], theirs["team_id"]) == (first, second)
    assert client.get(f"/api/teams/{first}").json()["name"] == "Tiny team"
    assert client.get(f"/api/teams/{first}/rosters").json()["count"] == 1


def test_upload_names_never_become_paths(client, tiny_team_dir):
    uploads = team_uploads(tiny_team_dir)
    renamed = [
        ("files", ("../../" + name if name == "agents.csv" else name, data, kind))
        for _, (name, data, kind) in uploads
    ]
    response = client.post("/api/teams", files=renamed)
    # "../../agents.csv" stands for agents.csv by its base name; nothing is written there.
    assert response.status_code == 201, response.text
    response = client.post(
        "/api/teams", files=[("files", ("/etc/passwd", b"root:x:0:0", "text/plain"))]
    )
    assert response.status_code == 422
    assert "not a team file" in response.json()["errors"][0]["message"]
    for url in ("/api/examples/..%2F..%2Fetc", "/api/examples/...", "/examples/%2Fetc"):
        assert client.post(url).status_code == 404, url
    assert client.get("/api/teams/1/files/..%2Fscheduler.db").status_code in (404, 422)


def test_a_request_far_over_the_upload_limit_is_refused_whole(tmp_path, tiny_team_dir):
    settings = make_settings(tmp_path / "data", max_upload_bytes=1000, max_history_bytes=1000)
    with TestClient(create_app(settings)) as c:
        # Over 8 files of the limit and one history.csv: refused before it is read.
        big = [("files", ("requirements.csv", b"x" * 9000, "text/csv"))]
        response = c.post("/api/teams", files=big)
        assert response.status_code == 413

        def chunks():
            yield b"agent_id,name\n"
            yield b"A1,x\n" * 10_000

        # Without a Content-Length the size is unknown until all of it is stored: refused.
        response = c.post("/api/teams", content=chunks(), headers={"Content-Type": "text/csv"})
        assert response.status_code == 411


def zip_bomb() -> bytes:
    """A small .xlsx whose one sheet unpacks to 60 MB of spaces."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 60_000_000)
    return out.getvalue()


def test_a_workbook_that_unpacks_too_large_is_refused_before_it_is_read(client):
    data = zip_bomb()
    assert len(data) < 200_000
    response = client.post(
        "/api/teams", files=[("files", ("team.xlsx", data, "application/octet-stream"))]
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["message"] == "the workbook is too large once unpacked"


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("team.xlsx", b"PK\x03\x04 not really", "not an .xlsx workbook"),
        ("agents.csv", b"agent_id,name\n\xff\xfe\xfa", "not a text file in UTF-8 or GBK"),
        ("photo.png", b"\x89PNG", "not a team file"),
    ],
)
def test_files_of_the_wrong_type_are_refused_in_words(client, name, data, expected):
    response = client.post("/api/teams", files=[("files", (name, data, "text/plain"))])
    assert response.status_code == 422
    assert any(expected in e["message"] for e in response.json()["errors"]), response.json()


def test_every_api_route_is_in_the_schema_that_schemathesis_reads(client):
    api_routes = {
        r.path for router in api_routers for r in router.routes if isinstance(r, APIRoute)
    }
    assert len(api_routes) > 20
    assert api_routes <= set(client.get("/openapi.json").json()["paths"])


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ({"month": "2026-11", "time_limit_s": "nan"}, "time_limit_s: must be a number of seconds"),
        ({"month": "2026-11", "previous": "abc"}, "previous: no roster version 'abc'"),
        ({"month": "2026-11", "previous": "9" * 30}, "there is no roster version"),
        ({"month": "0000-00"}, "month: month '0000-00' is not YYYY-MM"),
    ],
)
def test_a_bad_build_form_is_shown_on_the_team_page_and_starts_nothing(client, form, expected):
    team_id = store_team_with_roster(client, tiny_team_value())
    response = client.post(f"/teams/{team_id}/jobs?lang=en", data=form)
    assert response.status_code == 422
    errors = BeautifulSoup(response.text, "html.parser").select_one(".errors")
    assert errors is not None and expected in errors.get_text(), response.text[-2000:]
    assert client.get(f"/api/teams/{team_id}/jobs").json()["count"] == 1  # the stored one


@pytest.mark.parametrize(
    ("method", "url", "body"),
    [
        ("GET", "/api/teams/1355651674402552733594720141291", None),
        ("GET", "/api/teams/1/rosters/10232178353385766881", None),
        ("POST", "/api/teams/1/proposals/9223372036854775808/accept", None),
        ("GET", "/api/teams/1/requirements?month=0000-00", None),
        ("GET", "/api/teams/1/requirements?month=0000-01", None),
        ("POST", "/api/teams/1/jobs", {"month": "0000-01"}),
        ("POST", "/api/teams/1/jobs", {"month": "2026-11", "previous": 10**30}),
    ],
)
def test_what_schemathesis_found_is_a_4xx_now(client, method, url, body):
    store_team_with_roster(client, tiny_team_value())
    response = client.request(method, url, json=body)
    assert 400 <= response.status_code < 500, response.text
