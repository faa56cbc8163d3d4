"""What the JSON API and the pages both total over a roster: one agent's month, one shop's
shortfall. Plain values, so neither the API nor the pages are shaped by the other."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from scheduler.roster.coverage import CoverageRow
from scheduler.roster.model import LEAVE, OFF, ROLES, TRAINING, Roster
from scheduler.roster.page import is_evening
from scheduler.team.calendar import Month, is_weekend
from scheduler.team.model import Team


@dataclass(frozen=True, kw_only=True)
class AgentDay:
    date: date
    shift: str
    shops: Mapping[str, int]
    """shop_id → percent of the agent's capacity that day."""


@dataclass(frozen=True, kw_only=True)
class ShopShare:
    shop_id: str
    role: str
    days: int
    percent: int
    """Share of the agent's month of capacity given to this shop."""


@dataclass(frozen=True, kw_only=True)
class AgentMonth:
    agent_id: str
    name: str
    month: str
    days_worked: int
    paid_hours: float
    evenings: int
    weekend_days_worked: int
    weekend_days_off: int
    rest_days: int
    leave_days: int
    training_days: int
    shops: tuple[ShopShare, ...]
    days: tuple[AgentDay, ...]


def agent_days(roster: Roster, agent_id: str) -> tuple[AgentDay, ...]:
    """The agent's entry on each day of the month."""
    return tuple(
        AgentDay(date=day, shift=e.shift, shops=dict(e.shares))
        for day, e in zip(roster.month.days, roster.row(agent_id), strict=True)
    )


def agent_month(team: Team, roster: Roster, agent_id: str) -> AgentMonth:
    """Totals of one agent's month; KeyError when the roster has no such agent."""
    if agent_id not in roster.agent_ids:
        raise KeyError(agent_id)
    shifts = {s.id: s for s in team.shifts}
    evening_ids = {s.id for s in team.shifts if is_evening(s)}
    entries = roster.row(agent_id)
    given: Counter[str] = Counter()
    served_days: Counter[str] = Counter()
    for entry in entries:
        for shop, percent in entry.shares:
            given[shop] += percent
            served_days[shop] += 1
    total = sum(given.values()) or 1
    served = roster.assignments.get(agent_id, ())
    worked = [(d, e) for d, e in zip(roster.month.days, entries, strict=True) if e.is_shift]
    return AgentMonth(
        agent_id=agent_id,
        name=next((a.name for a in team.agents if a.agent_id == agent_id), agent_id),
        month=str(roster.month),
        days_worked=len(worked),
        paid_hours=sum(shifts[e.shift].paid_hours for _, e in worked if e.shift in shifts),
        evenings=sum(1 for _, e in worked if e.shift in evening_ids),
        weekend_days_worked=sum(1 for d, _ in worked if is_weekend(d)),
        weekend_days_off=sum(
            1
            for d, e in zip(roster.month.days, entries, strict=True)
            if is_weekend(d) and e.shift == OFF
        ),
        rest_days=sum(1 for e in entries if e.shift == OFF),
        leave_days=sum(1 for e in entries if e.shift == LEAVE),
        training_days=sum(1 for e in entries if e.shift == TRAINING),
        shops=tuple(
            ShopShare(
                shop_id=shop,
                role=role,
                days=served_days[shop],
                percent=round(100 * given[shop] / total),
            )
            for shop, role in zip(served, ROLES, strict=False)
        ),
        days=agent_days(roster, agent_id),
    )


def shift_shortfalls(
    team: Team, month: Month, coverage: Sequence[CoverageRow], shop_id: str
) -> dict[str, float]:
    """Agent-shifts the shop misses in the month, per shift of the team (rounded to 0.01)."""
    rows = {(r.date, r.shift): r for r in coverage if r.shop_id == shop_id}
    found = {}
    for shift in team.shifts:
        mine = [rows.get((d, shift.id)) for d in month.days]
        found[shift.id] = round(sum(r.shortfall for r in mine if r), 2)
    return found


def shop_shortfall(
    team: Team, month: Month, coverage: Sequence[CoverageRow], shop_id: str
) -> float:
    """Agent-shifts the shop misses in the month, over all shifts (rounded to 0.01)."""
    return round(sum(shift_shortfalls(team, month, coverage, shop_id).values()), 2)
