"""A month's daily inquiries for staffing: forecast.csv if present, else a forecast made now."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scheduler.demand.events import EventDay
from scheduler.demand.folder import DemandFolder
from scheduler.demand.forecast import (
    Calendars,
    DayForecast,
    calendars_for,
    forecast_origin,
    forecast_team,
    read_forecast,
    years_for,
)
from scheduler.demand.history import History
from scheduler.demand.hourly import HourProfile, hour_profile
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, raise_if_any


@dataclass(frozen=True)
class MonthDemand:
    """Daily inquiries of a month per shop, with hour profiles and event days."""

    rows: list[DayForecast]
    profiles: dict[str, HourProfile]
    events: dict[str, dict[date, EventDay]]
    source: str
    warnings: tuple[str, ...] = field(default=())


def folder_calendars(folder: DemandFolder, last: date) -> Calendars:
    """Public and promotion calendars from the history's first year to ``last``'s next."""
    return calendars_for(years_for(folder.history or History({}), last), folder.events)


def month_demand(folder: DemandFolder, month: Month, forecast_file: Path) -> MonthDemand:
    """The month's forecast from ``forecast_file`` when it exists, else from history.csv.

    Raises
    ------
    InputErrors
        When forecast.csv is bad or lacks the month, or neither file exists.
    """
    calendars = folder_calendars(folder, month.last)
    team = folder.team
    shop_ids = [s.shop_id for s in team.shops]
    history = folder.history or History({})
    if not forecast_file.exists():
        if folder.history is None:
            message = "not found, and there is no history.csv to forecast from"
            raise_if_any([InputError(forecast_file.name, None, message)])
        origin = forecast_origin(history, month)
        result = forecast_team(team, history, calendars, month.days, origin)
        return MonthDemand(
            list(result.days), result.profiles, result.events, "history.csv", result.warnings
        )
    errors: list[InputError] = []
    rows = read_forecast(forecast_file, set(shop_ids), errors)
    raise_if_any(errors)
    rows = [r for r in rows if month.first <= r.date <= month.last]
    if not rows:
        message = f"has no day of {month}: run `scheduler forecast` for {month} first"
        raise_if_any([InputError(forecast_file.name, None, message)])
    events = {s: calendars.events.days(s) for s in shop_ids}
    profiles = {s: hour_profile(history.shop(s), events[s]) for s in shop_ids}
    warnings = []
    for shop_id in shop_ids:
        have = {r.date for r in rows if r.shop_id == shop_id}
        if not have:
            warnings.append(f"{forecast_file.name}: no forecast for {shop_id} in {month}")
        elif len(have) < month.num_days:
            warnings.append(
                f"{forecast_file.name}: {shop_id} lacks {month.num_days - len(have)} days of "
                f"{month}; the nearest day's inquiries are used"
            )
    return MonthDemand(rows, profiles, events, str(forecast_file), tuple(warnings))
