"""`scheduler bench …`: benchmark runs that print figures for docs/benchmarks.md."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import solver
from scheduler.bench.demand import backtest_table, demand_table, run_demand_bench
from scheduler.bench.roster import figures_table, roster_cases, run_roster_case
from scheduler.cli.app import app

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
    60-shop team (300 s) with fixed seeds; print a Markdown table of the figures. The
    generated 1,200-agent, 120-shop team (600 s) runs only with --only generated-1200x120."""
    rows = []
    for case in roster_cases():
        if (only and case.name not in only) or (not only and case.on_request):
            continue
        typer.echo(f"solving {case.name} …", err=True)
        rows.append(run_roster_case(case, time_scale, workers))
    typer.echo(figures_table(rows))


@bench_app.command("demand")
def bench_demand(
    real: Annotated[
        Path | None,
        typer.Option(
            help="Folder of real history (history.csv, optional events.csv): also backtest "
            "each month of its last year from the data before the 25th of the month before."
        ),
    ] = None,
    per_shop: Annotated[
        bool, typer.Option("--per-shop", help="With --real: a row per month and shop too.")
    ] = False,
) -> None:
    """Time forecast and staffing (rule, Erlang C, Erlang A hour by hour) of the large
    example for 2026-12 (12 shops × 31 days), and backtest its Double 11 of 2025; with
    --real, backtest each month of a real history's last year against seasonal naive;
    print Markdown for docs/benchmarks.md."""
    if real is not None:
        from scheduler.bench.real_demand import read_real_folder
        from scheduler.team.errors import InputErrors

        # Checked first: a bad folder fails at once, not after the generated benchmark.
        try:
            read_real_folder(real)
        except InputErrors as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
    typer.echo(demand_table(run_demand_bench()))
    typer.echo("")
    typer.echo(backtest_table())
    if real is not None:
        from scheduler.bench.real_demand import real_table

        typer.echo("")
        typer.echo(real_table(real, per_shop=per_shop))


@bench_app.command("replan")
def bench_replan(
    published: Annotated[
        Path | None,
        typer.Option(help="Folder of the roster to re-plan; default: build it now."),
    ] = None,
    publish_time_limit: Annotated[
        float, typer.Option(help="Seconds to build the published roster (without --published).")
    ] = 300.0,
    limit: Annotated[
        list[float] | None, typer.Option("--limit", help="Re-plan time limits (s).")
    ] = None,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
) -> None:
    """Re-plan the large example's November after three agents fall sick for three days
    mid-month (10 and 20 s), against a full rebuild of the same days; time two swap checks;
    print the "## Replan" section of docs/benchmarks.md."""
    from scheduler.bench.replan import figures_section, run_replan_bench

    limits = limit or [10.0, 20.0]
    rows, shortfall, swaps = run_replan_bench(published, publish_time_limit, limits, workers)
    source = f"`{published}`" if published else f"built by this run in {publish_time_limit:g} s"
    typer.echo(figures_section(rows, shortfall, swaps, source))


@bench_app.command("web")
def bench_web(
    renders: Annotated[int, typer.Option(help="Grid renders and sequential page loads.")] = 30,
    concurrent: Annotated[int, typer.Option(help="Page loads sent at once.")] = 50,
) -> None:
    """Render the large example's roster grid (120 agents × 30 days) in process and over
    HTTP, then send concurrent page loads; print the "## Web" section of docs/benchmarks.md."""
    from scheduler.bench.web import figures_section, run_web_bench

    typer.echo("building a roster of the large example (30 s) …", err=True)
    typer.echo(figures_section(run_web_bench(renders=renders, concurrent=concurrent)))


@bench_app.command("load")
def bench_load(
    requests: Annotated[int, typer.Option(help="Page and API requests in all.")] = 1000,
    clients: Annotated[int, typer.Option(help="Client threads sending them.")] = 20,
    builds: Annotated[int, typer.Option(help="Builds running meanwhile.")] = 2,
) -> None:
    """Start a server on 127.0.0.1 with a token, build the demo team, start BUILDS more
    builds and send REQUESTS requests from CLIENTS threads; print the figures for
    docs/reliability.md. Exits 1 if any request failed."""
    from scheduler.bench.load import figures_section, run_load
    from scheduler.bench.roster import machine

    typer.echo("starting a server and building the demo team …", err=True)
    figures = run_load(requests=requests, clients=clients, builds=builds)
    typer.echo(figures_section(figures, machine()))
    for error in figures.errors[:20]:
        typer.echo(error, err=True)
    if figures.errors:
        raise typer.Exit(1)


@bench_app.command("peak")
def bench_peak(
    time_limit: Annotated[float, typer.Option(help="Seconds per scenario.")] = 15.0,
    workers: Annotated[int, typer.Option(help="Solver threads.")] = 2,
) -> None:
    """Plan the large example's Double 11 2026 (four default scenarios) as of 2026-09-01 and
    as of 2026-11-23 (hire-by dates past); print the "## Peak" section of docs/benchmarks.md."""
    from scheduler.bench.peak import AFTER, BEFORE, peak_section, run_peak_bench

    runs = []
    for today in (BEFORE, AFTER):
        typer.echo(f"planning the large example as of {today} …", err=True)
        runs.append(run_peak_bench(today, time_limit, workers))
    typer.echo(peak_section(runs, time_limit))


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
        solver.Search, typer.Option(help="Search strategy (see docs/search.md).")
    ] = solver.Search.COLUMNS,
    seed: Annotated[int, typer.Option(help="Random seed.")] = 0,
    data: Annotated[
        Path | None,
        typer.Option(
            help="Folder of Instance1.txt … (default: $CURTOIS_DIR or benchmarks/curtois)."
        ),
    ] = None,
) -> None:
    """Solve Curtois & Qu instances; print objective, best bound, best-known value, gap to it,
    time to the first solution and wall time per instance."""
    from scheduler.bench.curtois import HEADER, parse_instances, solve_instance, table_row
    from scheduler.team.errors import InputErrors

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
