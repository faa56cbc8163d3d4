"""Read history.csv: human-handled inquiries per shop and day, or per shop, day and hour."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError
from scheduler.team.folder import parse_date

HISTORY_CSV = "history.csv"
HOURS = 24


@dataclass(frozen=True)
class ShopHistory:
    """One shop's past inquiries."""

    shop_id: str
    daily: pd.Series
    """Inquiries per day (float), indexed by day (DatetimeIndex, sorted); gaps are absent."""
    hourly: pd.DataFrame
    """Inquiries per hour (columns 0–23) on the days given by hour; may be empty."""

    def before(self, day: date) -> ShopHistory:
        """Only what was known before ``day``."""
        cut = pd.Timestamp(day)
        return ShopHistory(
            shop_id=self.shop_id,
            daily=self.daily[self.daily.index < cut],
            hourly=self.hourly[self.hourly.index < cut],
        )


@dataclass(frozen=True)
class History:
    shops: dict[str, ShopHistory]

    def shop(self, shop_id: str) -> ShopHistory:
        """``shop_id``'s history (empty when history.csv has no row for it)."""
        if shop_id in self.shops:
            return self.shops[shop_id]
        return ShopHistory(shop_id=shop_id, daily=_empty_daily(), hourly=_empty_hourly())

    def before(self, day: date) -> History:
        return History({k: v.before(day) for k, v in self.shops.items()})

    @property
    def last_day(self) -> date | None:
        ends = [h.daily.index.max() for h in self.shops.values() if len(h.daily)]
        return max(ends).date() if ends else None


def _empty_daily() -> pd.Series:
    return pd.Series([], index=pd.DatetimeIndex([]), dtype=float)


def _empty_hourly() -> pd.DataFrame:
    return pd.DataFrame(columns=range(HOURS), index=pd.DatetimeIndex([]), dtype=float)


def read_history(folder: Path, shop_ids: set[str], errors: list[InputError]) -> History:
    """history.csv: ``date,shop_id,inquiries`` and an optional ``hour`` (0–23).

    A shop's day is given either by one row without an hour (the day's total) or by
    hourly rows (missing hours count as 0), never both. Problems go into ``errors``.
    """
    daily: dict[tuple[str, date], float] = {}
    hourly: dict[tuple[str, date], np.ndarray] = {}
    first_line: dict[tuple[str, date], int] = {}
    hour_lines: dict[tuple[str, date, int], int] = {}
    for line, row in read_rows(folder / HISTORY_CSV, ("date", "shop_id", "inquiries"), errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(HISTORY_CSV, line, message))

        try:
            day = parse_date(row["date"])
        except ValueError as exc:
            bad(str(exc))
            continue
        shop_id = row["shop_id"]
        if shop_id not in shop_ids:
            bad(f"unknown shop_id {shop_id!r} (not in shops.csv)")
            continue
        try:
            inquiries = float(row["inquiries"])
        except ValueError:
            bad(f"inquiries {row['inquiries']!r} is not a number")
            continue
        if not math.isfinite(inquiries) or inquiries < 0:
            bad(f"inquiries {row['inquiries']!r} must be a number >= 0")
            continue
        text_hour = row.get("hour", "")
        key = (shop_id, day)
        if not text_hour:
            if key in daily or key in hourly:
                bad(f"{shop_id} {day} is already given on line {first_line[key]}")
                continue
            daily[key] = inquiries
            first_line[key] = line
            continue
        if not text_hour.isdigit() or not 0 <= int(text_hour) < HOURS:
            bad(f"hour {text_hour!r} must be a whole number from 0 to 23")
            continue
        hour = int(text_hour)
        if key in daily:
            bad(f"{shop_id} {day} has a daily total on line {first_line[key]} and hourly rows")
            continue
        if (shop_id, day, hour) in hour_lines:
            first = hour_lines[shop_id, day, hour]
            bad(f"{shop_id} {day} hour {hour} is already given on line {first}")
            continue
        hour_lines[shop_id, day, hour] = line
        first_line.setdefault(key, line)
        hourly.setdefault(key, np.zeros(HOURS))[hour] = inquiries
    if not daily and not hourly and not any(e.file == HISTORY_CSV for e in errors):
        errors.append(InputError(HISTORY_CSV, None, "no history rows"))
    return _assemble(daily, hourly)


def _assemble(
    daily: dict[tuple[str, date], float], hourly: dict[tuple[str, date], np.ndarray]
) -> History:
    shops: dict[str, ShopHistory] = {}
    for shop_id in sorted({s for s, _ in daily} | {s for s, _ in hourly}):
        hour_days = sorted(d for s, d in hourly if s == shop_id)
        hours = pd.DataFrame(
            np.array([hourly[shop_id, d] for d in hour_days]).reshape(len(hour_days), HOURS),
            index=pd.DatetimeIndex(hour_days),
            columns=range(HOURS),
        )
        totals = {d: v for (s, d), v in daily.items() if s == shop_id}
        totals.update(zip(hour_days, hours.sum(axis=1), strict=True))
        series = pd.Series(totals, dtype=float)
        series.index = pd.DatetimeIndex(series.index)
        shops[shop_id] = ShopHistory(shop_id=shop_id, daily=series.sort_index(), hourly=hours)
    return History(shops)


def history_csv(rows: list[tuple[date, str, int | None, float]]) -> str:
    """history.csv text from (date, shop_id, hour or None, inquiries) rows.

    The ``hour`` column is written only when some row has an hour.
    """
    hourly = any(hour is not None for _, _, hour, _ in rows)
    lines = ["date,shop_id,inquiries" + (",hour" if hourly else "")]
    for day, shop_id, hour, inquiries in rows:
        line = f"{day.isoformat()},{shop_id},{inquiries:g}"
        lines.append(line + (f",{'' if hour is None else hour}" if hourly else ""))
    return "\n".join(lines) + "\n"
