"""Forecast each shop's human-handled inquiries per day: baseline × promotion uplift.

For each shop: fit the normal-day baseline on the history before the origin
(``baseline.py``, with the shop's fixed-date peaks), learn the promotion uplifts from
past occurrences (``promotion.py``; built-in promotions the history denies are left
out), and multiply; on normal days, blend with last year's same weekday at this
year's level (``seasonal.py``) and, on ordinary stretches far from any peak, with
Holt-Winters on the recent weeks (``smoothing.py``). The 80% interval combines the
baseline's error a few weeks ahead with the spread of the uplift across past
occurrences, on the log scale.
``day_share`` comes from the shop's hour profile (``hourly.py``).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from statistics import NormalDist

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from scheduler.demand.baseline import fit_baseline
from scheduler.demand.events import (
    EventCalendar,
    EventDay,
    EventPhase,
    event_calendar,
    occurrence_days,
)
from scheduler.demand.history import History
from scheduler.demand.hourly import HourProfile, day_shift_id, hour_profile, route_shifts
from scheduler.demand.promotion import MIN_PEAK_UPLIFT, learn_profile, unconfirmed_builtins
from scheduler.demand.seasonal import blend, seasonal_naive_at_level
from scheduler.demand.smoothing import holt_winters, ordinary_days, settled
from scheduler.team.calendar import Month, PublicCalendar, public_calendar
from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError
from scheduler.team.folder import parse_date
from scheduler.team.model import Team

FORECAST_CSV = "forecast.csv"
FORECAST_COLUMNS = ("date", "shop_id", "inquiries", "low", "high", "day_share", "event")
INTERVAL = 0.8
Z_INTERVAL = NormalDist().inv_cdf(0.5 + INTERVAL / 2)


@dataclass(frozen=True, kw_only=True)
class DayForecast:
    """Inquiries expected on one shop on one day, with an 80% interval."""

    date: date
    shop_id: str
    inquiries: float
    low: float
    high: float
    day_share: float
    """Share of the day's inquiries the day shift answers (see hourly.py)."""
    event: str = ""
    """The event phase of the day (``double11 peak``), empty on normal days."""


@dataclass(frozen=True)
class Forecast:
    days: tuple[DayForecast, ...]
    warnings: tuple[str, ...] = ()
    profiles: dict[str, HourProfile] = field(default_factory=dict)
    """Each shop's hour profile, for staffing by the hour."""
    events: dict[str, dict[date, EventDay]] = field(default_factory=dict)


@dataclass(frozen=True)
class Calendars:
    """The public calendar and the promotion calendar a forecast needs."""

    public: PublicCalendar
    events: EventCalendar


def calendars_for(years: range, custom: tuple[EventPhase, ...] = ()) -> Calendars:
    public = public_calendar(years)
    return Calendars(public=public, events=event_calendar(years, public, custom))


def years_for(history: History, last: date) -> range:
    """The years a forecast up to ``last`` may look at (one more at each end)."""
    starts = [h.daily.index.min().year for h in history.shops.values() if len(h.daily)]
    return range(min(starts, default=last.year) - 1, last.year + 2)


def forecast_team(
    team: Team, history: History, calendars: Calendars, days: list[date], origin: date
) -> Forecast:
    """Forecast ``days`` for every shop of ``team`` from the history before ``origin``."""
    # The fits are small: BLAS threads only wait on each other (20× slower on a busy box).
    with threadpool_limits(limits=1, user_api="blas"):
        return _forecast_team(team, history, calendars, days, origin)


@dataclass(frozen=True)
class ShopForecast:
    """One shop's daily forecast (log scale) and the events it kept."""

    log_mean: np.ndarray
    log_spread: np.ndarray
    """Half-width of the 80% interval on the log scale."""
    log_uplift: np.ndarray
    """Each day's departure from a normal day: its event phase or fixed-date peak."""
    events: dict[date, EventDay]
    """The shop's event days, without the built-in promotions its history denies."""
    warnings: tuple[str, ...]


def forecast_shop(
    shop_id: str, known: pd.Series, calendars: Calendars, days: list[date], origin: date
) -> ShopForecast:
    """Forecast ``days`` for one shop from ``known`` (its daily history before ``origin``).

    Raises
    ------
    ValueError
        When ``known`` has no normal day to fit.
    """
    occurrences = calendars.events.for_shop(shop_id)
    events = occurrence_days(occurrences)
    fit = fit_baseline(known, events.keys(), calendars.public, max(days))
    promotion = learn_profile(known, fit, occurrences, origin)
    warnings = [f"{shop_id}: {note}" for note in fit.notes]
    dropped = unconfirmed_builtins(promotion, occurrences)
    if dropped:
        # Its days are normal days for this shop: fit again with them in.
        occurrences = [o for o in occurrences if o.custom or o.name not in dropped]
        events = occurrence_days(occurrences)
        fit = fit_baseline(known, events.keys(), calendars.public, max(days))
        promotion = learn_profile(known, fit, occurrences, origin)
        warnings.append(
            f"{shop_id}: built-in {', '.join(sorted(dropped))} left out: the history shows "
            f"no peak (below {MIN_PEAK_UPLIFT}× a normal day)"
        )
    base = fit.log_baseline(days, origin)
    means, spreads, uplifts = [], [], []
    defaulted: set[str] = set()
    for day, log_base in zip(days, base, strict=True):
        event = events.get(day)
        uplift, uplift_sd = 0.0, 0.0
        if event is not None:
            uplift, uplift_sd, learned = promotion.log_uplift(event)
            if not learned:
                defaulted.add(event.name)
        means.append(log_base + uplift)
        fixed = fit.recurring.get((day.month, day.day))
        uplifts.append(uplift + (fixed.mean if fixed else 0.0))
        spreads.append(Z_INTERVAL * math.hypot(fit.day_log_sd(day), uplift_sd))
    # A fixed-date day is the model's; a day whose twin a year earlier was a fixed date
    # still takes it (measured: the days around a fixed-date peak run high too).
    naive = seasonal_naive_at_level(
        known,
        days,
        lambda d: d in events or (d >= origin and (d.month, d.day) in fit.recurring),
    )

    # On ordinary stretches, Holt-Winters on the recent weeks as a third member; not when
    # the history ends within weeks of a peak (its level would carry the peak on).
    def event_or_fixed(d: date) -> bool:
        return d in events or (d.month, d.day) in fit.recurring

    def event_or_peak(d: date) -> bool:
        fixed = fit.recurring.get((d.month, d.day))
        return d in events or (fixed is not None and fixed.mean >= math.log(MIN_PEAK_UPLIFT))

    ordinary = ordinary_days(days, event_or_fixed)
    smooth = None
    if settled(origin, event_or_peak) and (ordinary & ~np.isnan(naive)).any():
        smooth = np.where(ordinary, holt_winters(known, origin, days), np.nan)
    log_mean = np.log1p(blend(np.expm1(np.array(means)), naive, smooth))
    warnings += [
        f"{shop_id}: no complete past {name} in history.csv before {origin}; "
        "using the default promotion profile (docs/demand.md)"
        for name in sorted(defaulted)
    ]
    return ShopForecast(log_mean, np.array(spreads), np.array(uplifts), events, tuple(warnings))


def _forecast_team(
    team: Team, history: History, calendars: Calendars, days: list[date], origin: date
) -> Forecast:
    routing = route_shifts(team.shifts)
    day_shift = day_shift_id(team.shifts)
    rows: list[DayForecast] = []
    warnings: list[str] = []
    profiles: dict[str, HourProfile] = {}
    all_events: dict[str, dict[date, EventDay]] = {}
    for shop in team.shops:
        shop_id = shop.shop_id
        known = history.shop(shop_id).before(origin)
        events = calendars.events.days(shop_id)
        result: ShopForecast | None = None
        if known.daily.empty:
            warnings.append(f"{shop_id}: no history before {origin}; no forecast for this shop")
        else:
            try:
                result = forecast_shop(shop_id, known.daily, calendars, days, origin)
            except ValueError as exc:
                warnings.append(f"{shop_id}: {exc}; no forecast for this shop")
        if result is not None:
            events = result.events
            warnings += result.warnings
        all_events[shop_id] = events
        profile = hour_profile(known, events)
        profiles[shop_id] = profile
        if result is None:
            continue
        for day, mean, spread in zip(days, result.log_mean, result.log_spread, strict=True):
            event = events.get(day)
            rows.append(
                DayForecast(
                    date=day,
                    shop_id=shop_id,
                    # Rounded as forecast.csv writes them: staffing from the file or from
                    # memory gives the same requirements.
                    inquiries=_whole(mean),
                    low=_whole(mean - spread),
                    high=_whole(mean + spread),
                    day_share=round(routing.share(profile.for_day(event), day_shift), 3),
                    event=event.label if event else "",
                )
            )
    return Forecast(tuple(rows), tuple(warnings), profiles, all_events)


def _whole(log_value: float) -> float:
    return float(max(0, round(math.expm1(log_value))))


def forecast_origin(history: History, month: Month) -> date:
    """The first day not used: the month's first day, or the day after the history ends."""
    last = history.last_day
    return month.first if last is None else min(month.first, last + timedelta(days=1))


def forecast_csv(forecast: Forecast) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(FORECAST_COLUMNS)
    for row in forecast.days:
        writer.writerow(
            [
                row.date.isoformat(),
                row.shop_id,
                f"{row.inquiries:.0f}",
                f"{row.low:.0f}",
                f"{row.high:.0f}",
                f"{row.day_share:.3f}",
                row.event,
            ]
        )
    return out.getvalue()


def read_forecast(path: Path, shop_ids: set[str], errors: list[InputError]) -> list[DayForecast]:
    """A forecast.csv (from ``scheduler forecast``, perhaps edited by hand)."""
    name = path.name
    rows = []
    seen: dict[tuple[date, str], int] = {}
    for line, row in read_rows(path, FORECAST_COLUMNS[:6], errors):
        try:
            day = parse_date(row["date"])
            values = [float(row[c]) for c in ("inquiries", "low", "high", "day_share")]
        except ValueError as exc:
            errors.append(InputError(name, line, str(exc)))
            continue
        if row["shop_id"] not in shop_ids:
            errors.append(InputError(name, line, f"unknown shop_id {row['shop_id']!r}"))
            continue
        if not all(np.isfinite(values)) or min(values) < 0 or values[3] > 1:
            errors.append(
                InputError(name, line, "inquiries, low and high must be >= 0, day_share 0 to 1")
            )
            continue
        key = (day, row["shop_id"])
        if key in seen:
            errors.append(InputError(name, line, f"{day} {key[1]} is already on line {seen[key]}"))
            continue
        seen[key] = line
        inquiries, low, high, day_share = values
        rows.append(
            DayForecast(
                date=day,
                shop_id=row["shop_id"],
                inquiries=inquiries,
                low=low,
                high=high,
                day_share=day_share,
                event=row.get("event", ""),
            )
        )
    return rows
