"""Backtest: forecast the days around a past event from earlier data only, and score it.

The window is ``WINDOW_BEFORE`` days before the event's peak to ``WINDOW_AFTER`` days
after it (30 days). Only history before the window's first day is used. Scores:
WAPE = Σ|forecast − actual| / Σ actual; bias = Σ(forecast − actual) / Σ actual; the
share of actual days inside the 80% interval. The seasonal-naive baseline forecasts
each day with the same weekday of last year (364 days earlier), on the same days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

import numpy as np
import pandas as pd

from scheduler.demand.forecast import Calendars, forecast_team
from scheduler.demand.history import History
from scheduler.team.model import Team

WINDOW_BEFORE = 19
WINDOW_AFTER = 10
SEASONAL_LAG_DAYS = 364


@dataclass(frozen=True, kw_only=True)
class Score:
    """Forecast and seasonal-naive errors of one shop (or ``overall``) on the same days."""

    shop_id: str
    days: int
    actual: float
    abs_error: float
    error: float
    naive_abs_error: float
    naive_error: float
    inside_interval: int

    @property
    def wape(self) -> float:
        return self.abs_error / self.actual if self.actual else float("nan")

    @property
    def bias(self) -> float:
        return self.error / self.actual if self.actual else float("nan")

    @property
    def naive_wape(self) -> float:
        return self.naive_abs_error / self.actual if self.actual else float("nan")

    @property
    def naive_bias(self) -> float:
        return self.naive_error / self.actual if self.actual else float("nan")

    @property
    def coverage(self) -> float:
        return self.inside_interval / self.days if self.days else float("nan")


def scored(
    shop_id: str, actual: np.ndarray, predicted: np.ndarray, naive: np.ndarray, inside: int
) -> Score:
    """The errors of ``predicted`` and of ``naive`` against ``actual`` (the same days)."""
    return Score(
        shop_id=shop_id,
        days=len(actual),
        actual=float(actual.sum()),
        abs_error=float(np.abs(predicted - actual).sum()),
        error=float((predicted - actual).sum()),
        naive_abs_error=float(np.abs(naive - actual).sum()),
        naive_error=float((naive - actual).sum()),
        inside_interval=inside,
    )


def summed(scores: Sequence[Score], shop_id: str) -> Score:
    """``scores`` added up: one WAPE over all their days."""
    return Score(
        shop_id=shop_id,
        days=sum(s.days for s in scores),
        actual=sum(s.actual for s in scores),
        abs_error=sum(s.abs_error for s in scores),
        error=sum(s.error for s in scores),
        naive_abs_error=sum(s.naive_abs_error for s in scores),
        naive_error=sum(s.naive_error for s in scores),
        inside_interval=sum(s.inside_interval for s in scores),
    )


@dataclass(frozen=True, kw_only=True)
class Backtest:
    event: str
    year: int
    shops: tuple[Score, ...]
    overall: Score
    windows: dict[str, tuple[date, date]]
    warnings: tuple[str, ...] = ()

    def table(self) -> str:
        first, last = (
            min(w[0] for w in self.windows.values()),
            max(w[1] for w in self.windows.values()),
        )
        lines = [
            f"Backtest {self.event} {self.year}: {first}..{last}, forecast from the data "
            "before each shop's window",
            f"{'shop':<8} {'days':>4} {'actual':>9} {'WAPE':>7} {'bias':>7} "
            f"{'naive WAPE':>10} {'naive bias':>10} {'in 80%':>7}",
        ]
        for s in (*self.shops, self.overall):
            lines.append(
                f"{s.shop_id:<8} {s.days:>4} {s.actual:>9.0f} {s.wape:>7.1%} {s.bias:>+7.1%} "
                f"{s.naive_wape:>10.1%} {s.naive_bias:>+10.1%} {s.coverage:>7.0%}"
            )
        gain = 1 - self.overall.wape / self.overall.naive_wape
        lines.append(
            f"WAPE {gain:.0%} lower than the seasonal-naive baseline (same weekday last year)"
        )
        return "\n".join(lines)


def event_window(calendars: Calendars, shop_id: str, event: str, year: int) -> list[date] | None:
    """The 30 days around ``shop_id``'s occurrence of ``event`` in ``year``."""
    for occ in calendars.events.for_shop(shop_id):
        if occ.name == event and occ.year == year:
            peak = occ.peak_day
            return [peak + timedelta(days=i) for i in range(-WINDOW_BEFORE, WINDOW_AFTER + 1)]
    return None


def backtest(team: Team, history: History, calendars: Calendars, event: str, year: int) -> Backtest:
    """Score the forecast of each shop on its window around ``event`` of ``year``.

    Raises
    ------
    ValueError
        When no shop has the event that year, or none has history to score.
    """
    scores, windows, warnings = [], {}, []
    found = {s.shop_id: event_window(calendars, s.shop_id, event, year) for s in team.shops}
    if not any(found.values()):
        names = sorted({o.name for o in calendars.events.occurrences})
        raise ValueError(f"no shop has {event} in {year}; events known: {', '.join(names)}")
    for shop in team.shops:
        days = found[shop.shop_id]
        if days is None:
            continue
        actual_all = history.shop(shop.shop_id).daily
        result = forecast_team(replace(team, shops=(shop,)), history, calendars, days, days[0])
        warnings += list(result.warnings)
        if not result.days:
            continue
        index = pd.DatetimeIndex(days)
        actual = actual_all.reindex(index).to_numpy()
        naive = actual_all.reindex(index - pd.Timedelta(days=SEASONAL_LAG_DAYS)).to_numpy()
        predicted = np.array([r.inquiries for r in result.days])
        low = np.array([r.low for r in result.days])
        high = np.array([r.high for r in result.days])
        usable = np.isfinite(actual) & np.isfinite(naive)
        if not usable.any():
            warnings.append(f"{shop.shop_id}: no actual and last-year days to score")
            continue
        windows[shop.shop_id] = (days[0], days[-1])
        a = actual[usable]
        inside = int(((a >= low[usable]) & (a <= high[usable])).sum())
        scores.append(scored(shop.shop_id, a, predicted[usable], naive[usable], inside))
    if not scores:
        raise ValueError(f"no shop has history to score around {event} {year}")
    overall = summed(scores, "overall")
    return Backtest(
        event=event,
        year=year,
        shops=tuple(scores),
        overall=overall,
        windows=windows,
        warnings=tuple(warnings),
    )
