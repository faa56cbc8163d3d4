"""Real-data backtest: forecast each month of a real history from the data before it.

A folder of real history (``history.csv``: ``date,shop_id,inquiries``; optionally
``events.csv``) is read as a team folder's would be, with the shops taken from the file.
Each month of the last year in the data, and each earlier peak month with a year of
history before it, is forecast per shop from the history before the 25th of the month
before, and scored against the truth: WAPE, bias and 80% interval coverage, beside the
seasonal-naive forecast (the same shop 364 days earlier; 371 or 357 days earlier where
that day was closed). Closed days (no row) are not scored.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from scheduler.demand.backtest import Score, scored, summed
from scheduler.demand.events import PhaseKind, read_events
from scheduler.demand.forecast import (
    Calendars,
    ShopForecast,
    calendars_for,
    forecast_shop,
    years_for,
)
from scheduler.demand.history import HISTORY_CSV, History, read_history
from scheduler.demand.seasonal import last_year as seasonal_naive
from scheduler.team.calendar import Month
from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError, raise_if_any

ORIGIN_DAY = 25
# A month is a peak month for a shop when the forecast has an event's peak phase in it, or
# PEAK_MONTH_DAYS days at least PEAK_MONTH_UPLIFT times a normal day (fixed-date peaks
# learned from the history); for all shops, when it is one for at least half of them.
PEAK_MONTH_UPLIFT = 1.4
PEAK_MONTH_DAYS = 2
RECENT_MONTHS = 12


@dataclass(frozen=True, kw_only=True)
class MonthScore(Score):
    """Forecast and seasonal-naive errors of one shop (or ``all``) in one month: the
    backtest's ``Score`` of that month's days."""

    month: Month
    peak: bool

    @property
    def ratio(self) -> float:
        """WAPE ÷ seasonal-naive WAPE: below 1 beats the naive forecast."""
        return self.abs_error / self.naive_abs_error if self.naive_abs_error else float("nan")


def read_real_folder(folder: Path) -> tuple[History, Calendars]:
    """history.csv (shops as found in it) and the optional events.csv of ``folder``.

    Raises
    ------
    InputErrors
        When history.csv is missing or has bad rows.
    """
    errors: list[InputError] = []
    if not (folder / HISTORY_CSV).is_file():
        raise_if_any([InputError(str(folder / HISTORY_CSV), None, "not found")])
    shop_ids = {row["shop_id"] for _, row in read_rows(folder / HISTORY_CSV, ("shop_id",), errors)}
    history = read_history(folder, shop_ids, errors)
    phases = read_events(folder, shop_ids, errors)
    raise_if_any(errors)
    last = history.last_day or date.today()
    return history, calendars_for(years_for(history, last), phases)


def recent_months(history: History) -> list[Month]:
    """The last ``RECENT_MONTHS`` whole months of the history, oldest first."""
    last = history.last_day
    assert last is not None
    end = Month(last.year, last.month)
    if last != end.last:
        end = end.previous()
    months = [end]
    while len(months) < RECENT_MONTHS:
        months.append(months[-1].previous())
    return months[::-1]


def earlier_peak_months(history: History, peaks: list[Month]) -> list[Month]:
    """The same calendar months as ``peaks`` in earlier years, with a year of history
    before their origin (the seasonal-naive forecast needs it), oldest first."""
    first = min(h.daily.index.min() for h in history.shops.values() if len(h.daily)).date()
    found = []
    for peak in peaks:
        year = peak.year - 1
        while _origin(Month(year, peak.month)) - timedelta(days=365) >= first:
            found.append(Month(year, peak.month))
            year -= 1
    return sorted(found, key=lambda m: m.first)


def score_month(history: History, calendars: Calendars, month: Month) -> list[MonthScore]:
    """Per-shop scores of ``month`` forecast from the history before its origin."""
    origin = _origin(month)
    scores = []
    with threadpool_limits(limits=1, user_api="blas"):
        for shop_id, shop in sorted(history.shops.items()):
            known = shop.daily[shop.daily.index < pd.Timestamp(origin)]
            if known.empty:
                continue
            try:
                result = forecast_shop(shop_id, known, calendars, month.days, origin)
            except ValueError:
                continue
            score = _score(shop_id, shop.daily, month, result.log_mean, result.log_spread)
            if score is not None:
                scores.append(month_score(score, month, _peak_days(result, month)))
    return scores


def month_score(score: Score, month: Month, peak: bool) -> MonthScore:
    return MonthScore(
        **{f.name: getattr(score, f.name) for f in fields(Score)}, month=month, peak=peak
    )


def total(scores: list[MonthScore], shop_id: str = "all") -> MonthScore:
    """The scores summed (WAPE over every shop and day of the month)."""
    peak = 2 * sum(s.peak for s in scores) >= len(scores)
    return month_score(summed(scores, shop_id), scores[0].month, peak)


def real_table(folder: Path, *, per_shop: bool = False) -> str:
    """Markdown: one row per month (all shops), optionally one per month and shop."""
    history, calendars = read_real_folder(folder)
    lines = [
        f"Real history: {folder}; each month forecast from the data before the "
        f"{ORIGIN_DAY}th of the month before.",
        "",
        "| month | shop | peak | days | WAPE | naive WAPE | ratio | bias | naive bias | in 80% |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    everything: list[MonthScore] = []
    recent = recent_months(history)
    by_month = {m: score_month(history, calendars, m) for m in recent}
    peaks = [m for m, scores in by_month.items() if scores and total(scores).peak]
    for month in earlier_peak_months(history, peaks):
        # Scored as peak months whatever the forecast of that year saw.
        scores = [replace(s, peak=True) for s in score_month(history, calendars, month)]
        by_month = {month: scores, **by_month}
    for _, scores in sorted(by_month.items(), key=lambda item: item[0].first):
        if not scores:
            continue
        everything += scores
        for s in [*scores, total(scores)] if per_shop else [total(scores)]:
            lines.append(_row(s))
    peak_months = {s.month for s in everything if total(_of_month(everything, s.month)).peak}
    for peak in (True, False):
        chosen = [s for s in everything if (s.month in peak_months) == peak]
        if chosen:
            summary = total(chosen, "all")
            label = "peak months" if peak else "ordinary months"
            lines.append(_row(summary).replace(f"| {summary.month} ", f"| {label} ", 1))
    return "\n".join(lines)


def _row(s: MonthScore) -> str:
    return (
        f"| {s.month} | {s.shop_id} | {'peak' if s.peak else ''} | {s.days} | {s.wape:.3f} "
        f"| {s.naive_wape:.3f} | {s.ratio:.2f} | {s.bias:+.3f} "
        f"| {s.naive_error / s.actual:+.3f} | {s.coverage:.0%} |"
    )


def _of_month(scores: list[MonthScore], month: Month) -> list[MonthScore]:
    return [s for s in scores if s.month == month]


def _origin(month: Month) -> date:
    previous = month.previous()
    return date(previous.year, previous.month, ORIGIN_DAY)


def _score(
    shop_id: str, daily: pd.Series, month: Month, log_mean: np.ndarray, log_spread: np.ndarray
) -> Score | None:
    """Scores of the days with both a truth and a seasonal-naive value."""
    actual, predicted, naive, inside = [], [], [], 0
    for day, mean, spread in zip(month.days, log_mean, log_spread, strict=True):
        truth = daily.get(pd.Timestamp(day))
        last_year = seasonal_naive(daily, day)
        if truth is None or last_year is None:
            continue
        forecast = max(0.0, float(np.expm1(mean)))
        actual.append(float(truth))
        predicted.append(forecast)
        naive.append(last_year)
        inside += int(np.expm1(mean - spread) <= truth <= np.expm1(mean + spread))
    if not actual or sum(actual) <= 0:
        return None
    return scored(shop_id, np.array(actual), np.array(predicted), np.array(naive), inside)


def _peak_days(result: ShopForecast, month: Month) -> bool:
    """Does the forecast see a peak in ``month`` (an event peak or a big fixed-date one)?"""
    if any((e := result.events.get(d)) and e.kind == PhaseKind.PEAK for d in month.days):
        return True
    return int((result.log_uplift >= np.log(PEAK_MONTH_UPLIFT)).sum()) >= PEAK_MONTH_DAYS
