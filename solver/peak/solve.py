"""Solve a peak plan: the LP relaxation (GLOP), the CP-SAT model held near its optimum,
then the whole model from that plan; the LP optimum is a proven bound."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from solver.cpsat import cp_solver
from solver.hints import hint_values, solution_values
from solver.peak.model import build_peak_model, hint_plan, read_peak_plan
from solver.peak.problem import PeakParams, PeakResult
from solver.result import SolveStatus

if TYPE_CHECKING:
    from solver.peak.model import PeakModel
    from solver.peak.problem import PeakPlan, PeakProblem
    from solver.problem import DayIdx, ShiftIdx, ShopIdx

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


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
    lp = _lp_relaxation(build_peak_model(problem).model)
    if hint is None and lp is not None:
        # CP-SAT alone finds poor plans here: the LP optimum, with each temp count held
        # between its LP value's floor and ceiling, leads it to a good one quickly, which
        # then starts the search of the whole model.
        restricted = build_peak_model(problem)
        _round_decisions(restricted, lp.values)
        first_limit = params.time_limit_s * ROUNDING_SHARE
        first, values = _run(restricted, replace(params, time_limit_s=first_limit))
    m = build_peak_model(problem)
    if hint is not None:
        hint_plan(m, hint)
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
    m = build_peak_model(problem)
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


def _round_decisions(m: PeakModel, lp: list[float]) -> None:
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
    constraints, the only kinds ``build_peak_model`` adds); None when GLOP does not find
    the optimum."""
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


def _run(m: PeakModel, params: PeakParams) -> tuple[PeakResult, list[int] | None]:
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
        plan=read_peak_plan(m, solver) if found else None,
    )
    return result, values
