"""Who may call each route: one app-wide dependency and the table of every route's rule.

``authorize`` runs before every route's handler (``FastAPI(dependencies=...)``). It finds
the route's rule in ``ACCESS`` (a route missing from it is refused: no route can lose its
check silently), the user from the session cookie, and lets ``scheduler.people.access``
decide. With no user in the database it lets everything through: the app then behaves as
before accounts (the optional ``SCHEDULER_TOKEN`` is checked by the middleware).
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, urlsplit

from fastapi import Depends, HTTPException, Request

from scheduler.people.access import ALLOWED, Rule, decide
from scheduler.people.roles import Account, Role
from scheduler.web.service.versions import is_published
from scheduler.web.store import SessionRecord, Store

SESSION_COOKIE = "scheduler_session"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

P, U, AG, S, AD = Rule.PUBLIC, Rule.USER, Rule.AGENT, Rule.STAFF, Rule.ADMIN
TR, TA, TM, TL = Rule.TEAM_READ, Rule.TEAM_AGENT, Rule.TEAM_MEMBER, Rule.TEAM_LEAD
T = "/api/teams/{team_id}"
R = T + "/rosters/{version}"
ACCESS: dict[tuple[str, str], Rule] = {
    # Accounts
    ("POST", "/api/login"): P,
    ("POST", "/api/logout"): U,
    ("GET", "/api/me"): U,
    ("POST", "/api/me/password"): U,
    ("GET", "/api/me/schedule"): AG,
    ("GET", "/api/me/calendar"): AG,
    ("POST", "/api/me/calendar"): AG,
    ("GET", "/api/calendar/{secret}.ics"): P,
    ("GET", "/api/users"): AD,
    ("POST", "/api/users"): AD,
    ("DELETE", "/api/users/{username}"): AD,
    ("GET", "/api/audit"): AD,
    ("GET", T + "/audit"): TL,
    # Agents' requests
    ("POST", T + "/requests"): TA,
    ("GET", T + "/requests"): TM,
    ("POST", T + "/requests/{request_id}/approve"): TL,
    ("POST", T + "/requests/{request_id}/reject"): TL,
    # Teams and their files
    ("GET", "/api/teams"): S,
    ("POST", "/api/teams"): AD,
    ("GET", "/api/examples"): S,
    ("POST", "/api/examples/{name}"): AD,
    ("GET", T): TL,
    ("PUT", T + "/files"): TL,
    ("GET", T + "/files/{name}"): TL,
    ("PUT", T + "/files/{name}"): TL,
    ("GET", T + "/workbook.xlsx"): TL,
    ("POST", T + "/leave"): TL,
    ("DELETE", T + "/leave"): TL,
    # Builds, re-plans, proposals
    ("GET", T + "/jobs"): TL,
    ("POST", T + "/jobs"): TL,
    ("GET", T + "/jobs/{job_id}"): TL,
    ("POST", T + "/jobs/{job_id}/cancel"): TL,
    ("POST", T + "/jobs/{job_id}/stop"): TL,
    ("POST", R + "/replan"): TL,
    ("POST", R + "/publish"): TL,
    ("POST", R + "/cells"): TL,
    ("POST", R + "/fill"): TL,
    ("GET", T + "/proposals"): TL,
    ("GET", T + "/proposals/{proposal_id}"): TL,
    ("POST", T + "/proposals/{proposal_id}/accept"): TL,
    # Rosters: the team's agents read the published ones (``published_only_for_agents``)
    ("GET", T + "/rosters"): TR,
    ("GET", R): TR,
    ("GET", R + "/coverage"): TR,
    ("GET", R + "/agents/{agent_id}"): TR,
    ("GET", R + "/shops/{shop_id}"): TR,
    ("GET", R + "/roster.xlsx"): TR,
    ("GET", R + "/roster.csv"): TR,
    ("GET", R + "/assignments.csv"): TR,
    ("GET", R + "/coverage.csv"): TR,
    ("GET", R + "/roster.html"): TR,
    ("GET", R + "/agents/{agent_id}/calendar.ics"): TR,
    ("GET", R + "/ledger.csv"): TR,
    # KPI and bonus: the team's leads only
    ("GET", T + "/kpi/{month}"): TL,
    ("POST", T + "/kpi/{month}/scores"): TL,
    ("GET", T + "/kpi/{month}/kpi.xlsx"): TL,
    ("GET", T + "/kpi/{month}/bonus.csv"): TL,
    # Demand, peak plans, the Erlang calculator
    ("GET", T + "/requirements"): TL,
    ("GET", T + "/forecast"): TL,
    ("GET", T + "/forecast/requirements"): TL,
    ("POST", T + "/forecast/requirements"): TL,
    ("POST", T + "/peak"): TL,
    ("GET", T + "/peak"): TL,
    ("GET", T + "/peak/{plan_id}"): TL,
    ("GET", T + "/peak/{plan_id}/files/{name}"): TL,
    ("GET", "/api/erlang"): S,
}
"""Every route of the JSON API and its rule; the pages' routes follow in PAGE_ACCESS."""

T, R = "/teams/{team_id}", "/teams/{team_id}/rosters/{version}"
PAGE_ACCESS: dict[tuple[str, str], Rule] = {
    ("GET", "/login"): P,
    ("POST", "/login"): P,
    ("POST", "/logout"): U,
    ("GET", "/me"): AG,
    ("POST", "/me/requests"): AG,
    ("GET", T + "/inbox"): TL,
    ("POST", T + "/inbox/{request_id}/approve"): TL,
    ("POST", T + "/inbox/{request_id}/reject"): TL,
    ("GET", "/"): S,
    ("POST", "/examples/{name}"): AD,
    ("POST", "/teams"): AD,
    ("GET", T): TL,
    ("POST", T + "/files"): TL,
    ("GET", T + "/files/{name}/edit"): TL,
    ("POST", T + "/files/{name}"): TL,
    ("POST", T + "/leave"): TL,
    ("POST", T + "/leave/remove"): TL,
    ("POST", T + "/jobs"): TL,
    ("GET", T + "/jobs/{job_id}"): TL,
    ("POST", T + "/jobs/{job_id}/cancel"): TL,
    ("POST", T + "/jobs/{job_id}/stop"): TL,
    ("POST", R + "/replan"): TL,
    ("POST", R + "/publish"): TL,
    ("POST", R + "/cells"): TL,
    ("POST", R + "/fill"): TL,
    ("GET", R + "/diff"): TL,
    ("GET", T + "/proposals/{proposal_id}"): TL,
    ("POST", T + "/proposals/{proposal_id}/accept"): TL,
    ("GET", R): TR,
    ("GET", R + "/agents/{agent_id}"): TR,
    ("GET", R + "/shops/{shop_id}"): TR,
    ("GET", T + "/requirements"): TL,
    ("GET", T + "/forecast"): TL,
    ("POST", T + "/forecast/requirements"): TL,
    ("GET", T + "/peak"): TL,
    ("POST", T + "/peak"): TL,
    ("GET", T + "/peak/{plan_id}"): TL,
    ("GET", T + "/kpi/{month}"): TL,
    ("POST", T + "/kpi/{month}"): TL,
    ("GET", "/erlang"): S,
}
ACCESS |= PAGE_ACCESS
del T, R


class LoginRequired(Exception):
    """An anonymous visitor asked for a page: send them to the login page."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


def session_of(request: Request, store: Store) -> SessionRecord | None:
    secret = request.cookies.get(SESSION_COOKIE)
    return store.session(secret) if secret else None


def route_key(request: Request) -> tuple[str, str]:
    route = request.scope.get("route")
    return request.method, getattr(route, "path", "")


def team_of(request: Request) -> int | None:
    text = str(request.path_params.get("team_id", ""))
    return int(text) if text.isdigit() else None


def same_origin(request: Request) -> bool:
    """Whether a browser says the request comes from one of our own pages."""
    source = request.headers.get("origin") or request.headers.get("referer")
    if not source:
        return False
    return urlsplit(source).netloc == request.url.netloc


def check_csrf(request: Request, session: SessionRecord) -> None:
    """A cookie-authenticated change needs our own page as its origin or the CSRF token."""
    if request.method in SAFE_METHODS or same_origin(request):
        return
    token = request.headers.get(CSRF_HEADER, "")
    if token != session.csrf:
        raise HTTPException(403, "Cross-site request refused: send the X-CSRF-Token header.")


def authorize(request: Request) -> Account | None:
    """The current user (None with no accounts at all); 401/403/404 when not allowed."""
    store: Store = request.app.state.store
    if not store.has_users():
        return None
    rule = ACCESS.get(route_key(request))
    if rule is None:
        raise HTTPException(403, "This route has no access rule.")
    session = session_of(request, store) if rule is not Rule.PUBLIC else None
    account = session.user.account if session else None
    request.state.account = account
    status = decide(rule, account, team_of(request))
    if status == 401:
        if not request.url.path.startswith("/api") and request.method == "GET":
            query = f"?{request.url.query}" if request.url.query else ""
            raise LoginRequired(quote(request.url.path + query, safe=""))
        raise HTTPException(401, "Log in first.")
    if status == 404:
        raise HTTPException(404, "Not found.")
    if status != ALLOWED:
        raise HTTPException(403, "Your role may not do this.")
    if session is not None:
        check_csrf(request, session)
    return account


def current_account(request: Request) -> Account | None:
    """The user ``authorize`` found (None when the app has no accounts)."""
    return getattr(request.state, "account", None)


def required_account(request: Request) -> Account:
    account = current_account(request)
    if account is None:
        raise HTTPException(401, "Log in first.")
    return account


def published_only_for_agents(request: Request) -> None:
    """An agent reads only the published version of a month: a draft does not exist for them
    (404). A dependency of the routers that serve one roster version."""
    account = current_account(request)
    if account is None or account.role is not Role.AGENT:
        return
    store: Store = request.app.state.store
    team_id, version = team_of(request), str(request.path_params.get("version", ""))
    if team_id is None or not version.isdigit():
        return
    try:
        record = store.roster(team_id, int(version))
    except KeyError:
        return  # the route answers "no such version" itself
    if not is_published(store, record):
        raise HTTPException(404, "Not found.")


CurrentAccount = Annotated[Account | None, Depends(current_account)]
UserAccount = Annotated[Account, Depends(required_account)]
