"""The peak plan's problem and its answer: the agents, needs, levers and costs over a
horizon, the search's parameters, and the plan with its cover (see ``solver.peak``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from solver.problem import AgentIdx, DayIdx, ShiftIdx, ShopIdx
    from solver.result import SolveStatus

MonthIdx = int


@dataclass(frozen=True, kw_only=True)
class PeakAgent:
    """One agent of the team over the horizon.

    Per day (index ``d``): ``shift[d]`` is the shift the agent works that day when at work
    (None: not employed yet or in training); ``on_duty[d]`` the expected cover in units
    (a day at work minus the rest day share); ``rest[d]`` the rest share in units, which
    overtime or a blackout can turn into work. On leave days both are 0.
    """

    name: str
    shops: tuple[ShopIdx, ...]
    """Qualified shops, primary first: the agent's cover goes to the primary shop."""
    max_shops: int
    shift: tuple[ShiftIdx | None, ...]
    on_duty: tuple[int, ...]
    rest: tuple[int, ...]
    overtime_limit: tuple[int, ...]
    """Per month index: the most overtime units the agent may work in the horizon's part of
    that month (labour law's 36 h, and one rest day a week kept)."""
    rest_elsewhere: tuple[int, ...]
    """Per month index: the agent's days of that month (in or out of the horizon) outside
    the blackout candidates on which a rest day moved by a blackout can be taken."""
    leave: frozenset[DayIdx] = frozenset()
    """Leave days that a blackout may cancel (sick leave is never listed)."""

    def __post_init__(self) -> None:
        if not self.shops:
            raise ValueError(f"PeakAgent {self.name!r}: shops is empty")
        if not 1 <= self.max_shops <= 3:
            raise ValueError(f"PeakAgent {self.name!r}: max_shops {self.max_shops} not in 1..3")
        if not len(self.shift) == len(self.on_duty) == len(self.rest):
            raise ValueError(f"PeakAgent {self.name!r}: shift, on_duty and rest differ in length")
        if min(self.on_duty, default=0) < 0 or min(self.rest, default=0) < 0:
            raise ValueError(f"PeakAgent {self.name!r}: on_duty and rest must be >= 0")
        if min(self.overtime_limit, default=0) < 0:
            raise ValueError(f"PeakAgent {self.name!r}: overtime_limit must be >= 0")


@dataclass(frozen=True, kw_only=True)
class PeakNeed:
    """Cover wanted on one day, shift and shop, in units."""

    day: DayIdx
    shift: ShiftIdx
    shop: ShopIdx
    units: int

    def __post_init__(self) -> None:
        if self.units < 0:
            raise ValueError(f"PeakNeed {self.day}/{self.shift}/{self.shop}: units < 0")


@dataclass(frozen=True, kw_only=True)
class PeakCosts:
    """Costs in money units (the scheduler uses fen) and penalty weights."""

    overtime: tuple[tuple[int, ...], ...]
    """Per day and shift: money per unit of overtime cover (the shift's paid hours at the
    day's rate: 150%, 200% or 300%)."""
    temp: tuple[int, ...]
    """Per day: money for one temp whose first day at work is that day (training included);
    used only on days listed in ``PeakProblem.temp_starts``."""
    leave_day: int = 0
    """Money per cancelled leave day."""
    blackout_agent_day: int = 0
    """Money per agent at work on a chosen blackout day (a bonus, if the team pays one)."""
    uncovered: int = 1
    """Penalty per unit of cover left missing."""
    second_shop: int = 0
    """Penalty per agent given a second shop (not money: the strain on the agent)."""
    third_shop: int = 0
    """Penalty per agent given a third shop, on top of ``second_shop``."""


@dataclass(frozen=True, kw_only=True)
class PeakProblem:
    """The peak plan's inputs, by dense indices (days from 0, months from 0).

    ``floor_money`` and ``floor_temps`` make a plan cost at least that much and hire at
    least that many temps: a larger volume scenario gets the smaller one's figures as
    floors, so more volume never gives a cheaper plan or fewer temps.
    """

    num_days: int
    num_shifts: int
    num_shops: int
    units: int
    """Cover units of one agent-shift."""
    month_of: tuple[MonthIdx, ...]
    """Per day: its month index (0 for the horizon's first month)."""
    agents: tuple[PeakAgent, ...]
    needs: tuple[PeakNeed, ...]
    costs: PeakCosts
    temp_starts: frozenset[DayIdx] = frozenset()
    """Days a temp may start work on (hire-by dates still ahead)."""
    temp_on_duty: tuple[int, ...] = ()
    """Per day: expected cover units of one temp at work (a day less the rest share)."""
    blackout_candidates: frozenset[DayIdx] = frozenset()
    blackout_fixed: frozenset[DayIdx] = frozenset()
    """The team's own blackout days in the horizon: already in ``on_duty``."""
    max_blackout_days: int = 0
    """The longest run of blackout days (fixed and chosen together)."""
    floor_money: int = 0
    floor_temps: int = 0

    def __post_init__(self) -> None:
        if self.num_days < 1 or self.num_shifts < 1 or self.num_shops < 1 or self.units < 1:
            raise ValueError("PeakProblem: num_days, num_shifts, num_shops, units must be >= 1")
        if len(self.month_of) != self.num_days:
            raise ValueError(f"PeakProblem: month_of has {len(self.month_of)} days")
        months = max(self.month_of) + 1
        for agent in self.agents:
            if len(agent.shift) != self.num_days:
                raise ValueError(f"PeakAgent {agent.name!r}: {len(agent.shift)} days")
            if len(agent.overtime_limit) < months or len(agent.rest_elsewhere) < months:
                raise ValueError(f"PeakAgent {agent.name!r}: a value per month is missing")
            if any(not 0 <= p < self.num_shops for p in agent.shops):
                raise ValueError(f"PeakAgent {agent.name!r}: shop index out of range")
        seen: set[tuple[int, int, int]] = set()
        for need in self.needs:
            key = (need.day, need.shift, need.shop)
            if key in seen:
                raise ValueError(f"PeakProblem: need {key} given twice")
            seen.add(key)
            if not (
                0 <= need.day < self.num_days
                and 0 <= need.shift < self.num_shifts
                and 0 <= need.shop < self.num_shops
            ):
                raise ValueError(f"PeakProblem: need {key} out of range")
        if len(self.costs.overtime) != self.num_days or len(self.costs.temp) != self.num_days:
            raise ValueError("PeakProblem: costs.overtime and costs.temp need a value per day")
        if self.temp_starts and len(self.temp_on_duty) != self.num_days:
            raise ValueError("PeakProblem: temp_on_duty needs a value per day")
        if self.blackout_candidates & self.blackout_fixed:
            raise ValueError("PeakProblem: a blackout candidate is already a fixed blackout day")


@dataclass(frozen=True, kw_only=True)
class PeakCover:
    """One day, shift and shop of a plan, in units."""

    day: DayIdx
    shift: ShiftIdx
    shop: ShopIdx
    need: int
    available: int
    """The team's expected cover before the plan (primary shops only)."""
    blackout: int
    """Cover the blackout adds (negative on days that take the moved rest)."""
    overtime: int
    leave: int
    """Cover from cancelled leave."""
    moved_in: int
    """Cover agents of other primary shops give this shop as their second or third shop."""
    moved_out: int
    temps: int
    uncovered: int

    @property
    def planned(self) -> int:
        return (
            self.available
            + self.blackout
            + self.overtime
            + self.leave
            + self.moved_in
            - self.moved_out
            + self.temps
        )

    @property
    def gap(self) -> int:
        """Cover missing before the plan."""
        return max(0, self.need - self.available)


@dataclass(frozen=True, kw_only=True)
class TempHire:
    """``count`` temps for ``shop`` on ``shift``, at work from ``start_day``."""

    shop: ShopIdx
    shift: ShiftIdx
    start_day: DayIdx
    count: int


@dataclass(frozen=True, kw_only=True)
class AgentPlan:
    """What the plan asks of one agent."""

    agent: AgentIdx
    overtime: tuple[tuple[DayIdx, int], ...] = ()
    """(day, units) of overtime cover."""
    extra_shops: tuple[ShopIdx, ...] = ()
    leave_cancelled: tuple[DayIdx, ...] = ()
    lent: tuple[tuple[ShopIdx, DayIdx, int], ...] = ()
    """(shop, day, units) of cover lent to a second or third shop."""

    def overtime_units(self, month_of: tuple[MonthIdx, ...], month: MonthIdx) -> int:
        return sum(units for day, units in self.overtime if month_of[day] == month)


@dataclass(frozen=True, kw_only=True)
class PeakPlan:
    """A plan: blackout days, temps, and what each agent is asked, with its cover."""

    blackout_days: tuple[DayIdx, ...]
    """Chosen blackout days (the team's own are not repeated here)."""
    temps: tuple[TempHire, ...]
    agents: tuple[AgentPlan, ...]
    """Only agents with something to do."""
    cover: tuple[PeakCover, ...]
    money: Mapping[str, int]
    """Money by kind: overtime, temps, leave, blackout."""

    @property
    def total_money(self) -> int:
        return sum(self.money.values())

    @property
    def temp_count(self) -> int:
        return sum(t.count for t in self.temps)

    @property
    def uncovered(self) -> int:
        return sum(c.uncovered for c in self.cover)


@dataclass(frozen=True, kw_only=True)
class PeakParams:
    """How long and how hard to search.

    Parameters
    ----------
    time_limit_s
        Wall-clock limit for the search.
    num_workers
        CP-SAT search workers (threads).
    seed
        Random seed, for repeatable runs.
    """

    time_limit_s: float = 30.0
    num_workers: int = 2
    seed: int = 0


@dataclass(frozen=True, kw_only=True)
class PeakResult:
    """The outcome of one solve, as CP-SAT proved it.

    ``gap`` is |objective - best_bound| / max(1, |objective|).
    """

    status: SolveStatus
    objective: int | None
    best_bound: int | None
    wall_seconds: float
    plan: PeakPlan | None = None

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.best_bound is None:
            return None
        return abs(self.objective - self.best_bound) / max(1, abs(self.objective))
