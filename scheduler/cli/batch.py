"""`scheduler batch`: every team folder under one folder built for a month."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

import solver
from scheduler.batch import (
    BATCH_HTML,
    BATCH_JSON,
    BatchPage,
    TeamReport,
    batch_json,
    make_executor,
    render_batch_page,
    run_batch,
    team_dirs,
)
from scheduler.batch.executors import LOCAL, NoExecutor, short_node, threads_per_team
from scheduler.cli.app import app
from scheduler.cli.common import EXIT_BAD_INPUT, parse_month
from scheduler.roster.files import write_outputs

EXIT_SOME_FAILED = 1


@app.command()
def batch(
    teams_dir: Annotated[Path, typer.Argument(help="A folder holding one folder per team.")],
    month: Annotated[str, typer.Option(help="The month to roster, YYYY-MM.")],
    out: Annotated[Path, typer.Option(help="Folder for OUT/<team>/, batch.json, batch.html.")],
    time_limit: Annotated[float, typer.Option(help="Seconds the solver may search, per team.")] = (
        60.0
    ),
    previous_dir: Annotated[
        Path | None,
        typer.Option(help="Last month's batch: PREVIOUS_DIR/<team>/roster.csv, where present."),
    ] = None,
    ray: Annotated[
        str | None,
        typer.Option(help="Run on Ray: 'local' starts Ray here, else a cluster's address."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(help="Teams built at once on this machine (default: one per core)."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            help="Solver threads per team (default: this machine's cores shared by the teams"
            " built at once; 1 on a remote Ray cluster)."
        ),
    ] = None,
    seed: Annotated[int, typer.Option(help="Random seed for repeatable runs.")] = 0,
) -> None:
    """Build every team folder under TEAMS_DIR for the month; write each as `scheduler roster`
    does into OUT/<team>/, and OUT/batch.json and OUT/batch.html.

    Exit codes: 0 every team built (even with shortfall), 1 some teams failed (listed), 2 bad
    input to the command itself.
    """
    the_month = parse_month(month)
    if not teams_dir.is_dir():
        typer.echo(f"{teams_dir}: not a folder", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if previous_dir is not None and not previous_dir.is_dir():
        typer.echo(f"--previous-dir {previous_dir}: not a folder", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if (jobs is not None and jobs < 1) or (workers is not None and workers < 1):
        typer.echo("--jobs and --workers: must be at least 1", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    teams = team_dirs(teams_dir, out)
    if not teams:
        typer.echo(f"{teams_dir}: holds no team folder", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if workers is None:
        on_this_machine = ray is None or ray == LOCAL
        cores = os.cpu_count() or 1
        workers = threads_per_team(cores, jobs, len(teams)) if on_this_machine else 1
    params = solver.SolveParams(time_limit_s=time_limit, num_workers=workers, seed=seed)
    try:
        executor = make_executor(ray, jobs=jobs, task_cpus=workers)
    except NoExecutor as exc:
        typer.echo(f"--ray {ray}: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    console = Console(stderr=True)
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
        ) as progress:
            bar = progress.add_task(f"{the_month} on {executor.name}", total=len(teams))

            def finished(report: TeamReport) -> None:
                progress.console.print(progress_line(report), highlight=False, markup=False)
                progress.advance(bar)

            report = run_batch(
                teams_dir,
                the_month,
                out,
                executor=executor,
                params=params,
                previous_dir=previous_dir,
                on_finished=finished,
            )
    finally:
        executor.close()
    write_outputs(
        out,
        {
            BATCH_JSON: batch_json(report),
            BATCH_HTML: render_batch_page(BatchPage.from_report(report)),
        },
    )
    built = len(report.teams) - len(report.failed)
    typer.echo(f"{built} of {len(report.teams)} teams built in {report.wall_seconds:.1f} s")
    typer.echo(f"Batch page: {out / BATCH_HTML}")
    if report.failed:
        typer.echo("Failed:", err=True)
        for team in report.failed:
            typer.echo(f"  - {team.team}: {team.status}", err=True)
            for line in team.messages:
                typer.echo(f"      {line}", err=True)
        raise typer.Exit(EXIT_SOME_FAILED)


def progress_line(report: TeamReport) -> str:
    shortfall = "" if report.shortfall is None else f"  shortfall {report.shortfall:g}"
    where = short_node(report.node)
    return f"{report.team}: {report.status}{shortfall}  {report.wall_seconds:.1f} s  on {where}"
