"""What every feature of the web service shares: its errors and how it reads a request's
month and method, refuses work when busy, and bounds a time limit."""

from __future__ import annotations

from scheduler.demand.staffing_settings import StaffMethod
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors
from scheduler.web.jobs import JobRunner
from scheduler.web.settings import Settings


class NotFound(Exception):
    """No such team, roster, agent, shop, job or example (HTTP 404)."""


class Busy(Exception):
    """Too many builds are waiting (HTTP 429)."""


def parse_method(text: str | None, default: StaffMethod) -> StaffMethod:
    """A staffing method from a request (empty: ``default``); a 422 naming the field."""
    if not text:
        return default
    try:
        return StaffMethod(text)
    except ValueError:
        names = ", ".join(str(m) for m in StaffMethod)
        raise InputErrors([InputError("method", None, f"must be one of {names}")]) from None


def parse_month(text: str) -> Month:
    """A month from a request; a 422 naming the field when it is not YYYY-MM."""
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise InputErrors([InputError("month", None, str(exc))]) from None


def refuse_when_busy(runner: JobRunner, settings: Settings, jobs: str = "builds") -> None:
    """Busy when as many jobs run or wait as the settings allow."""
    if runner.pending() >= settings.max_builds + settings.max_queued:
        raise Busy(f"Too many {jobs} are running or waiting; try again when one has finished.")


def clamp_time_limit(settings: Settings, seconds: float) -> float:
    """The time limit asked for, kept from 1 s to the server's most."""
    return min(max(seconds, 1.0), settings.max_time_limit_s)
