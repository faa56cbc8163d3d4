"""The `scheduler` command line: thin commands over the application's functions.

Each command group is one module that registers its commands on `scheduler.cli.app.app`.
"""

from __future__ import annotations

from scheduler.cli.app import app

# `scheduler --help` lists the commands in the order their modules register them.
# isort: off
from scheduler.cli import roster, demand, peak, replan, serve, bench, kpi, users
from scheduler.cli import batch
# isort: on

__all__ = [
    "app",
    "batch",
    "bench",
    "demand",
    "kpi",
    "main",
    "peak",
    "replan",
    "roster",
    "serve",
    "users",
]


def main() -> None:
    app()
