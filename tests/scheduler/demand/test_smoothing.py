"""Holt-Winters on the recent weeks, the blend's third member on ordinary stretches."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from scheduler.demand import forecast
from scheduler.demand.forecast import calendars_for, forecast_shop
from scheduler.demand.seasonal import blend
from scheduler.demand.smoothing import WINDOW_DAYS, holt_winters, ordinary_days, settled
from tests.scheduler.demand.fixed_date_data import fixed_date_series

ORIGIN = date(2015, 8, 1)
WEEKLY = (1.0, 0.95, 0.95, 1.0, 1.1, 1.3, 0.8)  # Monday .. Sunday


def shop(level_on, days=200, closed=lambda d: False, seed=0):
    """A weekly cycle around ``level_on(day)`` with 2% noise, before ``ORIGIN``."""
    rng = np.random.default_rng(seed)
    rows = {}
    for i in range(days, 0, -1):
        day = ORIGIN - timedelta(days=i)
        if not closed(day):
            rows[day] = level_on(day) * WEEKLY[day.weekday()] * rng.lognormal(0, 0.02)
    return pd.Series(list(rows.values()), index=pd.DatetimeIndex(list(rows)), dtype=float)


def weeks_ahead(n):
    return [ORIGIN + timedelta(days=i) for i in range(7 * n)]


def level_of(history_forecast, days):
    """The forecast's level: its values ÷ the weekly cycle, averaged."""
    return float(
        np.mean([v / WEEKLY[d.weekday()] for v, d in zip(history_forecast, days, strict=True)])
    )


def test_a_level_that_fell_and_held_is_followed_not_carried_further_down():
    fell = ORIGIN - timedelta(days=28)
    history = shop(lambda d: 100.0 if d < fell else 80.0)
    days = weeks_ahead(4)
    values = holt_winters(history, ORIGIN, days)
    # The new level, four weeks on: not back at last year's 100, not falling past 80.
    assert level_of(values, days) == pytest.approx(80.0, rel=0.05)
    assert level_of(values[-7:], days[-7:]) == pytest.approx(80.0, rel=0.05)


def test_the_weekly_cycle_is_kept():
    days = weeks_ahead(1)
    values = holt_winters(shop(lambda d: 100.0), ORIGIN, days)
    by_weekday = {d.weekday(): v for d, v in zip(days, values, strict=True)}
    assert by_weekday[5] > 1.2 * by_weekday[6]  # a busy Saturday, a quiet Sunday


def test_closed_days_are_gaps_not_zeros():
    history = shop(lambda d: 100.0, closed=lambda d: d.weekday() == 2 and d.day < 20)
    days = weeks_ahead(2)
    values = holt_winters(history, ORIGIN, days)
    wednesdays = [v for d, v in zip(days, values, strict=True) if d.weekday() == 2]
    assert min(wednesdays) == pytest.approx(95.0, rel=0.1)


def test_a_shop_with_no_inquiries_is_forecast_zero():
    values = holt_winters(shop(lambda d: 0.0), ORIGIN, weeks_ahead(1))
    assert values.tolist() == [0.0] * 7


def test_without_eight_weeks_of_history_there_is_no_value():
    values = holt_winters(shop(lambda d: 100.0, days=50), ORIGIN, weeks_ahead(1))
    assert np.isnan(values).all()


def test_a_day_near_a_peak_or_event_is_not_ordinary():
    peak = date(2015, 12, 24)
    near = peak - timedelta(days=WINDOW_DAYS)
    far = near - timedelta(days=1)
    after = peak + timedelta(days=WINDOW_DAYS + 1)
    assert ordinary_days([far, near, peak, after], lambda d: d == peak).tolist() == [
        True,
        False,
        False,
        True,
    ]


def test_a_forecast_just_after_a_peak_takes_no_smoothing():
    peak = date(2015, 12, 24)
    assert not settled(peak + timedelta(days=1), lambda d: d == peak)
    assert not settled(peak + timedelta(days=WINDOW_DAYS), lambda d: d == peak)
    assert settled(peak + timedelta(days=WINDOW_DAYS + 1), lambda d: d == peak)


def test_the_third_member_takes_an_equal_share_where_it_has_a_value():
    model = np.array([90.0, 90.0, 90.0])
    naive = np.array([120.0, 120.0, np.nan])
    smooth = np.array([60.0, np.nan, 60.0])
    # Thirds; model and naive halves where smoothing is left out; the model without naive.
    assert blend(model, naive, smooth).tolist() == [90.0, 105.0, 90.0]


@pytest.fixture(scope="module")
def second_half():
    """A shop with a Christmas-week peak, forecast from 25 June to the year's end."""
    series = fixed_date_series()
    origin = date(2015, 6, 25)
    days = [date(2015, 7, 1) + timedelta(days=i) for i in range(184)]
    return series[series.index < pd.Timestamp(origin)], origin, days


@pytest.mark.slow
def test_only_days_four_weeks_from_any_peak_take_the_third_member(second_half, monkeypatch):
    known, origin, days = second_half
    calendars = calendars_for(range(2012, 2017))

    def forecast_with(smoothing):
        monkeypatch.setattr(forecast, "holt_winters", lambda *_: np.full(len(days), smoothing))
        return np.expm1(forecast_shop("S1", known, calendars, days, origin).log_mean)

    without, with_large = forecast_with(np.nan), forecast_with(1e6)
    taken = dict(zip(days, with_large > without + 1000, strict=True))
    # July is far from Christmas week (18-24 December); December is inside its window.
    assert all(taken[d] for d in days if d.month == 7)
    assert not any(taken[d] for d in days if d.month == 12)


@pytest.mark.slow
def test_a_forecast_from_just_after_christmas_takes_no_smoothing(monkeypatch):
    series = fixed_date_series()
    origin = date(2014, 12, 27)
    known = series[series.index < pd.Timestamp(origin)]
    # March is far from any peak, but the history ends three days after Christmas week.
    days = [date(2015, 3, 1) + timedelta(days=i) for i in range(31)]
    calendars = calendars_for(range(2012, 2017))

    def forecast_with(smoothing):
        monkeypatch.setattr(forecast, "holt_winters", lambda *_: np.full(len(days), smoothing))
        return np.expm1(forecast_shop("S1", known, calendars, days, origin).log_mean)

    assert forecast_with(1e6).tolist() == forecast_with(np.nan).tolist()
