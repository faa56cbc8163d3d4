"""The login page, the agent's home (/me) and the lead's inbox of requests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.people.requests import PENDING
from scheduler.people.roles import Role
from scheduler.team.calendar import Month
from scheduler.web.api.accounts import calendar_url, set_session_cookie
from scheduler.web.auth import SESSION_COOKIE, UserAccount
from scheduler.web.contexts.accounts import AgentHome, Inbox
from scheduler.web.deps import LangDep, RequestId, SettingsDep, StoreDep, TeamId
from scheduler.web.pages.redirect import see_other
from scheduler.web.render import render

router = APIRouter(include_in_schema=False)
MonthQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")]


def safe_next(url: str | None) -> str | None:
    """Only a path of this site (never //host or a scheme) is followed after logging in."""
    if url and url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return None


@router.get("/login")
def login_page(request: Request, lang: LangDep, next: str | None = None) -> Response:
    return render(request, "login.html", lang, next=safe_next(next) or "", nav=False)


@router.post("/login")
def log_in(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """A session cookie and on to the page asked for (an agent's home, a lead's teams)."""
    try:
        user = service.log_in(store, username, password)
    except (service.LoginRefused, service.Throttled) as exc:
        status, text = (429, str(exc)) if isinstance(exc, service.Throttled) else (401, "")
        return render(
            request, "login.html", lang, status, next=safe_next(next) or "", error=text, nav=False
        )
    secret, _ = store.open_session(user, settings.session_hours)
    home = "/me" if user.account.role is Role.AGENT else "/"
    response = see_other(safe_next(next) or home)
    set_session_cookie(request, response, secret, settings.session_hours)
    return response


@router.post("/logout")
def log_out(request: Request, store: StoreDep) -> Response:
    store.close_session(request.cookies.get(SESSION_COOKIE, ""))
    response = see_other("/login")
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/me")
def agent_home(
    request: Request, account: UserAccount, store: StoreDep, lang: LangDep, month: MonthQuery = None
) -> Response:
    """This month and next (or from ``?month=``), the agent's requests, their calendar."""
    today = datetime.now(UTC).date()
    first = service.parse_month(month) if month else Month(today.year, today.month)
    months = [first, next_month(first)]
    schedules: list[tuple[Month, service.Schedule | None]] = []
    for m in months:
        try:
            schedules.append((m, service.agent_schedule(store, account, m)))
        except service.NotFound:
            schedules.append((m, None))
    team_id = account.teams[0]
    user = store.user(account.username)
    secret = user.calendar_secret or store.new_calendar_secret(account.username)
    team = store.input_team(service.team_view(store, team_id).record.input_id)
    page = AgentHome.build(
        agent_id=account.agent_id or "",
        team_id=team_id,
        months=schedules,
        requests=service.team_requests(store, team_id, account),
        calendar_url=calendar_url(request, secret),
        shifts=[s.id for s in team.shifts],
        today=today,
        lang=lang,
    )
    return render(request, "me.html", lang, page=page, nav=False)


def next_month(month: Month) -> Month:
    return Month(month.year + month.month // 12, month.month % 12 + 1)


@router.post("/me/requests")
def file_request(
    account: UserAccount,
    store: StoreDep,
    kind: Annotated[str, Form(max_length=10)],
    date: Annotated[str, Form(max_length=10)] = "",
    with_agent: Annotated[str, Form(max_length=64)] = "",
    with_date: Annotated[str, Form(max_length=10)] = "",
    end: Annotated[str, Form(max_length=10)] = "",
    reason: Annotated[str, Form(max_length=500)] = "",
    shift: Annotated[str, Form(max_length=32)] = "",
    month: Annotated[str, Form(pattern=r"^(\d{4}-\d{2})?$")] = "",
) -> Response:
    """The request form of the agent's page: one form, the fields its kind needs."""
    body: dict[str, object] = {"kind": kind}
    if kind == "swap":
        body |= {"date": date, "with_agent": with_agent, "with_date": with_date or date}
    elif kind == "leave":
        body |= {"start": date, "end": end or date, "reason": reason}
    elif shift == "off":
        body |= {"date": date, "off": True}
    else:
        body |= {"date": date, "shift": shift}
    service.file_request(store, account.teams[0], account, body)
    return see_other(f"/me?month={month}" if month else "/me")


@router.get("/teams/{team_id}/inbox")
def inbox(
    team_id: TeamId,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
) -> Response:
    """Pending requests with what approving each would change; the decided ones; the log."""
    view = service.team_view(store, team_id)
    records = service.team_requests(store, team_id, None)
    pending = [
        (r, service.request_effect(store, settings, team_id, r))
        for r in records
        if r.state == PENDING
    ]
    page = Inbox.build(
        team_id=team_id,
        team_name=view.team.name,
        pending=pending,
        decided=[r for r in records if r.state != PENDING][:50],
        audit=store.audit(team_id, limit=30),
    )
    return render(request, "inbox.html", lang, page=page)


@router.post("/teams/{team_id}/inbox/{request_id}/approve")
def approve(
    team_id: TeamId,
    request_id: RequestId,
    account: UserAccount,
    store: StoreDep,
    settings: SettingsDep,
) -> Response:
    service.approve_request(store, settings, team_id, request_id, account.username)
    return see_other(f"/teams/{team_id}/inbox")


@router.post("/teams/{team_id}/inbox/{request_id}/reject")
def reject(
    team_id: TeamId,
    request_id: RequestId,
    account: UserAccount,
    store: StoreDep,
    reason: Annotated[str, Form(max_length=500)] = "",
) -> Response:
    service.reject_request(store, team_id, request_id, account.username, reason)
    return see_other(f"/teams/{team_id}/inbox")
