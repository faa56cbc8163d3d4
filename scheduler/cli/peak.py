"""`scheduler peak`: plan a promotion's peak — agents needed, the gap, and the cheapest plan."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Annotated

import typer

import solver
from scheduler.batch.executors import (
    Executor,
    NoExecutor,
    PoolExecutor,
    make_executor,
    run_all,
)
from scheduler.cli.app import app
from scheduler.cli.common import EXIT_BAD_INPUT, fail_on_input
from scheduler.demand.folder import read_demand_folder
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.files import (
    PEAK_AGENTS_CSV,
    PEAK_CSV,
    PEAK_HTML,
    PEAK_JSON,
    summary_text,
)
from scheduler.peak.outputs import peak_files
from scheduler.peak.plan import plan_peak
from scheduler.peak.scenarios import Scenario, scenarios_from
from scheduler.peak.settings import read_peak_settings
from scheduler.roster.files import write_outputs
from scheduler.team.errors import InputError, InputErrors
from scheduler.team.folder import parse_date


def scenario_executor(ray: str | None, jobs: int | None, workers: int) -> Executor | None:
    """Ray when asked for; else a process pool when more than one scenario fits the cores
    (``jobs``, or cores ÷ ``workers``); else None: one scenario after another, as before."""
    if ray is not None:
        return make_executor(ray, jobs=jobs, task_cpus=workers)
    at_once = jobs if jobs is not None else (os.cpu_count() or 1) // workers
    return PoolExecutor(at_once) if at_once > 1 else None


def solve_side_by_side(
    executor: Executor, problems: Sequence[solver.PeakProblem], params: solver.PeakParams
) -> list[solver.PeakResult]:
    return run_all(executor, solver.solve_peak, [(p, params) for p in problems])


@app.command()
def peak(
    team_dir: Annotated[Path, typer.Argument(help="The team folder (with history.csv).")],
    event: Annotated[str, typer.Option(help="Event name: double11, 618, double12, nianhuo, …")],
    year: Annotated[int, typer.Option(help="The year of the event.")],
    scenario: Annotated[
        list[str] | None,
        typer.Option(
            help="More volume scenarios besides -20%, as forecast, +20%, +50% (e.g. +35%)."
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Folder for the files [TEAM_DIR/peak-EVENT-YEAR].")
    ] = None,
    today: Annotated[
        str | None, typer.Option(help="Plan as if today were this day, YYYY-MM-DD [today].")
    ] = None,
    method: Annotated[
        StaffMethod | None, typer.Option(help="rule, erlang-c or erlang-a [team.toml, else rule].")
    ] = None,
    forecast_file: Annotated[
        Path | None,
        typer.Option("--forecast", help="A forecast.csv covering the window [forecast now]."),
    ] = None,
    temp_cost: Annotated[
        float | None, typer.Option(help="RMB a temp costs a day [team.toml [peak], else 200].")
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Seconds the solver may search, per scenario.")
    ] = 15.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed for repeatable runs.")] = 0,
    ray: Annotated[
        str | None,
        typer.Option(help="Solve the scenarios on Ray: 'local' starts Ray here, else an address."),
    ] = None,
    jobs: Annotated[
        int | None,
        typer.Option(help="Scenarios solved at once here (default: cores ÷ --workers)."),
    ] = None,
) -> None:
    """For the event's window (presale − 7 days to the end of the after-sale wave): agents
    required, available and the gap per day and shift; the cheapest plan (overtime within the
    law, blackout, cancelled leave, second and third shops, temps with hire-by dates) per volume
    scenario. Writes peak.csv, hires.csv, peak_agents.csv, peak.json and peak.html."""
    try:
        as_of = parse_date(today) if today else date.today()
        scenarios = scenarios_from(scenario or ())
    except ValueError as exc:
        typer.echo(
            f"{'--today' if today and 'scenario' not in str(exc) else '--scenario'}: {exc}",
            err=True,
        )
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    if jobs is not None and jobs < 1:
        typer.echo("--jobs: must be at least 1", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    if temp_cost is not None and temp_cost < 0:
        typer.echo("--temp-cost: must be >= 0", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    try:
        folder = read_demand_folder(team_dir, history=forecast_file is None)
        errors: list[InputError] = []
        settings = read_peak_settings(team_dir, errors)
        if errors:
            raise InputErrors(errors)
    except InputErrors as problems:
        fail_on_input(problems)
        return
    if temp_cost is not None:
        settings = replace(settings, temp_day_cost=temp_cost)

    def announce(s: Scenario) -> None:
        typer.echo(f"planning {s.label} …", err=True)

    try:
        executor = scenario_executor(ray, jobs, workers)
    except NoExecutor as exc:
        typer.echo(f"--ray {ray}: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    try:
        outcome = plan_peak(
            folder,
            event,
            year,
            scenarios=scenarios,
            today=as_of,
            settings=settings,
            method=method,
            forecast_file=forecast_file,
            params=solver.PeakParams(time_limit_s=time_limit, num_workers=workers, seed=seed),
            on_scenario=announce,
            solve_many=None if executor is None else partial(solve_side_by_side, executor),
        )
    except InputErrors as problems:
        fail_on_input(problems)
        return
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    finally:
        if executor is not None:
            executor.close()
    for warning in outcome.warnings:
        typer.echo(f"warning: {warning}", err=True)
    target = out or team_dir / f"peak-{event}-{year}"
    write_outputs(target, peak_files(outcome))
    typer.echo(summary_text(outcome))
    typer.echo(f"Files: {target}/ ({PEAK_CSV}, hires*.csv, {PEAK_AGENTS_CSV}, {PEAK_JSON})")
    typer.echo(f"Peak page: {target / PEAK_HTML}")
