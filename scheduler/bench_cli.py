"""`scheduler bench …`: benchmark runs that print figures for docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import solver
from scheduler.bench import figures_table, roster_cases, run_roster_case
from scheduler.bench_demand import backtest_table, demand_table, run_demand_bench
from scheduler.cli import app

bench_app = typer.Typer(no_args_is_help=True, help="Benchmarks (long runs; not part of make test).")
app.add_typer(bench_app, name="bench")


@bench_app.command("roster")
def bench_roster(
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Run only these instances (by name).")
    ] = None,
    time_scale: Annotated[
        float,
        typer.Option(help="Multiply every instance's time limit (e.g. 0.1 for a quick look)."),
    ] = 1.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
) -> None:
    """Solve the demo team (5 s), the large example (60 s) and a generated 600-agent,
    60-shop team (300 s) with fixed seeds; print a Markdown table of the figures."""
    rows = []
    for case in roster_cases():
        if only and case.name not in only:
            continue
        typer.echo(f"solving {case.name} …", err=True)
        rows.append(run_roster_case(case, time_scale, workers))
    typer.echo(figures_table(rows))


@bench_app.command("demand")
def bench_demand() -> None:
    """Time forecast and staffing (rule, Erlang C, Erlang A hour by hour) of the large
    example for 2026-12 (12 shops × 31 days), and backtest its Double 11 of 2025;
    print Markdown for docs/benchmarks.md."""
    typer.echo(demand_table(run_demand_bench()))
    typer.echo("")
    typer.echo(backtest_table())


@bench_app.command("web")
def bench_web(
    renders: Annotated[int, typer.Option(help="Grid renders and sequential page loads.")] = 30,
    concurrent: Annotated[int, typer.Option(help="Page loads sent at once.")] = 50,
) -> None:
    """Render the large example's roster grid (120 agents × 30 days) in process and over
    HTTP, then send concurrent page loads; print the "## Web" section of docs/benchmarks.md."""
    from scheduler.web.bench import figures_section, run_web_bench

    typer.echo("building a roster of the large example (30 s) …", err=True)
    typer.echo(figures_section(run_web_bench(renders=renders, concurrent=concurrent)))


@bench_app.command("curtois")
def bench_curtois(
    instances: Annotated[
        str, typer.Option(help="Instances to solve: N, N-M or a comma list (1-24).")
    ] = "1-24",
    time_limit: Annotated[float, typer.Option(help="Seconds per instance.")] = 60.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
    out: Annotated[
        Path | None, typer.Option(help="Write OUT/InstanceN.csv (employee,day,shift) per instance.")
    ] = None,
    json_lines: Annotated[
        bool, typer.Option("--json", help="One JSON object per line instead of the table.")
    ] = False,
    search: Annotated[
        solver.Search, typer.Option(help="Search strategy (see docs/model.md).")
    ] = solver.Search.COLUMNS,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    data: Annotated[
        Path | None,
        typer.Option(help="Folder of Instance1.txt … (default: $CURTOIS_DIR or ../shared/…)."),
    ] = None,
) -> None:
    """Solve Curtois & Qu instances; print objective, best bound, best-known value, gap to it,
    time to the first solution and wall time per instance."""
    from scheduler.bench_curtois import HEADER, parse_instances, solve_instance, table_row
    from scheduler.errors import InputErrors

    try:
        numbers = parse_instances(instances)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--instances") from None
    params = solver.SolveParams(
        time_limit_s=time_limit, num_workers=workers, seed=seed, diagnose=False, search=search
    )
    if not json_lines:
        typer.echo(HEADER)
    for number in numbers:
        try:
            figures = solve_instance(number, params, out, data)
        except InputErrors as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
        typer.echo(figures.json_line() if json_lines else table_row(figures))
