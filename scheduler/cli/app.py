"""The typer app that every command module registers its commands on."""

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
