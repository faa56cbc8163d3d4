"""Weekend and holiday work over the months so far: each agent's fair share for the solver.

The counts come from the fairness ledger (``scheduler.people.ledger``) of the previous month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from scheduler.team.calendar import Month, is_weekend, public_calendar


@dataclass(frozen=True, kw_only=True)
class WorkedBefore:
    """Per agent_id: weekend plus holiday days worked in the earlier months of the chain, and
    in how many months the agent was on the roster."""

    days: Mapping[str, int]
    months: Mapping[str, int]


def holidays_in(month: Month) -> frozenset[date]:
    """China's statutory public holidays (法定节假日) in ``month``."""
    return frozenset(
        d for d in public_calendar([month.year]).statutory_holidays if d.month == month.month
    )


def chargeable_days(available: list[date], holidays: frozenset[date]) -> int:
    """Weekend days plus holidays among ``available`` (a holiday on a weekend counts twice,
    as the ledger counts it in both columns)."""
    return sum(is_weekend(d) for d in available) + sum(d in holidays for d in available)


def expected_this_month(available: list[date], rest_days: int, holidays: frozenset[date]) -> int:
    """Weekend and holiday days an agent would work if rest fell evenly over their days."""
    if not available:
        return 0
    working = max(0, len(available) - rest_days) / len(available)
    return round(chargeable_days(available, holidays) * working)


def team_rate(before: WorkedBefore) -> float:
    """Weekend and holiday days worked per agent-month over the earlier months."""
    months = sum(before.months.values())
    return sum(before.days.values()) / months if months else 0.0


def fair_share(before: WorkedBefore, agent_id: str, expected: int) -> int:
    """The team's rate times the agent's earlier months, plus this month's even share."""
    return round(team_rate(before) * before.months.get(agent_id, 0)) + expected
