"""Dual stabilization of column generation (Wentges smoothing).

Priced at the master LP's own duals, column generation's rounds zig-zag: the duals swing
from one extreme to another while the bound creeps up (instance 12: about 30 rounds,
converged after 40-57 s). Where every agent is priced exactly, every round proves a
Lagrangian bound, and the rounds price instead at ``alpha`` of the duals of the best bound
so far (the centre) plus the rest of the LP's. When that finds no column negative at the
LP's own duals (a mispricing), the round prices at the LP's duals, so convergence is
still proven the usual way.

The Lagrangian bound holds at any cover duals within the box where the cover terms stay
bounded (``dual_box``); a convex combination of two such duals is again in the box, and
``smooth`` clips to it against rounding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from solver.problem import DayIdx, ShiftIdx, ShopIdx

    CoverKey = tuple[DayIdx, ShiftIdx, ShopIdx]


def dual_box(
    need_costs: Sequence[tuple[CoverKey, int, int, int]],
) -> dict[CoverKey, tuple[float, float]]:
    """The values each cover row's dual may take for the Lagrangian bound to be finite: at
    most the cost of a missing unit (0 where nothing is wanted), at least minus the cost
    of an extra one (0 where spare cover is free)."""
    return {key: (-over, under) for key, _, under, over in need_costs}


def smooth(
    centre: dict[CoverKey, float],
    duals: dict[CoverKey, float],
    alpha: float,
    box: dict[CoverKey, tuple[float, float]],
) -> dict[CoverKey, float]:
    """``alpha`` of ``centre`` plus the rest of ``duals`` (Wentges smoothing), each within
    its row's ``box``."""
    return {
        key: min(high, max(low, alpha * centre.get(key, 0.0) + (1 - alpha) * duals.get(key, 0.0)))
        for key, (low, high) in box.items()
    }


def lagrangian_bound(
    units: dict[CoverKey, int], duals: dict[CoverKey, float], least_reduced: Sequence[float]
) -> float:
    """The Lagrangian bound at cover duals within their box: each wanted unit at its dual,
    plus each agent's least ``own cost - duals · cover`` (a proven lower bound of it)."""
    return sum(duals.get(key, 0.0) * n for key, n in units.items()) + sum(least_reduced)
