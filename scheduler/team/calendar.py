"""Months, their halves, days of the week, and China's public holidays."""

from __future__ import annotations

import calendar as _calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import holidays

# Dates and months outside these years are typing mistakes (and year 0 is no date at all).
FIRST_YEAR, LAST_YEAR = 2000, 2100
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
        if not FIRST_YEAR <= int(match[1]) <= LAST_YEAR:
            raise ValueError(f"month {text!r} is not between {FIRST_YEAR} and {LAST_YEAR}")
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


@dataclass(frozen=True)
class PublicCalendar:
    """China's public days off and make-up working days (调休), from the `holidays` library."""

    days_off: frozenset[date]
    """Statutory holidays and the weekdays given off in exchange (not ordinary weekends)."""
    makeup_workdays: frozenset[date]
    """Weekend days that are working days because a holiday was moved."""
    spring_festival: dict[int, date]
    """First day of the Spring Festival (春节) per year."""
    statutory_holidays: frozenset[date] = field(default=frozenset())
    """The statutory holidays themselves (法定节假日: work on them is paid 300%), not the
    days off moved around them."""

    def is_working_day(self, day: date) -> bool:
        if day in self.makeup_workdays:
            return True
        return not (day in self.days_off or is_weekend(day))


def public_calendar(years: range | list[int]) -> PublicCalendar:
    """The public calendar for ``years``, as the `holidays` library knows it."""
    china = holidays.country_holidays("CN", years=list(years))
    spring = {
        day.year: day
        for day in sorted(china.get_named("Spring Festival", lookup="contains"), reverse=True)
    }
    return PublicCalendar(
        days_off=frozenset(china.keys()),
        makeup_workdays=frozenset(d for d in china.weekend_workdays if d.year in years),
        spring_festival=spring,
        statutory_holidays=frozenset(
            day for day, name in china.items() if not _MOVED_DAY_OFF.search(name)
        ),
    )


# The `holidays` library names the days off moved around a holiday like this.
_MOVED_DAY_OFF = re.compile(r"substituted|observed", re.IGNORECASE)
