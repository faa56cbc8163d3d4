"""The CP-SAT model of a peak plan: its variables, the blackout, agent and temps parts, a
plan as a hint, and the plan read back from a solved model."""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.peak.problem import AgentPlan, PeakCover, PeakPlan, TempHire

if TYPE_CHECKING:
    from collections.abc import Mapping

    from ortools.sat.python.cp_model import IntVar

    from solver.peak.problem import MonthIdx, PeakAgent, PeakProblem
    from solver.problem import AgentIdx, DayIdx, ShiftIdx, ShopIdx

Cell = tuple[int, int, int]
Terms = list[tuple["IntVar", int]]


def _expr(terms: Terms, constant: int = 0) -> cp_model.LinearExpr:
    """``constant + Σ coefficient × variable``."""
    variables = [var for var, _ in terms]
    coefficients = [coef for _, coef in terms]
    return cp_model.LinearExpr.weighted_sum(variables, coefficients) + constant


@dataclass
class PeakVars:
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
class PeakModel:
    """The CP-SAT model of a PeakProblem and the parts the plan is read from."""

    model: cp_model.CpModel
    problem: PeakProblem
    x: PeakVars
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


def _add_blackout(m: PeakModel) -> None:
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


def _agent_capacity(m: PeakModel, a: AgentIdx, agent: PeakAgent, d: DayIdx) -> Terms:
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


def _add_agent(m: PeakModel, a: AgentIdx, agent: PeakAgent) -> None:
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


def _add_temps(m: PeakModel) -> None:
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


def build_peak_model(problem: PeakProblem) -> PeakModel:
    model = cp_model.CpModel()
    m = PeakModel(
        model=model,
        problem=problem,
        x=PeakVars(),
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


def hint_plan(m: PeakModel, plan: PeakPlan) -> None:
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


def read_peak_plan(m: PeakModel, solver: cp_model.CpSolver) -> PeakPlan:
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
