"""When in the day inquiries arrive, and which shift answers them.

A shop's hour profile (24 shares summing to 1) is learned from its hourly history, or
is the default curve below. Shifts are laid over the clock minute by minute: a chat is
answered by the shift on duty when it arrives (overlapping shifts split it evenly);
one arriving when no shift is on waits for the next shift to start (the overnight
backlog goes to the morning shift). An evening shift that ends after midnight answers
the first minutes of the next calendar day.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from scheduler.demand.events import EventDay, PhaseKind
from scheduler.demand.history import HOURS, ShopHistory
from scheduler.team.model import MINUTES_PER_DAY, ShiftDef

# Default weights per clock hour 0..23: low at night, peaks at 10–11, 14–16 and 20–23.
DEFAULT_HOUR_WEIGHTS = (
    3.0, 1.6, 0.8, 0.5, 0.4, 0.4, 0.6, 1.2,  # 00–07
    2.4, 4.2, 6.2, 6.4, 4.4, 4.8, 6.0, 6.2,  # 08–15
    6.0, 4.8, 4.2, 4.8, 6.2, 6.8, 6.8, 5.2,  # 16–23
)  # fmt: skip

# On a peak day (11.11) the rush starts at midnight and the evening runs hotter.
PEAK_DAY_BOOST = {0: 4.0, 1: 2.5, 2: 1.5, 20: 1.3, 21: 1.4, 22: 1.5, 23: 1.8}

# Fewer normal hourly days than this, and the default curve is used instead.
MIN_HOURLY_DAYS = 14
PROFILE_DAYS = 365


def _normalised(weights: np.ndarray) -> np.ndarray:
    total = weights.sum()
    return weights / total if total > 0 else np.full(HOURS, 1 / HOURS)


def default_curve() -> np.ndarray:
    return _normalised(np.array(DEFAULT_HOUR_WEIGHTS, dtype=float))


def peak_curve(normal: np.ndarray) -> np.ndarray:
    """``normal`` with the peak-day boost applied."""
    boost = np.ones(HOURS)
    for hour, factor in PEAK_DAY_BOOST.items():
        boost[hour] = factor
    return _normalised(normal * boost)


@dataclass(frozen=True)
class HourProfile:
    """Shares of a day's inquiries per clock hour, for normal days and for peak days."""

    normal: np.ndarray
    peak: np.ndarray
    learned: bool
    """True when learned from the shop's hourly history."""

    def for_day(self, event: EventDay | None) -> np.ndarray:
        return self.peak if event is not None and event.kind == PhaseKind.PEAK else self.normal


def hour_profile(history: ShopHistory, events: Mapping[date, EventDay]) -> HourProfile:
    """The shop's hour profile from its hourly history (the last year of it), or the default."""
    hourly = history.hourly
    if len(hourly):
        hourly = hourly[hourly.index > hourly.index.max() - pd.Timedelta(days=PROFILE_DAYS)]
    kinds = [events.get(d.date()) for d in hourly.index]
    normal_rows = hourly[[k is None for k in kinds]]
    peak_rows = hourly[[k is not None and k.kind == PhaseKind.PEAK for k in kinds]]
    if len(normal_rows) < MIN_HOURLY_DAYS:
        normal = default_curve()
        return HourProfile(normal=normal, peak=peak_curve(normal), learned=False)
    normal = _normalised(normal_rows.to_numpy().sum(axis=0))
    peak = _normalised(peak_rows.to_numpy().sum(axis=0)) if len(peak_rows) else peak_curve(normal)
    return HourProfile(normal=normal, peak=peak, learned=True)


@dataclass(frozen=True)
class ShiftHour:
    """One clock hour a shift is on duty."""

    hour: int
    next_day: bool
    """True for hours after midnight (the chats arrive on the next calendar day)."""
    split: float
    """Share of that hour's live chats this shift answers (1 unless shifts overlap)."""


# Offsets of the answering shift's day from the arrival day.
PREVIOUS, SAME, NEXT = -1, 0, 1
OFFSETS = (PREVIOUS, SAME, NEXT)


@dataclass(frozen=True)
class Routing:
    """Which shift answers the chats of each clock hour of an arrival day."""

    shift_ids: tuple[str, ...]
    answered: np.ndarray
    """[offset index, shift, hour]: share of the hour's arrivals answered by that shift of
    the arrival day + offset (live and backlog together)."""
    backlog: np.ndarray
    """Same shape: the part of ``answered`` that waited for the shift to start."""
    hours: dict[str, tuple[ShiftHour, ...]]
    length_h: dict[str, float]

    def index(self, shift_id: str) -> int:
        return self.shift_ids.index(shift_id)

    def share(self, profile: np.ndarray, shift_id: str, offset: int = SAME) -> float:
        """Share of a day's inquiries answered by ``shift_id`` of the day + ``offset``."""
        return float(profile @ self.answered[OFFSETS.index(offset), self.index(shift_id)])


def route_shifts(shifts: tuple[ShiftDef, ...]) -> Routing:
    """Lay the shifts over the clock, minute by minute."""
    n = len(shifts)
    answered = np.zeros((len(OFFSETS), n, HOURS))
    backlog = np.zeros((len(OFFSETS), n, HOURS))
    starts = sorted((s.start_min, i) for i, s in enumerate(shifts))
    for minute in range(MINUTES_PER_DAY):
        hour = minute // 60
        on = [
            (OFFSETS.index(offset), i)
            for i, s in enumerate(shifts)
            for offset in (SAME, PREVIOUS)
            if s.start_min <= minute - offset * MINUTES_PER_DAY < s.end_min
        ]
        if on:
            for o, i in on:
                answered[o, i, hour] += 1 / len(on) / 60
            continue
        later = [i for start, i in starts if start > minute]
        o, i = (OFFSETS.index(SAME), later[0]) if later else (OFFSETS.index(NEXT), starts[0][1])
        answered[o, i, hour] += 1 / 60
        backlog[o, i, hour] += 1 / 60
    hours = {}
    for i, s in enumerate(shifts):
        on_hours = []
        for hour_of_shift in range(s.start_min // 60, (s.end_min - 1) // 60 + 1):
            minutes = [
                m
                for m in range(hour_of_shift * 60, hour_of_shift * 60 + 60)
                if s.start_min <= m < s.end_min
            ]
            clock = hour_of_shift % HOURS
            offset = PREVIOUS if hour_of_shift >= HOURS else SAME
            o = OFFSETS.index(offset)
            live = answered[o, i, clock] - backlog[o, i, clock]
            on_hours.append(
                ShiftHour(
                    hour=clock,
                    next_day=hour_of_shift >= HOURS,
                    split=float(min(1.0, live * 60 / len(minutes))),
                )
            )
        hours[s.id] = tuple(on_hours)
    return Routing(
        shift_ids=tuple(s.id for s in shifts),
        answered=answered,
        backlog=backlog,
        hours=hours,
        length_h={s.id: s.length_min / 60 for s in shifts},
    )


def day_shift_id(shifts: tuple[ShiftDef, ...]) -> str:
    """The shift reported as ``day_share``: the one called ``day``, else the first."""
    ids = [s.id for s in shifts]
    return "day" if "day" in ids else ids[0]
