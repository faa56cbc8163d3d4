"""Volume scenarios, the event's window, and what each scenario needs in that window."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path

from scheduler.demand.events import EventCalendar, Occurrence, PhaseKind
from scheduler.demand.folder import DemandFolder
from scheduler.demand.forecast import DayForecast, forecast_origin, forecast_team
from scheduler.demand.hourly import HourProfile
from scheduler.demand.month import folder_calendars, month_demand
from scheduler.demand.staffing import ShiftNeed, demand_days, staff_team
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.team.calendar import Month


@dataclass(frozen=True, kw_only=True)
class Scenario:
    """A volume scenario: the forecast times ``factor``."""

    label: str
    factor: float


DEFAULT_SCENARIOS = ("-20%", "+0%", "+20%", "+50%")


def parse_scenario(text: str) -> Scenario:
    """``+20%``, ``-20%``, ``+0%`` (as forecast)."""
    match = re.fullmatch(r"\s*([+-]?)(\d+(?:\.\d+)?)\s*%\s*", text)
    if not match:
        raise ValueError(f"scenario {text!r} is not a change in percent like +20% or -20%")
    percent = float(match[2]) * (-1 if match[1] == "-" else 1)
    if percent <= -100:
        raise ValueError(f"scenario {text!r} leaves no volume")
    label = "as forecast" if percent == 0 else f"{percent:+g}%"
    return Scenario(label=label, factor=1 + percent / 100)


def scenarios_from(extra: Iterable[str] = ()) -> tuple[Scenario, ...]:
    """The default scenarios and ``extra``, each once, from the smallest volume up."""
    found: dict[float, Scenario] = {}
    for text in (*DEFAULT_SCENARIOS, *extra):
        scenario = parse_scenario(text)
        found.setdefault(round(scenario.factor, 6), scenario)
    return tuple(sorted(found.values(), key=lambda s: s.factor))


@dataclass(frozen=True, kw_only=True)
class EventWindow:
    """The days planned for one occurrence of an event."""

    event: str
    year: int
    first: date
    last: date
    presale: date
    """The first day of the occurrence (its presale, usually)."""
    peak: date
    phases: dict[date, PhaseKind]

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range((self.last - self.first).days + 1)]

    @property
    def months(self) -> list[Month]:
        months = [Month(self.first.year, self.first.month)]
        while months[-1].last < self.last:
            months.append(months[-1].next())
        return months


def event_window(
    calendar: EventCalendar, shop_ids: Iterable[str], event: str, year: int, lead_days: int
) -> EventWindow:
    """The window of ``event`` in ``year`` over every shop's calendar (events.csv included).

    Raises
    ------
    ValueError
        When no shop has that event in that year (the message names the known events).
    """
    found: list[Occurrence] = []
    for shop_id in shop_ids:
        found += [o for o in calendar.for_shop(shop_id) if o.name == event and o.year == year]
    if not found:
        names = sorted({o.name for o in calendar.occurrences})
        raise ValueError(f"no {event} in {year}; known events: {', '.join(names)}")
    phases: dict[date, PhaseKind] = {}
    for occ in sorted(found, key=lambda o: (o.shop_id is not None, o.first)):
        for phase in occ.phases:
            for day in phase.days():
                phases.setdefault(day, phase.kind)
    presale = min(o.first for o in found)
    return EventWindow(
        event=event,
        year=year,
        first=presale - timedelta(days=lead_days),
        last=max(o.last for o in found),
        presale=presale,
        peak=min(o.peak_day for o in found),
        phases=phases,
    )


@dataclass(frozen=True, kw_only=True)
class WindowDemand:
    """The forecast of every month the window touches."""

    rows: list[DayForecast]
    profiles: dict[str, HourProfile]
    events: dict[str, dict[date, object]]
    source: str
    warnings: tuple[str, ...] = ()


def window_demand(
    folder: DemandFolder, window: EventWindow, forecast_file: Path | None
) -> WindowDemand:
    """Each month of the window forecast as ``scheduler forecast`` would (from the history
    before it), or read from ``forecast_file``.

    Raises
    ------
    InputErrors
        When the forecast file is bad or lacks a month, or there is no history.csv.
    """
    rows: list[DayForecast] = []
    profiles: dict[str, HourProfile] = {}
    events: dict[str, dict[date, object]] = {}
    warnings: list[str] = []
    for month in window.months:
        if forecast_file is None and folder.history is not None:
            history = folder.history
            calendars = folder_calendars(folder, month.last)
            origin = forecast_origin(history, month)
            made = forecast_team(folder.team, history, calendars, month.days, origin)
            rows += made.days
            profiles.update(made.profiles)
            for shop_id, days in made.events.items():
                events.setdefault(shop_id, {}).update(days)
            warnings += made.warnings
            continue
        path = forecast_file or Path(folder.team.folder or ".") / "forecast.csv"
        demand = month_demand(folder, month, path)
        rows += demand.rows
        profiles.update(demand.profiles)
        for shop_id, event_days in demand.events.items():
            events.setdefault(shop_id, {}).update(event_days)
        warnings += demand.warnings
    source = str(forecast_file) if forecast_file else "history.csv"
    return WindowDemand(
        rows=rows,
        profiles=profiles,
        events=events,
        source=source,
        warnings=tuple(dict.fromkeys(warnings)),
    )


def scenario_needs(
    folder: DemandFolder,
    demand: WindowDemand,
    window: EventWindow,
    method: StaffMethod,
    factor: float,
) -> list[ShiftNeed]:
    """Agents needed per day, shift and shop of the window with the volume × ``factor``."""
    rows = [replace(r, inquiries=r.inquiries * factor) for r in demand.rows]
    shops = demand_days(rows, demand.profiles, demand.events)  # type: ignore[arg-type]
    needs = []
    for month in window.months:
        needs += staff_team(folder.team, shops, month, folder.staffing, method)
    return [n for n in needs if window.first <= n.date <= window.last]
