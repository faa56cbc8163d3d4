"""Commands for demand: forecast, staffing, Erlang, headcount."""

from scheduler.cli import app  # noqa: F401
