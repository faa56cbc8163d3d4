"""Months, their halves, and days of the week."""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

# The half-month rotation's second half starts on this day of the month.
SECOND_HALF_FIRST_DAY = 16


@dataclass(frozen=True, order=True)
class Month:
    """A calendar month, e.g. ``Month.parse("2026-11")``."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        match = re.fullmatch(r"(\d{4})-(\d{1,2})", text.strip())
        if not match or not 1 <= int(match[2]) <= 12:
            raise ValueError(f"month {text!r} is not YYYY-MM")
        return cls(int(match[1]), int(match[2]))

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def num_days(self) -> int:
        return _calendar.monthrange(self.year, self.month)[1]

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, self.num_days)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=i) for i in range(self.num_days)]

    def index(self, day: date) -> int:
        """0-based index of ``day`` in this month (may be outside 0..num_days-1)."""
        return (day - self.first).days

    def previous(self) -> Month:
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    def next(self) -> Month:
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


def half_of(day: date) -> int:
    """0 for days 1–15, 1 for days 16 to the end of the month."""
    return 0 if day.day < SECOND_HALF_FIRST_DAY else 1
