"""A proven floor under the shortfall: no roster that keeps the hard rules covers better.

The floor is the largest of three lower bounds (``docs/model.md``, "The shortfall floor"):

1. **Day by day (a max-flow).** On one day each able agent (available, not training)
   gives at most one agent-shift of capacity, only to shifts they may work and shops they
   are qualified for. The day's cover is at most the maximum flow of that network, so the
   day's shortfall is at least its need minus that flow. Summing over days is valid
   because the days' cells are disjoint.
2. **The month (a relaxed integer model).** The rules that decide who works which shift
   on which day (one entry a day, rest-day counts, no rest in a blackout, the longest
   run, the rest between shifts, the half-month rotation), with the cover of each day and
   shift bounded through Hall's condition, minimising the shortfall alone. It drops the
   other rules (shops per agent, primary shop, limits of benchmark instances) and the soft
   terms, so every roster that keeps the hard rules is one of its solutions and its
   optimum is at most that roster's shortfall. The MIP solver's proven (dual) bound counts
   when the time runs out: it is below the optimum.
3. **Agent patterns (a Lagrangian bound).** The same rules and cover rows, with each
   agent's month one pattern of a dynamic programme and the cover rows priced
   (``solver.floor_patterns``): its bound is at least the month model's LP bound, and
   valid at every pricing round.

Both count need units without ``under_weight``: the shortfall the roster reports.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any

from ortools.graph.python import max_flow
from ortools.linear_solver import pywraplp

from solver.floor_patterns import CoverRow, pattern_bound
from solver.problem import Rotation

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from solver.problem import AgentIdx, DayIdx, Problem, ShiftIdx, ShopIdx

Cell = tuple["DayIdx", "ShiftIdx", "ShopIdx"]
Var = Any  # a pywraplp variable

MAX_HALL_SHOPS = 8
"""Up to this many shops in a day and shift, every subset of them gets a Hall cut."""
MAX_PAIR_SHOPS = 16
"""Up to this many, each pair of shops gets one too (beyond, the cuts would outgrow the rest
of the model: 60 shops make 1770 pairs per day and shift)."""
PATTERN_SHARE = 0.9
"""The share of the floor's time the pattern bound may take; the month model gets the rest
(more when the pattern bound converges sooner)."""
PATTERN_MAX_AGENTS = 30
"""From this many agents on, the pattern bound is skipped: its master LP does not converge
in a few seconds (the large example, 120 agents: one round in 15 s) and a bound from an
unconverged round is weak, while the day-by-day bound decides there anyway."""


@dataclass(frozen=True, kw_only=True)
class Floor:
    """A proven lower bound on the shortfall of any roster that keeps every hard rule.

    ``units`` is in the problem's capacity units. ``proven_optimal`` says the month model
    was solved to optimality (the bound cannot rise further with this relaxation).
    ``by_day`` holds each day's own bound from the max-flow, and ``short_cells`` the
    cells one maximum flow leaves short on those days, with the units left short.
    """

    units: int
    proven_optimal: bool
    wall_seconds: float
    day_units: int
    """The day-by-day bound alone (the sum of ``by_day``)."""
    month_units: int
    """The month model's proven bound alone."""
    pattern_units: int = 0
    """The agent-pattern (Lagrangian) bound alone."""
    by_day: Mapping[DayIdx, int] = field(default_factory=dict)
    short_cells: Mapping[Cell, int] = field(default_factory=dict)


def shift_types(problem: Problem, a: AgentIdx) -> list[ShiftIdx]:
    """Shift types agent ``a`` may work at all (not ruled out by a limit of 0)."""
    agent = problem.agents[a]
    return [
        s
        for s in problem.agent_shifts(agent)
        if agent.max_shifts is None or agent.max_shifts[s] != 0
    ]


def able_agents(problem: Problem, d: DayIdx) -> list[AgentIdx]:
    """Agents who can work a shift on day ``d``: available, not training."""
    return [
        a
        for a, agent in enumerate(problem.agents)
        if agent.available(d) and d not in agent.training_days and shift_types(problem, a)
    ]


def day_needs(problem: Problem) -> dict[tuple[DayIdx, ShiftIdx], dict[ShopIdx, int]]:
    """The positive needs, by day and shift, then shop."""
    needs: dict[tuple[DayIdx, ShiftIdx], dict[ShopIdx, int]] = defaultdict(dict)
    for need in problem.needs:
        if need.units > 0:
            needs[need.day, need.shift][need.shop] = need.units
    return needs


def day_floor(problem: Problem, d: DayIdx) -> tuple[int, dict[Cell, int]]:
    """The least shortfall day ``d`` can have, from a max-flow of its able agents to its
    needs; and, for one maximum flow, the units it leaves short per cell."""
    needs = {(n.shift, n.shop): n.units for n in problem.needs if n.day == d and n.units > 0}
    if not needs:
        return 0, {}
    flow = max_flow.SimpleMaxFlow()
    source, sink = 0, 1
    cell_node = {key: 2 + i for i, key in enumerate(needs)}
    cap = problem.capacity_units
    for i, a in enumerate(able_agents(problem, d)):
        node = 2 + len(needs) + i
        # One agent-shift a day, however it is split: the arc from the source carries it.
        flow.add_arc_with_capacity(source, node, cap)
        for s in shift_types(problem, a):
            for p in problem.agents[a].shops:
                if (s, p) in cell_node:
                    flow.add_arc_with_capacity(node, cell_node[s, p], cap)
    arcs = {
        key: flow.add_arc_with_capacity(cell_node[key], sink, units) for key, units in needs.items()
    }
    if flow.solve(source, sink) != flow.OPTIMAL:
        raise RuntimeError(f"max flow on day {d} did not solve")
    short = {
        (d, s, p): needs[s, p] - flow.flow(arc)
        for (s, p), arc in arcs.items()
        if flow.flow(arc) < needs[s, p]
    }
    return sum(needs.values()) - flow.optimal_flow(), short


def shop_subsets(shops: Sequence[ShopIdx]) -> list[tuple[ShopIdx, ...]]:
    """The shop sets that get a Hall cut: every non-empty subset for a few shops, else each
    shop alone, each pair (up to ``MAX_PAIR_SHOPS``) and all of them (any family of these
    cuts is valid)."""
    if len(shops) <= MAX_HALL_SHOPS:
        return [c for k in range(1, len(shops) + 1) for c in combinations(shops, k)]
    pairs = list(combinations(shops, 2)) if len(shops) <= MAX_PAIR_SHOPS else []
    return [(p,) for p in shops] + pairs + [tuple(shops)]


def cover_rows(problem: Problem) -> list[CoverRow]:
    """The cover of each day and shift, bounded through Hall's condition per shop set.

    With shares free among qualified shops, the least shortfall of a day and shift is the
    largest over shop sets T of need(T) - capacity x (agents on that shift qualified for a
    shop in T) (max-flow min-cut). Agents come whole, so with k = ceil(need(T) / capacity)
    and r = need(T) - capacity (k - 1) the shortfall is also at least r (k - agents) (a
    mixed-integer rounding cut). Each row reads ``short + sum coef x works >= rhs``.
    """
    cap = problem.capacity_units
    rows = []
    for (d, s), by_shop in sorted(day_needs(problem).items()):
        for subset in shop_subsets(sorted(by_shop)):
            wanted = set(subset)
            agents = [
                a for a, agent in enumerate(problem.agents) if wanted.intersection(agent.shops)
            ]
            need = sum(by_shop[p] for p in subset)
            rows.append(CoverRow(day=d, shift=s, coef=dict.fromkeys(agents, cap), rhs=need))
            k = -(-need // cap)
            r = need - cap * (k - 1)
            if r < cap:
                rows.append(CoverRow(day=d, shift=s, coef=dict.fromkeys(agents, r), rhs=r * k))
    return rows


class MonthModel:
    """The relaxed integer model of the month (see the module docstring)."""

    def __init__(self, problem: Problem, mip: pywraplp.Solver) -> None:
        self.problem = problem
        self.mip = mip
        self.works: dict[tuple[AgentIdx, DayIdx, ShiftIdx], Var] = {}
        self.duty: dict[tuple[AgentIdx, DayIdx], list[Var]] = defaultdict(list)
        self.phases: dict[tuple[int, ShiftIdx], list[Var]] = defaultdict(list)
        for a in range(len(problem.agents)):
            self._agent(a)
        self._phase_counts()
        mip.Minimize(sum(self._cover()))

    def _phase_counts(self) -> None:
        """The agents on each shift type in each half, as one integer per half and shift.

        A sum of binaries is whole in every solution, so the integer loses nothing; it
        gives the branch and bound a variable to branch on that the agents' symmetric
        phases do not (on the demo team SCIP's bound at 10 s rises from 19.5 to 21.3
        agent-shifts, docs/experiments/2026-12-06-floor-structural.md).
        """
        for (h, s), phases in sorted(self.phases.items()):
            count = self.mip.IntVar(0, len(phases), f"phase_count[{h},{s}]")
            self.mip.Add(count == sum(phases))

    def _agent(self, a: AgentIdx) -> None:
        problem, mip, agent = self.problem, self.mip, self.problem.agents[a]
        shifts = shift_types(problem, a)
        phase = self._rotation(a, shifts)
        offs = []
        for d in problem.days:
            if not agent.available(d):
                continue
            off = mip.BoolVar(f"off[{a},{d}]")
            offs.append(off)
            if d in problem.rules.blackout_days:
                mip.Add(off == 0)
            if d in agent.training_days:
                # Training or rest; training covers no need, so it needs no integrality.
                train = mip.NumVar(0, 1, f"training[{a},{d}]")
                mip.Add(off + train == 1)
                self.duty[a, d].append(train)
                continue
            lits = []
            for s in shifts:
                works = mip.BoolVar(f"works[{a},{d},{s}]")
                self.works[a, d, s] = works
                lits.append(works)
                if phase:
                    mip.Add(works <= phase[problem.half_of(d), s])
            mip.Add(off + sum(lits) == 1)
            self.duty[a, d] += lits
        if agent.rest_days is not None:
            mip.Add(sum(offs) == agent.rest_days)
        self._longest_run(a)
        self._rest_between_shifts(a)

    def _rotation(self, a: AgentIdx, shifts: list[ShiftIdx]) -> dict[tuple[int, ShiftIdx], Var]:
        """half_month_rotation: one shift type per half, a different one in each half."""
        problem, mip = self.problem, self.mip
        if problem.rules.rotation != Rotation.HALF_MONTH:
            return {}
        phase = {(h, s): mip.BoolVar(f"phase[{a},{h},{s}]") for h in (0, 1) for s in shifts}
        for (h, s), var in phase.items():
            self.phases[h, s].append(var)
        for h in (0, 1):
            mip.Add(sum(phase[h, s] for s in shifts) == 1)
        if len(shifts) >= 2:
            for s in shifts:
                mip.Add(phase[0, s] + phase[1, s] <= 1)
            previous = problem.agents[a].history.rotation_shift
            if previous is not None and previous in shifts:
                mip.Add(phase[0, previous] == 0)
        return phase

    def _longest_run(self, a: AgentIdx) -> None:
        """max_consecutive_workdays, with the days worked before day 0."""
        agent, n = self.problem.agents[a], self.problem.num_days
        limit = agent.max_consecutive_workdays
        if limit is None:
            return
        before = min(agent.history.trailing_workdays, limit)
        for start in range(-before, n - limit):
            worked_before = max(0, -start)
            lits = [v for d in range(max(start, 0), start + limit + 1) for v in self.duty[a, d]]
            if len(lits) + worked_before > limit:
                self.mip.Add(sum(lits) <= limit - worked_before)

    def _rest_between_shifts(self, a: AgentIdx) -> None:
        """min_rest_between_shifts, with the shift worked the day before day 0."""
        works, last = self.works, self.problem.agents[a].history.last_shift
        for s, t in sorted(self.problem.rules.forbidden_successions):
            if last == s and (a, 0, t) in works:
                self.mip.Add(works[a, 0, t] == 0)
            for d in range(self.problem.num_days - 1):
                if (a, d, s) in works and (a, d + 1, t) in works:
                    self.mip.Add(works[a, d, s] + works[a, d + 1, t] <= 1)

    def _cover(self) -> list[Var]:
        """One shortfall per day and shift, bounded below by its ``cover_rows``."""
        problem, mip = self.problem, self.mip
        shorts = {
            key: mip.NumVar(0, sum(by_shop.values()), f"short[{key[0]},{key[1]}]")
            for key, by_shop in sorted(day_needs(problem).items())
        }
        for row in cover_rows(problem):
            d, s = row.day, row.shift
            cut = mip.Constraint(row.rhs, mip.infinity())
            cut.SetCoefficient(shorts[d, s], 1)
            for a, coef in row.coef.items():
                if (a, d, s) in self.works:
                    cut.SetCoefficient(self.works[a, d, s], coef)
        return list(shorts.values())


def month_floor(problem: Problem, time_limit_s: float) -> tuple[int, bool]:
    """The month model's proven bound (in need units), and whether it was solved to
    optimality. 0 when there is no need, no time, or no MIP solver."""
    if time_limit_s <= 0 or not day_needs(problem):
        return 0, False
    mip = pywraplp.Solver.CreateSolver("SCIP")
    if mip is None:
        return 0, False
    start = time.perf_counter()
    MonthModel(problem, mip)
    left_s = time_limit_s - (time.perf_counter() - start)
    if left_s <= 0:
        return 0, False
    mip.SetNumThreads(1)
    mip.SetTimeLimit(max(1, round(1000 * left_s)))
    status = mip.Solve()
    if status == pywraplp.Solver.INFEASIBLE:
        return 0, False  # no roster at all keeps these rules: nothing to bound
    if status not in (
        pywraplp.Solver.OPTIMAL,
        pywraplp.Solver.FEASIBLE,
        pywraplp.Solver.NOT_SOLVED,
    ):
        return 0, False
    bound = mip.Objective().BestBound()
    if not math.isfinite(bound):
        return 0, False
    # Every roster's shortfall is a whole number of units, so a fractional bound rounds up.
    return max(0, math.ceil(bound - 1e-6)), status == pywraplp.Solver.OPTIMAL


def pattern_floor(problem: Problem, time_limit_s: float) -> tuple[int, bool]:
    """The agent-pattern bound (in need units), and whether its column generation
    converged. 0 when there is no need, no time, too many agents (``PATTERN_MAX_AGENTS``),
    or no roster keeps the rules."""
    if time_limit_s <= 0 or not day_needs(problem) or len(problem.agents) >= PATTERN_MAX_AGENTS:
        return 0, False
    upper = {key: sum(by_shop.values()) for key, by_shop in day_needs(problem).items()}
    shifts_of = [shift_types(problem, a) for a in range(len(problem.agents))]
    found = pattern_bound(problem, cover_rows(problem), upper, shifts_of, time_limit_s)
    if found is None:
        return 0, False
    # Every roster's shortfall is a whole number of units, so a fractional bound rounds up.
    return max(0, math.ceil(found.bound - 1e-6)), found.converged


def shortfall_floor(problem: Problem, *, time_limit_s: float) -> Floor:
    """A proven lower bound on the (unweighted) shortfall of any roster of ``problem``.

    Parameters
    ----------
    problem
        The rostering problem.
    time_limit_s
        Wall-clock limit for building and solving the month model; the bound it has
        proved by then counts.

    Returns
    -------
    Floor
        The bound, whether the month model was solved to optimality, and the days whose
        own bound is positive.
    """
    start = time.perf_counter()
    by_day: dict[DayIdx, int] = {}
    short_cells: dict[Cell, int] = {}
    for d in problem.days:
        units, short = day_floor(problem, d)
        if units:
            by_day[d] = units
            short_cells |= short
    day_units = sum(by_day.values())
    pattern_units, _ = pattern_floor(problem, PATTERN_SHARE * time_limit_s)
    left_s = time_limit_s - (time.perf_counter() - start)
    month_units, optimal = month_floor(problem, left_s)
    return Floor(
        units=max(day_units, month_units, pattern_units),
        proven_optimal=optimal and month_units >= max(day_units, pattern_units),
        wall_seconds=time.perf_counter() - start,
        day_units=day_units,
        month_units=month_units,
        pattern_units=pattern_units,
        by_day=by_day,
        short_cells=short_cells,
    )
