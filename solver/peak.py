"""The promotion-peak plan: the cheapest way to give each shop the agents it needs.

An aggregate capacity plan over a horizon of days (the event window). Cover is counted
per day, shift and shop in capacity units (``units`` per agent-shift). The team's own
agents give their expected cover (rest days spread over the month; ``on_duty``); the
plan may add, at a cost:

- ``overtime``: an agent works on a rest day (at most ``rest`` of a day, at most the
  agent's monthly limit), paid by the day's rate;
- ``blackout``: on chosen days near the peak nobody rests; the rest moves to the
  agent's other days of that month;
- ``leave``: approved leave on a blackout day is cancelled;
- ``extra shops``: an agent takes a second or third shop they are qualified for and
  moves part of their cover there;
- ``temps``: temps per shop, shift and start day; each gives ``temp_on_duty`` cover on
  each day from the start day on.

Cover still missing is ``uncovered`` and costs ``costs.uncovered`` per unit, far more than
any lever, so the plan closes what it can. Money (overtime, temps, cancelled leave,
blackout) is reported apart from the penalties (uncovered cover, extra-shop preference).

``solve_peak`` solves the linear relaxation with GLOP, then the CP-SAT model with the few
real decisions (temps, blackout run, extra shops) held near the LP optimum, then the whole
CP-SAT model from that plan. The LP optimum is a proven bound.
"""

from __future__ import annotations

import itertools
import math
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.cpsat import cp_solver
from solver.hints import hint_values, solution_values
from solver.result import SolveStatus

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ortools.sat.python.cp_model import IntVar

    from solver.problem import AgentIdx, DayIdx, ShiftIdx, ShopIdx

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


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}

Cell = tuple[int, int, int]
Terms = list[tuple["IntVar", int]]


def _expr(terms: Terms, constant: int = 0) -> cp_model.LinearExpr:
    """``constant + Σ coefficient × variable``."""
    variables = [var for var, _ in terms]
    coefficients = [coef for _, coef in terms]
    return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant


@dataclass
class _Vars:
    """The decision variables, keyed by their indices."""

    blackout: dict[DayIdx, IntVar] = field(default_factory=dict)
    runs: list[IntVar] = field(default_factory=list)
    """One literal per possible blackout run (see ``blackout_runs``)."""
    overtime: dict[tuple[AgentIdx, DayIdx], IntVar] = field(default_factory=dict)
    leave: dict[tuple[AgentIdx, DayIdx], IntVar] = field(default_factory=dict)
    serve: dict[tuple[AgentIdx, ShopIdx], IntVar] = field(default_factory=dict)
    third: dict[AgentIdx, IntVar] = field(default_factory=dict)
    moved: dict[tuple[AgentIdx, ShopIdx, DayIdx], IntVar] = field(default_factory=dict)
    temps: dict[tuple[ShopIdx, ShiftIdx, DayIdx], IntVar] = field(default_factory=dict)
    uncovered: dict[Cell, IntVar] = field(default_factory=dict)


@dataclass
class _Model:
    """The CP-SAT model of a PeakProblem and the parts the plan is read from."""

    model: cp_model.CpModel
    problem: PeakProblem
    x: _Vars
    # Per cell: linear parts of its cover, by kind, for the plan's breakdown.
    parts: dict[Cell, dict[str, list[tuple[IntVar, int]]]]
    base: dict[Cell, int]
    blackout_effect: dict[Cell, dict[DayIdx, int]]
    money: dict[str, cp_model.LinearExpr]
    penalty: cp_model.LinearExpr


def _blackout_effect(
    problem: PeakProblem, candidates: frozenset[DayIdx]
) -> dict[Cell, dict[DayIdx, int]]:
    """Per cell and candidate day e: the cover a blackout on e adds (on e) or takes (on the
    days of e's month that receive the moved rest), summed over agents."""
    effect: dict[Cell, dict[DayIdx, float]] = defaultdict(lambda: defaultdict(float))
    for agent in problem.agents:
        primary = agent.shops[0]
        for e in candidates:
            moved = agent.rest[e]
            shift = agent.shift[e]
            if moved == 0 or shift is None:
                continue
            effect[e, shift, primary][e] += moved
            month = problem.month_of[e]
            spread = agent.rest_elsewhere[month]
            if spread == 0:
                continue
            for d in range(problem.num_days):
                s = agent.shift[d]
                if (
                    problem.month_of[d] == month
                    and d not in problem.blackout_candidates
                    and agent.rest[d] > 0
                    and s is not None
                ):
                    effect[d, s, primary][e] -= moved / spread
    return {
        cell: {e: round(v) for e, v in by_day.items() if round(v)}
        for cell, by_day in effect.items()
    }


def blackout_runs(problem: PeakProblem) -> list[tuple[DayIdx, ...]]:
    """The runs of days a plan may black out: consecutive days, each a candidate or a
    fixed day, at most ``max_blackout_days`` long, holding every fixed day and at least
    one candidate."""
    zone = problem.blackout_candidates | problem.blackout_fixed
    fixed = problem.blackout_fixed
    runs = []
    for first in sorted(zone):
        run: list[DayIdx] = []
        for d in range(first, first + problem.max_blackout_days):
            if d not in zone:
                break
            run.append(d)
            if fixed <= set(run) and set(run) & problem.blackout_candidates:
                runs.append(tuple(run))
    return runs


def _add_blackout(m: _Model) -> None:
    """Chosen and fixed blackout days form one run of at most ``max_blackout_days``."""
    problem, model, x = m.problem, m.model, m.x
    # One literal per possible run: its LP relaxation is the runs' convex hull, far
    # tighter than "no hole between two blackout days" constraints on the days.
    runs = blackout_runs(problem)
    chosen = [model.new_bool_var(f"blackout_run_{r[0]}_{r[-1]}") for r in runs]
    model.add_at_most_one(chosen)
    x.runs = chosen
    for e in sorted({d for r in runs for d in r} - problem.blackout_fixed):
        var = model.new_bool_var(f"blackout_{e}")
        model.add(var == _expr([(y, 1) for y, r in zip(chosen, runs, strict=True) if e in r]))
        x.blackout[e] = var


def _agent_capacity(m: _Model, a: AgentIdx, agent: PeakAgent, d: DayIdx) -> Terms:
    """The agent's cover on day ``d`` beyond ``on_duty``: overtime, leave and blackout."""
    x = m.x
    terms: Terms = []
    if (a, d) in x.overtime:
        terms.append((x.overtime[a, d], 1))
    if (a, d) in x.leave:
        terms.append((x.leave[a, d], m.problem.units))
    if d in x.blackout:
        terms.append((x.blackout[d], agent.rest[d]))
    return terms


def _add_agent(m: _Model, a: AgentIdx, agent: PeakAgent) -> None:
    """Overtime within the monthly limit, leave cancelled only on blackout days, and the
    cover moved to a second or third shop."""
    problem, model, x = m.problem, m.model, m.x
    primary = agent.shops[0]
    by_month: dict[MonthIdx, list[IntVar]] = defaultdict(list)
    for d in range(problem.num_days):
        rest, shift = agent.rest[d], agent.shift[d]
        month = problem.month_of[d]
        if rest > 0 and shift is not None and agent.overtime_limit[month] > 0:
            var = model.new_int_var(0, min(rest, agent.overtime_limit[month]), f"ot_{a}_{d}")
            if d in x.blackout:
                # A blackout day has no rest day left to work.
                model.add(var <= rest - rest * x.blackout[d])
            x.overtime[a, d] = var
            by_month[month].append(var)
            m.parts[d, shift, primary]["overtime"].append((var, 1))
        if d in agent.leave and shift is not None:
            if d in x.blackout:
                var = model.new_bool_var(f"leave_{a}_{d}")
                model.add_implication(var, x.blackout[d])
            elif d in problem.blackout_fixed:
                var = model.new_bool_var(f"leave_{a}_{d}")
            else:
                continue
            x.leave[a, d] = var
            m.parts[d, shift, primary]["leave"].append((var, problem.units))
    for month, variables in by_month.items():
        model.add(sum(variables) <= agent.overtime_limit[month])

    extras = agent.shops[1:] if agent.max_shops > 1 else ()
    if not extras:
        return
    for q in extras:
        x.serve[a, q] = model.new_bool_var(f"serve_{a}_{q}")
    model.add(sum(x.serve[a, q] for q in extras) <= agent.max_shops - 1)
    if len(extras) >= 2:
        third = model.new_bool_var(f"third_{a}")
        for q1, q2 in itertools.combinations(extras, 2):
            model.add(third >= x.serve[a, q1] + x.serve[a, q2] - 1)
        x.third[a] = third
    totals: dict[ShopIdx, list[IntVar]] = defaultdict(list)
    kept: Terms = []
    kept_constant = 0
    for d in range(problem.num_days):
        shift = agent.shift[d]
        most = agent.on_duty[d] + agent.rest[d] + (problem.units if d in agent.leave else 0)
        if shift is None or most == 0:
            continue
        moved_today = []
        for q in extras:
            var = model.new_int_var(0, most, f"move_{a}_{q}_{d}")
            model.add(var <= most * x.serve[a, q])
            x.moved[a, q, d] = var
            moved_today.append(var)
            totals[q].append(var)
            m.parts[d, shift, q]["moved_in"].append((var, 1))
            m.parts[d, shift, primary]["moved_out"].append((var, 1))
        capacity = _agent_capacity(m, a, agent, d)
        model.add(_expr([(v, 1) for v in moved_today]) <= _expr(capacity, agent.on_duty[d]))
        kept += capacity + [(v, -1) for v in moved_today]
        kept_constant += agent.on_duty[d]
    # The primary shop keeps at least as much of the agent as any other shop.
    for q in extras:
        model.add(_expr([(v, 1) for v in totals[q]]) <= _expr(kept, kept_constant))


def _add_temps(m: _Model) -> None:
    problem, model, x = m.problem, m.model, m.x
    most_need: dict[tuple[ShopIdx, ShiftIdx], int] = defaultdict(int)
    for need in problem.needs:
        key = (need.shop, need.shift)
        most_need[key] = max(most_need[key], need.units)
    for (p, s), units in sorted(most_need.items()):
        for t in sorted(problem.temp_starts):
            on_duty = max(problem.temp_on_duty[t:], default=0)
            if units == 0 or on_duty == 0:
                continue
            var = model.new_int_var(0, -(-units // on_duty), f"temps_{p}_{s}_{t}")
            x.temps[p, s, t] = var
            for d in range(t, problem.num_days):
                if problem.temp_on_duty[d]:
                    m.parts[d, s, p]["temps"].append((var, problem.temp_on_duty[d]))


def _build(problem: PeakProblem) -> _Model:
    model = cp_model.CpModel()
    m = _Model(
        model=model,
        problem=problem,
        x=_Vars(),
        parts=defaultdict(lambda: defaultdict(list)),
        base=defaultdict(int),
        blackout_effect=_blackout_effect(
            problem,
            frozenset(d for r in blackout_runs(problem) for d in r) - problem.blackout_fixed,
        ),
        money={},
        penalty=_expr([]),
    )
    for agent in problem.agents:
        for d, shift in enumerate(agent.shift):
            if shift is not None and agent.on_duty[d]:
                m.base[d, shift, agent.shops[0]] += agent.on_duty[d]
    _add_blackout(m)
    for a, agent in enumerate(problem.agents):
        _add_agent(m, a, agent)
    _add_temps(m)

    x = m.x
    for need in problem.needs:
        cell = (need.day, need.shift, need.shop)
        parts = m.parts.get(cell, {})
        short = model.new_int_var(0, need.units, f"uncovered_{cell}")
        x.uncovered[cell] = short
        cover: Terms = [(short, 1)]
        cover += [(x.blackout[e], units) for e, units in m.blackout_effect.get(cell, {}).items()]
        for kind, terms in parts.items():
            sign = -1 if kind == "moved_out" else 1
            cover += [(var, sign * coef) for var, coef in terms]
        model.add(_expr(cover, m.base.get(cell, 0)) >= need.units)

    costs = problem.costs
    available_on: dict[DayIdx, int] = defaultdict(int)
    for agent in problem.agents:
        for d in problem.blackout_candidates:
            if agent.shift[d] is not None and (agent.on_duty[d] or agent.rest[d]):
                available_on[d] += 1
    money: dict[str, Terms] = {
        "overtime": [
            (var, costs.overtime[d][_shift(problem, a, d)]) for (a, d), var in x.overtime.items()
        ],
        "temps": [(var, costs.temp[t]) for (_, _, t), var in x.temps.items()],
        "leave": [(var, costs.leave_day) for var in x.leave.values()],
        "blackout": [
            (var, costs.blackout_agent_day * available_on[e]) for e, var in x.blackout.items()
        ],
    }
    m.money = {kind: _expr(terms) for kind, terms in money.items()}
    penalty: Terms = [
        *((var, costs.uncovered) for var in x.uncovered.values()),
        *((var, costs.second_shop) for var in x.serve.values()),
        *((var, costs.third_shop) for var in x.third.values()),
        # Prefer no blackout day that does no good (it costs the team goodwill).
        *((var, 1) for var in x.blackout.values()),
    ]
    m.penalty = _expr(penalty)
    all_money = [term for terms in money.values() for term in terms]
    if problem.floor_money:
        model.add(_expr(all_money) >= problem.floor_money)
    if problem.floor_temps:
        model.add(_expr([(var, 1) for var in x.temps.values()]) >= problem.floor_temps)
    model.minimize(_expr(all_money + penalty))
    return m


def _shift(problem: PeakProblem, a: AgentIdx, d: DayIdx) -> ShiftIdx:
    shift = problem.agents[a].shift[d]
    assert shift is not None
    return shift


def _hint(m: _Model, plan: PeakPlan) -> None:
    """Start from ``plan`` (a smaller scenario's): it is a solution of this model too."""
    x, model = m.x, m.model
    for e, var in x.blackout.items():
        model.add_hint(var, e in plan.blackout_days)
    temps = {(t.shop, t.shift, t.start_day): t.count for t in plan.temps}
    for key, var in x.temps.items():
        model.add_hint(var, temps.get(key, 0))
    by_agent = {p.agent: p for p in plan.agents}
    for (a, d), var in x.overtime.items():
        agent_plan = by_agent.get(a)
        model.add_hint(var, dict(agent_plan.overtime).get(d, 0) if agent_plan else 0)
    for (a, d), var in x.leave.items():
        agent_plan = by_agent.get(a)
        model.add_hint(var, bool(agent_plan and d in agent_plan.leave_cancelled))
    for (a, q), var in x.serve.items():
        agent_plan = by_agent.get(a)
        model.add_hint(var, bool(agent_plan and q in agent_plan.extra_shops))
    lent = {(p.agent, q, d): units for p in plan.agents for q, d, units in p.lent}
    for key, var in x.moved.items():
        model.add_hint(var, lent.get(key, 0))


def _read_plan(m: _Model, solver: cp_model.CpSolver) -> PeakPlan:
    problem, x = m.problem, m.x
    blackout = tuple(sorted(e for e, var in x.blackout.items() if solver.boolean_value(var)))
    temps = tuple(
        TempHire(shop=p, shift=s, start_day=t, count=count)
        for (p, s, t), var in sorted(x.temps.items())
        if (count := solver.value(var)) > 0
    )
    overtime: dict[AgentIdx, list[tuple[DayIdx, int]]] = defaultdict(list)
    for (a, d), var in sorted(x.overtime.items()):
        if (units := solver.value(var)) > 0:
            overtime[a].append((d, units))
    extra: dict[AgentIdx, list[ShopIdx]] = defaultdict(list)
    for (a, q), var in sorted(x.serve.items()):
        if solver.boolean_value(var):
            extra[a].append(q)
    leave: dict[AgentIdx, list[DayIdx]] = defaultdict(list)
    for (a, d), var in sorted(x.leave.items()):
        if solver.boolean_value(var):
            leave[a].append(d)
    lent: dict[AgentIdx, list[tuple[ShopIdx, DayIdx, int]]] = defaultdict(list)
    for (a, q, d), var in sorted(x.moved.items()):
        if (units := solver.value(var)) > 0:
            lent[a].append((q, d, units))
    agents = tuple(
        AgentPlan(
            agent=a,
            overtime=tuple(overtime.get(a, ())),
            extra_shops=tuple(extra.get(a, ())),
            leave_cancelled=tuple(leave.get(a, ())),
            lent=tuple(lent.get(a, ())),
        )
        for a in sorted(set(overtime) | set(extra) | set(leave) | set(lent))
    )
    cover = []
    for need in problem.needs:
        cell = (need.day, need.shift, need.shop)
        parts = m.parts.get(cell, {})

        def part(kind: str, parts: Mapping[str, list[tuple[IntVar, int]]] = parts) -> int:
            return sum(coef * solver.value(var) for var, coef in parts.get(kind, []))

        cover.append(
            PeakCover(
                day=need.day,
                shift=need.shift,
                shop=need.shop,
                need=need.units,
                available=m.base.get(cell, 0),
                blackout=sum(
                    units * solver.value(x.blackout[e])
                    for e, units in m.blackout_effect.get(cell, {}).items()
                ),
                overtime=part("overtime"),
                leave=part("leave"),
                moved_in=part("moved_in"),
                moved_out=part("moved_out"),
                temps=part("temps"),
                uncovered=solver.value(x.uncovered[cell]),
            )
        )
    return PeakPlan(
        blackout_days=blackout,
        temps=temps,
        agents=agents,
        cover=tuple(cover),
        money={kind: int(solver.value(expr)) for kind, expr in m.money.items()},
    )


def solve_peak(
    problem: PeakProblem, params: PeakParams | None = None, hint: PeakPlan | None = None
) -> PeakResult:
    """Find the cheapest plan for ``problem`` and report what CP-SAT proved.

    Parameters
    ----------
    problem
        The horizon, the team's cover, the needs, the levers and their costs.
    params
        Time limit, workers, seed.
    hint
        A plan to start from, e.g. the plan of a smaller volume scenario (every plan of
        the same team and horizon is a solution of any scenario's model).

    Returns
    -------
    PeakResult
        Status (``OPTIMAL`` only when proved, by CP-SAT or by reaching the LP optimum),
        objective (money plus penalties), the proven bound (CP-SAT's or the LP optimum,
        whichever is larger), wall time and the plan when one was found.

    Raises
    ------
    RuntimeError
        When CP-SAT finds the model invalid (a bug here, not in the input).
    """
    params = params or PeakParams()
    started = time.monotonic()
    values: list[int] | None = None
    first: PeakResult | None = None
    lp = _lp_relaxation(_build(problem).model)
    if hint is None and lp is not None:
        # CP-SAT alone finds poor plans here: the LP optimum, with each temp count held
        # between its LP value's floor and ceiling, leads it to a good one quickly, which
        # then starts the search of the whole model.
        restricted = _build(problem)
        _round_decisions(restricted, lp.values)
        first_limit = params.time_limit_s * ROUNDING_SHARE
        first, values = _run(restricted, replace(params, time_limit_s=first_limit))
    m = _build(problem)
    if hint is not None:
        _hint(m, hint)
    elif values is not None:
        hint_values(m.model, values)
    left = max(0.1, params.time_limit_s - (time.monotonic() - started))
    result, _ = _run(m, replace(params, time_limit_s=left))
    if result.plan is None and first is not None and first.plan is not None:
        # Out of time before the whole model found a plan: the first one still stands,
        # but the restricted model's bound says nothing about the whole.
        result = replace(first, status=SolveStatus.FEASIBLE, best_bound=result.best_bound)
    if lp is not None and result.status == SolveStatus.FEASIBLE:
        # The LP optimum bounds every plan (objective values are whole numbers).
        lp_bound = math.ceil(lp.objective - LP_TOLERANCE * max(1.0, abs(lp.objective)))
        bound = max(lp_bound, result.best_bound if result.best_bound is not None else lp_bound)
        proved = result.objective is not None and result.objective <= bound
        result = replace(
            result, best_bound=bound, status=SolveStatus.OPTIMAL if proved else result.status
        )
    return replace(result, wall_seconds=time.monotonic() - started)


@dataclass(frozen=True, kw_only=True)
class PeakRelaxation:
    """The linear relaxation's optimum: a bound on every plan, and its (fractional) temps."""

    objective: float
    temps: tuple[tuple[ShopIdx, ShiftIdx, DayIdx, float], ...]
    """(shop, shift, start day, temps) with more than a hundredth of a temp."""


def relax_peak(problem: PeakProblem) -> PeakRelaxation | None:
    """Solve the linear relaxation of ``problem`` with GLOP (about a second for 120 agents).

    Parameters
    ----------
    problem
        The peak problem.

    Returns
    -------
    PeakRelaxation | None
        Its optimum and fractional temps; None when GLOP finds no optimum.
    """
    m = _build(problem)
    lp = _lp_relaxation(m.model)
    if lp is None:
        return None
    return PeakRelaxation(
        objective=lp.objective,
        temps=tuple(
            (p, s, t, value)
            for (p, s, t), var in sorted(m.x.temps.items())
            if (value := lp.values[var.index]) > 0.01
        ),
    )


def _round_decisions(m: _Model, lp: list[float]) -> None:
    """Hold the plan's few real decisions near the LP optimum: each temp count between the
    floor and ceiling of its LP value, the LP's likeliest blackout run (or none), a shop
    taken when the LP takes at least half of it. What is left is nearly linear."""
    x, model = m.x, m.model
    for var in x.temps.values():
        model.add(var >= math.floor(lp[var.index] + LP_TOLERANCE))
        model.add(var <= math.ceil(lp[var.index] - LP_TOLERANCE))
    likeliest = max(x.runs, key=lambda var: lp[var.index], default=None)
    for var in x.runs:
        model.add(var == (var is likeliest and lp[var.index] >= 0.5 - LP_TOLERANCE))
    for var in x.serve.values():
        model.add(var == (lp[var.index] >= 0.5 - LP_TOLERANCE))


# How far a value may stray from a whole number in GLOP's solution and still count as it.
LP_TOLERANCE = 1e-6
# Share of the time limit for the search with temps held near the LP optimum.
ROUNDING_SHARE = 0.4


@dataclass(frozen=True)
class _LpSolution:
    values: list[float]
    """By CP-SAT variable index."""
    objective: float


def _lp_relaxation(model: cp_model.CpModel) -> _LpSolution | None:
    """GLOP on the linear relaxation of ``model`` (linear, at-most-one and implication
    constraints, the only kinds ``_build`` adds); None when GLOP does not find the optimum."""
    lp = pywraplp.Solver.CreateSolver("GLOP")
    if lp is None:
        return None
    proto = model.proto
    xs = []
    for v in proto.variables:
        domain = list(v.domain)
        xs.append(lp.NumVar(float(domain[0]), float(domain[-1]), ""))

    def terms(refs: list[int], coefs: list[int]) -> Any:
        return lp.Sum([c * xs[r] for r, c in zip(refs, coefs, strict=True)])

    for c in proto.constraints:
        if c.has_linear():
            refs, coefs = list(c.linear.vars), list(c.linear.coeffs)
            domain = list(c.linear.domain)
            if not refs or c.enforcement_literal:
                continue
            expr = terms(refs, coefs)
            if domain[0] > INT_MIN:
                lp.Add(expr >= domain[0])
            if domain[-1] < INT_MAX:
                lp.Add(expr <= domain[-1])
        elif c.has_at_most_one():
            lp.Add(lp.Sum([xs[r] for r in c.at_most_one.literals]) <= 1)
        elif c.has_bool_and() and len(c.enforcement_literal) == 1:
            (when,) = c.enforcement_literal
            for r in c.bool_and.literals:
                lp.Add(xs[r] >= xs[when])
        else:
            return None  # a kind this relaxation does not know: no LP start
    objective = proto.objective
    lp.Minimize(terms(list(objective.vars), list(objective.coeffs)))
    if lp.Solve() != pywraplp.Solver.OPTIMAL:
        return None
    return _LpSolution(values=[x.solution_value() for x in xs], objective=lp.Objective().Value())


INT_MIN, INT_MAX = -(2**63), 2**63 - 1


def _run(m: _Model, params: PeakParams) -> tuple[PeakResult, list[int] | None]:
    """Solve ``m`` as built (hints included): the result and every variable's value."""
    started = time.monotonic()
    problem_text = m.model.validate()
    if problem_text:
        raise RuntimeError(f"peak model invalid: {problem_text}")
    solver = cp_solver(params.time_limit_s, params.num_workers, params.seed)
    code = solver.solve(m.model)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"peak model invalid: {m.model.validate()}")
    status = _STATUS.get(code, SolveStatus.UNKNOWN)
    found = status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    values = None
    if found:
        values = solution_values(m.model, solver)
    result = PeakResult(
        status=status,
        objective=round(solver.objective_value) if found else None,
        best_bound=round(solver.best_objective_bound) if status != SolveStatus.INFEASIBLE else None,
        wall_seconds=time.monotonic() - started,
        plan=_read_plan(m, solver) if found else None,
    )
    return result, values
