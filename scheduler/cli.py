"""The `scheduler` command line: thin commands over the application's functions."""

from __future__ import annotations

import typer

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Rosters and staffing for e-commerce customer-service teams.",
)


@app.callback()
def _commands() -> None:
    """Rosters and staffing for e-commerce customer-service teams."""


def main() -> None:
    app()


# Commands registered on `app` by their own modules.
from scheduler import (  # noqa: E402, F401
    bench_cli,
    demand_cli,
    peak_cli,
    replan_cli,
    roster_cli,
    web_cli,
)
