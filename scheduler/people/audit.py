"""The audit log: which actions are recorded, and their words."""

from __future__ import annotations

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
NOT_AUDITED = frozenset({"/api/login", "/login"})
"""Logins are counted by the throttle, not logged as actions (a failed one carries no user)."""


def audited(method: str, path: str, status: int) -> bool:
    """Whether a finished request is an action to record: a change that succeeded."""
    return method in UNSAFE_METHODS and status < 400 and path not in NOT_AUDITED


def action_words(method: str, route: str) -> str:
    """An action as the log shows it: the method and the route's path pattern."""
    return f"{method} {route}"
