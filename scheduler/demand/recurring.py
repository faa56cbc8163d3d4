"""Fixed-date peaks: calendar days that run above (or below) normal every year.

Christmas week, a national day, a shop's anniversary on a fixed date: the same calendar
day (month and day) shows the same departure from the shop's normal curve year after
year. Such a day is found from the baseline's residuals: every year seen on the same
side, and a mean far enough from 0 to stand out from the
day-to-day noise. Each one found becomes a dummy of the baseline regression, so the
weekday, level and season are fitted around it rather than bent by it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

MIN_YEARS = 1
# |mean| must exceed this many standard errors of a mean of the day-to-day noise (more
# when a single year is seen: one odd day is no pattern yet) ...
MIN_T = 3.0
MIN_T_ONE_YEAR = 4.0
# ... and this much on the log scale (about 10%): smaller effects are left to the curve.
MIN_LOG_EFFECT = 0.1
# Log-scale spread assumed for a date seen in few years (pulled towards, as in promotion.py).
PRIOR_LOG_SD = 0.1
PRIOR_WEIGHT = 2

MonthDay = tuple[int, int]


@dataclass(frozen=True)
class RecurringDate:
    """One calendar day that departs from normal every year."""

    month_day: MonthDay
    mean: float
    """Mean residual over the years seen (log scale)."""
    log_sd: float
    """Spread of the yearly residuals, pulled towards ``PRIOR_LOG_SD`` when few."""
    years: int
    weekday_free: bool = False
    """True: the day's level ignores the weekday cycle (its effect is from the week's mean)."""

    @property
    def column(self) -> str:
        return f"date_{self.month_day[0]:02d}_{self.month_day[1]:02d}"


def find_recurring_dates(
    residuals: pd.Series, weekday_part: pd.Series | None = None
) -> list[RecurringDate]:
    """Calendar days whose residual has the same sign and a large mean in every year seen.

    ``weekday_part`` is each day's weekday effect (less the mean weekday's): a date whose
    yearly residuals agree better once it is added back keeps its level whatever the
    weekday (a holiday that looks like a Sunday), and is marked ``weekday_free``.
    """
    if residuals.empty:
        return []
    noise = _noise_sd(residuals)
    free = residuals if weekday_part is None else residuals + weekday_part
    frame = pd.DataFrame(
        {
            "key": list(zip(residuals.index.month, residuals.index.day, strict=True)),
            "value": residuals.to_numpy(),
            "free": free.to_numpy(),
        }
    )
    found = []
    for key, group in frame.groupby("key", sort=True):
        values = group["value"].to_numpy()
        years = len(values)
        if years < MIN_YEARS:
            continue
        mean = float(values.mean())
        same_side = bool((np.sign(values) == np.sign(mean)).all())
        if not same_side or abs(mean) < MIN_LOG_EFFECT:
            continue
        if abs(mean) < (MIN_T if years > 1 else MIN_T_ONE_YEAR) * noise / math.sqrt(years):
            continue
        weekday_free = False
        free_values = group["free"].to_numpy()
        if weekday_part is not None and _squares(free_values) < _squares(values):
            values, mean, weekday_free = free_values, float(free_values.mean()), True
        spread = math.sqrt(
            (_squares(values) + PRIOR_WEIGHT * PRIOR_LOG_SD**2) / (years - 1 + PRIOR_WEIGHT)
        )
        found.append(
            RecurringDate(
                month_day=key, mean=mean, log_sd=spread, years=years, weekday_free=weekday_free
            )
        )
    return found


def _squares(values: np.ndarray) -> float:
    return float(((values - values.mean()) ** 2).sum())


def recurring_terms(index: pd.DatetimeIndex, dates: list[RecurringDate]) -> pd.DataFrame:
    """One 0/1 column per recurring date, on ``index``."""
    month_day = list(zip(index.month, index.day, strict=True))
    return pd.DataFrame(
        {d.column: [md == d.month_day for md in month_day] for d in dates},
        index=index,
        dtype=float,
    )


def _noise_sd(residuals: pd.Series) -> float:
    """Robust spread of the day-to-day residuals (median absolute deviation × 1.4826)."""
    values = residuals.to_numpy()
    mad = float(np.median(np.abs(values - np.median(values))))
    return max(1.4826 * mad, 1e-3)
