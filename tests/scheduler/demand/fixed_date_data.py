"""A generated shop outside China's calendar: weekly cycle, a Christmas-week peak on fixed
dates, closed on 25 December and 1 January, and no Double 11 (as real grocery tills are)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pandas as pd

FIRST = date(2013, 1, 2)
LAST = date(2015, 12, 31)
# Monday .. Sunday: a strong weekly cycle (closed early on Sundays).
WEEKDAY = (1.0, 0.97, 1.0, 0.98, 1.08, 0.75, 0.35)
# Christmas week, by day of December: the same dates every year.
CHRISTMAS = {18: 1.3, 19: 1.35, 20: 1.4, 21: 1.5, 22: 1.6, 23: 1.9, 24: 2.0}
CLOSED = ((12, 25), (1, 1))


def fixed_date_series(level: float = 1000.0, seed: int = 0, growth: float = 0.05) -> pd.Series:
    """Daily counts of one shop from ``FIRST`` to ``LAST``; closed days have no value."""
    rng = np.random.default_rng(seed)
    values = {}
    day = FIRST
    while day <= LAST:
        if (day.month, day.day) not in CLOSED:
            years = (day - FIRST).days / 365.25
            season = 1 + 0.06 * np.sin(2 * np.pi * day.timetuple().tm_yday / 365.25)
            peak = CHRISTMAS.get(day.day, 1.0) if day.month == 12 else 1.0
            mean = level * (1 + growth) ** years * season * peak
            if peak == 1.0:
                mean *= WEEKDAY[day.weekday()]
            values[pd.Timestamp(day)] = float(round(mean * rng.lognormal(0, 0.04)))
        day += timedelta(days=1)
    return pd.Series(values, dtype=float)


def history_rows(shops: dict[str, pd.Series]) -> str:
    lines = ["date,shop_id,inquiries"]
    for shop_id, series in shops.items():
        lines += [f"{d.date()},{shop_id},{v:.0f}" for d, v in series.items()]
    return "\n".join(lines) + "\n"
