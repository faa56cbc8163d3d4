from datetime import date, time

import numpy as np
import pandas as pd
import pytest

from scheduler.demand.events import EventDay, PhaseKind
from scheduler.demand.history import ShopHistory
from scheduler.demand.hourly import (
    NEXT,
    PREVIOUS,
    SAME,
    default_curve,
    hour_profile,
    peak_curve,
    route_shifts,
)
from scheduler.team.model import ShiftDef
from tests.helpers import DAY, EVENING


def test_default_curve_peaks_where_the_domain_says():
    curve = default_curve()
    assert curve.sum() == pytest.approx(1)
    top = set(np.argsort(curve)[-6:])
    assert top <= {10, 11, 14, 15, 16, 20, 21, 22}
    assert peak_curve(curve)[0] > 3 * curve[0]  # 11.11 starts at midnight


def test_every_arrival_is_answered_once():
    routing = route_shifts((DAY, EVENING))
    assert routing.answered.sum(axis=(0, 1)) == pytest.approx(np.ones(24))


def test_evening_answers_its_own_evening_and_the_next_days_first_half_hour():
    routing = route_shifts((DAY, EVENING))
    flat = np.full(24, 1 / 24)
    assert routing.share(flat, "evening", SAME) == pytest.approx(6.5 / 24)
    # Arrivals 00:00–00:30 are answered by the evening shift of the day before.
    assert routing.share(flat, "evening", PREVIOUS) == pytest.approx(0.5 / 24)
    # The day shift answers 08:30–17:30 and the night's backlog from 00:30.
    assert routing.share(flat, "day", SAME) == pytest.approx(17 / 24)
    assert routing.backlog[1, 0].sum() == pytest.approx(8)


def test_without_an_evening_shift_the_late_chats_wait_for_the_next_morning():
    routing = route_shifts((DAY,))
    flat = np.full(24, 1 / 24)
    assert routing.share(flat, "day", NEXT) == pytest.approx(6.5 / 24)


def test_overlapping_shifts_split_the_hour():
    early = ShiftDef(id="early", start=time(8), end=time(16), paid_hours=7)
    late = ShiftDef(id="late", start=time(12), end=time(20), paid_hours=7)
    routing = route_shifts((early, late))
    noon = next(h for h in routing.hours["late"] if h.hour == 13)
    assert noon.split == pytest.approx(0.5)
    assert next(h for h in routing.hours["late"] if h.hour == 17).split == pytest.approx(1)


def test_profile_is_learned_from_hourly_history_of_normal_days():
    days = pd.date_range("2026-01-01", periods=30, freq="D")
    counts = np.zeros((30, 24))
    counts[:, 9] = 30
    counts[:, 21] = 10
    history = ShopHistory(
        shop_id="TM",
        daily=pd.Series(counts.sum(axis=1), index=days),
        hourly=pd.DataFrame(counts, index=days, columns=range(24)),
    )
    peak = EventDay(name="x", peak=date(2026, 1, 3), kind=PhaseKind.PEAK, index=0)
    profile = hour_profile(history, {date(2026, 1, 3): peak})
    assert profile.learned
    assert profile.normal[9] == pytest.approx(0.75)
    assert profile.for_day(peak)[9] == pytest.approx(0.75)  # the one peak day seen


def test_few_hourly_days_fall_back_to_the_default_curve():
    days = pd.date_range("2026-01-01", periods=5, freq="D")
    history = ShopHistory(
        shop_id="TM",
        daily=pd.Series(24.0, index=days),
        hourly=pd.DataFrame(1.0, index=days, columns=range(24)),
    )
    profile = hour_profile(history, {})
    assert not profile.learned
    assert profile.normal == pytest.approx(default_curve())
