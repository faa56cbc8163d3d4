"""Issue 32: forecasts that learn fixed-date peaks and ignore another market's calendar."""

from datetime import date

import numpy as np
import pandas as pd
import pytest

from scheduler.bench.real_demand import (
    earlier_peak_months,
    read_real_folder,
    real_table,
    recent_months,
    score_month,
    seasonal_naive,
)
from scheduler.demand.baseline import fit_baseline
from scheduler.demand.forecast import calendars_for, forecast_shop
from scheduler.demand.history import History, ShopHistory
from scheduler.demand.recurring import find_recurring_dates
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors
from tests.scheduler.demand.fixed_date_data import fixed_date_series, history_rows

DECEMBER = Month(2015, 12)
ORIGIN = date(2015, 11, 25)


@pytest.fixture(scope="module")
def calendars():
    return calendars_for(range(2012, 2017))


@pytest.fixture(scope="module")
def series():
    return fixed_date_series()


@pytest.fixture(scope="module")
def december(series, calendars):
    known = series[series.index < pd.Timestamp(ORIGIN)]
    return forecast_shop("S1", known, calendars, DECEMBER.days, ORIGIN)


def on(result, day):
    return float(np.expm1(result.log_mean[DECEMBER.index(day)]))


def residuals_on(days, values):
    return pd.Series(values, index=pd.DatetimeIndex(days))


def test_a_date_above_normal_every_year_is_found():
    days = [date(y, m, d) for y in (2013, 2014) for m in range(1, 13) for d in range(1, 29)]
    noise = np.random.default_rng(1).normal(0, 0.03, len(days))
    residuals = residuals_on(days, noise)
    for year in (2013, 2014):
        residuals[pd.Timestamp(date(year, 3, 7))] = 0.5
    found = find_recurring_dates(residuals)
    assert [d.month_day for d in found] == [(3, 7)]
    assert found[0].mean == pytest.approx(0.5)


def test_a_date_up_one_year_and_down_the_next_is_no_peak():
    days = [date(y, m, d) for y in (2013, 2014) for m in range(1, 13) for d in range(1, 29)]
    residuals = residuals_on(days, np.random.default_rng(2).normal(0, 0.03, len(days)))
    residuals[pd.Timestamp(date(2013, 3, 7))] = 0.5
    residuals[pd.Timestamp(date(2014, 3, 7))] = -0.5
    assert find_recurring_dates(residuals) == []


def test_a_holiday_that_looks_like_a_sunday_ignores_the_weekday():
    """Its residuals agree once the weekday effect is added back: weekday-free."""
    days = [date(y, m, d) for y in (2013, 2014, 2015) for m in range(1, 13) for d in range(1, 29)]
    residuals = residuals_on(days, np.zeros(len(days)))
    weekday = residuals_on(days, np.zeros(len(days)))
    for year, weekday_effect in ((2013, 0.3), (2014, -0.5), (2015, 0.1)):
        day = pd.Timestamp(date(year, 5, 24))
        weekday[day] = weekday_effect
        residuals[day] = -0.8 - weekday_effect
    (found,) = find_recurring_dates(residuals, weekday)
    assert found.weekday_free
    assert found.mean == pytest.approx(-0.8)


def test_christmas_eve_is_forecast_as_the_peak_the_past_years_showed(december):
    normal = on(december, date(2015, 12, 9))  # a Wednesday
    assert on(december, date(2015, 12, 24)) > 1.7 * normal
    assert on(december, date(2015, 12, 23)) > 1.6 * normal


def test_december_beats_the_seasonal_naive_forecast(series, december):
    truth, forecast, naive = [], [], []
    for day in DECEMBER.days:
        if pd.Timestamp(day) in series.index:
            truth.append(series[pd.Timestamp(day)])
            forecast.append(on(december, day))
            naive.append(seasonal_naive(series, day))
    truth_a = np.array(truth)
    wape = np.abs(np.array(forecast) - truth_a).sum() / truth_a.sum()
    naive_wape = np.abs(np.array(naive) - truth_a).sum() / truth_a.sum()
    assert wape <= 0.85 * naive_wape


def test_chinese_promotions_without_a_peak_in_the_history_are_left_out(december):
    assert not any(e.name == "double12" for e in december.events.values())
    assert any("double11" in w and "left out" in w for w in december.warnings)


def test_chinese_holidays_do_not_bend_a_shop_that_ignores_them(series, calendars):
    known = series[series.index < pd.Timestamp(ORIGIN)]
    fit = fit_baseline(known, [], calendars.public, DECEMBER.last)
    assert "public_holiday" not in fit.terms
    assert "spring_holiday" not in fit.terms


def test_closed_days_are_gaps_not_zeros(series, december):
    assert pd.Timestamp(date(2014, 12, 25)) not in series.index
    # The day after a closure is forecast as a normal day, not pulled towards 0.
    assert on(december, date(2015, 12, 26)) > 0.5 * on(december, date(2015, 12, 12))


def test_seasonal_naive_takes_the_weekday_a_year_before_or_a_week_either_side(series):
    assert seasonal_naive(series, date(2015, 12, 9)) == series[pd.Timestamp(date(2014, 12, 10))]
    # 364 days before 2015-12-24 is 2014-12-25, closed: 371 days before.
    assert seasonal_naive(series, date(2015, 12, 24)) == series[pd.Timestamp(date(2014, 12, 18))]


def test_a_month_is_scored_per_shop_against_seasonal_naive(series, calendars):
    history = History({"S1": ShopHistory("S1", series, pd.DataFrame())})
    (score,) = score_month(history, calendars, DECEMBER)
    assert score.peak
    assert score.days == 30  # 25 December is closed
    assert score.ratio <= 0.85
    assert 0 <= score.coverage <= 1


def test_the_last_year_and_the_earlier_peak_months_are_scored(series):
    history = History({"S1": ShopHistory("S1", series, pd.DataFrame())})
    recent = recent_months(history)
    assert recent[0] == Month(2015, 1)
    assert recent[-1] == Month(2015, 12)
    # December 2014 has a year of history before 2014-11-25; December 2013 has not.
    assert earlier_peak_months(history, [Month(2015, 12)]) == [Month(2014, 12)]


def test_a_real_history_folder_with_a_bad_row_names_file_and_line(tmp_path):
    (tmp_path / "history.csv").write_text("date,shop_id,inquiries\n2015-01-02,S1,-4\n")
    with pytest.raises(InputErrors, match=r"history.csv:2"):
        read_real_folder(tmp_path)


def test_a_real_history_folder_reads_its_shops_from_the_file(tmp_path, series):
    short = series[series.index >= pd.Timestamp(date(2015, 6, 1))]
    (tmp_path / "history.csv").write_text(history_rows({"A": short, "B": short * 2}))
    history, _ = read_real_folder(tmp_path)
    assert sorted(history.shops) == ["A", "B"]
    assert history.last_day == date(2015, 12, 31)


@pytest.mark.slow
def test_the_real_data_table_has_a_row_per_month_and_the_peak_summary(tmp_path):
    shops = {"A": fixed_date_series(seed=1), "B": fixed_date_series(level=400, seed=2)}
    (tmp_path / "history.csv").write_text(history_rows(shops))
    table = real_table(tmp_path)
    assert "| 2014-12 | all | peak |" in table
    assert "| 2015-12 | all | peak |" in table
    assert "| 2015-06 | all |  |" in table
    assert "| peak months |" in table
    assert "| ordinary months |" in table
    # An ordinary month before the last year is not scored.
    assert "| 2014-11 |" not in table


def test_bench_demand_with_a_bad_real_folder_exits_2_before_running(tmp_path):
    from typer.testing import CliRunner

    from scheduler.cli import app

    (tmp_path / "history.csv").write_text("date,shop_id,inquiries\n2015-13-02,S1,4\n")
    result = CliRunner().invoke(app, ["bench", "demand", "--real", str(tmp_path)])
    assert result.exit_code == 2
    assert "history.csv:2" in result.output
    assert "forecast" not in result.output  # the generated benchmark did not run
