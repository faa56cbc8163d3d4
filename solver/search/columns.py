"""Column generation over whole agent rosters: a strong bound and a good first roster.

Every hard rule constrains one agent and every soft term but cover is one agent's own
(see ``solver.search.blocks``). So the problem is: choose one roster (a *column*) per agent so that
the agents' own costs plus the cover terms are smallest. The restricted master LP (GLOP)
over the columns found so far prices cover by its duals; each agent's own CP-SAT model
then finds the roster of least reduced cost (the *pricing*; for the rounds that must
prove it, a day-by-day search where the agent's rules allow, ``solver.search.run_pricing``).
When no agent has a column of negative reduced cost, the LP value is a lower bound on
every roster's objective (the Lagrangian bound gives one at every round). The master
with integer choices over the columns found (SCIP) gives a roster.

Where every agent has the day-by-day search, every round prices exactly, at duals smoothed
towards those of the best bound so far (``solver.search.stabilization``): instance 12
converged in 38 rounds, about 20 s, where quick CP-SAT rounds took 40-57 s.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.build import build_model
from solver.cpsat import cp_solver
from solver.evaluate import evaluate, objective_of
from solver.objective import add_objective
from solver.readout import day_entry, served_shops
from solver.result import DayEntry, DayKind, Plan
from solver.search import run_pricing
from solver.search.alone import AgentInfeasible, agent_problem, own_roster
from solver.search.run_pricing import RunPricer
from solver.search.stabilization import dual_box, lagrangian_bound, smooth

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from solver.problem import AgentIdx, DayIdx, Problem, ShiftIdx, ShopIdx
    from solver.variables import LinearExpr

    # One agent's month and the shops it serves, primary first.
    StartRow = tuple[Sequence[DayEntry], tuple[ShopIdx, ...]]

CoverKey = tuple["DayIdx", "ShiftIdx", "ShopIdx"]

# Duals are floats; pricing objectives are integers scaled by this much.
DUAL_SCALE = 10_000
# A column enters when its reduced cost is below -EPSILON.
EPSILON = 1e-6
# The most time one pricing solve may take; its proven bound still counts when cut off.
PRICING_S = 10.0
# Rounds price quickly (a good column is enough: more rounds beat better columns); a round
# that finds no column is repeated with PRICING_S, so that convergence is proven.
# Instances 9 and 10 converged in 20 and 23 s with 0.05 s, 23 and 31 s with 0.15 s.
QUICK_PRICING_S = 0.05
# An agent with no first roster gets any month its rules allow (``own_roster``), searched
# for 2, 8, 32, 128 s before giving up.
FIRST_ROSTER_S = 2.0
MAX_FIRST_ROSTER_S = 128.0
# Each pricing solve offers its last few solutions as columns.
COLUMNS_PER_PRICING = 3
# Where every agent is priced by the day-by-day search, every round is exact and so gives
# a Lagrangian bound; those rounds price at duals smoothed towards the duals of the best
# bound so far (Wentges): this much of those, the rest the LP's own.
SMOOTHING = 0.5


@dataclass(frozen=True)
class Column:
    """One agent's whole roster, its own cost, and the cover units it gives."""

    days: tuple[DayEntry, ...]
    shops: tuple[ShopIdx, ...]
    cost: int
    cover: tuple[tuple[CoverKey, int], ...]


class Pricer:
    """One agent's own model: its hard rules and own soft terms, minus the cover duals."""

    def __init__(self, problem: Problem, a: AgentIdx) -> None:
        self.alone = agent_problem(problem, a)
        self.b = build_model(self.alone)
        terms = add_objective(self.b)  # without needs, only the agent's own terms remain
        weights = self.alone.weights
        self.own: LinearExpr = sum(getattr(weights, t.weight_name) * t.expr for t in terms)
        self.cover: dict[CoverKey, LinearExpr] = {}
        for _, d, s, p in self.b.x.share_keys():
            share = self.b.x.share(0, d, s, p)
            if share is not None:
                self.cover[d, s, p] = share
        # Rounding each dual to 1/DUAL_SCALE moves a column's reduced cost by at most this.
        most_units = problem.num_days * problem.capacity_units
        self.rounding = 0.5 * most_units / DUAL_SCALE

    def price(
        self, duals: dict[CoverKey, float], time_limit_s: float, seed: int
    ) -> tuple[list[Column], float, bool]:
        """Rosters of small ``own cost - duals · cover`` (the best last), a lower bound on
        that value, and whether the best is proven optimal.

        The list is empty when no roster was found in time; the bound is -inf unless
        CP-SAT proved one.
        """
        model = self.b.model
        objective: list[LinearExpr] = [DUAL_SCALE * self.own]
        for key, share in self.cover.items():
            if price := round(DUAL_SCALE * duals.get(key, 0.0)):
                objective.append(-price * share)
        model.minimize(sum(objective))
        solver = cp_solver(time_limit_s, 1, seed)
        found = _Columns(self)
        code = solver.solve(model, found)
        if code == cp_model.INFEASIBLE:
            raise AgentInfeasible(self.alone.agents[0].name)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return found.columns, -math.inf, False  # no bound is reported without a solution
        bound = solver.best_objective_bound / DUAL_SCALE - self.rounding
        return found.columns, bound, code == cp_model.OPTIMAL

    def column(self, value: Callable[[LinearExpr], int]) -> Column:
        """The column of the solution whose values ``value`` gives."""
        row = [day_entry(self.b, 0, d, value) for d in self.alone.days]
        return make_column(self.alone, row, served_shops(self.b, 0, value, row))


class RunsPricer:
    """One agent's exact pricing by the day-by-day search (``solver.search.run_pricing``), with
    CP-SAT's pricing of the same agent to fall back on (instance 18: 0.02-0.08 s per agent
    against 2-30 s for CP-SAT on one worker, same values)."""

    def __init__(self, alone: Problem, cp_sat: Pricer) -> None:
        self.alone = alone
        self.search = RunPricer(alone)
        self.cp_sat = cp_sat
        self.too_large = False

    def price(
        self, duals: dict[CoverKey, float], time_limit_s: float, seed: int
    ) -> tuple[list[Column], float, bool]:
        """As ``Pricer.price``; the answer is proven unless the limits of many shift types
        bind at once: then CP-SAT prices this agent from now on."""
        if not self.too_large:
            try:
                row, value = self.search.price(duals)
            except run_pricing.TooLarge:
                self.too_large = True
        if self.too_large:
            return self.cp_sat.price(duals, time_limit_s, seed)
        column = make_column(self.alone, row, self.alone.agents[0].shops)
        # The search adds floats in another order than ``_reduced``: allow for rounding.
        return [column], value - EPSILON, True


def exact_pricer(pricer: Pricer) -> Pricer | RunsPricer:
    """The day-by-day search where it applies, else ``pricer`` (CP-SAT) itself."""
    if run_pricing.applies(pricer.alone):
        return RunsPricer(pricer.alone, pricer)
    return pricer


class _Columns(cp_model.CpSolverSolutionCallback):
    """Keeps the last few solutions of a pricing solve as columns (each better than before)."""

    def __init__(self, pricer: Pricer) -> None:
        super().__init__()
        self._pricer = pricer
        self.columns: list[Column] = []

    def on_solution_callback(self) -> None:
        self.columns.append(self._pricer.column(self.value))
        del self.columns[:-COLUMNS_PER_PRICING]


def make_column(alone: Problem, days: Sequence[DayEntry], shops: tuple[ShopIdx, ...]) -> Column:
    """A column from one agent's row; ``alone`` is that agent's ``agent_problem``."""
    plan = Plan(days=(tuple(days),), shops=(shops,))
    cover: dict[CoverKey, int] = defaultdict(int)
    for d, entry in enumerate(days):
        if entry.kind == DayKind.SHIFT and entry.shift is not None:
            for p, units in entry.shares:
                cover[d, entry.shift, p] += units
    return Column(
        days=tuple(days),
        shops=shops,
        cost=objective_of(alone, evaluate(alone, plan)),
        cover=tuple(sorted(cover.items())),
    )


@dataclass
class Master:
    """The columns found so far, per agent, and the restricted master over them."""

    problem: Problem
    columns: list[list[Column]]
    seen: list[set[tuple[tuple[DayEntry, ...], tuple[ShopIdx, ...]]]] = field(init=False)
    lp_picks: list[int] = field(init=False)
    lp_support: list[list[tuple[int, float]]] = field(init=False)
    # The master LP, kept between solves: only new columns are added, and GLOP starts from
    # its last basis (instance 12, 2,000 columns: 0.5 s a solve from scratch).
    _lp: (
        tuple[
            pywraplp.Solver,
            dict[CoverKey, pywraplp.Constraint],
            list[pywraplp.Constraint],
            list[list[Any]],
        ]
        | None
    ) = field(init=False, default=None)

    def __post_init__(self) -> None:
        self.lp_picks = [0] * len(self.columns)
        self.lp_support = [[(0, 1.0)] for _ in self.columns]
        self.seen = [{(c.days, c.shops) for c in cols} for cols in self.columns]

    def add(self, a: AgentIdx, column: Column) -> bool:
        key = (column.days, column.shops)
        if key in self.seen[a]:
            return False
        self.seen[a].add(key)
        self.columns[a].append(column)
        return True

    def _need_costs(self) -> list[tuple[CoverKey, int, int, int]]:
        """(key, units, under cost, over cost) of every need the objective counts."""
        w = self.problem.weights
        return [
            (
                (n.day, n.shift, n.shop),
                n.units,
                w.shortfall * n.under_weight,
                w.overcover * n.over_weight,
            )
            for n in self.problem.needs
            if n.under_weight or n.over_weight
        ]

    def _build(
        self, lp: pywraplp.Solver, integer: bool
    ) -> tuple[dict[CoverKey, pywraplp.Constraint], list[pywraplp.Constraint], list[list[Any]]]:
        """The master in ``lp``: cover rows, one row per agent, a weight per column."""
        objective = lp.Objective()
        rows = {}
        for key, units, under, over in self._need_costs():
            row = lp.Constraint(units, units)
            if under:
                short = lp.NumVar(0, lp.infinity(), "")
                row.SetCoefficient(short, 1)
                objective.SetCoefficient(short, under)
            if over:
                extra = lp.NumVar(0, lp.infinity(), "")
                row.SetCoefficient(extra, -1)
                objective.SetCoefficient(extra, over)
            if not under:
                row.SetLb(-lp.infinity())  # nothing wanted: only the excess costs
            if not over:
                row.SetUb(lp.infinity())  # spare cover is free
            rows[key] = row
        agent_rows = [lp.Constraint(1, 1) for _ in self.columns]
        weights: list[list[Any]] = [[] for _ in self.columns]
        _add_weights(lp, rows, agent_rows, weights, self.columns, integer)
        objective.SetMinimization()
        return rows, agent_rows, weights

    def solve_lp(self) -> tuple[float, dict[CoverKey, float], list[float]]:
        """The master LP's value, the dual of each cover row and of each agent's row.

        Also keeps, per agent, the column the LP weighs most (``self.lp_picks``) and the
        columns it uses with their weights (``self.lp_support``).
        """
        if self._lp is None:
            lp = pywraplp.Solver.CreateSolver("GLOP")
            self._lp = (lp, *self._build(lp, integer=False))
        else:
            _add_weights(*self._lp, self.columns, integer=False)
        lp, rows, agent_rows, weights = self._lp
        if lp.Solve() != pywraplp.Solver.OPTIMAL:
            raise RuntimeError("master LP not solved to optimality")
        self.lp_picks = [_heaviest(ws) for ws in weights]
        self.lp_support = [
            [(j, v) for j, w in enumerate(ws) if (v := w.solution_value()) > 1e-6] for ws in weights
        ]
        duals = {key: row.dual_value() for key, row in rows.items()}
        return lp.Objective().Value(), duals, [row.dual_value() for row in agent_rows]

    def solve_ip(self, time_limit_s: float, hint: Sequence[int]) -> list[int] | None:
        """One column per agent, the best SCIP finds in the time limit (None without SCIP
        or without a solution). A MIP solver, because CP-SAT's LP on this master stays far
        below the master LP (instance 5: 53 against 1141) and so does its search."""
        mip = pywraplp.Solver.CreateSolver("SCIP")
        if mip is None:
            return None
        _, _, weights = self._build(mip, integer=True)
        chosen = [ws[j] for ws, j in zip(weights, hint, strict=True)]
        others = [
            w for ws, j in zip(weights, hint, strict=True) for k, w in enumerate(ws) if k != j
        ]
        mip.SetHint(chosen + others, [1.0] * len(chosen) + [0.0] * len(others))
        mip.SetNumThreads(1)
        mip.SetTimeLimit(max(1, round(1000 * time_limit_s)))
        if mip.Solve() not in (pywraplp.Solver.OPTIMAL, pywraplp.Solver.FEASIBLE):
            return None
        return [next(j for j, w in enumerate(ws) if w.solution_value() > 0.5) for ws in weights]

    def plan(self, picks: Sequence[int]) -> Plan:
        chosen = [self.columns[a][j] for a, j in enumerate(picks)]
        return Plan(days=tuple(c.days for c in chosen), shops=tuple(c.shops for c in chosen))


def _add_weights(
    lp: pywraplp.Solver,
    rows: dict[CoverKey, pywraplp.Constraint],
    agent_rows: list[pywraplp.Constraint],
    weights: list[list[Any]],
    columns: list[list[Column]],
    integer: bool,
) -> None:
    """A weight in ``lp`` for each column not weighed yet (``weights[a]`` follows
    ``columns[a]``)."""
    objective = lp.Objective()
    for one, weighed, agent_columns in zip(agent_rows, weights, columns, strict=True):
        for column in agent_columns[len(weighed) :]:
            choose = lp.BoolVar("") if integer else lp.NumVar(0, lp.infinity(), "")
            weighed.append(choose)
            one.SetCoefficient(choose, 1)
            objective.SetCoefficient(choose, column.cost)
            for key, units in column.cover:
                if key in rows:
                    rows[key].SetCoefficient(choose, units)


def _heaviest(weights: list[pywraplp.Variable]) -> int:
    values = [w.solution_value() for w in weights]
    return values.index(max(values))


def columns_of(problem: Problem, plan: Plan) -> list[Column]:
    """Each agent's row of ``plan`` as a column."""
    return [
        make_column(agent_problem(problem, a), plan.days[a], plan.shops[a])
        for a in range(len(problem.agents))
    ]


class ColumnGeneration:
    """Pricers for every agent, the master over their columns, and the best bound so far.

    ``start`` (a roster, e.g. built agent by agent, possibly partial: None rows) gives
    each agent a first column; an agent without one starts from any month its own rules
    allow (``alone.own_roster``), searched with ever longer limits until ``deadline``.
    Each agent's pricing model is built when the first round needs it.

    Raises
    ------
    AgentInfeasible
        If some agent's own hard rules cannot hold.
    """

    def __init__(
        self,
        problem: Problem,
        start: Plan | Sequence[StartRow | None] | None,
        num_workers: int,
        seed: int,
        deadline: float = math.inf,
    ) -> None:
        self.problem = problem
        self.deadline = deadline
        self.seed = seed
        self._pricers: list[Pricer] | None = None
        self._exact_pricers: list[Pricer | RunsPricer] | None = None
        self.units = {(n.day, n.shift, n.shop): n.units for n in problem.needs}
        self.pool = ThreadPoolExecutor(max_workers=max(1, num_workers))
        try:
            first = self._first_columns(start)
        except BaseException:
            self.pool.shutdown(wait=False, cancel_futures=True)
            raise
        self.master = Master(problem, [[c] for c in first])
        self.best = -math.inf  # the best Lagrangian bound so far
        self.rounds = 0
        self.converged = False

        self._limit = QUICK_PRICING_S
        self._searched_only = False
        # Stabilized rounds: the duals of the best Lagrangian bound so far (None until one).
        self._box = dual_box(self.master._need_costs())
        self._wanted = {key: self.units[key] for key in self._box}
        self.centre: dict[CoverKey, float] | None = None

    def _first_columns(self, start: Plan | Sequence[StartRow | None] | None) -> list[Column]:
        problem = self.problem
        if isinstance(start, Plan):
            return columns_of(problem, start)
        rows = list(start) if start is not None else [None] * len(problem.agents)
        first: list[Column | None] = [
            make_column(agent_problem(problem, a), row[0], row[1]) if row is not None else None
            for a, row in enumerate(rows)
        ]
        limit = FIRST_ROSTER_S
        while missing := [a for a, column in enumerate(first) if column is None]:
            if limit > MAX_FIRST_ROSTER_S:
                raise TimeoutError(f"no first roster for {len(missing)} agents")
            if time.monotonic() >= self.deadline:
                raise TimeoutError(f"no first roster for {len(missing)} agents in time")

            def one(a: AgentIdx, limit_s: float = limit) -> Column | None:
                left = min(limit_s, self.deadline - time.monotonic())
                found = own_roster(problem, a, left, self.seed) if left > 0 else None
                return make_column(agent_problem(problem, a), *found) if found else None

            for a, column in zip(missing, self.pool.map(one, missing), strict=True):
                first[a] = column
            limit *= 4
        return [column for column in first if column is not None]

    @property
    def pricers(self) -> list[Pricer]:
        """CP-SAT's pricing of each agent: quick rounds, several columns per solve."""
        if self._pricers is None:
            self._pricers = [Pricer(self.problem, a) for a in range(len(self.problem.agents))]
        return self._pricers

    @property
    def exact_pricers(self) -> list[Pricer | RunsPricer]:
        """Each agent's pricing for the rounds that must prove: the day-by-day search where
        it applies. Every round when every agent has it (``stabilized``); otherwise only
        for the rounds that must prove, since CP-SAT's quick solves, three columns each,
        converged faster than the day-by-day search at the LP's own duals, one at a time
        (instance 9: 8 s against 31 s, before the search moved whole layers)."""
        if self._exact_pricers is None:
            self._exact_pricers = [exact_pricer(pricer) for pricer in self.pricers]
        return self._exact_pricers

    @property
    def bound(self) -> int | None:
        """A proven lower bound on every roster's objective (the objective is an integer)."""
        return math.ceil(self.best - 1e-6) if math.isfinite(self.best) else None

    def run(
        self,
        deadline: float,
        should_stop: Callable[[], bool] | None = None,
        bound_by: float = math.inf,
    ) -> None:
        """Price and re-solve the master LP until the bound is proven or ``deadline``; from
        ``bound_by`` on, only while the rounds have proven a bound above zero, unless they
        are stabilized: those prove a bound every round, a few tenths of a second each on
        instance 12, and whether it passes zero by ``bound_by`` was a matter of timing."""
        while not self.converged and time.monotonic() < deadline:
            if should_stop is not None and should_stop():
                return
            gated = not self.best > 0 and not self.stabilized
            if time.monotonic() >= bound_by and gated:
                break  # quick pricing proves nothing here: the time is worth more elsewhere
            # Until a bound is proven, a round ends at ``bound_by`` too: one round of exact
            # pricing on instance 18 ran from before it to 31% of the time limit.
            self._round(min(deadline, bound_by) if gated else deadline)
        if not self.converged:
            self.master.solve_lp()  # leave the LP solution of all columns found

    @property
    def stabilized(self) -> bool:
        """Whether every round prices every agent exactly, at smoothed duals."""
        return SMOOTHING > 0 and all(isinstance(p, RunsPricer) for p in self.exact_pricers)

    def _round(self, deadline: float) -> None:
        value, duals, agent_duals = self.master.solve_lp()
        if math.isfinite(self.best) and math.ceil(self.best - 1e-6) >= math.ceil(value - 1e-6):
            self.converged = True  # no column can raise the integer bound any more
            return
        self.rounds += 1
        if self.stabilized:
            self._stabilized_round(value, duals, agent_duals, deadline)
            return
        priced = _price_all(
            self.pool,
            self.exact_pricers if self._limit == PRICING_S else self.pricers,
            duals,
            deadline,
            self.seed + self.rounds,
            self._limit,
        )
        if time.monotonic() >= deadline and any(not c for c, _, _ in priced):
            return  # cut off mid-round
        # The LP value plus each agent's least reduced cost (proven) is a Lagrangian bound.
        lagrangian = value + sum(
            min(0.0, low - agent_duals[a]) for a, (_, low, _) in enumerate(priced)
        )
        self.best = max(self.best, lagrangian)
        if self._add_negative(priced, duals, agent_duals):
            self._limit = PRICING_S if self._searched_only else QUICK_PRICING_S
        elif all(exact for _, _, exact in priced):
            self.converged = True  # exact pricing at the LP's duals: the LP is optimal
            self.best = max(self.best, value)
        else:
            self._limit = PRICING_S  # price exactly at the LP's own duals next round
            # Once quick solves miss the columns, they mostly go on missing them (instance
            # 18: from round 18 on); where every agent has the day-by-day search, it
            # prices every later round (18 converged in 96 s so, not in 200 s alternating).
            self._searched_only = all(isinstance(p, RunsPricer) for p in self.exact_pricers)

    def _stabilized_round(
        self,
        value: float,
        duals: dict[CoverKey, float],
        agent_duals: list[float],
        deadline: float,
    ) -> None:
        """Price every agent exactly at the smoothed duals; where that gives no column
        negative at the LP's own duals (a mispricing), at the LP's duals."""
        points = (
            [duals]
            if self.centre is None
            else [smooth(self.centre, duals, SMOOTHING, self._box), duals]
        )
        for at in points:
            priced = _price_all(
                self.pool, self.exact_pricers, at, deadline, self.seed + self.rounds, PRICING_S
            )
            if time.monotonic() >= deadline and any(not c for c, _, _ in priced):
                return  # cut off mid-round
            exact = all(proven for _, _, proven in priced)
            if exact:
                bound = lagrangian_bound(self._wanted, at, [low for _, low, _ in priced])
                if bound > self.best:
                    self.best, self.centre = bound, at
            if self._add_negative(priced, duals, agent_duals):
                return
        if exact:
            self.converged = True  # exact pricing at the LP's duals: the LP is optimal
            self.best = max(self.best, value)

    def _add_negative(
        self,
        priced: list[tuple[list[Column], float, bool]],
        duals: dict[CoverKey, float],
        agent_duals: list[float],
    ) -> int:
        """Add to the master the priced columns whose reduced cost at the LP's own duals is
        negative; how many were new."""
        added = 0
        for a, (columns, _, _) in enumerate(priced):
            for column in columns:
                if _reduced(column, duals) - agent_duals[a] < -EPSILON:
                    added += self.master.add(a, column)
        return added

    def disagreeing_cells(self, plan: Plan) -> set[tuple[AgentIdx, DayIdx]]:
        """(agent, day) where the rosters the last LP mixes disagree with each other or with
        ``plan``: the free cells of a relaxation-induced neighbourhood of ``plan``."""
        cells = set()
        master = self.master
        for a, support in enumerate(master.lp_support):
            columns = [master.columns[a][j] for j, _ in support]
            for d in self.problem.days:
                entry = plan.days[a][d]
                kinds = {(c.days[d].kind, c.days[d].shift) for c in columns}
                if kinds != {(entry.kind, entry.shift)}:
                    cells.add((a, d))
        return cells

    def lp_plan(self) -> Plan:
        """Each agent's heaviest column in the last LP."""
        return self.master.plan(self.master.lp_picks)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def _reduced(column: Column, duals: dict[CoverKey, float]) -> float:
    return column.cost - sum(units * duals.get(key, 0.0) for key, units in column.cover)


def _price_all(
    pool: ThreadPoolExecutor,
    pricers: Sequence[Pricer | RunsPricer],
    duals: dict[CoverKey, float],
    deadline: float,
    seed: int,
    limit_s: float,
) -> list[tuple[list[Column], float, bool]]:
    """Price every agent (in parallel: CP-SAT releases the GIL while it solves)."""

    def one(pricer: Pricer | RunsPricer) -> tuple[list[Column], float, bool]:
        limit = min(limit_s, deadline - time.monotonic())
        if limit <= 0:
            return [], -math.inf, False
        return pricer.price(duals, limit, seed)

    return list(pool.map(one, pricers))
