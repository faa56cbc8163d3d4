"""`scheduler bench …`: benchmark runs that print figures for docs/benchmarks.md."""

from __future__ import annotations

from typing import Annotated

import typer

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
