"""Demand benchmark: forecast and hour-by-hour staffing of the large example, timed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from scheduler.bench.roster import EXAMPLES, machine
from scheduler.demand.backtest import backtest
from scheduler.demand.folder import read_demand_folder
from scheduler.demand.forecast import forecast_origin, forecast_team
from scheduler.demand.hourly import route_shifts
from scheduler.demand.month import folder_calendars
from scheduler.demand.staffing import demand_days, staff_team, totals
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.team.calendar import Month

# 31 days, as the speed target (12 shops × 31 days, hourly) asks.
DEMAND_MONTH = Month(2026, 12)


@dataclass(frozen=True)
class Timing:
    step: str
    seconds: float
    detail: str


def run_demand_bench(team_name: str = "large-team", month: Month = DEMAND_MONTH) -> list[Timing]:
    """Read, forecast and staff ``month`` by every method, timing each step."""
    timings = []
    started = time.perf_counter()
    folder = read_demand_folder(EXAMPLES / team_name)
    assert folder.history is not None
    calendars = folder_calendars(folder, month.last)
    timings.append(Timing("read team folder + calendars", time.perf_counter() - started, ""))
    started = time.perf_counter()
    origin = forecast_origin(folder.history, month)
    forecast = forecast_team(folder.team, folder.history, calendars, month.days, origin)
    shops = len({r.shop_id for r in forecast.days})
    timings.append(
        Timing("forecast", time.perf_counter() - started, f"{shops} shops × {month.num_days} days")
    )
    days = demand_days(forecast.days, forecast.profiles, forecast.events)
    shift_hours = sum(len(h) for h in route_shifts(folder.team.shifts).hours.values())
    hours = shift_hours * shops * month.num_days
    for method in StaffMethod:
        started = time.perf_counter()
        needs = staff_team(folder.team, days, month, folder.staffing, method)
        total = totals(needs)["*"].agent_shifts
        detail = f"{total:.0f} agent-shifts" + (
            f", {hours} shop-hours" if method != StaffMethod.RULE else ""
        )
        timings.append(Timing(f"staff {method}", time.perf_counter() - started, detail))
    return timings


def demand_table(timings: list[Timing]) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = ["| step | seconds | what |", "|---|---|---|"]
    lines += [f"| {t.step} | {t.seconds:.2f} | {t.detail} |" for t in timings]
    return f"Machine: {machine()}. Date: {stamp}.\n\n" + "\n".join(lines)


def backtest_table(team_name: str = "large-team", event: str = "double11", year: int = 2025) -> str:
    folder = read_demand_folder(EXAMPLES / team_name)
    assert folder.history is not None
    calendars = folder_calendars(folder, Month(year, 12).last)
    return backtest(folder.team, folder.history, calendars, event, year).table()
