"""The grid's editor: which cells a lead edited, and an edit refused, in the lead's words."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Each rule a refusal may name, as a team lead says it (msgids: the zh catalog has them).
RULE_TITLES = {
    "min_rest_between_shifts": "Too little rest between two shifts: no day shift the morning "
    "after an evening",
    "rest_days_per_month": "The month's rest days would not add up",
    "no_rest_in_blackout": "No rest days in the blackout",
    "max_consecutive_workdays": "Too many working days in a row",
    "half_month_rotation": "The half-month rotation of day and evening shifts",
    "shops_per_agent_limit": "Too many shops for this agent",
    "one_primary_shop": "One primary shop per agent",
    "capacity_split_among_served_shops": "The split must go to the agent's own shops",
    "primary_shop_gets_most_capacity": "The primary shop must get the largest share",
    "pinned_cells": "The day is fixed: leave, training, hire date, a fixed shift or pins.csv",
    "coverage": "More shortfall",
}
OTHER_RULE = "Another hard rule"


@dataclass(frozen=True, kw_only=True)
class EditRefusal:
    """An edit that was not saved: the cell, the rules it breaks (titles) and the reasons."""

    agent_id: str
    date: str
    shift: str
    rules: tuple[tuple[str, str], ...]
    """(rule id, title msgid) pairs."""
    reasons: tuple[str, ...]

    @classmethod
    def of(
        cls, body: Mapping[str, object], rules: Iterable[str], reasons: Iterable[str]
    ) -> EditRefusal:
        return cls(
            agent_id=str(body.get("agent_id", "")),
            date=str(body.get("date", "")),
            shift=str(body.get("shift", "")),
            rules=tuple((rule, RULE_TITLES.get(rule, OTHER_RULE)) for rule in rules),
            reasons=tuple(reasons),
        )


def pinned_keys(records: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """The edited cells of a version's summary as "agent_id|YYYY-MM-DD" keys, for the grid's
    markers, each with its leave kind ("" when none was given)."""
    return {f"{r['agent_id']}|{r['date']}": str(r.get("kind") or "") for r in records}
