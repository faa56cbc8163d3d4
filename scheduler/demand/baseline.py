"""A shop's inquiries on normal days: weekly pattern, trend, season and public holidays.

A weighted least-squares regression (statsmodels) of log(1 + inquiries) on calendar
terms from ``statsmodels.tsa.deterministic`` (linear trend, day-of-week dummies,
yearly Fourier terms) and on holiday dummies from the `holidays` library.
Event days are left out of the fit. Recent days weigh more (half-life one year).
Forecasts then shift the fitted curve to the shop's current level: the mean residual
of the last ``LEVEL_DAYS`` normal days before the forecast origin.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd

from scheduler.team.calendar import PublicCalendar

# Enough normal days for each part of the model; with fewer the part is left out.
MIN_DAYS_WEEKLY = 28
MIN_DAYS_TREND = 180
MIN_DAYS_YEARLY = 400
HALF_LIFE_DAYS = 365
LEVEL_DAYS = 28
YEARLY_ORDER = 3
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
    # statsmodels takes ~1.5 s to import: only the commands that forecast pay for it.
    from statsmodels.regression.linear_model import WLS
    from statsmodels.tsa.deterministic import (
        CalendarFourier,
        CalendarSeasonality,
        DeterministicProcess,
    )

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
    seasonal: list[CalendarSeasonality | CalendarFourier] = [CalendarSeasonality("D", "W")]
    if len(normal) >= MIN_DAYS_YEARLY:
        seasonal.append(CalendarFourier("YE", YEARLY_ORDER))
    else:
        notes.append(f"{len(normal)} normal days: no yearly season (needs {MIN_DAYS_YEARLY})")
    with_trend = len(normal) >= MIN_DAYS_TREND
    if not with_trend:
        notes.append(f"{len(normal)} normal days: no trend (needs {MIN_DAYS_TREND})")
    # No constant: the seven weekday dummies span it, so no term needs dropping.
    process = DeterministicProcess(
        index, constant=False, order=1 if with_trend else 0, additional_terms=seasonal
    )
    terms = pd.concat([process.in_sample(), holiday_terms(index, public)], axis=1)
    train = terms.loc[normal.index]
    # A holiday never seen in the history cannot be estimated: leave its column out.
    train = train.loc[:, (train != 0).any()]
    age_days = (normal.index.max() - normal.index).days.to_numpy()
    weights = 0.5 ** (age_days / HALF_LIFE_DAYS)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = WLS(y.to_numpy(), train, weights=weights).fit(method=_fit_method(train))
        curve = pd.Series(terms[train.columns].to_numpy() @ result.params.to_numpy(), index=index)
    notes += [f"statsmodels: {w.message}" for w in caught]
    residuals = y - curve.loc[normal.index]
    return BaselineFit(
        curve=curve,
        residuals=residuals,
        log_sd=_error_spread(residuals),
        terms=tuple(train.columns),
        notes=tuple(notes),
    )


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
