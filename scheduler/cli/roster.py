"""`scheduler roster`: build a month's roster from a team folder."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

import solver
from scheduler.batch.executors import NoExecutor, make_ray_futures
from scheduler.batch.team_build import build_from_folder
from scheduler.cli.app import app
from scheduler.cli.common import (
    EXIT_BAD_INPUT,
    EXIT_INFEASIBLE,
    EXIT_NOT_FOUND,
    ProgressTable,
    fail_on_input,
    parse_month,
)
from scheduler.roster.files import ROSTER_HTML, write_outputs
from scheduler.roster.floor import FloorReport
from scheduler.team.errors import InputErrors


@app.command()
def roster(
    team_dir: Annotated[Path, typer.Argument(help="The team folder (team.toml, shops.csv, …).")],
    month: Annotated[str, typer.Option(help="The month to roster, YYYY-MM.")],
    out: Annotated[Path, typer.Option(help="Folder for roster.csv, roster.html and the rest.")],
    previous: Annotated[
        Path | None, typer.Option(help="Last month's roster.csv, so rules carry across months.")
    ] = None,
    time_limit: Annotated[float, typer.Option(help="Seconds the solver may search.")] = 60.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed for repeatable runs.")] = 0,
    hires: Annotated[
        Path | None,
        typer.Option(help="A peak plan's hires.csv: its temps join the team as extra agents."),
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option(
            help="Run the big-team search's sub-solves on Ray: 'local' starts Ray here "
            "(WORKERS CPUs), else a cluster's address."
        ),
    ] = None,
) -> None:
    """Build the month's roster and write roster.csv, assignments.csv, coverage.csv,
    shortfall.csv, summary.json, roster.html and ledger.csv into OUT.

    Exit codes: 0 roster written (even with shortfall), 2 bad input, 3 no roster can
    satisfy the hard rules, 4 no roster found within the time limit.
    """
    the_month = parse_month(month)
    params = solver.SolveParams(time_limit_s=time_limit, num_workers=workers, seed=seed)
    tasks = None
    if ray is not None:
        try:
            tasks = make_ray_futures(ray, num_cpus=workers)
        except NoExecutor as exc:
            typer.echo(f"--ray {ray}: {exc}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT) from exc
        params = replace(params, executor=tasks, sub_solves_at_once=tasks.slots)
    try:
        built = build_from_folder(
            team_dir, the_month, previous, params, hires=hires, on_progress=ProgressTable()
        )
    except InputErrors as errors:
        fail_on_input(errors)
        return
    finally:
        if tasks is not None:
            tasks.close()
    outcome = built.outcome
    if outcome.roster is None:
        typer.echo(outcome.explanation, err=True)
        raise typer.Exit(
            EXIT_INFEASIBLE if outcome.summary["status"] == "INFEASIBLE" else EXIT_NOT_FOUND
        )
    write_outputs(out, built.files)
    assert outcome.result is not None
    typer.echo(outcome.result.summary(terms=False))
    if outcome.floor is None:
        typer.echo(f"shortfall   {outcome.summary['shortfall']:g} agent-shifts")
    else:
        echo_floor(outcome.floor, team_dir, the_month.year)
    typer.echo(f"on 2 shops  {outcome.summary['agents_2_shops']} agents")
    typer.echo(f"on 3 shops  {outcome.summary['agents_3_shops']} agents")
    if outcome.summary["unstaffable"]:
        typer.echo("Needs nobody can meet (part of the shortfall):")
        for line in outcome.summary["unstaffable"]:
            typer.echo(f"  - {line}")
    typer.echo(f"Roster page: {out / ROSTER_HTML}")


def echo_floor(report: FloorReport, team_dir: Path, year: int) -> None:
    """The shortfall with its proven floor, the biggest causes, and the temps that would
    remove the unavoidable part of blackout days."""
    typer.echo(report.status_line())
    if report.proven_best:
        typer.echo("the cover is proven the best possible (the soft terms may not be)")
    for cause, value in report.top_causes():
        typer.echo(f"  {value:g} agent-shifts: {cause}")
    plan = report.temps
    if plan is not None and plan.removes > 0:
        typer.echo(
            f"Temps would remove {plan.removes:g} of the unavoidable agent-shifts "
            f"({plan.left:g} left on those days; measured by the floor):"
        )
        for temp in plan.temps:
            typer.echo(f"  - {temp.line()}")
        typer.echo(
            f"  the cheapest mix: `scheduler peak {team_dir} --event EVENT --year {year}`, "
            "then rebuild with `--hires PEAK_DIR/hires.csv`"
        )
    if report.fixes:
        typer.echo("Would also lower the floor (measured by the floor):")
        for fix in report.fixes:
            typer.echo(f"  - {fix.text}: removes {fix.removes:g} agent-shifts")
