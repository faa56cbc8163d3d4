"""Every page in Chinese speaks Chinese: no English word outside a short allow-list.

The demo team is built, re-planned and peak-planned, an admin and an agent log in, and every
GET page route of the app is read with ?lang=zh. Words a Chinese team lead reads as they are
(file names, ids, product names) are allowed; the solver's own status word is allowed inside
the "solver figures" details only.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from tests.web.helpers import build, wait_for_job
from tests.web.test_route_matrix import app_routes

# Printed by the test when it fails; keep it short.
ALLOWED = {
    "Erlang",  # Erlang C / A: the name of the method
    "English",  # the language switch
    "ID",
    "KPI",
    "Demo",  # the demo team's name (data)
    "team",  # … "Demo team 演示团队"
    "demo-team",  # the examples' folder names
    "large-team",
}
FILE_NAME = re.compile(r"[\w./-]*\.(?:csv|toml|xlsx|ics|json|html|md|po)\b")
URL = re.compile(r"https?://\S+")
CSV_HEADER = re.compile(r"\b\w+(?:,\w+)+\b")  # a file's columns, as docs/formats.md names them
IDENTIFIER = re.compile(r"\b(?:[A-Z]{2}\d+|A\d+|v\d+)\b")
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
PASSWORD = "correct horse battery staple"

pytestmark = pytest.mark.slow


def visible_words(html: str, username: str = "") -> list[str]:
    page = BeautifulSoup(html, "html.parser")
    for hidden in page(["script", "style", "textarea", "code"]):
        hidden.decompose()
    text = URL.sub(" ", page.get_text(" "))
    text = CSV_HEADER.sub(" ", FILE_NAME.sub(" ", text))
    if username:
        text = text.replace(username, " ")
    text = IDENTIFIER.sub(" ", text.replace("<!DOCTYPE html>", ""))
    return ENGLISH_WORD.findall(text)


def page_paths(app, params: dict[str, str]) -> list[str]:
    """Every GET page of the app (not the JSON API), its parameters filled in."""
    return sorted(
        {
            path.format(**params)
            for method, path in app_routes(app)
            if method == "GET"
            and not path.startswith("/api")
            and path not in ("/docs", "/redoc", "/openapi.json", "/docs/oauth2-redirect")
        }
    )


@pytest.fixture
def world(client):
    team_id = client.post("/api/examples/demo-team").json()["id"]
    job = build(client, team_id, time_limit_s=3)
    assert job["state"] == "done", job
    replan = client.post(
        f"/api/teams/{team_id}/rosters/1/replan",
        json={"agent_id": "A01", "start": "2026-11-20", "end": "2026-11-21", "kind": "sick"},
    )
    assert replan.status_code == 202, replan.text
    wait_for_job(client, team_id, replan.json()["id"])
    peak = client.post(
        f"/api/teams/{team_id}/peak", json={"event": "double11", "year": 2026, "time_limit_s": 2}
    )
    assert peak.status_code == 202, peak.text
    wait_for_job(client, team_id, peak.json()["id"], timeout_s=120)
    # The first user opens the door for nobody else: the admin logs in to add the agent.
    admin = {"username": "boss", "password": PASSWORD, "role": "admin", "teams": []}
    assert client.post("/api/users", json=admin).status_code == 201
    login = client.post("/api/login", json=admin)
    assert login.status_code == 200
    client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
    agent = {"username": "a01", "password": PASSWORD, "role": "agent", "teams": [team_id]}
    created = client.post("/api/users", json=agent | {"agent_id": "A01"})
    assert created.status_code == 201, created.text
    return client, team_id


def test_every_page_in_chinese_has_no_english_outside_the_allow_list(world):
    client, team_id = world
    params = {
        "team_id": str(team_id),
        "version": "1",
        "job_id": "1",
        "proposal_id": "1",
        "plan_id": "1",
        "agent_id": "A01",
        "shop_id": "TM01",
        "name": "agents.csv",
        "month": "2026-11",
    }
    paths = page_paths(client.app, params)
    assert len(paths) >= 15
    leaks: dict[str, list[str]] = {}
    for user, wanted in (("boss", [p for p in paths if p != "/me"]), ("a01", ["/me"])):
        client.post("/api/logout")
        login = client.post("/api/login", json={"username": user, "password": PASSWORD})
        assert login.status_code == 200
        client.headers["X-CSRF-Token"] = login.json()["csrf_token"]
        for path in wanted:
            query = "against=1&" if path.endswith("/diff") else ""
            response = client.get(f"{path}?{query}lang=zh")
            assert response.status_code in (200, 404), (path, response.status_code)
            english = sorted(set(visible_words(response.text, user)) - ALLOWED)
            if english:
                leaks[path] = english
    client.post("/api/logout")
    anonymous = client.get("/login?lang=zh")
    if english := sorted(set(visible_words(anonymous.text)) - ALLOWED):
        leaks["/login"] = english
    missing = client.get("/no-such-page?lang=zh")
    if english := sorted(set(visible_words(missing.text)) - ALLOWED):
        leaks["/no-such-page"] = english
    assert leaks == {}, f"English on zh pages (allowed: {sorted(ALLOWED)}): {leaks}"
