"""Coverage recomputed from a roster: required vs planned per day, shift and shop."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from scheduler.roster.model import Roster
from scheduler.team.model import Team


@dataclass(frozen=True, kw_only=True)
class CoverageRow:
    date: date
    shift: str
    shop_id: str
    required: float
    planned: float

    @property
    def shortfall(self) -> float:
        return max(0.0, round(self.required - self.planned, 4))


def compute_coverage(team: Team, roster: Roster) -> list[CoverageRow]:
    """One row per (date, shift, shop) that is required or planned, in date/shift/shop order."""
    planned: dict[tuple[date, str, str], float] = defaultdict(float)
    for (_, day), entry in roster.entries.items():
        for shop_id, percent in entry.shares:
            planned[day, entry.shift, shop_id] += percent / 100
    required = {
        (r.date, r.shift, r.shop_id): r.agents
        for r in team.requirements
        if roster.month.first <= r.date <= roster.month.last
    }
    shift_order = {s.id: i for i, s in enumerate(team.shifts)}
    shop_order = {s.shop_id: i for i, s in enumerate(team.shops)}
    keys = sorted(
        set(planned) | set(required),
        key=lambda k: (k[0], shift_order.get(k[1], 99), shop_order.get(k[2], 999)),
    )
    return [
        CoverageRow(
            date=day,
            shift=shift,
            shop_id=shop,
            required=required.get((day, shift, shop), 0.0),
            planned=round(planned.get((day, shift, shop), 0.0), 4),
        )
        for day, shift, shop in keys
    ]


def total_shortfall(rows: list[CoverageRow]) -> float:
    return round(sum(r.shortfall for r in rows), 4)
