"""The team as a team lead describes it: shifts, rules, shops, agents, leave, requirements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, kw_only=True)
class ShiftDef:
    """A shift as written in team.toml; an end at or before the start is on the next day."""

    id: str
    start: time
    end: time
    paid_hours: float

    @property
    def start_min(self) -> int:
        return self.start.hour * 60 + self.start.minute

    @property
    def end_min(self) -> int:
        """Minutes after the start day's midnight (past 1440 when it ends after midnight)."""
        end = self.end.hour * 60 + self.end.minute
        return end + MINUTES_PER_DAY if end <= self.start_min else end

    @property
    def crosses_midnight(self) -> bool:
        return self.end_min > MINUTES_PER_DAY

    @property
    def length_min(self) -> int:
        return self.end_min - self.start_min

    def hours(self) -> list[int]:
        """Clock hours (0–23) the shift covers, at least partly."""
        first = self.start_min // 60
        last = (self.end_min - 1) // 60
        return [h % 24 for h in range(first, last + 1)]


@dataclass(frozen=True, kw_only=True)
class TeamRules:
    """The `[rules]` table of team.toml."""

    rotation: str = "half-month"
    days_off_per_month: int = 8
    max_consecutive_workdays: int = 6
    min_rest_hours: float = 11
    max_shops: int = 2
    max_shops_special: int = 3
    training_days: int = 15


@dataclass(frozen=True, kw_only=True)
class Blackout:
    """Days on which nobody takes a rest day (both ends included)."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True, kw_only=True)
class Shop:
    shop_id: str
    name: str
    platform: str
    tier: str  # "big" or "small"


@dataclass(frozen=True, kw_only=True)
class Agent:
    agent_id: str
    name: str
    shops: tuple[str, ...]
    """Shops the agent is qualified for, most preferred first."""
    max_shops: int | None = None
    """None: the team's normal limit; 3 marks a special case."""
    hire_date: date | None = None
    fixed_shift: str | None = None


LEAVE_KINDS = ("annual", "sick", "personal", "compensatory", "marriage", "maternity", "other")
"""The kinds the pages offer (年假, 病假, 事假, 调休, 婚假, 产假, 其他); leave.csv may say any."""


@dataclass(frozen=True, kw_only=True)
class Leave:
    agent_id: str
    start: date
    end: date
    kind: str = ""

    def days(self) -> list[date]:
        return [
            date.fromordinal(o) for o in range(self.start.toordinal(), self.end.toordinal() + 1)
        ]


@dataclass(frozen=True, kw_only=True)
class Pin:
    """A cell a team lead fixed before building: the agent's entry that day.

    ``shift`` is a shift id, ``off`` or ``training``.
    """

    agent_id: str
    date: date
    shift: str


@dataclass(frozen=True, kw_only=True)
class ShiftRequest:
    """An agent's wish: to work ``shift`` on ``date`` (kind "on") or not to (kind "off").

    An "off" request without a shift asks for no shift at all that day. Each request
    not granted costs ``weight`` in the objective.
    """

    agent_id: str
    date: date
    shift: str | None
    kind: str  # "on" or "off"
    weight: int = 1


@dataclass(frozen=True, kw_only=True)
class Requirement:
    """Agents needed on one shop and shift on one day (may be fractional)."""

    date: date
    shift: str
    shop_id: str
    agents: float


@dataclass(frozen=True, kw_only=True)
class Team:
    name: str
    shifts: tuple[ShiftDef, ...]
    rules: TeamRules
    blackouts: tuple[Blackout, ...] = ()
    shops: tuple[Shop, ...] = ()
    agents: tuple[Agent, ...] = ()
    leave: tuple[Leave, ...] = ()
    requirements: tuple[Requirement, ...] = ()
    requests: tuple[ShiftRequest, ...] = ()
    staffing: Mapping[str, Any] = field(default_factory=dict)
    folder: Path | None = None
    pins: tuple[Pin, ...] = ()

    def shift(self, shift_id: str) -> ShiftDef:
        return next(s for s in self.shifts if s.id == shift_id)

    def shop(self, shop_id: str) -> Shop:
        return next(s for s in self.shops if s.shop_id == shop_id)

    def agent(self, agent_id: str) -> Agent:
        return next(a for a in self.agents if a.agent_id == agent_id)

    def in_blackout(self, day: date) -> bool:
        return any(day in b for b in self.blackouts)
