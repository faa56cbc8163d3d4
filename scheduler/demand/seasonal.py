"""The seasonal-naive forecast at this year's level, to blend with the model on normal days.

The same weekday a year earlier (364 days; 371 or 357 where that day was closed), times
the ratio of the last ``LEVEL_DAYS`` days before the origin to their own values a year
earlier. Measured on real shops (docs/demand.md), an equal blend of this and the model
beats either alone on ordinary days: the two make different errors (the model smooths the
season, last year's day carries last year's noise).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import numpy as np
import pandas as pd

SEASONAL_LAGS_DAYS = (364, 371, 357)
LEVEL_DAYS = 28
# The model's share of the blend (the seasonal-naive one's is 1 − this).
MODEL_WEIGHT = 0.5


def last_year_day(daily: pd.Series, day: date) -> date | None:
    """``day``'s weekday a year earlier (364 days; 371 or 357 where that day was closed)."""
    for lag in SEASONAL_LAGS_DAYS:
        earlier = day - timedelta(days=lag)
        if pd.Timestamp(earlier) in daily.index:
            return earlier
    return None


def last_year(daily: pd.Series, day: date) -> float | None:
    """The value on ``last_year_day``, None when there is none."""
    earlier = last_year_day(daily, day)
    return None if earlier is None else float(daily[pd.Timestamp(earlier)])


def level_ratio(
    known: pd.Series, special: Callable[[date], bool] = lambda d: False
) -> float | None:
    """This year's level ÷ last year's: the last ``LEVEL_DAYS`` days against their twins.

    Days that are ``special``, or whose twin was, are skipped (a promotion this year
    against a normal day last year is no change of level).
    """
    now, before, used = 0.0, 0.0, 0
    for stamp, value in known.iloc[::-1].items():
        if used == LEVEL_DAYS:
            break
        day = stamp.date()
        earlier = last_year_day(known, day)
        if earlier is None or special(day) or special(earlier):
            continue
        now, before, used = (
            now + float(value),
            before + float(known[pd.Timestamp(earlier)]),
            used + 1,
        )
    return now / before if before > 0 and now > 0 else None


def seasonal_naive_at_level(
    known: pd.Series, days: list[date], special: Callable[[date], bool]
) -> np.ndarray:
    """Last year's same weekday × ``level_ratio`` per day; NaN where there is none.

    A ``special`` day (an event day, a fixed-date peak), or one whose twin a year earlier
    was special (an event day), gets NaN: 364 days earlier is not the same day of a moving
    promotion or of a fixed date, and the model aligns those itself.
    """
    ratio = level_ratio(known, special)
    values = np.full(len(days), np.nan)
    if ratio is None:
        return values
    for i, day in enumerate(days):
        earlier = last_year_day(known, day)
        if earlier is None or special(day) or special(earlier):
            continue
        values[i] = float(known[pd.Timestamp(earlier)]) * ratio
    return values


def blend(model: np.ndarray, naive: np.ndarray, smooth: np.ndarray | None = None) -> np.ndarray:
    """``MODEL_WEIGHT`` × model + the rest × seasonal naive; the model alone where naive is NaN.

    Where ``smooth`` (a third member, ``smoothing.py``) has a value too, the three in equal
    shares.
    """
    mixed = MODEL_WEIGHT * model + (1 - MODEL_WEIGHT) * naive
    if smooth is not None:
        mixed = np.where(np.isnan(smooth), mixed, (model + naive + smooth) / 3)
    return np.where(np.isnan(naive), model, mixed)
