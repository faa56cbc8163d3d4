"""`scheduler kpi`: the month's shop-weighted KPI and bonus from a roster and scores."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.app import app
from scheduler.cli.common import EXIT_BAD_INPUT, fail_on_input, parse_month
from scheduler.people.kpi import month_kpi
from scheduler.people.kpi_files import KPI_HTML, write_kpi_outputs
from scheduler.people.kpi_page import KpiPage, render_kpi_page
from scheduler.people.kpi_settings import read_kpi_settings
from scheduler.people.scores import read_scores
from scheduler.roster.files import read_roster
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.folder import read_team


@app.command()
def kpi(
    team_dir: Annotated[Path, typer.Argument(help="The team folder (team.toml with [kpi]).")],
    month: Annotated[str, typer.Option(help="The month scored, YYYY-MM.")],
    roster: Annotated[Path, typer.Option(help="The month's roster.csv.")],
    scores: Annotated[
        Path,
        typer.Option(help="agent_id,shop_id,score rows, or agent_id,shop_id,metric,value rows."),
    ],
    out: Annotated[Path, typer.Option(help="Folder for bonus.csv, kpi.html and kpi.xlsx.")],
) -> None:
    """Score each agent over their shops, pick the bonus tier and write bonus.csv,
    kpi.html and kpi.xlsx into OUT.

    Exit codes: 0 written, 2 bad input (every problem as file:line: message; nothing written).
    """
    the_month = parse_month(month)
    try:
        team = read_team(team_dir)
        errors: list[InputError] = []
        settings = read_kpi_settings(team_dir, errors)
        raise_if_any(errors)
        the_roster = read_roster(roster, team)
        if the_roster.month != the_month:
            raise_if_any(
                [
                    InputError(
                        roster.name, None, f"is the roster of {the_roster.month}, not {the_month}"
                    )
                ]
            )
        given = read_scores(scores, team, the_roster, settings)
    except InputErrors as problems:
        fail_on_input(problems)
        return
    result = month_kpi(team, the_roster, settings, given.by_shop, given.lead)
    if not result.rows:
        typer.echo(f"{scores.name}: no agent of the roster is scored", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    page = KpiPage.from_kpi(result, settings, month_days=the_month.num_days)
    write_kpi_outputs(out, result, render_kpi_page(page))
    for row in result.rows:
        typer.echo(f"{row.agent_id:<8} {row.score:6.2f} {row.base:>5} {row.bonus:>6}")
    typer.echo(f"KPI page: {out / KPI_HTML}")
