"""The neutral problem description the solver builds its model from.

Everything is indexed by dense ints (days from 0, shifts, shops and agents in
the order given). Time is in whole minutes. The solver never mutates a Problem;
make variants with ``dataclasses.replace``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from solver.result import DayEntry, DayKind

AgentIdx = int
DayIdx = int
ShiftIdx = int
ShopIdx = int


class Rotation(StrEnum):
    """How shift types rotate over the horizon."""

    NONE = "none"
    HALF_MONTH = "half-month"


@dataclass(frozen=True, kw_only=True)
class ShiftType:
    """A shift type: when it starts (minutes after the day's midnight) and how long it lasts."""

    name: str
    start_min: int
    length_min: int

    def __post_init__(self) -> None:
        if not 0 <= self.start_min < 24 * 60:
            raise ValueError(f"ShiftType {self.name!r}: start_min {self.start_min} not in 0..1439")
        if self.length_min <= 0:
            raise ValueError(f"ShiftType {self.name!r}: length_min {self.length_min} must be > 0")

    @property
    def end_min(self) -> int:
        """End in minutes after the start day's midnight (may exceed 1440)."""
        return self.start_min + self.length_min


@dataclass(frozen=True, kw_only=True)
class Shop:
    """A shop whose chats agents cover; ``big`` marks a high-volume shop."""

    name: str
    big: bool = False


@dataclass(frozen=True, kw_only=True)
class History:
    """What happened just before day 0, for rules that cross the horizon's start."""

    trailing_workdays: int = 0
    """Consecutive days worked (shift or training) ending the day before day 0."""
    last_shift: ShiftIdx | None = None
    """Shift worked the day before day 0, if any."""
    rotation_shift: ShiftIdx | None = None
    """Shift type of the last rotation half before day 0, if known."""

    def __post_init__(self) -> None:
        if self.trailing_workdays < 0:
            raise ValueError(f"History: trailing_workdays {self.trailing_workdays} must be >= 0")


@dataclass(frozen=True, kw_only=True)
class Pin:
    """A cell fixed in advance: the agent's entry on ``day`` (see the rule ``pinned_cells``).

    A SHIFT entry with ``shares`` fixes the split among shops too; with no shares, any split
    of the served shops. LEAVE and INACTIVE pins hold only on the agent's leave or inactive
    days.
    """

    day: DayIdx
    entry: DayEntry


@dataclass(frozen=True, kw_only=True)
class Reference:
    """A published plan of one agent, to change as little as possible.

    ``days`` has one entry per day of the horizon; a shift entry's ``shares`` (capacity
    units per shop) may be empty, meaning any split counts as the same. ``shops`` are the
    shops served, primary first.
    """

    days: tuple[DayEntry, ...]
    shops: tuple[ShopIdx, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Agent:
    """One person to roster and every per-person limit that applies to them."""

    name: str
    shops: tuple[ShopIdx, ...]
    """Shops the agent is qualified for, most preferred first."""
    max_shops: int = 1
    shifts: tuple[ShiftIdx, ...] | None = None
    """Shift types the agent may work; None means all."""
    leave_days: frozenset[DayIdx] = frozenset()
    """Days the agent is away (approved leave, fixed day off): no work, not a rest day."""
    inactive_days: frozenset[DayIdx] = frozenset()
    """Days the agent is not employed yet: no entry at all."""
    training_days: frozenset[DayIdx] = frozenset()
    """Days the agent is in training: training or rest, never a shift."""
    rest_days: int | None = None
    """Exact number of rest days in the horizon; None means no such rule."""
    max_consecutive_workdays: int | None = None
    min_consecutive_workdays: int = 1
    min_consecutive_days_off: int = 1
    max_weekends: int | None = None
    max_shifts: tuple[int | None, ...] | None = None
    """Per shift type, the most shifts of that type; None entries mean no limit."""
    min_total_minutes: int = 0
    max_total_minutes: int | None = None
    history: History = field(default_factory=History)
    previous_primary: ShopIdx | None = None
    pins: tuple[Pin, ...] = ()
    """Cells fixed in advance; at most one per day."""
    reference: Reference | None = None
    """The published plan to stay close to (the soft term ``changes_from_reference``)."""
    start: Reference | None = None
    """A plan to start the search from instead of ``reference`` (a hint only: e.g. another
    re-plan of the same absence); None starts from ``reference``."""
    weekend_days_worked_before: int = 0
    """Weekend and public-holiday days worked in earlier months (the fairness ledger)."""
    weekend_days_fair_share: int | None = None
    """The agent's fair share of weekend and holiday days worked, counted over the earlier
    months and this one; None: no such term (``weekend_holiday_excess``)."""

    def __post_init__(self) -> None:
        if not self.shops:
            raise ValueError(f"Agent {self.name!r}: shops is empty")
        if len(set(self.shops)) != len(self.shops):
            raise ValueError(f"Agent {self.name!r}: shops {self.shops} has duplicates")
        if self.max_shops < 1:
            raise ValueError(f"Agent {self.name!r}: max_shops {self.max_shops} must be >= 1")
        if self.rest_days is not None and self.rest_days < 0:
            raise ValueError(f"Agent {self.name!r}: rest_days {self.rest_days} must be >= 0")
        if self.max_consecutive_workdays is not None and self.max_consecutive_workdays < 1:
            raise ValueError(
                f"Agent {self.name!r}: max_consecutive_workdays "
                f"{self.max_consecutive_workdays} must be >= 1"
            )
        if self.shifts is not None and not self.shifts:
            raise ValueError(f"Agent {self.name!r}: shifts is empty")
        days = [pin.day for pin in self.pins]
        if len(set(days)) != len(days):
            raise ValueError(f"Agent {self.name!r}: pins {sorted(days)} fix a day twice")

    def available(self, day: DayIdx) -> bool:
        """Whether the agent can work or rest on ``day`` (not on leave, not inactive)."""
        return day not in self.leave_days and day not in self.inactive_days


@dataclass(frozen=True, kw_only=True)
class Need:
    """Cover wanted on one day, shift and shop, in capacity units."""

    day: DayIdx
    shift: ShiftIdx
    shop: ShopIdx
    units: int
    under_weight: int = 1
    over_weight: int = 0

    def __post_init__(self) -> None:
        if self.units < 0:
            raise ValueError(f"Need {self.day}/{self.shift}/{self.shop}: units {self.units} < 0")


@dataclass(frozen=True, kw_only=True)
class Request:
    """An agent's wish to work (``on``) or not work a shift on a day, with a penalty weight."""

    agent: AgentIdx
    day: DayIdx
    shift: ShiftIdx
    on: bool
    weight: int


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Rules that hold for the whole team."""

    rotation: Rotation = Rotation.NONE
    half_start: DayIdx = 15
    """First day of the rotation's second half."""
    blackout_days: frozenset[DayIdx] = frozenset()
    """Days on which nobody takes a rest day."""
    max_shops_special: int = 3
    forbidden_successions: frozenset[tuple[ShiftIdx, ShiftIdx]] = frozenset()
    """(s, t): shift t may not be worked the day after shift s."""
    weekend_days: frozenset[DayIdx] = frozenset()
    holiday_days: frozenset[DayIdx] = frozenset()
    """Public holidays; with weekend days they count towards ``weekend_holiday_excess``."""
    weekends: tuple[tuple[DayIdx, ...], ...] = ()
    """Groups of days that each count as one weekend (for max_weekends)."""
    whole_weekends: bool = False
    """A restriction of the search, not a rule of the problem: every weekend is worked on
    all its days or on none (``solver.search.weekends``)."""


@dataclass(frozen=True, kw_only=True)
class Weights:
    """Weights of the soft terms in the objective; see docs/model.md for the tiers."""

    shortfall: int = 100
    overcover: int = 1
    second_shop: int = 50
    third_shop: int = 500
    same_tier_pair: int = 20
    weekend_rest_fairness: int = 5
    weekend_holiday_fairness: int = 10
    primary_change: int = 30
    primary_preference: int = 1
    requests: int = 1
    changed_day: int = 300
    changed_shop: int = 300


@dataclass(frozen=True, kw_only=True)
class Problem:
    """A rostering problem: who can work what, when, and what cover is wanted."""

    num_days: int
    shifts: tuple[ShiftType, ...]
    shops: tuple[Shop, ...]
    agents: tuple[Agent, ...]
    needs: tuple[Need, ...] = ()
    requests: tuple[Request, ...] = ()
    rules: Rules = field(default_factory=Rules)
    capacity_units: int = 1
    """Units of cover one agent-shift gives; shares between shops are split in these units."""
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        if self.num_days < 1:
            raise ValueError(f"Problem: num_days {self.num_days} must be >= 1")
        if not self.shifts:
            raise ValueError("Problem: shifts is empty")
        if self.capacity_units < 1:
            raise ValueError(f"Problem: capacity_units {self.capacity_units} must be >= 1")
        for agent in self.agents:
            for shop in agent.shops:
                if not 0 <= shop < len(self.shops):
                    raise ValueError(f"Agent {agent.name!r}: shop index {shop} out of range")
            for shift in agent.shifts or ():
                if not 0 <= shift < len(self.shifts):
                    raise ValueError(f"Agent {agent.name!r}: shift index {shift} out of range")
            self._check_pins_and_reference(agent)
        seen: set[tuple[int, int, int]] = set()
        for need in self.needs:
            key = (need.day, need.shift, need.shop)
            if key in seen:
                raise ValueError(f"Problem: need {key} given twice")
            seen.add(key)
            if not (0 <= need.day < self.num_days and 0 <= need.shift < len(self.shifts)):
                raise ValueError(f"Problem: need {key} out of range")
            if not 0 <= need.shop < len(self.shops):
                raise ValueError(f"Problem: need {key} shop out of range")

    def _check_pins_and_reference(self, agent: Agent) -> None:
        for pin in agent.pins:
            if not 0 <= pin.day < self.num_days:
                raise ValueError(f"Agent {agent.name!r}: pin day {pin.day} out of range")
            self._check_entry(agent, f"pin on day {pin.day}", pin.entry)
        if agent.reference is None:
            return
        if len(agent.reference.days) != self.num_days:
            raise ValueError(
                f"Agent {agent.name!r}: reference has {len(agent.reference.days)} days, "
                f"not num_days {self.num_days}"
            )
        for d, entry in enumerate(agent.reference.days):
            self._check_entry(agent, f"reference day {d}", entry)
        for shop in agent.reference.shops:
            if not 0 <= shop < len(self.shops):
                raise ValueError(f"Agent {agent.name!r}: reference shop {shop} out of range")

    def _check_entry(self, agent: Agent, where: str, entry: DayEntry) -> None:
        if (entry.kind == DayKind.SHIFT) != (entry.shift is not None):
            raise ValueError(f"Agent {agent.name!r}: {where}: a shift entry needs a shift")
        if entry.shift is not None and not 0 <= entry.shift < len(self.shifts):
            raise ValueError(f"Agent {agent.name!r}: {where}: shift {entry.shift} out of range")
        if entry.shares and sum(units for _, units in entry.shares) != self.capacity_units:
            raise ValueError(
                f"Agent {agent.name!r}: {where}: shares {entry.shares} do not sum to "
                f"capacity_units {self.capacity_units}"
            )
        for shop, _ in entry.shares:
            if not 0 <= shop < len(self.shops):
                raise ValueError(f"Agent {agent.name!r}: {where}: shop {shop} out of range")

    @property
    def days(self) -> range:
        return range(self.num_days)

    def half_of(self, day: DayIdx) -> int:
        """0 for the rotation's first half, 1 for the second."""
        return 0 if day < self.rules.half_start else 1

    def agent_shifts(self, agent: Agent) -> tuple[ShiftIdx, ...]:
        """Shift types ``agent`` may work."""
        return agent.shifts if agent.shifts is not None else tuple(range(len(self.shifts)))
