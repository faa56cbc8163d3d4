"""How much busier than a normal day each day of a promotion is, learned per shop.

Each past occurrence of an event is laid against the shop's baseline (shifted to the
level of the weeks just before that occurrence): the uplift of a day is
log(1 + inquiries) − baseline. Days are aligned by phase and by the number of days
into the phase, and the uplifts of the occurrences are averaged. Applied to this
year's baseline, the uplift scales to this year's level.

A shop with no complete past occurrence of an event gets ``DEFAULT_UPLIFT``.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from scheduler.demand.baseline import BaselineFit
from scheduler.demand.events import EventDay, Occurrence, PhaseKind

# Multipliers over a normal day for a shop with no past occurrence (docs/demand.md):
# (first day of the phase, the days after it).
DEFAULT_UPLIFT = {
    PhaseKind.PRESALE: (2.0, 1.4),
    PhaseKind.BALANCE: (1.9, 1.5),
    PhaseKind.PEAK: (4.0, 3.0),
}
# The after-sale wave: 1 + AFTERSALE_START · AFTERSALE_DECAY ** days_into_phase.
AFTERSALE_START = 1.2
AFTERSALE_DECAY = 0.8
# Log-scale spread of an uplift learned from one occurrence, or of a default one.
ONE_OCCURRENCE_LOG_SD = 0.2
PRIOR_WEIGHT = 2
DEFAULT_LOG_SD = 0.35
# A past occurrence counts when history covers this share of its days.
MIN_COVERAGE = 0.8
# A built-in promotion whose learned peak day is less than this much above normal is not
# one the shop takes part in (another market, another platform): it is dropped for the shop.
MIN_PEAK_UPLIFT = 1.3


def default_log_uplift(kind: PhaseKind, index: int) -> float:
    if kind == PhaseKind.AFTERSALE:
        return math.log(1 + AFTERSALE_START * AFTERSALE_DECAY**index)
    first, rest = DEFAULT_UPLIFT[kind]
    return math.log(first if index == 0 else rest)


@dataclass(frozen=True)
class PhaseUplift:
    """Learned uplifts of one phase of one event: by days into the phase."""

    by_index: dict[int, float]
    plateau: float
    """Mean uplift of the phase's days after the first: for days past any seen before."""
    log_sd: float
    occurrences: int


@dataclass(frozen=True)
class PromotionProfile:
    """A shop's learned uplifts, by event name and phase."""

    phases: dict[tuple[str, PhaseKind], PhaseUplift] = field(default_factory=dict)

    def log_uplift(self, day: EventDay) -> tuple[float, float, bool]:
        """(uplift, its spread, learned?) of an event day, all on the log scale."""
        learned = self.phases.get((day.name, day.kind))
        if learned is None:
            return default_log_uplift(day.kind, day.index), DEFAULT_LOG_SD, False
        value = learned.by_index.get(day.index, learned.plateau)
        return value, learned.log_sd, True

    def learned_events(self) -> set[str]:
        return {name for name, _ in self.phases}


def learn_profile(
    daily: pd.Series, baseline: BaselineFit, occurrences: list[Occurrence], before: date
) -> PromotionProfile:
    """Uplifts from the occurrences that ended before ``before`` and are in ``daily``."""
    seen: dict[tuple[str, PhaseKind], dict[int, list[float]]] = defaultdict(
        lambda: defaultdict(list)
    )
    phase_means: dict[tuple[str, PhaseKind], list[float]] = defaultdict(list)
    for occ in occurrences:
        if occ.last >= before:
            continue
        days = [d for p in occ.phases for d in p.days()]
        observed = daily.reindex(pd.DatetimeIndex(days))
        if observed.notna().mean() < MIN_COVERAGE:
            continue
        level = baseline.level_before(occ.first)
        for phase in occ.phases:
            phase_days = phase.days()
            actual = np.log1p(daily.reindex(pd.DatetimeIndex(phase_days)).to_numpy())
            base = baseline.curve.reindex(pd.DatetimeIndex(phase_days)).to_numpy() + level
            uplifts = actual - base
            key = (occ.name, phase.kind)
            for index, value in enumerate(uplifts):
                if np.isfinite(value):
                    seen[key][index].append(float(value))
            if np.isfinite(uplifts).any():
                phase_means[key].append(float(np.nanmean(uplifts)))
    phases = {}
    for key, by_index in seen.items():
        means = {i: float(np.mean(v)) for i, v in by_index.items()}
        later = [v for i, values in by_index.items() if i > 0 for v in values]
        count = len(phase_means[key])
        # Two or three occurrences say little about the spread: pull it towards the prior.
        squares = float(np.var(phase_means[key])) * count
        spread = math.sqrt(
            (squares + PRIOR_WEIGHT * ONE_OCCURRENCE_LOG_SD**2) / (count - 1 + PRIOR_WEIGHT)
        )
        phases[key] = PhaseUplift(
            by_index=means,
            plateau=float(np.mean(later)) if later else means[0],
            log_sd=spread,
            occurrences=count,
        )
    return PromotionProfile(phases)


def unconfirmed_builtins(profile: PromotionProfile, occurrences: list[Occurrence]) -> set[str]:
    """Built-in events whose peak, learned from the shop's own past, is no peak at all.

    An event never seen complete in the history is kept (with the default profile): a
    new shop has no history to deny it.
    """
    dropped = set()
    for occ in occurrences:
        if occ.custom:
            continue
        peak = profile.phases.get((occ.name, PhaseKind.PEAK))
        if peak is not None and peak.by_index.get(0, peak.plateau) < math.log(MIN_PEAK_UPLIFT):
            dropped.add(occ.name)
    return dropped
