"""Commands for demand: forecast, backtest, staff, erlang, headcount."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.app import app
from scheduler.cli.common import EXIT_BAD_INPUT, fail_on_input, parse_month
from scheduler.demand.backtest import backtest as run_backtest
from scheduler.demand.erlang import ConcurrencyMethod, ServiceTarget, Workload
from scheduler.demand.erlang_calculator import CalculatorInput, report
from scheduler.demand.folder import DemandFolder, read_demand_folder
from scheduler.demand.forecast import FORECAST_CSV, forecast_csv, forecast_origin, forecast_team
from scheduler.demand.headcount import headcount as count_heads
from scheduler.demand.month import MonthDemand, folder_calendars, month_demand
from scheduler.demand.staffing import (
    demand_days,
    merged_requirements,
    requirements_csv,
    requirements_of,
    staff_team,
    totals,
)
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.roster.files import write_outputs
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors
from scheduler.team.folder import REQUIREMENTS_CSV


def _read(team_dir: Path, *, history: bool) -> DemandFolder:
    try:
        return read_demand_folder(team_dir, history=history)
    except InputErrors as errors:
        fail_on_input(errors)
        raise  # fail_on_input always exits


def _warn(lines: tuple[str, ...] | list[str]) -> None:
    for line in lines:
        typer.echo(f"warning: {line}", err=True)


def _write(path: Path, text: str) -> None:
    write_outputs(path.parent, {path.name: text})


def _month_demand(folder: DemandFolder, month: Month, forecast_file: Path) -> MonthDemand:
    try:
        demand = month_demand(folder, month, forecast_file)
    except InputErrors as errors:
        fail_on_input(errors)
        raise
    _warn(demand.warnings)
    return demand


@app.command()
def forecast(
    team_dir: Annotated[Path, typer.Argument(help="The team folder (with history.csv).")],
    month: Annotated[str, typer.Option(help="The month to forecast, YYYY-MM.")],
    out: Annotated[
        Path | None, typer.Option(help="Where to write the forecast [TEAM_DIR/forecast.csv].")
    ] = None,
) -> None:
    """Forecast each shop's human-handled inquiries per day of the month, with an 80%
    interval and the day shift's share; write forecast.csv."""
    the_month = parse_month(month)
    folder = _read(team_dir, history=True)
    assert folder.history is not None
    calendars = folder_calendars(folder, the_month.last)
    origin = forecast_origin(folder.history, the_month)
    result = forecast_team(folder.team, folder.history, calendars, the_month.days, origin)
    _warn(result.warnings)
    path = out or team_dir / FORECAST_CSV
    _write(path, forecast_csv(result))
    typer.echo(f"Forecast of {the_month} from history before {origin}:")
    typer.echo(f"  {'shop':<8} {'inquiries':>9} {'busiest day':>11} {'on it':>7}  event")
    for shop in folder.team.shops:
        rows = [r for r in result.days if r.shop_id == shop.shop_id]
        if rows:
            top = max(rows, key=lambda r: r.inquiries)
            typer.echo(
                f"  {shop.shop_id:<8} {sum(r.inquiries for r in rows):>9.0f} "
                f"{top.date.isoformat():>11} {top.inquiries:>7.0f}  {top.event}"
            )
    typer.echo(f"Forecast written: {path}")


@app.command()
def backtest(
    team_dir: Annotated[Path, typer.Argument(help="The team folder (with history.csv).")],
    event: Annotated[str, typer.Option(help="Event name: double11, 618, double12, nianhuo, …")],
    year: Annotated[int, typer.Option(help="The year whose occurrence is forecast.")],
) -> None:
    """Forecast the 30 days around a past event from earlier data only; print WAPE and
    bias per shop and overall, next to the seasonal-naive baseline (same weekday last year)."""
    folder = _read(team_dir, history=True)
    assert folder.history is not None
    calendars = folder_calendars(folder, date(year, 12, 31))
    try:
        result = run_backtest(folder.team, folder.history, calendars, event, year)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    _warn(sorted(set(result.warnings)))
    typer.echo(result.table())


@app.command()
def staff(
    team_dir: Annotated[Path, typer.Argument(help="The team folder.")],
    month: Annotated[str, typer.Option(help="The month to staff, YYYY-MM.")],
    method: Annotated[
        StaffMethod | None, typer.Option(help="rule, erlang-c or erlang-a [team.toml, else rule].")
    ] = None,
    forecast_file: Annotated[
        Path | None,
        typer.Option("--forecast", help="The forecast to staff [TEAM_DIR/forecast.csv]."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where to write [TEAM_DIR/requirements.csv].")
    ] = None,
    compare: Annotated[
        bool,
        typer.Option(help="Print what the three concurrency methods give; write nothing."),
    ] = False,
) -> None:
    """Turn the forecast into agents per shop, day and shift and write requirements.csv
    (rows of other months in it are kept)."""
    the_month = parse_month(month)
    folder = _read(team_dir, history=False)
    settings = folder.staffing
    chosen = method or settings.method
    demand = _month_demand(folder, the_month, forecast_file or team_dir / FORECAST_CSV)
    shops = demand_days(demand.rows, demand.profiles, demand.events)
    team = folder.team
    if compare:
        erlang = chosen if chosen != StaffMethod.RULE else StaffMethod.ERLANG_C
        columns = {"rule": totals(staff_team(team, shops, the_month, settings, StaffMethod.RULE))}
        for concurrency in ConcurrencyMethod:
            needs = staff_team(team, shops, the_month, settings, erlang, concurrency)
            columns[f"{concurrency}"] = totals(needs)
        typer.echo(
            f"Agent-shifts in {the_month} (busiest shift) by method; {erlang} at concurrency "
            f"{settings.concurrency}, shrinkage {settings.shrinkage:.0%} (not in rule):"
        )
        typer.echo(f"  {'shop':<8}" + "".join(f"{name:>18}" for name in columns))
        for shop_id in [*(s.shop_id for s in team.shops), "*"]:
            cells = [col.get(shop_id) for col in columns.values()]
            if all(c is None for c in cells):
                continue
            typer.echo(
                f"  {'team' if shop_id == '*' else shop_id:<8}"
                + "".join(
                    f"{c.agent_shifts:>10.1f} ({c.busiest_shift:>4.1f})" if c else f"{'–':>18}"
                    for c in cells
                )
            )
        return
    needs = staff_team(team, shops, the_month, settings, chosen)
    path = out or team_dir / REQUIREMENTS_CSV
    existing = team.requirements if path == team_dir / REQUIREMENTS_CSV else ()
    requirements = merged_requirements(existing, requirements_of(needs), the_month)
    _write(path, requirements_csv(requirements))
    total = totals(needs).get("*")
    typer.echo(f"Staffing {the_month} by {chosen} from {demand.source}")
    if total:
        typer.echo(
            f"  {total.agent_shifts:.1f} agent-shifts, "
            f"busiest shift {total.busiest_shift:.1f} agents"
        )
    typer.echo(f"Requirements written: {path}")


@app.command()
def erlang(
    volume: Annotated[float, typer.Option(help="Chats arriving per interval.")],
    aht: Annotated[float, typer.Option(help="Average handle time, seconds.")],
    interval: Annotated[float, typer.Option(help="Interval length, minutes.")] = 30,
    target: Annotated[float, typer.Option(help="Share to answer within --within.")] = 0.8,
    within: Annotated[float, typer.Option(help="Answer within this many seconds.")] = 20,
    patience: Annotated[
        float | None, typer.Option(help="Mean patience, seconds: Erlang A (else Erlang C).")
    ] = None,
    concurrency: Annotated[int, typer.Option(help="Chats one agent runs at once.")] = 1,
    concurrency_method: Annotated[
        ConcurrencyMethod, typer.Option(help="How concurrency is counted.")
    ] = ConcurrencyMethod.SLOTS,
    shrinkage: Annotated[float, typer.Option(help="Share of paid time not on chats.")] = 0.0,
    max_occupancy: Annotated[
        float, typer.Option(help="Occupancy cap (and the workload method's occupancy).")
    ] = 0.85,
    max_abandon: Annotated[float, typer.Option(help="Abandonment cap (Erlang A).")] = 0.05,
) -> None:
    """Agents needed for a queue of chats: service level, ASA, occupancy, abandonment,
    and the table around the answer."""
    try:
        given = CalculatorInput(
            workload=Workload(volume=volume, interval_s=interval * 60, aht_s=aht),
            target=ServiceTarget(
                level=target,
                within_s=within,
                max_occupancy=max_occupancy,
                max_abandon=max_abandon if patience is not None else 1.0,
            ),
            patience_s=patience,
            concurrency=concurrency,
            method=concurrency_method,
            shrinkage=shrinkage,
        )
        text = report(given)
    except ValueError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc
    typer.echo(text)


@app.command()
def headcount(
    team_dir: Annotated[Path, typer.Argument(help="The team folder (with requirements.csv).")],
    month: Annotated[str, typer.Option(help="The month, YYYY-MM.")],
    forecast_file: Annotated[
        Path | None,
        typer.Option("--forecast", help="Inquiries per day [TEAM_DIR/forecast.csv]."),
    ] = None,
) -> None:
    """Agents the month's requirements need against the team's active agents (rest days,
    leave, training); flag days whose inquiries per agent on duty leave [staffing] low–high."""
    the_month = parse_month(month)
    folder = _read(team_dir, history=False)
    if not (team_dir / REQUIREMENTS_CSV).exists():
        typer.echo(f"{REQUIREMENTS_CSV}: file not found; run `scheduler staff` first", err=True)
        raise typer.Exit(EXIT_BAD_INPUT)
    path = forecast_file or team_dir / FORECAST_CSV
    inquiries: dict[date, float] | None = None
    if path.exists() or folder.history is not None:
        demand = _month_demand(folder, the_month, path)
        inquiries = {}
        for row in demand.rows:
            inquiries[row.date] = inquiries.get(row.date, 0.0) + row.inquiries
    result = count_heads(folder.team, the_month, folder.staffing, inquiries)
    typer.echo(f"Headcount for {the_month} ({folder.team.name})")
    typer.echo(result.summary())
