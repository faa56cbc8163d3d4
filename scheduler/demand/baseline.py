"""A shop's inquiries on normal days: weekly pattern, trend, season and public holidays.

A weighted least-squares regression (statsmodels) of log(1 + inquiries) on calendar
terms from ``statsmodels.tsa.deterministic`` (linear trend, day-of-week dummies,
yearly Fourier terms of the order BIC chooses), on the holiday dummies from the
`holidays` library that show an effect, and on the shop's fixed-date peaks
(``recurring.py``). Event days are left out of the fit; days without a row are
missing, not zeros. Recent days weigh more (half-life one year).
Forecasts then shift the fitted curve to the shop's current level: the mean residual
of the last ``LEVEL_DAYS`` normal days before the forecast origin.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import pandas as pd

from scheduler.demand.recurring import (
    MonthDay,
    RecurringDate,
    find_recurring_dates,
    recurring_terms,
)
from scheduler.team.calendar import PublicCalendar

# Enough normal days for each part of the model; with fewer the part is left out.
MIN_DAYS_WEEKLY = 28
MIN_DAYS_TREND = 180
MIN_DAYS_YEARLY = 400
HALF_LIFE_DAYS = 365
LEVEL_DAYS = 28
# The yearly Fourier order is chosen by BIC among 1..MAX_YEARLY_ORDER.
MAX_YEARLY_ORDER = 6
# A holiday dummy stays in the fit only when its effect is this many standard errors from 0.
HOLIDAY_MIN_T = 3.0
HOLIDAY_COLUMNS = (
    "public_holiday",
    "makeup_workday",
    "spring_before",
    "spring_holiday",
    "spring_after",
)
# Horizons (days ahead) at which the level-shifted fit's errors are measured in-sample.
ERROR_HORIZONS = (7, 21, 35, 49)
# Log-scale spread assumed when too few days exist to measure one.
FALLBACK_LOG_SD = 0.3


@dataclass(frozen=True)
class BaselineFit:
    """The fitted normal-day curve of one shop, on the log(1 + inquiries) scale."""

    curve: pd.Series
    """Fitted value per day, from the first history day to the last day asked for."""
    residuals: pd.Series
    """Observed minus fitted on the normal days used in the fit."""
    log_sd: float
    """Spread of the level-shifted fit's errors a few weeks ahead."""
    terms: tuple[str, ...]
    notes: tuple[str, ...] = ()
    """Why parts of the model were left out, or what statsmodels warned about."""
    recurring: dict[MonthDay, RecurringDate] = field(default_factory=dict)
    """Fixed-date peaks (and troughs) found in the history, by (month, day)."""

    def day_log_sd(self, day: date) -> float:
        """The error spread of ``day``: the baseline's, and a fixed date's yearly spread."""
        found = self.recurring.get((day.month, day.day))
        return self.log_sd if found is None else math.hypot(self.log_sd, found.log_sd)

    def level_before(self, day: date) -> float:
        """Mean residual of the last ``LEVEL_DAYS`` normal days before ``day``."""
        recent = self.residuals[self.residuals.index < pd.Timestamp(day)].tail(LEVEL_DAYS)
        return float(recent.mean()) if len(recent) else 0.0

    def log_baseline(self, days: list[date], origin: date) -> np.ndarray:
        """log(1 + inquiries) on normal ``days``, at the level seen just before ``origin``."""
        index = pd.DatetimeIndex(days)
        values: np.ndarray = self.curve.reindex(index).to_numpy()
        return values + self.level_before(origin)


def holiday_terms(index: pd.DatetimeIndex, public: PublicCalendar) -> pd.DataFrame:
    """Dummies for public days off, make-up working days and the Spring Festival weeks."""
    days = [d.date() for d in index]
    spring = {
        d: (d - public.spring_festival[y]).days
        for d in days
        for y in (d.year, d.year + 1)
        if y in public.spring_festival and abs((d - public.spring_festival[y]).days) <= 30
    }
    to_spring = [spring.get(d) for d in days]
    return pd.DataFrame(
        {
            "public_holiday": [
                d in public.days_off and (s is None or s > 14)
                for d, s in zip(days, to_spring, strict=True)
            ],
            "makeup_workday": [d in public.makeup_workdays for d in days],
            # Couriers stop before the Spring Festival and restart after it.
            "spring_before": [s is not None and -10 <= s <= -2 for s in to_spring],
            "spring_holiday": [s is not None and -1 <= s <= 6 for s in to_spring],
            "spring_after": [s is not None and 7 <= s <= 14 for s in to_spring],
        },
        index=index,
        dtype=float,
    )


def fit_baseline(
    daily: pd.Series, event_days: Collection[date], public: PublicCalendar, last_day: date
) -> BaselineFit:
    """Fit ``daily`` (inquiries per day) without ``event_days``; the curve runs to ``last_day``.

    Raises
    ------
    ValueError
        When ``daily`` has no normal day at all.
    """
    events = pd.DatetimeIndex(sorted(event_days))
    normal = daily[~daily.index.isin(events)]
    if normal.empty:
        raise ValueError("no normal (non-event) day in the history")
    y = np.log1p(normal)
    start = daily.index.min()
    index = pd.date_range(start, pd.Timestamp(last_day), freq="D")
    if len(normal) < MIN_DAYS_WEEKLY:
        return _flat_fit(y, index, f"only {len(normal)} normal days: a flat mean, no pattern")
    notes = []
    orders = [0]
    if len(normal) >= MIN_DAYS_YEARLY:
        orders = list(range(1, MAX_YEARLY_ORDER + 1))
    else:
        notes.append(f"{len(normal)} normal days: no yearly season (needs {MIN_DAYS_YEARLY})")
    with_trend = len(normal) >= MIN_DAYS_TREND
    if not with_trend:
        notes.append(f"{len(normal)} normal days: no trend (needs {MIN_DAYS_TREND})")
    age_days = (normal.index.max() - normal.index).days.to_numpy()
    weights = 0.5 ** (age_days / HALF_LIFE_DAYS)
    holidays = holiday_terms(index, public)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # The yearly shape's order by BIC: a sharp season needs more terms than a mild one.
        widest = _calendar_terms(index, max(orders), with_trend).join(holidays)
        candidates = [widest[_columns_up_to(widest, order)] for order in orders]
        fits = [_wls(y, weights, c.loc[normal.index]) for c in candidates]
        best = int(np.argmin([f.bic for f in fits]))
        terms = candidates[best]
        # A holiday of another market, or one this shop ignores, must not bend its curve.
        kept = [c for c in holidays.columns if c not in _weak_holidays(fits[best])]
        terms = terms.drop(columns=[c for c in holidays.columns if c not in kept])
        first = _wls(y, weights, terms.loc[normal.index])
        residuals = y - _fitted(first, terms).loc[normal.index]
        dates = find_recurring_dates(residuals, _weekday_part(first, terms.loc[normal.index]))
        terms = _without_weekday(
            terms.join(recurring_terms(index, dates)),
            recurring_terms(index, [d for d in dates if d.weekday_free]),
        )
        train = terms.loc[normal.index]
        train = train.loc[:, (train != 0).any()]
        result = _wls(y, weights, train)
        curve = _fitted(result, terms[train.columns])
    notes += [f"statsmodels: {w.message}" for w in caught]
    residuals = y - curve.loc[normal.index]
    return BaselineFit(
        curve=curve,
        residuals=residuals,
        log_sd=_error_spread(residuals),
        terms=tuple(train.columns),
        notes=tuple(notes),
        recurring={d.month_day: d for d in dates if d.column in train.columns},
    )


def _columns_up_to(terms: pd.DataFrame, order: int) -> list[str]:
    """Every column but the yearly Fourier pairs above ``order`` (``sin(k,freq=YE-DEC)``)."""
    return [
        c
        for c in terms.columns
        if not (c.startswith(("sin(", "cos(")) and int(c[4 : c.index(",")]) > order)
    ]


def _calendar_terms(index: pd.DatetimeIndex, order: int, with_trend: bool) -> pd.DataFrame:
    """Weekday dummies, the trend and ``order`` yearly Fourier pairs on ``index``."""
    from statsmodels.tsa.deterministic import (
        CalendarFourier,
        CalendarSeasonality,
        DeterministicProcess,
    )

    seasonal: list[CalendarSeasonality | CalendarFourier] = [CalendarSeasonality("D", "W")]
    if order:
        seasonal.append(CalendarFourier("YE", order))
    # No constant: the seven weekday dummies span it, so no term needs dropping.
    process = DeterministicProcess(
        index, constant=False, order=1 if with_trend else 0, additional_terms=seasonal
    )
    return process.in_sample()


def _weekday_columns(terms: pd.DataFrame) -> list[str]:
    return [c for c in terms.columns if c.startswith("s(") and "period=W" in c]


def _weekday_part(result: Any, terms: pd.DataFrame) -> pd.Series:
    """Each day's weekday effect, less the mean of the seven (log scale)."""
    columns = [c for c in _weekday_columns(terms) if c in result.params.index]
    effects = result.params[columns]
    return pd.Series(terms[columns].to_numpy() @ effects.to_numpy(), index=terms.index) - float(
        effects.mean()
    )


def _without_weekday(terms: pd.DataFrame, dates: pd.DataFrame) -> pd.DataFrame:
    """``terms`` with no weekday cycle on the days of ``dates``.

    A fixed-date day keeps its level whatever the weekday: a holiday looks like a Sunday
    and Christmas Eve is busy on a Sunday too, so its effect is measured from the week's
    mean, not from its weekday.
    """
    if dates.empty:
        return terms
    terms = terms.copy()
    fixed = dates.to_numpy().any(axis=1)
    columns = _weekday_columns(terms)
    terms.loc[fixed, columns] = 1 / len(columns)
    return terms


def _wls(y: pd.Series, weights: np.ndarray, train: pd.DataFrame) -> Any:
    from statsmodels.regression.linear_model import WLS

    # A holiday never seen in the history cannot be estimated: leave its column out.
    train = train.loc[:, (train != 0).any()]
    return WLS(y.to_numpy(), train, weights=weights).fit(method=_fit_method(train))


def _fitted(result: Any, terms: pd.DataFrame) -> pd.Series:
    params = result.params
    return pd.Series(terms[params.index].to_numpy() @ params.to_numpy(), index=terms.index)


def _weak_holidays(result: Any) -> set[str]:
    """Holiday columns whose effect is within ``HOLIDAY_MIN_T`` standard errors of 0."""
    tvalues = result.tvalues
    return {
        name
        for name in tvalues.index
        if name in HOLIDAY_COLUMNS and not abs(tvalues[name]) >= HOLIDAY_MIN_T
    }


def _fit_method(terms: pd.DataFrame) -> str:
    """QR, which is fast; the pseudo-inverse when two terms coincide on the days fitted."""
    r = np.linalg.qr(terms.to_numpy(), mode="r")
    diagonal = np.abs(np.diag(r))
    return "qr" if diagonal.min() > 1e-8 * diagonal.max() else "pinv"


def _flat_fit(y: pd.Series, index: pd.DatetimeIndex, note: str) -> BaselineFit:
    recent = y.tail(LEVEL_DAYS)
    level = float(recent.mean())
    spread = float(recent.std()) if len(recent) > 2 else FALLBACK_LOG_SD
    return BaselineFit(
        curve=pd.Series(level, index=index),
        residuals=pd.Series(0.0, index=y.index),
        log_sd=max(spread, FALLBACK_LOG_SD / 2),
        terms=("const",),
        notes=(note,),
    )


def _error_spread(residuals: pd.Series) -> float:
    """Root mean square of (residual h days later − level before), over ``ERROR_HORIZONS``."""
    levels = residuals.rolling(LEVEL_DAYS, min_periods=LEVEL_DAYS // 2).mean()
    errors = []
    for horizon in ERROR_HORIZONS:
        ahead = levels.copy()
        ahead.index = ahead.index + timedelta(days=horizon)
        paired = residuals - ahead.reindex(residuals.index)
        errors.append(paired.dropna().to_numpy())
    pooled = np.concatenate(errors)
    if pooled.size < 10:
        return FALLBACK_LOG_SD
    return math.sqrt(float(np.mean(pooled**2)))
