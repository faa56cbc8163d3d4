"""A month's roster as the team lead reads it: one entry per agent per day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from scheduler.team.calendar import Month

OFF, LEAVE, TRAINING, INACTIVE = "off", "leave", "training", "inactive"
NOT_WORKING = (OFF, LEAVE, TRAINING, INACTIVE)
ROLES = ("primary", "secondary", "third")


@dataclass(frozen=True, kw_only=True)
class RosterEntry:
    """An agent's day: a shift id or off/leave/training/inactive, and shop percents."""

    shift: str
    shares: tuple[tuple[str, int], ...] = ()

    @property
    def is_shift(self) -> bool:
        return self.shift not in NOT_WORKING

    @property
    def is_duty(self) -> bool:
        """Counts as a working day for consecutive-day limits (a shift or training)."""
        return self.is_shift or self.shift == TRAINING


@dataclass(frozen=True, kw_only=True)
class Roster:
    month: Month
    entries: Mapping[tuple[str, date], RosterEntry]
    assignments: Mapping[str, tuple[str, ...]]
    """agent_id → shops served, primary first."""
    agent_ids: tuple[str, ...]

    def entry(self, agent_id: str, day: date) -> RosterEntry:
        return self.entries[agent_id, day]

    def row(self, agent_id: str) -> list[RosterEntry]:
        return [self.entries[agent_id, d] for d in self.month.days]


@dataclass(frozen=True, kw_only=True)
class Change:
    """An agent-day whose entry (shift, rest, leave… or split among shops) differs."""

    agent_id: str
    date: date
    before: RosterEntry
    after: RosterEntry


def roster_changes(before: Roster, after: Roster, start: date | None = None) -> list[Change]:
    """Agent-days of ``after`` (from ``start`` on) whose entry differs from ``before``.

    Agents missing from ``before`` are not listed: they have nothing to differ from.
    """
    changes = []
    for agent_id in after.agent_ids:
        if agent_id not in before.agent_ids:
            continue
        for day in after.month.days:
            if start is not None and day < start:
                continue
            old, new = before.entry(agent_id, day), after.entry(agent_id, day)
            if old.shift != new.shift or dict(old.shares) != dict(new.shares):
                changes.append(Change(agent_id=agent_id, date=day, before=old, after=new))
    return changes


def assignment_changes(before: Roster, after: Roster) -> int:
    """Shops served or dropped, and primary shops moved, between two rosters."""
    count = 0
    for agent_id in after.agent_ids:
        if agent_id not in before.agent_ids:
            continue
        old = before.assignments.get(agent_id, ())
        new = after.assignments.get(agent_id, ())
        count += len(set(old) ^ set(new))
        count += bool(old) and (not new or new[0] != old[0])
    return count
