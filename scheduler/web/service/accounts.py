"""Accounts: logging in (throttled), users made by an admin, an agent's own month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from icalendar import Calendar

from scheduler.exports.ics import PRODID, agent_calendar
from scheduler.people.access import in_team
from scheduler.people.passwords import hash_password, password_problem, verify_password
from scheduler.people.roles import Account, Role, account_problems
from scheduler.people.throttle import retry_after_s
from scheduler.roster.model import Roster
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, raise_if_any
from scheduler.web.service.common import NotFound
from scheduler.web.service.versions import published_roster, published_rosters
from scheduler.web.store import RosterRecord, Store, TeamRecord, UserRecord

# Verifying against this when the name is unknown takes as long as a real check, so the
# answer's timing does not tell which part was wrong.
_DUMMY_HASH = hash_password("not a password of anyone")


class LoginRefused(Exception):
    """Wrong username or password (which one is not said)."""


class Throttled(Exception):
    """Too many wrong passwords for this user lately; try again after ``retry_after_s``."""

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(f"Too many failed logins; try again in {retry_after_s} s.")
        self.retry_after_s = retry_after_s


def log_in(store: Store, username: str, password: str) -> UserRecord:
    """The user whose password this is; Throttled or LoginRefused otherwise."""
    now = datetime.now(UTC)
    wait = retry_after_s(store.login_failures(username), now)
    if wait:
        raise Throttled(wait)
    try:
        user = store.user(username)
    except KeyError:
        verify_password(_DUMMY_HASH, password)
        store.add_login_failure(username, now)
        raise LoginRefused from None
    if not verify_password(user.password_hash, password):
        store.add_login_failure(username, now)
        raise LoginRefused
    store.clear_login_failures(username)
    return user


def add_user(store: Store, account: Account, password: str) -> UserRecord:
    """A new user, checked: the account's fields, the password, teams that exist.

    Raises
    ------
    InputErrors
        Naming each field that is wrong; nothing is written.
    """
    problems = account_problems(account)
    problem = password_problem(password)
    if problem:
        problems.append(problem)
    for team_id in account.teams:
        try:
            record = store.team(team_id)
        except KeyError:
            problems.append(f"there is no team {team_id}")
            continue
        agents = {a.agent_id for a in store.input_team(record.input_id).agents}
        if account.role is Role.AGENT and account.agent_id and account.agent_id not in agents:
            problems.append(f"{account.agent_id} is not an agent of team {team_id}")
    if not problems:
        try:
            store.user(account.username)
            problems.append(f"there is already a user {account.username!r}")
        except KeyError:
            pass
    raise_if_any([InputError("user", None, p) for p in problems])
    return store.add_user(account, hash_password(password))


def change_password(store: Store, username: str, password: str) -> None:
    """A new password; every session of the user ends (InputErrors for a weak one)."""
    problem = password_problem(password)
    raise_if_any([InputError("password", None, problem)] if problem else [])
    store.set_password(username, hash_password(password))


def remove_user(store: Store, username: str) -> None:
    try:
        store.remove_user(username)
    except KeyError:
        raise NotFound(f"There is no user {username!r}.") from None


@dataclass(frozen=True, kw_only=True)
class ScheduleDay:
    date: date
    shift: str
    shops: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Schedule:
    """An agent's row of the published roster of a month."""

    agent_id: str
    team_id: int
    version: int
    month: Month
    days: tuple[ScheduleDay, ...]


def agent_days(roster: Roster, agent_id: str) -> tuple[ScheduleDay, ...]:
    return tuple(
        ScheduleDay(
            date=day,
            shift=(entry := roster.entry(agent_id, day)).shift,
            shops=tuple(shop for shop, _ in entry.shares),
        )
        for day in roster.month.days
    )


def agent_schedule(store: Store, account: Account, month: Month) -> Schedule:
    """The agent's month; NotFound when no roster of the month holds them."""
    if account.role is not Role.AGENT or not account.agent_id or not account.teams:
        raise NotFound("Only an agent has a schedule of their own.")
    team_id = account.teams[0]
    record = published_roster(store, team_id, month)
    if record is None:
        raise NotFound(f"No roster of {month} is published yet.")
    roster = store.roster_value(record)
    if account.agent_id not in roster.agent_ids:
        raise NotFound(f"{account.agent_id} is not in the roster of {month}.")
    return Schedule(
        agent_id=account.agent_id,
        team_id=team_id,
        version=record.version,
        month=month,
        days=agent_days(roster, account.agent_id),
    )


def feed_rosters(store: Store, team_id: int, today: date) -> list[RosterRecord]:
    """The published version of each month from this one on (else of the latest month)."""
    newest = published_rosters(store, team_id)
    this_month = Month(today.year, today.month)
    current = [r for m, r in sorted(newest.items()) if m >= this_month]
    if current:
        return current
    return [newest[max(newest)]] if newest else []


def calendar_feed(store: Store, account: Account, today: date | None = None) -> bytes:
    """The agent's shifts in the published rosters, as one iCalendar file."""
    assert account.agent_id is not None
    team_id = account.teams[0]
    feed: Calendar | None = None
    for record in feed_rosters(store, team_id, today or datetime.now(UTC).date()):
        roster = store.roster_value(record)
        if account.agent_id not in roster.agent_ids:
            continue
        month = Calendar.from_ical(
            agent_calendar(
                store.input_team(record.input_id),
                roster,
                account.agent_id,
                stamp=datetime.fromisoformat(record.created_at),
                uid_prefix=f"team{team_id}",
            )
        )
        if feed is None:
            feed = month
        else:
            for event in month.walk("VEVENT"):
                feed.add_component(event)
    if feed is None:
        feed = Calendar()
        feed.add("prodid", PRODID)
        feed.add("version", "2.0")
    ical: bytes = feed.to_ical()
    return ical


def visible_teams(store: Store, account: Account | None) -> list[TeamRecord]:
    """The teams a user sees: every team for an admin (or with no accounts), else theirs."""
    return [r for r in store.teams() if account is None or in_team(account, r.id)]
