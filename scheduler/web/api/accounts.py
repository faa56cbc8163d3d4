"""Accounts: log in and out, who am I, my month and calendar; users (admin); the audit log."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request, Response
from pydantic import BaseModel, Field

import scheduler.web.service as service
from scheduler.people.roles import Account, Role
from scheduler.web.api.routing import resource_router
from scheduler.web.auth import SESSION_COOKIE, UserAccount
from scheduler.web.deps import SettingsDep, StoreDep, TeamId
from scheduler.web.service.accounts import Schedule, agent_schedule
from scheduler.web.store import AuditRecord, UserRecord

router = resource_router()


class LoginBody(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)


class PasswordBody(BaseModel):
    password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class UserCreate(BaseModel):
    username: str = Field(max_length=64)
    password: str = Field(max_length=1024)
    role: Role
    teams: list[int] = []
    agent_id: str | None = Field(default=None, max_length=64)


class UserPublic(BaseModel):
    username: str
    role: Role
    teams: list[int]
    agent_id: str | None

    @classmethod
    def of(cls, account: Account) -> UserPublic:
        return cls.model_validate(
            {**account.__dict__, "teams": list(account.teams)}, from_attributes=False
        )


class LoginPublic(UserPublic):
    csrf_token: str
    """Send it as X-CSRF-Token with changes made from another origin than the app's pages."""


class ScheduleDayPublic(BaseModel):
    date: str
    shift: str
    shops: list[str]


class SchedulePublic(BaseModel):
    agent_id: str
    team_id: int
    version: int
    days: list[ScheduleDayPublic]

    @classmethod
    def of(cls, schedule: Schedule) -> SchedulePublic:
        days = [
            ScheduleDayPublic(date=str(d.date), shift=d.shift, shops=list(d.shops))
            for d in schedule.days
        ]
        return cls(
            agent_id=schedule.agent_id,
            team_id=schedule.team_id,
            version=schedule.version,
            days=days,
        )


class CalendarPublic(BaseModel):
    url: str


class AuditPublic(BaseModel):
    at: str
    username: str
    team_id: int | None
    action: str
    status: int


def set_session_cookie(request: Request, response: Response, secret: str, hours: float) -> None:
    """HttpOnly, SameSite=Lax, Secure when the app is reached over HTTPS."""
    https = request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(hours * 3600),
        httponly=True,
        samesite="lax",
        secure=https,
    )


@router.post("/login")
def log_in(
    body: LoginBody, request: Request, response: Response, store: StoreDep, settings: SettingsDep
) -> LoginPublic:
    """A session cookie for the user; 401 for a wrong name or password, 429 when throttled."""
    user = service.log_in(store, body.username, body.password)
    secret, csrf = store.open_session(user, settings.session_hours)
    set_session_cookie(request, response, secret, settings.session_hours)
    return LoginPublic(**UserPublic.of(user.account).model_dump(), csrf_token=csrf)


@router.post("/logout", status_code=204)
def log_out(request: Request, response: Response, store: StoreDep) -> None:
    store.close_session(request.cookies.get(SESSION_COOKIE, ""))
    response.delete_cookie(SESSION_COOKIE)


@router.get("/me")
def me(account: UserAccount) -> UserPublic:
    return UserPublic.of(account)


@router.post("/me/password", status_code=204)
def change_password(body: PasswordBody, account: UserAccount, store: StoreDep) -> None:
    """A new password; every session of the user ends, this one too (log in again)."""
    service.log_in(store, account.username, body.password)
    service.change_password(store, account.username, body.new_password)


@router.get("/me/schedule")
def my_schedule(
    account: UserAccount,
    store: StoreDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")],
) -> SchedulePublic:
    """The agent's row of the newest published roster of the month."""
    return SchedulePublic.of(agent_schedule(store, account, service.parse_month(month)))


def calendar_url(request: Request, secret: str) -> str:
    return str(request.url_for("calendar_feed", secret=secret))


@router.get("/me/calendar")
def my_calendar(request: Request, account: UserAccount, store: StoreDep) -> CalendarPublic:
    """The secret URL of the agent's calendar feed."""
    secret = store.user(account.username).calendar_secret
    if secret is None:
        secret = store.new_calendar_secret(account.username)
    return CalendarPublic(url=calendar_url(request, secret))


@router.post("/me/calendar", status_code=201)
def new_calendar(request: Request, account: UserAccount, store: StoreDep) -> CalendarPublic:
    """A new secret URL; the old one stops working (revoked)."""
    return CalendarPublic(url=calendar_url(request, store.new_calendar_secret(account.username)))


@router.get("/calendar/{secret}.ics", name="calendar_feed")
def calendar_feed(secret: str, store: StoreDep) -> Response:
    """The agent's newest published roster as iCalendar (this month's and next month's)."""
    user = store.user_by_calendar(secret) if len(secret) >= 32 else None
    if user is None or not user.account.teams or not user.account.agent_id:
        raise service.NotFound("No such calendar.")
    body = service.calendar_feed(store, user.account)
    return Response(body, media_type="text/calendar; charset=utf-8")


@router.get("/users")
def list_users(store: StoreDep) -> list[UserPublic]:
    return [UserPublic.of(u.account) for u in store.users()]


@router.post("/users", status_code=201)
def create_user(body: UserCreate, store: StoreDep) -> UserPublic:
    account = Account(
        username=body.username,
        role=body.role,
        teams=tuple(body.teams),
        agent_id=body.agent_id or None,
    )
    user: UserRecord = service.add_user(store, account, body.password)
    return UserPublic.of(user.account)


@router.delete("/users/{username}", status_code=204)
def delete_user(username: str, store: StoreDep) -> None:
    service.remove_user(store, username)


def audit_public(records: list[AuditRecord]) -> list[AuditPublic]:
    return [AuditPublic.model_validate(r, from_attributes=True) for r in records]


@router.get("/audit")
def audit(store: StoreDep) -> list[AuditPublic]:
    """Who did what, newest first: builds, uploads, approvals, user changes, …"""
    return audit_public(store.audit())


@router.get("/teams/{team_id}/audit")
def team_audit(team_id: TeamId, store: StoreDep) -> list[AuditPublic]:
    service.team_view(store, team_id)
    return audit_public(store.audit(team_id))
