"""Issue 33: every route × every role gets the status it must.

The expected table here is written independently of scheduler/web/auth.py: a route the app
adds without listing it here fails, and so does a route whose check is loosened there.
"""

from __future__ import annotations

import pytest
from fastapi.routing import APIRoute

import scheduler.web.auth as auth
from tests.web.accounts import ROLES, cheap_hashing, log_in, set_up_teams_and_users

# What each kind of route lets each role do, for a route of team 1 ("ok" = not refused).
OK = "ok"
EXPECTED_BY_KIND = {
    "public": dict.fromkeys(ROLES, OK),
    "user": {r: 401 if r == "anonymous" else OK for r in ROLES},
    "agent": {
        "anonymous": 401,
        "admin": 403,
        "lead_this": 403,
        "lead_other": 403,
        "agent_this": OK,
        "agent_other": OK,
    },
    "staff": {
        "anonymous": 401,
        "admin": OK,
        "lead_this": OK,
        "lead_other": OK,
        "agent_this": 403,
        "agent_other": 403,
    },
    "admin": {
        "anonymous": 401,
        "admin": OK,
        "lead_this": 403,
        "lead_other": 403,
        "agent_this": 403,
        "agent_other": 403,
    },
    "team_read": {
        "anonymous": 401,
        "admin": OK,
        "lead_this": OK,
        "lead_other": 404,
        "agent_this": OK,
        "agent_other": 404,
    },
    "team_agent": {
        "anonymous": 401,
        "admin": 403,
        "lead_this": 403,
        "lead_other": 404,
        "agent_this": OK,
        "agent_other": 404,
    },
    "team_member": {
        "anonymous": 401,
        "admin": OK,
        "lead_this": OK,
        "lead_other": 404,
        "agent_this": OK,
        "agent_other": 404,
    },
    "team_lead": {
        "anonymous": 401,
        "admin": OK,
        "lead_this": OK,
        "lead_other": 404,
        "agent_this": 403,
        "agent_other": 404,
    },
}

T, R = "/api/teams/{team_id}", "/api/teams/{team_id}/rosters/{version}"
PT, PR = "/teams/{team_id}", "/teams/{team_id}/rosters/{version}"
EXPECTED = {
    "POST /api/login": "public",
    "POST /api/logout": "user",
    "GET /api/me": "user",
    "POST /api/me/password": "user",
    "GET /api/me/schedule": "agent",
    "GET /api/me/calendar": "agent",
    "POST /api/me/calendar": "agent",
    "GET /api/calendar/{secret}.ics": "public",
    "GET /api/users": "admin",
    "POST /api/users": "admin",
    "DELETE /api/users/{username}": "admin",
    "GET /api/audit": "admin",
    f"GET {T}/audit": "team_lead",
    f"POST {T}/requests": "team_agent",
    f"GET {T}/requests": "team_member",
    f"POST {T}/requests/{{request_id}}/approve": "team_lead",
    f"POST {T}/requests/{{request_id}}/reject": "team_lead",
    "GET /api/teams": "staff",
    "POST /api/teams": "admin",
    "GET /api/examples": "staff",
    "POST /api/examples/{name}": "admin",
    f"GET {T}": "team_lead",
    f"PUT {T}/files": "team_lead",
    f"GET {T}/files/{{name}}": "team_lead",
    f"PUT {T}/files/{{name}}": "team_lead",
    f"GET {T}/workbook.xlsx": "team_lead",
    f"POST {T}/leave": "team_lead",
    f"DELETE {T}/leave": "team_lead",
    f"GET {T}/jobs": "team_lead",
    f"POST {T}/jobs": "team_lead",
    f"GET {T}/jobs/{{job_id}}": "team_lead",
    f"POST {T}/jobs/{{job_id}}/cancel": "team_lead",
    f"POST {T}/jobs/{{job_id}}/stop": "team_lead",
    f"POST {R}/replan": "team_lead",
    f"POST {R}/publish": "team_lead",
    f"POST {R}/cells": "team_lead",
    f"POST {R}/fill": "team_lead",
    f"GET {T}/proposals": "team_lead",
    f"GET {T}/proposals/{{proposal_id}}": "team_lead",
    f"POST {T}/proposals/{{proposal_id}}/accept": "team_lead",
    f"GET {T}/rosters": "team_read",
    f"GET {R}": "team_read",
    f"GET {R}/coverage": "team_read",
    f"GET {R}/agents/{{agent_id}}": "team_read",
    f"GET {R}/shops/{{shop_id}}": "team_read",
    f"GET {R}/roster.xlsx": "team_read",
    f"GET {R}/roster.csv": "team_read",
    f"GET {R}/assignments.csv": "team_read",
    f"GET {R}/coverage.csv": "team_read",
    f"GET {R}/roster.html": "team_read",
    f"GET {R}/agents/{{agent_id}}/calendar.ics": "team_read",
    f"GET {R}/ledger.csv": "team_read",
    f"GET {T}/kpi/{{month}}": "team_lead",
    f"POST {T}/kpi/{{month}}/scores": "team_lead",
    f"GET {T}/kpi/{{month}}/kpi.xlsx": "team_lead",
    f"GET {T}/kpi/{{month}}/bonus.csv": "team_lead",
    f"GET {T}/requirements": "team_lead",
    f"GET {T}/forecast": "team_lead",
    f"GET {T}/forecast/requirements": "team_lead",
    f"POST {T}/forecast/requirements": "team_lead",
    f"POST {T}/peak": "team_lead",
    f"GET {T}/peak": "team_lead",
    f"GET {T}/peak/{{plan_id}}": "team_lead",
    f"GET {T}/peak/{{plan_id}}/files/{{name}}": "team_lead",
    "GET /api/erlang": "staff",
    # Pages
    "GET /login": "public",
    "POST /login": "public",
    "POST /logout": "user",
    "GET /me": "agent",
    "POST /me/requests": "agent",
    f"GET {PT}/inbox": "team_lead",
    f"POST {PT}/inbox/{{request_id}}/approve": "team_lead",
    f"POST {PT}/inbox/{{request_id}}/reject": "team_lead",
    "GET /": "staff",
    "POST /examples/{name}": "admin",
    "POST /teams": "admin",
    f"GET {PT}": "team_lead",
    f"POST {PT}/files": "team_lead",
    f"GET {PT}/files/{{name}}/edit": "team_lead",
    f"POST {PT}/files/{{name}}": "team_lead",
    f"POST {PT}/leave": "team_lead",
    f"POST {PT}/leave/remove": "team_lead",
    f"POST {PT}/jobs": "team_lead",
    f"GET {PT}/jobs/{{job_id}}": "team_lead",
    f"POST {PT}/jobs/{{job_id}}/cancel": "team_lead",
    f"POST {PT}/jobs/{{job_id}}/stop": "team_lead",
    f"POST {PR}/replan": "team_lead",
    f"POST {PR}/publish": "team_lead",
    f"POST {PR}/cells": "team_lead",
    f"POST {PR}/fill": "team_lead",
    f"GET {PR}/diff": "team_lead",
    f"GET {PT}/proposals/{{proposal_id}}": "team_lead",
    f"POST {PT}/proposals/{{proposal_id}}/accept": "team_lead",
    f"GET {PR}": "team_read",
    f"GET {PR}/agents/{{agent_id}}": "team_read",
    f"GET {PR}/shops/{{shop_id}}": "team_read",
    f"GET {PT}/requirements": "team_lead",
    f"GET {PT}/forecast": "team_lead",
    f"POST {PT}/forecast/requirements": "team_lead",
    f"GET {PT}/peak": "team_lead",
    f"POST {PT}/peak": "team_lead",
    f"GET {PT}/peak/{{plan_id}}": "team_lead",
    f"GET {PT}/kpi/{{month}}": "team_lead",
    f"POST {PT}/kpi/{{month}}": "team_lead",
    "GET /erlang": "staff",
}
# Path parameters: team 1; every other id names nothing, so an allowed call changes nothing.
PARAMS = {
    "team_id": "1",
    "version": "99",
    "job_id": "99",
    "proposal_id": "99",
    "plan_id": "99",
    "request_id": "99",
    "agent_id": "A1",
    "shop_id": "TM",
    "name": "nothing.csv",
    "username": "nobody",
    "secret": "x" * 43,
    "month": "2026-11",
}
LOGOUTS = {"POST /api/logout", "POST /logout"}


def api_routes(routes) -> list[APIRoute]:
    """The APIRoutes among ``routes``, inside included routers too."""
    found = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):  # FastAPI's included router
            found += api_routes(route.original_router.routes)
    return found


def app_routes(app) -> list[tuple[str, str]]:
    """Every (method, path) the app answers, but FastAPI's own docs and schema."""
    routes = sorted({(m, r.path) for r in api_routes(app.routes) for m in r.methods})
    assert len(routes) > 60, routes  # the walk above found the routers' routes
    return routes


def refused(response) -> int | None:
    """The refusal ``authorize`` gave (401, 403, 404), or None when the route's handler ran."""
    status = response.status_code
    if status == 303 and response.headers["location"].startswith("/login?next="):
        return 401
    if status in (401, 403):
        return status
    if status == 404:
        is_json = response.headers.get("content-type", "").startswith("application/json")
        auth_404 = (
            response.json().get("detail") == "Not found."
            if is_json
            else "<p>Not found.</p>" in response.text or ">Not found.<" in response.text
        )
        return 404 if auth_404 else None
    return None


def matrix_failures(clients, app) -> list[str]:
    """Each route × role whose status differs from the expected table, in words."""
    failures = []
    routes = app_routes(app)
    # Logging out ends the session: those routes go last, each with a fresh login.
    routes.sort(key=lambda r: f"{r[0]} {r[1]}" in LOGOUTS)
    for method, path in routes:
        key = f"{method} {path}"
        if key not in EXPECTED:
            failures.append(f"{key}: not in the expected table")
            continue
        url = path.format(**{k: v for k, v in PARAMS.items() if "{" + k + "}" in path})
        for role, expected in EXPECTED_BY_KIND[EXPECTED[key]].items():
            client = clients[role]
            if key in LOGOUTS and role != "anonymous":
                from tests.web.accounts import USERS

                client = log_in(app, USERS[role][0])
            response = client.request(method, url, follow_redirects=False)
            got = refused(response)
            want = None if expected == OK else expected
            if got != want:
                failures.append(f"{key} as {role}: expected {expected}, got {response.status_code}")
    return failures


@pytest.fixture
def world(client, settings, tiny_team_dir, monkeypatch):
    cheap_hashing(monkeypatch)
    cheap_hashing(monkeypatch)
    return set_up_teams_and_users(client, settings, tiny_team_dir), client.app


@pytest.mark.slow
def test_every_route_gives_every_role_the_status_it_must(world):
    clients, app = world
    assert matrix_failures(clients, app) == []


@pytest.mark.slow
def test_the_matrix_fails_when_one_route_loses_its_check(world, monkeypatch):
    clients, app = world
    key = ("POST", "/api/teams/{team_id}/jobs")
    monkeypatch.setitem(auth.ACCESS, key, auth.Rule.TEAM_MEMBER)
    failures = matrix_failures(clients, app)
    assert failures == ["POST /api/teams/{team_id}/jobs as agent_this: expected 403, got 422"]


def test_a_route_missing_from_the_access_table_is_refused(world, monkeypatch):
    clients, _ = world
    monkeypatch.delitem(auth.ACCESS, ("GET", "/api/teams"))
    response = clients["admin"].get("/api/teams")
    assert response.status_code == 403
    assert response.json()["detail"] == "This route has no access rule."


def test_every_route_of_the_app_is_in_the_access_table_and_the_expected_one(world):
    _, app = world
    routes = app_routes(app)
    assert sorted(auth.ACCESS) == routes
    assert sorted(EXPECTED) == sorted(f"{m} {p}" for m, p in routes)


@pytest.mark.parametrize("path", ["/openapi.json", "/docs", "/redoc"])
def test_the_api_schema_and_docs_need_a_login_once_users_exist(world, path):
    clients, _ = world
    assert clients["anonymous"].get(path).status_code == 401
    assert clients["agent_this"].get(path).status_code == 200
