"""Exact pricing by dynamic programming over the days, for agents whose rules are all
about runs, counts and weekends (the Curtois & Qu benchmark's agents).

Column generation prices one agent at a time: the roster of least own cost minus the
cover duals. CP-SAT does that for any agent, but on long horizons it is slow to prove:
instance 18 (84 days, 3 shift types) took 3-10 s per agent on one worker, so a round that
proves the bound took about two minutes and 240 s of rounds proved none. Where an agent's
rules are only

- one entry per day, leave days off,
- forbidden successions, at most and at least so many days of work in a row, at least so
  many days off in a row (runs touching the horizon's ends exempt),
- total minutes between a minimum and a maximum, at most so many shifts of a type,
- at most so many weekends worked (a weekend counts if any of its days is worked),

and the agent's own cost is its shift requests, the best roster is a shortest path over
days whose state is the current run (its shift and length, or the days off so far) and
the resources used (minutes, weekends, shifts of the types whose limits bind). Limits per
shift type are added to the state only when the path without them breaks one: the path
of a relaxation that keeps every limit is optimal.

The moves of each day (run before, action, run after, how far each resource moves) do not
depend on the duals: they are compiled once per agent, and a day is then a few numpy
operations over all its runs at once (instance 12: 60 agents in 0.25 s instead of 3.1 s
run by run). Where the values kept for tracing the path back would be too many, the
search goes run by run with 2-byte back-pointers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import reduce
from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np

from solver.problem import History, Rotation
from solver.result import DayEntry, DayKind
from solver.search.alone import AgentInfeasible

if TYPE_CHECKING:
    from collections.abc import Sequence

    from solver.problem import Agent, DayIdx, Problem, ShiftIdx

    CoverKey = tuple[DayIdx, ShiftIdx, int]

# The most resource values one state may hold before the search is left to CP-SAT.
MAX_CELLS = 2_000_000
# The most (day, run, resource value) triples: each keeps a 2-byte back-pointer until the
# last day, so at most 1 GB per agent priced. An agent of instance 23 (364 days, 16 shift
# types, 5 days in a row) would need 1.7e9 of them: 3 GB and 22 s for one agent, and
# memory ran out with two priced at once.
MAX_PATH_VALUES = 500_000_000
OFF = -1  # the action of a day without a shift
# The most (day, run, resource value) values the whole-layer search keeps (8 bytes each);
# beyond, the run-by-run search keeps 2-byte back-pointers instead.
MAX_LAYER_VALUES = 25_000_000


class TooLarge(Exception):
    """The limits that bind make too many resource values for the day-by-day search."""


def applies(alone: Problem) -> bool:
    """Whether ``alone`` (one agent, no needs) has only rules and costs this search knows,
    and a size it can hold in memory."""
    if len(alone.agents) != 1:
        return False
    agent = alone.agents[0]
    rules = alone.rules
    simple_agent = (
        len(agent.shops) == 1
        and not agent.inactive_days
        and not agent.training_days
        and agent.rest_days is None
        and _pins_carry_history(agent)
        and agent.reference is None
    )
    simple_rules = (
        rules.rotation == Rotation.NONE
        and not rules.blackout_days
        and not rules.whole_weekends
        and all(_consecutive(days) for days in rules.weekends)
    )
    if not (simple_agent and simple_rules and not alone.needs):
        return False
    shifts = alone.agent_shifts(agent)
    return _too_large(alone, shifts, _resource_shape(alone, shifts)) is None


def _pins_carry_history(agent: Agent) -> bool:
    """Pins of rest or a shift only, and either no history or days pinned from day 0 on for
    as long as the longest run of work: then what happened before day 0 changes nothing
    (a window's sub-problem, ``solver.search.windows``)."""
    if any(pin.entry.kind not in (DayKind.OFF, DayKind.SHIFT) for pin in agent.pins):
        return False
    if agent.history == History():
        return True
    pinned = {pin.day for pin in agent.pins} | agent.leave_days
    longest = max(1, agent.max_consecutive_workdays or 0, agent.min_consecutive_workdays)
    return all(d in pinned for d in range(longest))


def _consecutive(days: Sequence[DayIdx]) -> bool:
    return all(b == a + 1 for a, b in pairwise(days))


@dataclass(frozen=True)
class _Run:
    """The run a day ends: ``shift`` worked ``length`` days in a row (OFF: days off), and
    whether it may end now (long enough, or it began on the horizon's first day)."""

    shift: int
    length: int
    may_end: bool


@dataclass(frozen=True)
class _Moves:
    """One day's moves, whole layers at a time: each (run before, action) pair that leads
    somewhere, sorted by the run it leads to (``runs``, which ``starts`` index)."""

    runs: list[_Run]
    source: np.ndarray  # per pair: the run before, by its index in the day before's runs
    actions: list[int]  # per pair
    offsets: list[tuple[int, ...]]  # per pair: how far it moves each resource
    starts: np.ndarray  # per run: its first pair
    groups: list[tuple[tuple[int, ...], np.ndarray]]  # pairs of the same offsets


class RunPricer:
    """One agent's pricing as a shortest path over days; exact, so every answer is proven."""

    def __init__(self, alone: Problem) -> None:
        if not applies(alone):
            raise ValueError("RunPricer: the agent has rules the day-by-day search lacks")
        self.alone = alone
        self.agent: Agent = alone.agents[0]
        self.shop = self.agent.shops[0]
        self.shifts = [
            s for s in alone.agent_shifts(self.agent) if self._limit(s) != 0
        ]  # a limit of 0 forbids the type
        self.minute_unit = _minute_unit(alone, self.shifts)
        self.minute_cells = _minute_cells(alone, self.minute_unit)
        self.weekend_of = {d: days for days in alone.rules.weekends for d in days}
        self.weekend_cells = _weekend_cells(alone)
        self.pinned = {
            pin.day: OFF if pin.entry.shift is None else pin.entry.shift for pin in self.agent.pins
        }
        self._moves: dict[tuple[ShiftIdx, ...], list[_Moves] | None] = {}
        weights = alone.weights.requests
        # Each day's request cost per action (OFF or a shift).
        actions = [OFF, *self.shifts]
        self.request_cost = [
            dict.fromkeys([self.pinned[d]] if d in self.pinned else actions, 0.0)
            for d in alone.days
        ]
        for r in alone.requests:
            costs = self.request_cost[r.day]
            for action in costs:
                if (action == r.shift) != r.on:  # an on-request not met, an off-request not
                    costs[action] += weights * r.weight

    def _limit(self, s: ShiftIdx) -> int | None:
        limits = self.agent.max_shifts
        return limits[s] if limits is not None else None

    def price(self, duals: dict[CoverKey, float]) -> tuple[list[DayEntry], float]:
        """The roster of least ``own cost - duals · cover``, and that value."""
        units = self.alone.capacity_units
        step_cost = [
            {
                action: cost
                - (units * duals.get((d, action, self.shop), 0.0) if action >= 0 else 0)
                for action, cost in self.request_cost[d].items()
            }
            for d in self.alone.days
        ]
        tracked: tuple[ShiftIdx, ...] = ()
        while True:
            actions, value = self._shortest(step_cost, tracked)
            broken = tuple(
                s
                for s in self.shifts
                if (limit := self._limit(s)) is not None and actions.count(s) > limit
            )
            if not broken:
                return self._row(actions), value
            tracked = tuple(sorted({*tracked, *broken}))

    def _shape(self, tracked: tuple[ShiftIdx, ...]) -> tuple[int, ...]:
        return (
            self.minute_cells or 1,
            self.weekend_cells or 1,
            *((self._limit(s) or 0) + 1 for s in tracked),
        )

    def _shortest(
        self, step_cost: list[dict[int, float]], tracked: tuple[ShiftIdx, ...]
    ) -> tuple[list[int], float]:
        """Actions per day of the cheapest roster keeping the limits of ``tracked`` types."""
        shape = self._shape(tracked)
        if (why := _too_large(self.alone, self.shifts, shape)) is not None:
            raise TooLarge(why)
        if tracked not in self._moves:
            self._moves[tracked] = self._layer_moves(tracked, shape)
        moves = self._moves[tracked]
        if moves is None:
            return self._shortest_by_runs(step_cost, tracked, shape)
        return self._shortest_by_layers(step_cost, moves, shape)

    def _actions(self, d: DayIdx) -> list[int]:
        if d in self.pinned:
            return [self.pinned[d]]
        return [OFF] if d in self.agent.leave_days else [OFF, *self.shifts]

    def _layer_moves(
        self, tracked: tuple[ShiftIdx, ...], shape: tuple[int, ...]
    ) -> list[_Moves] | None:
        """Each day's moves (they do not depend on the duals); None when the layers of
        values would be too many to keep."""
        longest = _longest_run(self.agent)
        days_off_needed = _days_off_needed(self.agent)
        runs: list[_Run | None] = [None]
        days: list[_Moves] = []
        kept = 0
        for d in self.alone.days:
            pairs: dict[_Run, list[tuple[int, int, tuple[int, ...]]]] = {}
            for i, run in enumerate(runs):
                for action in self._actions(d):
                    nxt = self._next(run, action, longest, days_off_needed)
                    if nxt is None:
                        continue
                    offsets = tuple(self._offsets(run, action, d, tracked))
                    if any(o >= n for o, n in zip(offsets, shape, strict=True)):
                        continue
                    pairs.setdefault(nxt, []).append((i, action, offsets))
            order = list(pairs)
            flat = [pair for nxt in order for pair in pairs[nxt]]
            counts = [len(pairs[nxt]) for nxt in order]
            by_offsets: dict[tuple[int, ...], list[int]] = {}
            for k, (_, _, offsets) in enumerate(flat):
                by_offsets.setdefault(offsets, []).append(k)
            days.append(
                _Moves(
                    runs=order,
                    source=np.array([i for i, _, _ in flat], dtype=np.intp),
                    actions=[action for _, action, _ in flat],
                    offsets=[offsets for _, _, offsets in flat],
                    starts=np.cumsum([0, *counts[:-1]]).astype(np.intp),
                    groups=[(o, np.array(ks, dtype=np.intp)) for o, ks in by_offsets.items()],
                )
            )
            runs = list(order)
            kept += len(runs) * math.prod(shape)
            if kept > MAX_LAYER_VALUES or not runs:
                return None
        return days

    def _shortest_by_layers(
        self, step_cost: list[dict[int, float]], days: list[_Moves], shape: tuple[int, ...]
    ) -> tuple[list[int], float]:
        """As ``_shortest``, each day's runs moved at once; every day's values are kept,
        and the path is traced back by which move gives each value."""
        values = np.full((1, *shape), np.inf)
        values[(0,) * (1 + len(shape))] = 0.0
        layers = [values]
        ones = (1,) * len(shape)
        for d, moves in enumerate(days):
            moved = np.full((len(moves.actions), *shape), np.inf)
            for offsets, ks in moves.groups:
                target: tuple[Any, ...] = (ks, *(slice(o, None) for o in offsets))
                source: tuple[Any, ...] = (
                    moves.source[ks],
                    *(slice(0, n - o) for o, n in zip(offsets, shape, strict=True)),
                )
                moved[target] = values[source]
            costs = np.array([step_cost[d][action] for action in moves.actions])
            moved += costs.reshape(-1, *ones)
            values = np.minimum.reduceat(moved, moves.starts, axis=0)
            layers.append(values)
        least = self.agent.min_total_minutes
        first_minutes = -(-least // self.minute_unit) if least > 0 else 0
        enough = values[:, first_minutes:]
        if enough.size == 0 or not np.isfinite(enough.min()):
            raise AgentInfeasible(self.agent.name)
        flat = int(np.argmin(enough))
        at = [int(i) for i in np.unravel_index(flat, enough.shape)]
        value = float(enough.flat[flat])
        run, index = at[0], (at[1] + first_minutes, *at[2:])
        actions: list[int] = []
        for d in reversed(range(len(days))):
            moves = days[d]
            end = moves.starts[run + 1] if run + 1 < len(moves.runs) else len(moves.actions)
            before = layers[d]
            best_k, best_value = -1, math.inf
            for k in range(int(moves.starts[run]), int(end)):
                back = tuple(i - o for i, o in zip(index, moves.offsets[k], strict=True))
                if min(back) < 0:
                    continue
                v = before[(int(moves.source[k]), *back)] + step_cost[d][moves.actions[k]]
                if v < best_value:
                    best_k, best_value = k, v
            actions.append(moves.actions[best_k])
            index = tuple(i - o for i, o in zip(index, moves.offsets[best_k], strict=True))
            run = int(moves.source[best_k])
        actions.reverse()
        return actions, value

    def _shortest_by_runs(
        self,
        step_cost: list[dict[int, float]],
        tracked: tuple[ShiftIdx, ...],
        shape: tuple[int, ...],
    ) -> tuple[list[int], float]:
        """As ``_shortest``, run by run, keeping 2-byte back-pointers."""
        agent, alone = self.agent, self.alone
        longest = _longest_run(agent)
        days_off_needed = _days_off_needed(agent)
        start = np.full(shape, np.inf)
        start[(0,) * len(shape)] = 0.0
        layer: dict[_Run | None, np.ndarray] = {None: start}
        back: list[dict[_Run, tuple[np.ndarray, list[tuple[_Run | None, int]]]]] = []
        for d in alone.days:
            if d in self.pinned:
                actions = [self.pinned[d]]
            else:
                actions = [OFF] if d in agent.leave_days else [OFF, *self.shifts]
            moves: dict[_Run, list[tuple[_Run | None, int, np.ndarray]]] = {}
            for run, values in layer.items():
                for action in actions:
                    nxt = self._next(run, action, longest, days_off_needed)
                    if nxt is None:
                        continue
                    moved = _shifted(values, self._offsets(run, action, d, tracked))
                    if moved is None:
                        continue
                    moves.setdefault(nxt, []).append((run, action, moved + step_cost[d][action]))
            layer, chosen = {}, {}
            for nxt, options in moves.items():
                stacked = np.stack([values for _, _, values in options])
                which = np.argmin(stacked, axis=0).astype(np.int16)
                layer[nxt] = np.take_along_axis(stacked, which[None].astype(np.intp), 0)[0]
                chosen[nxt] = (which, [(run, action) for run, action, _ in options])
            back.append(chosen)
        return self._backtrack(layer, back, tracked)

    def _next(
        self, run: _Run | None, action: int, longest: int, days_off_needed: int
    ) -> _Run | None:
        """The run after ``run`` when the day's action is ``action``; None if a rule forbids."""
        agent = self.agent
        forbidden = self.alone.rules.forbidden_successions
        if run is None:  # the horizon's first day: its run may end whenever
            return _Run(action, 1, True)
        if action == OFF:
            if run.shift == OFF:
                length = min(run.length + 1, days_off_needed)
                return _Run(OFF, length, run.may_end or length >= days_off_needed)
            return _Run(OFF, 1, days_off_needed <= 1) if run.may_end else None
        if run.shift == OFF:
            return _Run(action, 1, agent.min_consecutive_workdays <= 1) if run.may_end else None
        if (run.shift, action) in forbidden:
            return None
        if agent.max_consecutive_workdays is not None and run.length >= longest:
            return None
        length = min(run.length + 1, longest)
        return _Run(action, length, run.may_end or length >= agent.min_consecutive_workdays)

    def _offsets(
        self, run: _Run | None, action: int, d: DayIdx, tracked: tuple[ShiftIdx, ...]
    ) -> list[int]:
        """How far the day's action moves each resource: minutes, weekends, tracked types."""
        if action == OFF:
            return [0] * (2 + len(tracked))
        minutes = self.alone.shifts[action].length_min // self.minute_unit
        weekend = self.weekend_of.get(d)
        worked_before = run is not None and run.shift != OFF
        new_weekend = weekend is not None and (d == weekend[0] or not worked_before)
        return [
            minutes if self.minute_cells is not None else 0,
            int(new_weekend and self.weekend_cells is not None),
            *(int(action == s) for s in tracked),
        ]

    def _backtrack(
        self,
        layer: dict[_Run | None, np.ndarray],
        back: list[dict[_Run, tuple[np.ndarray, list[tuple[_Run | None, int]]]]],
        tracked: tuple[ShiftIdx, ...],
    ) -> tuple[list[int], float]:
        least = self.agent.min_total_minutes
        first_minutes = -(-least // self.minute_unit) if least > 0 else 0
        best: tuple[float, _Run | None, tuple[int, ...]] = (math.inf, None, ())
        for run, values in layer.items():
            enough = values[first_minutes:]
            if enough.size == 0:
                continue
            flat = int(np.argmin(enough))
            value = float(enough.flat[flat])
            if value < best[0]:
                at = [int(i) for i in np.unravel_index(flat, enough.shape)]
                best = (value, run, (at[0] + first_minutes, *at[1:]))
        value, run, index = best
        if not math.isfinite(value):
            raise AgentInfeasible(self.agent.name)
        actions: list[int] = []
        for d in reversed(range(len(back))):
            assert run is not None
            which, options = back[d][run]
            before, action = options[int(which[index])]
            actions.append(action)
            offsets = self._offsets(before, action, d, tracked)
            index = tuple(i - o for i, o in zip(index, offsets, strict=True))
            run = before
        actions.reverse()
        return actions, value

    def _row(self, actions: Sequence[int]) -> list[DayEntry]:
        units = self.alone.capacity_units
        row = []
        for d, action in enumerate(actions):
            if d in self.agent.leave_days:
                row.append(DayEntry(kind=DayKind.LEAVE))
            elif action == OFF:
                row.append(DayEntry(kind=DayKind.OFF))
            else:
                row.append(DayEntry(kind=DayKind.SHIFT, shift=action, shares=((self.shop, units),)))
        return row


def _shifted(values: np.ndarray, offsets: Sequence[int]) -> np.ndarray | None:
    """``values`` moved up by ``offsets`` along each axis, inf where nothing moved in."""
    if any(o >= n for o, n in zip(offsets, values.shape, strict=True)):
        return None
    out = np.full(values.shape, np.inf)
    target = tuple(slice(o, None) for o in offsets)
    source = tuple(slice(0, n - o) for o, n in zip(offsets, values.shape, strict=True))
    out[target] = values[source]
    return out


def _minute_cells(alone: Problem, unit: int) -> int | None:
    """How many values the worked minutes (in ``unit``) may take; None: not limited."""
    agent = alone.agents[0]
    if agent.max_total_minutes is None and agent.min_total_minutes <= 0:
        return None
    longest = max((s.length_min for s in alone.shifts), default=0)
    most = agent.max_total_minutes
    if most is None:
        most = alone.num_days * longest
    return most // unit + 1


def _weekend_cells(alone: Problem) -> int | None:
    """How many values the weekends worked may take; None: not limited."""
    agent = alone.agents[0]
    limit = agent.max_weekends
    if limit is None or limit >= len(alone.rules.weekends):
        return None
    return limit + 1


def _minute_unit(alone: Problem, shifts: Sequence[ShiftIdx]) -> int:
    """The minutes counted as one: the greatest common divisor of the shifts' lengths."""
    return reduce(math.gcd, (alone.shifts[s].length_min for s in shifts), 0) or 1


def _too_large(alone: Problem, shifts: Sequence[ShiftIdx], shape: Sequence[int]) -> str | None:
    """Why a search over states of ``shape`` resource values would be too large, if it is."""
    cells = math.prod(shape)
    if cells > MAX_CELLS:
        return f"{cells} resource values per state"
    path = alone.num_days * _most_runs(alone.agents[0], shifts) * cells
    if path > MAX_PATH_VALUES:
        return f"{path} (day, run, resource value) back-pointers"
    return None


def _most_runs(agent: Agent, shifts: Sequence[ShiftIdx]) -> int:
    """How many runs a day may end at most: each shift and length, each length of days
    off, each either long enough to end or not."""
    return 2 * (len(shifts) * _longest_run(agent) + _days_off_needed(agent))


def _longest_run(agent: Agent) -> int:
    """The longest run of work a state tells apart."""
    return agent.max_consecutive_workdays or max(agent.min_consecutive_workdays, 1)


def _days_off_needed(agent: Agent) -> int:
    """The longest run of days off a state tells apart."""
    return max(agent.min_consecutive_days_off, 1)


def _resource_shape(alone: Problem, shifts: Sequence[ShiftIdx]) -> tuple[int, int]:
    """Minute and weekend values a state holds before any shift type's count joins it."""
    unit = _minute_unit(alone, shifts)
    return (_minute_cells(alone, unit) or 1, _weekend_cells(alone) or 1)
