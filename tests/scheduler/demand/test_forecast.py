from dataclasses import replace
from datetime import date, timedelta

import numpy as np
import pytest

from scheduler.demand.backtest import backtest
from scheduler.demand.folder import read_demand_folder
from scheduler.demand.forecast import (
    FORECAST_CSV,
    forecast_csv,
    forecast_origin,
    forecast_team,
    read_forecast,
)
from scheduler.team.calendar import Month
from tests.demand_data import demand_calendars, write_demand_team

NOVEMBER = Month(2026, 11)


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The tiny team with 2.4 years of generated history, read once."""
    return read_demand_folder(write_demand_team(tmp_path_factory.mktemp("demand")))


@pytest.fixture(scope="module")
def november(folder):
    origin = forecast_origin(folder.history, NOVEMBER)
    return forecast_team(folder.team, folder.history, demand_calendars(), NOVEMBER.days, origin)


def rows_of(forecast, shop_id):
    return {r.date: r for r in forecast.days if r.shop_id == shop_id}


def test_forecast_starts_the_day_after_the_history(folder):
    assert forecast_origin(folder.history, NOVEMBER) == date(2026, 10, 16)


def test_every_shop_and_day_is_forecast_inside_its_interval(november):
    assert len(november.days) == 2 * 30
    assert all(r.low <= r.inquiries <= r.high for r in november.days)
    assert november.warnings == ()


def test_double11_peak_stands_out_from_the_normal_days(november):
    tm = rows_of(november, "TM")
    normal = np.median([tm[date(2026, 11, d)].inquiries for d in range(22, 31)])
    peak = tm[date(2026, 11, 11)]
    assert peak.event == "double11 peak"
    assert 2.5 * normal < peak.inquiries < 7 * normal
    # The after-sale wave decays.
    assert tm[date(2026, 11, 12)].inquiries > tm[date(2026, 11, 18)].inquiries > normal


def test_normal_days_follow_the_generated_level(november):
    # TM was generated at 300 a weekday in 2026-10 (+10% at weekends, a mild season).
    tm = rows_of(november, "TM")
    late = [tm[date(2026, 11, d)].inquiries for d in range(23, 28)]  # Monday to Friday
    assert 240 < np.mean(late) < 360


def test_day_share_comes_from_the_hourly_profile_and_moves_on_the_peak(november):
    tm = rows_of(november, "TM")
    assert 0.5 < tm[date(2026, 11, 20)].day_share < 0.7
    # At 11.11 the midnight rush goes to the evening shift of 11-10.
    assert tm[date(2026, 11, 11)].day_share < tm[date(2026, 11, 20)].day_share


def test_forecast_csv_round_trips(november, tmp_path):
    (tmp_path / FORECAST_CSV).write_text(forecast_csv(november), encoding="utf-8")
    errors = []
    back = read_forecast(tmp_path / FORECAST_CSV, {"TM", "JD"}, errors)
    assert errors == []
    assert back == list(november.days)


def test_a_shop_with_too_little_history_warns_and_uses_the_default_profile(tmp_path):
    short = read_demand_folder(write_demand_team(tmp_path / "short", first=date(2026, 5, 1)))
    origin = forecast_origin(short.history, NOVEMBER)
    result = forecast_team(short.team, short.history, demand_calendars(), NOVEMBER.days, origin)
    warnings = "\n".join(result.warnings)
    assert "TM: no complete past double11" in warnings
    assert "default promotion profile" in warnings
    assert "no yearly season" in warnings
    peak = rows_of(result, "TM")[date(2026, 11, 11)]
    assert peak.event == "double11 peak" and peak.inquiries > 0


def test_a_shop_without_history_is_skipped_with_a_warning(folder):
    history = replace(folder.history, shops={"TM": folder.history.shops["TM"]})
    result = forecast_team(
        folder.team, history, demand_calendars(), NOVEMBER.days, date(2026, 10, 16)
    )
    assert {r.shop_id for r in result.days} == {"TM"}
    assert any(w.startswith("JD: no history") for w in result.warnings)


def test_backtest_beats_the_seasonal_naive_baseline(folder):
    result = backtest(folder.team, folder.history, demand_calendars(), "double11", 2025)
    assert result.overall.days == 60
    assert result.windows["TM"] == (
        date(2025, 11, 11) - timedelta(days=19),
        date(2025, 11, 11) + timedelta(days=10),
    )
    assert result.overall.wape < result.overall.naive_wape * 2 / 3
    assert "overall" in result.table()


def test_backtest_of_an_unknown_event_says_so(folder):
    with pytest.raises(ValueError, match="no shop has"):
        backtest(folder.team, folder.history, demand_calendars(), "double99", 2025)
