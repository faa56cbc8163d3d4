"""Who may do what: each route names one rule, and one small function decides each rule.

The decision is an HTTP status: 0 (allowed), 401 (log in first), 403 (not for your role)
or 404 (a team that is not yours does not exist for you).
"""

from __future__ import annotations

from enum import StrEnum

from scheduler.people.roles import Account, Role

ALLOWED = 0


class Rule(StrEnum):
    """What a route needs; every route of the app names one (scheduler/web/auth.py)."""

    PUBLIC = "public"  # anyone: the login page, the calendar feed at its secret URL
    USER = "user"  # any logged-in user: their own account
    AGENT = "agent"  # an agent: their own month
    STAFF = "staff"  # admin or lead: lists of teams, examples, the Erlang calculator
    ADMIN = "admin"  # admin only: users, new teams
    TEAM_READ = "team_read"  # the team's lead or agents, or an admin: published rosters
    TEAM_AGENT = "team_agent"  # an agent of this team: file a request
    TEAM_MEMBER = "team_member"  # the team's lead, or an agent of it: list requests
    TEAM_LEAD = "team_lead"  # the team's lead or an admin: build, upload, approve, …


def in_team(account: Account, team_id: int | None) -> bool:
    """Whether the team exists for this user (an admin sees every team)."""
    return account.role is Role.ADMIN or (team_id is not None and team_id in account.teams)


def decide(rule: Rule, account: Account | None, team_id: int | None = None) -> int:
    """The status a user gets for a route with ``rule`` (0 when allowed)."""
    if rule is Rule.PUBLIC:
        return ALLOWED
    if account is None:
        return 401
    if rule.name.startswith("TEAM") and not in_team(account, team_id):
        return 404
    return ALLOWED if account.role in ROLES_ALLOWED[rule] else 403


ROLES_ALLOWED: dict[Rule, frozenset[Role]] = {
    Rule.PUBLIC: frozenset(Role),
    Rule.USER: frozenset(Role),
    Rule.AGENT: frozenset({Role.AGENT}),
    Rule.STAFF: frozenset({Role.ADMIN, Role.LEAD}),
    Rule.ADMIN: frozenset({Role.ADMIN}),
    Rule.TEAM_READ: frozenset(Role),
    Rule.TEAM_AGENT: frozenset({Role.AGENT}),
    Rule.TEAM_MEMBER: frozenset(Role),
    Rule.TEAM_LEAD: frozenset({Role.ADMIN, Role.LEAD}),
}
"""The roles each rule lets through, once the team (for TEAM_* rules) is theirs."""
