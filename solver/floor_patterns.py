"""The shortfall floor by agent patterns: a Dantzig–Wolfe (Lagrangian) bound.

Each agent's month is one *pattern*: the shift worked (or none) on each day. The patterns
an agent may have are those of a small dynamic programme over the days that keeps the
rules of one agent's month the month model keeps (``solver.floor``): one entry a day, the
month's rest-day count, no rest in a blackout, training or rest on training days, the
longest run (with the days worked before day 0), the rest between shifts (with the shift
worked the day before) and the half-month rotation (one shift type per half, a different
one in each half, not last month's). Every roster that keeps the hard rules gives each
agent one of these patterns.

The cover rows (``CoverRow``: Hall and rounding cuts per day, shift and shop set, as in the
month model) tie the agents together. Relaxing them with multipliers ``y >= 0`` gives,
for *any* ``y``, the Lagrangian bound

    L(y) = sum_r y_r b_r + sum_(d,s) U_ds min(0, 1 - sum_(r on d,s) y_r)
           - sum_a max_(pattern p of a) sum_(d,s worked in p) value_a(d, s)

with ``value_a(d, s) = sum_(r on d,s) y_r coef_r(a)``: each roster's shortfall is at least
``L(y)``, because for the roster's own patterns the relaxed rows only subtract a
non-negative amount, and each agent's maximum is taken over a superset of its real
patterns. The multipliers come from the duals of the restricted master LP (choose a
convex combination of known patterns per agent, cover minus shortfall), and each pricing
round (the dynamic programme per agent, solved exactly) adds the patterns whose reduced
cost is negative. At the master's optimum with no such pattern left, ``L(y)`` equals the
master LP's value, which is at least the month model's LP bound (each agent's patterns are
the integer points of its part of that model, so their convex hull lies inside its LP
relaxation). Every fully priced round's ``L(y)`` is valid, converged or not.

``pattern_bound`` adds a branching on the phase count (the agents on ``COUNTED_SHIFT`` in
the first half, a whole number k in every roster): with a multiplier ``mu`` for the count
row, each round gives the line ``L(y) + mu * k``, valid for the rosters with count k, and
the bound is the minimum over k of the best line.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from ortools.linear_solver import pywraplp

from solver.problem import Rotation

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from solver.problem import AgentIdx, DayIdx, Problem, ShiftIdx

Pattern = tuple[int, ...]
"""A month of one agent: per day the shift worked, or ``NO_SHIFT``."""
NO_SHIFT = -1
Phase = tuple[tuple["ShiftIdx", ...], tuple["ShiftIdx", ...]]
"""The shift types an agent may work in the first and in the second half."""
NEG = -1e18
REDUCED_COST_TOL = 1e-7


@dataclass(frozen=True, kw_only=True)
class CoverRow:
    """``short[day, shift] + sum_a coef[a] works(a, day, shift) >= rhs``, valid for every
    roster that keeps the hard rules."""

    day: DayIdx
    shift: ShiftIdx
    coef: Mapping[AgentIdx, float]
    rhs: float


@dataclass(frozen=True, kw_only=True)
class PatternBound:
    """The best Lagrangian bound found, in need units (not rounded), the master LP's last
    value, whether the column generation converged, and how long it took."""

    bound: float
    master_value: float
    converged: bool
    rounds: int
    columns: int
    wall_seconds: float


def phase_options(problem: Problem, a: AgentIdx, shifts: Sequence[ShiftIdx]) -> list[Phase]:
    """The shift types agent ``a`` may work in each half: one pair per rotation phase, or
    a single pair of every shift type when there is no rotation."""
    if problem.rules.rotation != Rotation.HALF_MONTH:
        return [(tuple(shifts), tuple(shifts))]
    if len(shifts) < 2:
        return [(tuple(shifts), tuple(shifts))]
    previous = problem.agents[a].history.rotation_shift
    return [((s0,), (s1,)) for s0 in shifts for s1 in shifts if s0 != s1 and s0 != previous]


COUNTED_SHIFT = 0
"""The phase count branched on: the agents on this shift type in the first half."""


def best_patterns(
    problem: Problem,
    a: AgentIdx,
    shifts: Sequence[ShiftIdx],
    value: np.ndarray,
) -> list[tuple[float, Phase, Pattern]]:
    """Agent ``a``'s pattern of greatest total ``value[d, s]`` over the shifts worked, one
    per rotation phase that has any, best first. Empty when no pattern keeps the rules."""
    found = []
    for phase in phase_options(problem, a, shifts):
        best = AgentMonth(problem, a, phase).best(value)
        if best is not None:
            found.append((best[0], phase, best[1]))
    return sorted(found, key=lambda f: -f[0])


def counted(problem: Problem, phase: Phase) -> bool:
    """Whether an agent in ``phase`` counts in the phase count (``COUNTED_SHIFT`` first)."""
    return problem.rules.rotation == Rotation.HALF_MONTH and phase[0] == (COUNTED_SHIFT,)


State = tuple[int, int, int]
"""(rest days so far, current run of duty days, last entry: 0 none, 1 + s shift s)."""


class AgentMonth:
    """One agent's month in one rotation phase, as a dynamic programme over days.

    A day is unavailable (no entry: neither rest nor duty), rest (not in a blackout), or
    duty: training on a training day, else a shift of the phase's half that may follow
    the last entry. Duty lengthens the run up to the longest allowed; rest and absence end
    it. The rest days must add up to the month's count.
    """

    def __init__(
        self,
        problem: Problem,
        a: AgentIdx,
        phase: Phase,
    ) -> None:
        self.problem, self.agent, self.phase = problem, problem.agents[a], phase
        self.rests = self.agent.rest_days
        self.limit = self.agent.max_consecutive_workdays
        self.num_shifts = len(problem.shifts)
        forbidden = problem.rules.forbidden_successions
        self.may_follow = {
            s: [0] + [1 + t for t in range(self.num_shifts) if (t, s) not in forbidden]
            for s in range(self.num_shifts)
        }

    def shape(self) -> tuple[int, int, int]:
        rests = self.rests + 1 if self.rests is not None else 1
        runs = self.limit + 1 if self.limit is not None else 1
        return rests, runs, self.num_shifts + 1

    def start(self) -> np.ndarray:
        state = np.full(self.shape(), NEG)
        history = self.agent.history
        run = min(history.trailing_workdays, self.limit) if self.limit is not None else 0
        state[0, run, 0 if history.last_shift is None else 1 + history.last_shift] = 0.0
        return state

    def shifts_on(self, d: DayIdx) -> tuple[ShiftIdx, ...]:
        """The shifts the agent may work on day ``d`` in this phase."""
        if not self.agent.available(d) or d in self.agent.training_days:
            return ()
        return self.phase[self.problem.half_of(d)]

    def may_rest(self, d: DayIdx) -> bool:
        return self.agent.available(d) and d not in self.problem.rules.blackout_days

    def step(self, d: DayIdx, state: np.ndarray, value: np.ndarray) -> np.ndarray:
        """The best value of each state at the end of day ``d``."""
        new = np.full_like(state, NEG)
        free = state.max(axis=(1, 2))
        if not self.agent.available(d):
            new[:, 0, 0] = free
            return new
        if self.may_rest(d):
            if self.rests is not None:
                new[1:, 0, 0] = free[:-1]
            else:
                new[:, 0, 0] = free
        if d in self.agent.training_days:
            self._duty(new[:, :, 0], state.max(axis=2))
        for s in self.shifts_on(d):
            self._duty(new[:, :, 1 + s], state[:, :, self.may_follow[s]].max(axis=2) + value[d, s])
        return new

    def _duty(self, target: np.ndarray, before: np.ndarray) -> None:
        """A duty day: the run grows by one (up to the limit)."""
        if self.limit is None:
            np.maximum(target, before, out=target)
        else:
            np.maximum(target[:, 1:], before[:, :-1], out=target[:, 1:])

    def best(self, value: np.ndarray) -> tuple[float, Pattern] | None:
        """The pattern of greatest total value, or None when no pattern keeps the rules."""
        states = [self.start()]
        for d in self.problem.days:
            states.append(self.step(d, states[-1], value))
        last = states[-1] if self.rests is None else states[-1][self.rests : self.rests + 1]
        total = float(last.max())
        if total < NEG / 2:
            return None
        o, r, e = (int(i) for i in np.unravel_index(int(np.argmax(last)), last.shape))
        end = (o if self.rests is None else self.rests, r, e)
        return total, self.trace(states, end, value)

    def trace(self, states: list[np.ndarray], end: State, value: np.ndarray) -> Pattern:
        """The pattern behind state ``end`` of the last day, walked back day by day."""
        days: list[int] = []
        after = end
        for d in range(self.problem.num_days - 1, -1, -1):
            after, shift = self.back(d, states[d], after, float(states[d + 1][after]), value)
            days.append(shift)
        return tuple(reversed(days))

    def back(
        self, d: DayIdx, before: np.ndarray, after: State, target: float, value: np.ndarray
    ) -> tuple[State, int]:
        """A state at day ``d``'s start that ``step`` takes to ``after`` with ``target``,
        and the shift worked on day ``d`` (or ``NO_SHIFT``)."""
        rests, run, last = after
        _, runs, lasts = before.shape
        tol = 1e-6 * max(1.0, abs(target))

        def match(candidates: list[State], gain: float) -> State | None:
            return next((c for c in candidates if abs(before[c] + gain - target) <= tol), None)

        if run == 0 and last == 0 and (self.may_rest(d) or not self.agent.available(d)):
            counted = self.rests is not None and self.agent.available(d)
            o = rests - 1 if counted else rests
            every = [(o, r, e) for r in range(runs) for e in range(lasts)] if o >= 0 else []
            found = match(every, 0.0)
            if found is not None:
                return found, NO_SHIFT
        run_before = run - 1 if self.limit is not None else run
        if last == 0 and d in self.agent.training_days and run_before >= 0:
            found = match([(rests, run_before, e) for e in range(lasts)], 0.0)
            if found is not None:
                return found, NO_SHIFT
        s = last - 1
        if last > 0 and run_before >= 0 and s in self.shifts_on(d):
            found = match([(rests, run_before, e) for e in self.may_follow[s]], value[d, s])
            if found is not None:
                return found, s
        raise RuntimeError(f"pattern trace lost its way on day {d}")


class Master:
    """The restricted master LP: a convex combination of known patterns per agent.

    A free variable ``works[a, d, s]`` stands for the agent's share of patterns that work
    shift s on day d (one equality each): a new pattern then touches one row per day
    worked instead of every cover row of that day, and the LP is the same (the variable is
    only a name for a sum), so are the cover rows' duals.
    """

    def __init__(
        self,
        problem: Problem,
        rows: Sequence[CoverRow],
        upper: Mapping[tuple[DayIdx, ShiftIdx], float],
    ) -> None:
        lp = pywraplp.Solver.CreateSolver("GLOP")
        if lp is None:
            raise RuntimeError("GLOP is not available")
        # The master changes by a few columns a round: presolving it again each time is
        # wasted, and GLOP's incremental re-solve after presolve can stop ABNORMAL.
        lp.SetSolverSpecificParametersAsString("use_preprocessing: false")
        self.lp, self.rows, self.upper = lp, rows, upper
        short = {key: lp.NumVar(0, ub, "") for key, ub in upper.items()}
        lp.Minimize(sum(short.values()))
        self.links: dict[tuple[AgentIdx, DayIdx, ShiftIdx], Any] = {}
        self.vars: dict[tuple[AgentIdx, DayIdx, ShiftIdx], Any] = {}
        self.cover = []
        self.by_cell: dict[tuple[DayIdx, ShiftIdx], list[int]] = {}
        for i, row in enumerate(rows):
            c = lp.Constraint(row.rhs, lp.infinity())
            c.SetCoefficient(short[row.day, row.shift], 1)
            for a, coef in row.coef.items():
                c.SetCoefficient(self.works(a, row.day, row.shift), coef)
            self.cover.append(c)
            self.by_cell.setdefault((row.day, row.shift), []).append(i)
        self.convexity = [lp.Constraint(1, 1) for _ in problem.agents]
        self.count = lp.Constraint(0, len(problem.agents))
        """The phase count: the agents on ``COUNTED_SHIFT`` in the first half."""
        self.columns: list[set[tuple[Pattern, bool]]] = [set() for _ in problem.agents]
        self.in_count: list[Any] = []
        self.shape = (problem.num_days, len(problem.shifts))

    def works(self, a: AgentIdx, d: DayIdx, s: ShiftIdx) -> Any:
        """The free variable of ``(a, d, s)``; its link row holds the patterns."""
        key = (a, d, s)
        if key not in self.vars:
            var = self.lp.NumVar(-self.lp.infinity(), self.lp.infinity(), "")
            self.links[key] = self.lp.Constraint(0, 0)
            self.links[key].SetCoefficient(var, 1)
            self.vars[key] = var
        return self.vars[key]

    def add(self, a: AgentIdx, pattern: Pattern, in_count: bool) -> bool:
        """Add agent ``a``'s pattern as a column (``in_count``: its phase counts in the
        phase count); False when it is there already."""
        if (pattern, in_count) in self.columns[a]:
            return False
        self.columns[a].add((pattern, in_count))
        var = self.lp.NumVar(0, self.lp.infinity(), "")
        self.convexity[a].SetCoefficient(var, 1)
        if in_count:
            self.count.SetCoefficient(var, 1)
            self.in_count.append(var)
        for d, s in enumerate(pattern):
            if s != NO_SHIFT and (a, d, s) in self.links:
                self.links[a, d, s].SetCoefficient(var, -1)
        return True

    def count_value(self) -> float:
        """The phase count in the LP's solution."""
        return float(sum(var.solution_value() for var in self.in_count))

    def duals(self) -> np.ndarray:
        """The cover rows' duals, clipped at 0 (any non-negative multipliers are valid)."""
        return np.array([max(0.0, c.dual_value()) for c in self.cover])

    def values(self, duals: np.ndarray, num_agents: int) -> list[np.ndarray]:
        """``value_a(d, s)``: what the relaxed rows pay agent ``a`` for shift s on day d."""
        out = [np.zeros(self.shape) for _ in range(num_agents)]
        for i, row in enumerate(self.rows):
            if duals[i] > 0:
                for a, coef in row.coef.items():
                    out[a][row.day, row.shift] += duals[i] * coef
        return out

    def lagrangian(self, duals: np.ndarray) -> float:
        """The multipliers' part of L(y): sum y b plus each shortfall's own term."""
        bound = float(sum(float(duals[i]) * row.rhs for i, row in enumerate(self.rows)))
        for key, ub in self.upper.items():
            bound += ub * min(0.0, 1.0 - sum(float(duals[i]) for i in self.by_cell.get(key, ())))
        return bound


def count_range(problem: Problem, shifts_of: Sequence[Sequence[ShiftIdx]]) -> range:
    """The values the phase count can take: from the agents whose every phase counts to
    the agents with a phase that does."""
    options = [
        {counted(problem, phase) for phase in phase_options(problem, a, shifts_of[a])}
        for a in range(len(problem.agents))
    ]
    return range(sum(o == {True} for o in options), sum(True in o for o in options) + 1)


@dataclass
class CountBound:
    """The bound as a function of the phase count k: the best over the Lagrangian bounds
    seen, each ``constant + mu * k`` (``mu``: the count row's multiplier)."""

    counts: range
    lines: list[tuple[float, float]]

    def at(self) -> np.ndarray:
        k = np.array(self.counts, dtype=float)
        if not self.lines:
            return np.full(len(k), -math.inf)
        best: np.ndarray = np.max([c + mu * k for c, mu in self.lines], axis=0)
        return best

    def weakest(self, near: float) -> tuple[int, float]:
        """The count whose bound is lowest (of those, the nearest to ``near``), and that
        bound: the bound on every roster."""
        values = self.at()
        low = float(values.min())
        ties = [k for k, v in zip(self.counts, values, strict=True) if v <= low + 1e-9]
        return min(ties, key=lambda k: abs(k - near)), low


def pattern_bound(
    problem: Problem,
    rows: Sequence[CoverRow],
    upper: Mapping[tuple[DayIdx, ShiftIdx], float],
    shifts_of: Sequence[Sequence[ShiftIdx]],
    time_limit_s: float,
) -> PatternBound | None:
    """The best Lagrangian bound of the pattern relaxation found in ``time_limit_s``.

    First the plain Dantzig–Wolfe master; then the branching on the phase count: every
    roster has a whole number k of agents on ``COUNTED_SHIFT`` in the first half, and for
    each k, each round's multipliers (mu for the count row) give the valid bound
    ``constant + mu * k``. The count is fixed in turn to the k whose best bound is lowest,
    until that k's master has converged: then no k's bound is lower, and that is the
    bound. ``upper`` bounds each day and shift's shortfall (its total need);
    ``shifts_of[a]`` are the shift types agent ``a`` may work. None when some agent has no
    pattern at all (no roster keeps the rules) or no LP solver is at hand.
    """
    start = time.perf_counter()
    num_agents = len(problem.agents)
    if pywraplp.Solver.CreateSolver("GLOP") is None:
        return None
    master = Master(problem, rows, upper)
    bound = CountBound(counts=count_range(problem, shifts_of), lines=[])
    master.count.SetBounds(bound.counts[0], bound.counts[-1])
    # Start with each agent's busiest patterns (every shift worth 1) and the patterns that
    # follow the need (each cover row worth 1 / capacity), one per phase.
    first = np.ones(len(rows)) / problem.capacity_units
    starts = [np.ones(master.shape), *master.values(first, num_agents)]
    for a in range(num_agents):
        for value in (starts[0], starts[1 + a]):
            found = best_patterns(problem, a, shifts_of[a], value)
            if not found:
                return None
            for _, phase, pattern in found:
                master.add(a, pattern, counted(problem, phase))
    lp = master.lp
    value_lp, rounds, converged = math.inf, 0, False
    fixed: int | None = None
    near: float | None = None
    done: set[int] = set()
    while time.perf_counter() - start < time_limit_s:
        lp.SetTimeLimit(max(1, round(1000 * (time_limit_s - (time.perf_counter() - start)))))
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            break
        rounds += 1
        value_lp = lp.Objective().Value()
        duals = master.duals()
        mu = master.count.dual_value()
        prices = [c.dual_value() for c in master.convexity]
        constant, new = master.lagrangian(duals), 0
        for a, value in enumerate(master.values(duals, num_agents)):
            if time.perf_counter() - start >= time_limit_s:
                constant = -math.inf  # the round did not price every agent: no bound from it
                break
            found = best_patterns(problem, a, shifts_of[a], value)
            if not found:
                return None
            constant -= max(total + mu * counted(problem, phase) for total, phase, _ in found)
            for total, phase, pattern in found:
                in_count = counted(problem, phase)
                if -total - mu * in_count - prices[a] < -REDUCED_COST_TOL:
                    new += master.add(a, pattern, in_count)
        if constant == -math.inf:
            break
        bound.lines.append((constant, mu))
        if not new:
            if fixed is None:
                near = master.count_value()  # the root's count: branch next to it first
            else:
                done.add(fixed)
        if near is None:
            continue  # the root master has not converged yet
        # Work on the count whose bound is weakest; when its master has converged, no
        # count's bound is lower than its LP value: nothing left to raise.
        weakest, _ = bound.weakest(near)
        if weakest in done or len(bound.counts) == 1:
            converged = True
            break
        if weakest != fixed:
            fixed = weakest
            master.count.SetBounds(fixed, fixed)
    return PatternBound(
        bound=max(bound.weakest(0)[1], 0.0),
        master_value=value_lp,
        converged=converged,
        rounds=rounds,
        columns=sum(len(c) for c in master.columns),
        wall_seconds=time.perf_counter() - start,
    )
