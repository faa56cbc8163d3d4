"""A month's roster as the team lead reads it: one entry per agent per day."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from scheduler.calendar import Month

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
