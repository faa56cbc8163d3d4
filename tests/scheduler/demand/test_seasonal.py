"""The seasonal-naive value at this year's level, blended with the model on normal days."""

from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest

from scheduler.demand.seasonal import (
    blend,
    last_year,
    level_ratio,
    seasonal_naive_at_level,
)

FIRST = date(2014, 1, 1)


def daily(values_by_day):
    return pd.Series(
        list(values_by_day.values()), index=pd.DatetimeIndex(list(values_by_day)), dtype=float
    )


def growing_shop(days=400, growth=1.2):
    """100 a day in the first 364 days, then ``growth`` times as many."""
    return daily(
        {FIRST + timedelta(days=i): 100.0 * (growth if i >= 364 else 1) for i in range(days)}
    )


def test_last_year_is_the_same_weekday_364_days_earlier():
    shop = daily({date(2014, 12, 10): 5.0, date(2014, 12, 3): 7.0})
    assert last_year(shop, date(2015, 12, 9)) == 5.0


def test_a_closed_twin_falls_back_to_a_week_either_side():
    shop = daily({date(2014, 12, 18): 7.0})  # 2014-12-25, 364 days before, has no row
    assert last_year(shop, date(2015, 12, 24)) == 7.0
    assert last_year(daily({}), date(2015, 12, 24)) is None


def test_the_level_ratio_compares_the_last_weeks_with_a_year_before():
    assert level_ratio(growing_shop()) == pytest.approx(1.2)


def test_the_naive_value_is_scaled_to_this_years_level():
    shop = growing_shop()
    day = FIRST + timedelta(days=410)
    (value,) = seasonal_naive_at_level(shop, [day], lambda d: False)
    assert value == pytest.approx(100.0 * 1.2)  # last year's 100, at 1.2× the level


def test_event_days_and_days_whose_twin_was_special_get_no_naive_value():
    shop = growing_shop()
    day = FIRST + timedelta(days=410)
    twin = day - timedelta(days=364)
    assert np.isnan(seasonal_naive_at_level(shop, [day], lambda d: d == day)[0])
    assert np.isnan(seasonal_naive_at_level(shop, [day], lambda d: d == twin)[0])


def test_the_blend_is_the_mean_and_the_model_alone_without_a_naive_value():
    mixed = blend(np.array([100.0, 100.0]), np.array([140.0, np.nan]))
    assert mixed.tolist() == [120.0, 100.0]
