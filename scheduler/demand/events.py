"""The promotion calendar: built-in platform events per year, and a team's own events.csv.

An event (``double11``) happens once a year as an *occurrence* made of phases: presale,
balance, peak, aftersale. Forecasts align past occurrences phase by phase, so a day is
described by its phase and how many days into that phase it falls.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from pathlib import Path

from scheduler.team.calendar import PublicCalendar
from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError
from scheduler.team.folder import parse_date

EVENTS_CSV = "events.csv"

# Rows of one event name more than this many days apart belong to different occurrences.
OCCURRENCE_GAP_DAYS = 14
# An events.csv occurrence replaces a built-in one of its name whose peak is this close.
REPLACE_WINDOW_DAYS = 90
# A promotion phase lasts weeks; a longer one is a typing mistake (and is expanded by day).
MAX_PHASE_DAYS = 92


class PhaseKind(StrEnum):
    PRESALE = "presale"
    """Deposits and early orders: busy evenings (opens ~20:00)."""
    BALANCE = "balance"
    """Balance payments and the run-up to the peak."""
    PEAK = "peak"
    """The day itself (11.11 starts at midnight)."""
    AFTERSALE = "aftersale"
    """Refunds, returns and delivery questions after the peak."""


@dataclass(frozen=True, kw_only=True)
class EventPhase:
    """One phase of one occurrence of an event (both dates included)."""

    name: str
    kind: PhaseKind
    start: date
    end: date
    shop_id: str | None = None
    """None: every shop of the team."""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"phase {self.name} {self.kind} ends {self.end} before {self.start}")

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True, kw_only=True)
class Occurrence:
    """One year's run of an event, e.g. Double 11 of 2025."""

    name: str
    phases: tuple[EventPhase, ...]
    shop_id: str | None = None
    custom: bool = False
    """True when it comes from events.csv (it then wins over built-in events)."""

    @property
    def peak_day(self) -> date:
        """The first peak day, or the last day when the occurrence has no peak phase."""
        peaks = [p.start for p in self.phases if p.kind == PhaseKind.PEAK]
        return min(peaks) if peaks else self.last

    @property
    def year(self) -> int:
        return self.peak_day.year

    @property
    def first(self) -> date:
        return min(p.start for p in self.phases)

    @property
    def last(self) -> date:
        return max(p.end for p in self.phases)

    def applies_to(self, shop_id: str) -> bool:
        return self.shop_id is None or self.shop_id == shop_id


@dataclass(frozen=True, kw_only=True)
class EventDay:
    """Where a day stands in an event."""

    name: str
    peak: date
    """The occurrence's peak day: it tells occurrences of one event apart."""
    kind: PhaseKind
    index: int
    """Days since the phase began (0 on its first day)."""

    @property
    def label(self) -> str:
        return f"{self.name} {self.kind}"


def _phases(name: str, *spans: tuple[PhaseKind, date, date]) -> Occurrence:
    return Occurrence(
        name=name,
        phases=tuple(EventPhase(name=name, kind=k, start=s, end=e) for k, s, e in spans),
    )


# Approximate presale openings of Double 11 by year; other years open on 10-20.
# A team that knows its platform's dates puts them in events.csv.
DOUBLE11_PRESALE = {2023: date(2023, 10, 24), 2024: date(2024, 10, 14), 2025: date(2025, 10, 15)}


def double11(year: int) -> Occurrence:
    return _phases(
        "double11",
        (PhaseKind.PRESALE, DOUBLE11_PRESALE.get(year, date(year, 10, 20)), date(year, 10, 31)),
        (PhaseKind.BALANCE, date(year, 11, 1), date(year, 11, 10)),
        (PhaseKind.PEAK, date(year, 11, 11), date(year, 11, 11)),
        (PhaseKind.AFTERSALE, date(year, 11, 12), date(year, 11, 18)),
    )


def mid_year_618(year: int) -> Occurrence:
    return _phases(
        "618",
        (PhaseKind.PRESALE, date(year, 5, 20), date(year, 5, 31)),
        (PhaseKind.BALANCE, date(year, 6, 1), date(year, 6, 17)),
        (PhaseKind.PEAK, date(year, 6, 18), date(year, 6, 18)),
        (PhaseKind.AFTERSALE, date(year, 6, 19), date(year, 6, 24)),
    )


def double12(year: int) -> Occurrence:
    return _phases(
        "double12",
        (PhaseKind.PRESALE, date(year, 12, 8), date(year, 12, 11)),
        (PhaseKind.PEAK, date(year, 12, 12), date(year, 12, 12)),
        (PhaseKind.AFTERSALE, date(year, 12, 13), date(year, 12, 16)),
    )


def new_year_goods(spring_festival: date) -> Occurrence:
    """年货节: the shopping weeks before the Spring Festival, until couriers stop."""
    day = spring_festival
    return _phases(
        "nianhuo",
        (PhaseKind.PRESALE, day - timedelta(days=40), day - timedelta(days=31)),
        (PhaseKind.PEAK, day - timedelta(days=30), day - timedelta(days=30)),
        (PhaseKind.AFTERSALE, day - timedelta(days=29), day - timedelta(days=22)),
    )


def builtin_occurrences(years: Iterable[int], public: PublicCalendar) -> list[Occurrence]:
    """Double 11, 618, Double 12 and 年货节 for each of ``years``."""
    found = []
    for year in years:
        found += [double11(year), mid_year_618(year), double12(year)]
        if year in public.spring_festival:
            found.append(new_year_goods(public.spring_festival[year]))
    return found


def read_events(
    folder: Path, shop_ids: set[str], errors: list[InputError]
) -> tuple[EventPhase, ...]:
    """events.csv (optional): ``name,kind,start,end`` and an optional ``shop_id``."""
    path = folder / EVENTS_CSV
    if not path.exists():
        return ()
    phases = []
    for line, row in read_rows(path, ("name", "kind", "start", "end"), errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(EVENTS_CSV, line, message))

        if not row["name"]:
            bad("name is empty")
            continue
        if row["kind"] not in set(PhaseKind):
            bad(f"kind {row['kind']!r} must be one of {', '.join(PhaseKind)}")
            continue
        try:
            start, end = parse_date(row["start"]), parse_date(row["end"])
        except ValueError as exc:
            bad(str(exc))
            continue
        if end < start:
            bad(f"end {end} is before start {start}")
            continue
        if (end - start).days >= MAX_PHASE_DAYS:
            bad(f"phase {start}..{end} is longer than {MAX_PHASE_DAYS} days")
            continue
        shop_id = row.get("shop_id", "") or None
        if shop_id is not None and shop_id not in shop_ids:
            bad(f"unknown shop_id {shop_id!r} (not in shops.csv)")
            continue
        phases.append(
            EventPhase(
                name=row["name"], kind=PhaseKind(row["kind"]), start=start, end=end, shop_id=shop_id
            )
        )
    _check_occurrences(group_occurrences(phases), errors)
    return tuple(phases)


def group_occurrences(phases: Iterable[EventPhase], *, custom: bool = True) -> list[Occurrence]:
    """Phases of the same name and shop, close together in time, form one occurrence."""
    by_key: dict[tuple[str, str | None], list[EventPhase]] = {}
    for phase in phases:
        by_key.setdefault((phase.name, phase.shop_id), []).append(phase)
    found = []
    for (name, shop_id), group in by_key.items():
        group.sort(key=lambda p: p.start)
        current = [group[0]]
        for phase in group[1:]:
            if (phase.start - max(p.end for p in current)).days > OCCURRENCE_GAP_DAYS:
                found.append(
                    Occurrence(name=name, phases=tuple(current), shop_id=shop_id, custom=custom)
                )
                current = []
            current.append(phase)
        found.append(Occurrence(name=name, phases=tuple(current), shop_id=shop_id, custom=custom))
    return found


def _check_occurrences(occurrences: list[Occurrence], errors: list[InputError]) -> None:
    for occ in occurrences:
        where = f"{occ.name} {occ.year}" + (f" ({occ.shop_id})" if occ.shop_id else "")
        if sum(p.kind == PhaseKind.PEAK for p in occ.phases) > 1:
            errors.append(InputError(EVENTS_CSV, None, f"{where} has more than one peak row"))
        ordered = sorted(occ.phases, key=lambda p: p.start)
        for before, after in itertools.pairwise(ordered):
            if after.start <= before.end:
                errors.append(
                    InputError(
                        EVENTS_CSV,
                        None,
                        f"{where}: {before.kind} {before.start}..{before.end} overlaps "
                        f"{after.kind} {after.start}..{after.end}",
                    )
                )


def _priority(occ: Occurrence) -> tuple[bool, bool]:
    """events.csv wins over built-in events, and a shop's own over one for every shop."""
    return (occ.custom, occ.shop_id is not None)


@dataclass(frozen=True)
class EventCalendar:
    """Every occurrence the team's shops see, built-in ones replaced by events.csv."""

    occurrences: tuple[Occurrence, ...]

    def for_shop(self, shop_id: str) -> list[Occurrence]:
        """Occurrences for ``shop_id``. One of higher priority replaces those of the same
        name whose peak is within ``REPLACE_WINDOW_DAYS`` of its own."""
        mine = sorted(
            (o for o in self.occurrences if o.applies_to(shop_id)), key=_priority, reverse=True
        )
        chosen: list[Occurrence] = []
        for occ in mine:
            replaced = any(
                o.name == occ.name
                and _priority(o) > _priority(occ)
                and abs((o.peak_day - occ.peak_day).days) <= REPLACE_WINDOW_DAYS
                for o in chosen
            )
            if not replaced:
                chosen.append(occ)
        return sorted(chosen, key=lambda o: o.first)

    def days(self, shop_id: str) -> dict[date, EventDay]:
        """Each event day of ``shop_id``; where occurrences overlap, the later one wins."""
        return occurrence_days(self.for_shop(shop_id))


def occurrence_days(occurrences: Iterable[Occurrence]) -> dict[date, EventDay]:
    """Each day of ``occurrences`` (sorted by first day): where two overlap, the later wins."""
    found: dict[date, EventDay] = {}
    for occ in occurrences:
        for phase in occ.phases:
            for index, day in enumerate(phase.days()):
                found[day] = EventDay(
                    name=occ.name, peak=occ.peak_day, kind=phase.kind, index=index
                )
    return found


def event_calendar(
    years: Iterable[int], public: PublicCalendar, custom: Iterable[EventPhase] = ()
) -> EventCalendar:
    """Built-in occurrences for ``years`` plus the custom ones (which win)."""
    return EventCalendar(
        tuple(builtin_occurrences(years, public)) + tuple(group_occurrences(custom))
    )


def events_csv(phases: Iterable[EventPhase]) -> str:
    """events.csv text (with the optional shop_id column)."""
    lines = ["name,kind,start,end,shop_id"]
    for p in phases:
        lines.append(f"{p.name},{p.kind},{p.start},{p.end},{p.shop_id or ''}")
    return "\n".join(lines) + "\n"
