"""Holt-Winters on the recent weeks: a third member of the blend on ordinary stretches.

statsmodels' ``ExponentialSmoothing`` (additive damped trend, additive weekly season) on
log(1 + inquiries) of the last ``FIT_DAYS`` days before the origin. It follows where the
level has gone in the last weeks (a falling level is carried, damped), where the model
and last year's same week both carry the yearly shape of earlier years. It has no yearly
season and a peak in its weeks throws its level off, so it is used only on *ordinary*
days (no event day and no fixed date within ``WINDOW_DAYS`` either side) of a forecast
whose last ``WINDOW_DAYS`` days of history had no event and no fixed-date peak (docs/demand.md,
measured on real shops).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd

FIT_DAYS = 364
# At least this many days with a row among the last FIT_DAYS, else no smoothing member.
MIN_FIT_DAYS = 8 * 7
WEEK = 7
# A day within this many days of an event day or a fixed date is not ordinary; a forecast
# whose history ends within this many days of an event or a fixed-date peak takes none.
WINDOW_DAYS = 28


def ordinary_days(days: list[date], special: Callable[[date], bool]) -> np.ndarray:
    """Per day: is no ``special`` day within ``WINDOW_DAYS`` either side of it?"""
    return np.array(
        [
            not any(special(day + timedelta(days=k)) for k in range(-WINDOW_DAYS, WINDOW_DAYS + 1))
            for day in days
        ],
        dtype=bool,
    )


def settled(origin: date, peak: Callable[[date], bool]) -> bool:
    """Is no ``peak`` day among the ``WINDOW_DAYS`` days before ``origin``?

    Holt-Winters' level follows the last days closely: fitted with a peak at its end, it
    carries the peak on (Christmas into the last days of January).
    """
    return not any(peak(origin - timedelta(days=k)) for k in range(1, WINDOW_DAYS + 1))


def recent_series(known: pd.Series, origin: date) -> pd.Series | None:
    """log(1 + inquiries) of the last ``FIT_DAYS`` days before ``origin``, every day filled.

    A day without a row (closed, a gap) takes the same weekday a week earlier or later;
    None when fewer than ``MIN_FIT_DAYS`` days have a row.
    """
    end = pd.Timestamp(origin) - pd.Timedelta(days=1)
    index = pd.date_range(end - pd.Timedelta(days=FIT_DAYS - 1), end, freq="D")
    logged = np.log1p(known[known.index.isin(index)].astype(float))
    if len(logged) < MIN_FIT_DAYS:
        return None
    first = logged.index.min()
    series = logged.reindex(index[index >= first])
    for weeks in (1, -1, 2, -2):
        shifted = series.shift(weeks * WEEK)
        series = series.fillna(shifted)
    return series.ffill().bfill()


def holt_winters(known: pd.Series, origin: date, days: list[date]) -> np.ndarray:
    """Holt-Winters' inquiries on ``days`` (on or after ``origin``); NaN without enough history."""
    series = recent_series(known, origin)
    values = np.full(len(days), np.nan)
    if series is None or not days or max(days) < origin:
        return values
    from statsmodels.tsa.holtwinters import ExponentialSmoothing

    ahead = [(day - origin).days for day in days]
    with warnings.catch_warnings():
        # The optimiser's convergence notes (the fit is still the best it found), and a
        # log of zero in the fit's information criteria on a series with no error.
        warnings.simplefilter("ignore")
        model = ExponentialSmoothing(
            series.to_numpy(),
            trend="add",
            damped_trend=True,
            seasonal="add",
            seasonal_periods=WEEK,
            initialization_method="estimated",
        ).fit(use_brute=False)  # the grid search for starting values: slower, same scores
        path = model.forecast(max(ahead) + 1)
    for i, step in enumerate(ahead):
        if step >= 0:
            values[i] = float(np.expm1(path[step]))
    return values
