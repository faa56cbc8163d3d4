"""Generated inquiry history for the examples and benchmarks (seeded, documented in demand.md).

Each shop's day is level × growth × weekday × season × holidays × promotion × noise,
then drawn as a Poisson count; hourly shops split the day over a shop-specific curve.
The promotion multipliers differ by shop (``promo_scale``) and by year (a random factor
per shop, event and year), so no two peaks are alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from scheduler.demand.events import EventCalendar, PhaseKind
from scheduler.demand.history import HOURS
from scheduler.demand.hourly import DEFAULT_HOUR_WEIGHTS, PEAK_DAY_BOOST
from scheduler.team.calendar import PublicCalendar

# Multiplier over a normal day on a phase's days after the first, for a shop with
# promo_scale 1; the first day of presale and balance is busier (PHASE_START_BOOST).
EVENT_STRENGTH = {
    "double11": {PhaseKind.PRESALE: 1.4, PhaseKind.BALANCE: 1.5, PhaseKind.PEAK: 4.0,
                 PhaseKind.AFTERSALE: 2.0},
    "618": {PhaseKind.PRESALE: 1.25, PhaseKind.BALANCE: 1.3, PhaseKind.PEAK: 2.6,
            PhaseKind.AFTERSALE: 1.6},
    "double12": {PhaseKind.PRESALE: 1.2, PhaseKind.PEAK: 1.9, PhaseKind.AFTERSALE: 1.35},
    "nianhuo": {PhaseKind.PRESALE: 1.25, PhaseKind.PEAK: 1.7, PhaseKind.AFTERSALE: 1.2},
}  # fmt: skip
OTHER_EVENT_STRENGTH = {PhaseKind.PRESALE: 1.3, PhaseKind.BALANCE: 1.3, PhaseKind.PEAK: 2.5,
                        PhaseKind.AFTERSALE: 1.5}  # fmt: skip
PHASE_START_BOOST = 1.35
AFTERSALE_DECAY = 0.75
YEAR_SPREAD = 0.18
DAY_NOISE = 0.07
HOUR_CURVE_SPREAD = 0.15


@dataclass(frozen=True, kw_only=True)
class ShopDemand:
    """How one generated shop behaves."""

    shop_id: str
    level: float
    """Inquiries on a normal weekday at the end of the history."""
    growth: float
    """Yearly growth of the level (0.2: +20% a year)."""
    weekend: float = 1.0
    promo_scale: float = 1.0
    """1: typical promotion peaks; 1.5: half as much again above a normal day."""
    first_day: date | None = None
    """None: the shop has history from the start."""
    hourly: bool = False


def _holiday_factor(day: date, public: PublicCalendar) -> float:
    spring = [
        (day - public.spring_festival[y]).days
        for y in (day.year, day.year + 1)
        if y in public.spring_festival
    ]
    to_spring = min(spring, key=abs) if spring else 999
    if -12 <= to_spring <= -2:
        return 1.0 - 0.04 * (to_spring + 13)  # couriers wind down: 0.96 … 0.56
    if -1 <= to_spring <= 6:
        return 0.4
    if 7 <= to_spring <= 14:
        return 0.8
    if day in public.makeup_workdays:
        return 1.05
    if day in public.days_off:
        return 0.8
    return 1.0


def _promotion_factor(
    strength: float, kind: PhaseKind, index: int, scale: float, year_factor: float
) -> float:
    above = (strength - 1) * scale * year_factor
    if kind == PhaseKind.AFTERSALE:
        return 1 + above * AFTERSALE_DECAY**index
    if kind in (PhaseKind.PRESALE, PhaseKind.BALANCE) and index == 0:
        return 1 + above * PHASE_START_BOOST
    return 1 + above


def generate_history(
    shops: list[ShopDemand],
    first: date,
    last: date,
    public: PublicCalendar,
    events: EventCalendar,
    seed: int,
) -> list[tuple[date, str, int | None, int]]:
    """Rows (date, shop_id, hour or None, inquiries) from ``first`` to ``last``."""
    rng = np.random.default_rng(seed)
    rows: list[tuple[date, str, int | None, int]] = []
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    for shop in shops:
        shop_days = events.days(shop.shop_id)
        year_factors: dict[tuple[str, date], float] = {}
        curve = np.array(DEFAULT_HOUR_WEIGHTS) * rng.lognormal(0, HOUR_CURVE_SPREAD, HOURS)
        boost = np.ones(HOURS)
        for hour, factor in PEAK_DAY_BOOST.items():
            boost[hour] = factor
        for day in days:
            if shop.first_day is not None and day < shop.first_day:
                continue
            years_back = (day - last).days / 365.25
            mean = shop.level * (1 + shop.growth) ** years_back
            if day.weekday() >= 5:
                mean *= shop.weekend
            mean *= 1 + 0.08 * math.sin(2 * math.pi * (day.timetuple().tm_yday - 100) / 365.25)
            mean *= _holiday_factor(day, public)
            event = shop_days.get(day)
            if event is not None:
                key = (event.name, event.peak)
                if key not in year_factors:
                    year_factors[key] = float(rng.lognormal(0, YEAR_SPREAD))
                strength = EVENT_STRENGTH.get(event.name, OTHER_EVENT_STRENGTH).get(event.kind, 1.3)
                mean *= _promotion_factor(
                    strength, event.kind, event.index, shop.promo_scale, year_factors[key]
                )
            count = int(rng.poisson(mean * rng.lognormal(0, DAY_NOISE)))
            if not shop.hourly:
                rows.append((day, shop.shop_id, None, count))
                continue
            weights = curve * boost if event is not None and event.kind == PhaseKind.PEAK else curve
            split = rng.multinomial(count, weights / weights.sum())
            rows += [(day, shop.shop_id, hour, int(n)) for hour, n in enumerate(split)]
    return rows
