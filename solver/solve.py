"""Solve a Problem with CP-SAT and report what was proved."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver import lns
from solver.build import Build, build_model
from solver.diagnose import find_conflicts
from solver.evaluate import evaluate, objective_of
from solver.hints import add_plan_hint
from solver.objective import add_objective
from solver.progress import ProgressCallback, ProgressFn
from solver.result import Conflict, DayEntry, DayKind, Plan, Progress, SolveResult, SolveStatus

if TYPE_CHECKING:
    from solver.problem import Problem

# Teams this large first get a roster from block search (solver.lns), then the full model.
LNS_MIN_AGENTS = 30
# Share of the time limit given to block search; the full model gets the rest.
LNS_SHARE = 0.4
# Smaller teams only get a constructed first roster, within this share of the time.
CONSTRUCT_SHARE = 0.3


@dataclass(frozen=True, kw_only=True)
class SolveParams:
    """How long and how hard to search.

    Parameters
    ----------
    time_limit_s
        Wall-clock limit for the search.
    num_workers
        CP-SAT search workers (threads); use at most the machine's cores.
    seed
        Random seed, for repeatable runs.
    diagnose
        When the rules cannot all hold, search for the conflicting rules.
    log
        Let CP-SAT print its search log.
    lns
        Build a first roster agent by agent, and on large teams improve it by
        block search, before the full model (see ``solver.lns``).
    """

    time_limit_s: float = 60.0
    num_workers: int = 2
    seed: int = 0
    diagnose: bool = True
    log: bool = False
    lns: bool = True


_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


def make_solver(params: SolveParams, time_limit_s: float | None = None) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = (
        params.time_limit_s if time_limit_s is None else time_limit_s
    )
    solver.parameters.num_workers = params.num_workers
    solver.parameters.random_seed = params.seed
    solver.parameters.log_search_progress = params.log
    return solver


def solve(
    problem: Problem, params: SolveParams | None = None, on_progress: ProgressFn | None = None
) -> SolveResult:
    """Solve ``problem`` and return what CP-SAT proved.

    A first roster is built agent by agent against the cover still missing
    (``solver.lns.construct``); large teams then get block large-neighbourhood
    search. The result seeds the full CP-SAT model as a hint; the full model's
    search gives the reported bound, and "OPTIMAL" only when it proves it.

    Parameters
    ----------
    problem
        The rostering problem.
    params
        Time limit, workers, seed.
    on_progress
        Called with a ``Progress`` at every new solution.

    Returns
    -------
    SolveResult
        Status, objective, best bound, timings, the plan (when one was found),
        each soft term's value, and the conflicting rules when INFEASIBLE.

    Raises
    ------
    RuntimeError
        If CP-SAT reports the model invalid (a bug in the model, not in the data).
    """
    params = params or SolveParams()
    started = time.monotonic()
    incumbent = None
    first_solution: float | None = None
    lns_solutions = 0
    if params.lns:
        large = len(problem.agents) >= LNS_MIN_AGENTS
        lns_deadline = started + (LNS_SHARE if large else CONSTRUCT_SHARE) * params.time_limit_s

        def report(objective: int) -> None:
            nonlocal first_solution, lns_solutions
            lns_solutions += 1
            elapsed = time.monotonic() - started
            first_solution = elapsed if first_solution is None else first_solution
            if on_progress is not None:
                on_progress(
                    Progress(
                        elapsed=elapsed,
                        solutions=lns_solutions,
                        objective=objective,
                        bound=math.nan,
                    )
                )

        try:
            incumbent = lns.construct(problem, lns_deadline, params.num_workers, params.seed)
        except lns.BlockInfeasible:
            incumbent = None
        if incumbent is not None:
            report(objective_of(problem, evaluate(problem, incumbent.plan())))
            if large:
                incumbent = lns.improve(
                    problem, incumbent, lns_deadline, params.num_workers, params.seed, report
                )
    remaining = max(1.0, params.time_limit_s - (time.monotonic() - started))
    hint = incumbent.plan() if incumbent is not None else None
    result = _solve_full(problem, params, remaining, on_progress, hint, started, lns_solutions)
    if first_solution is not None:
        result = replace(result, first_solution_seconds=first_solution)
    if hint is not None and (result.plan is None or _better(problem, hint, result.plan)):
        terms = evaluate(problem, hint)
        result = replace(
            result,
            status=SolveStatus.FEASIBLE,
            objective=objective_of(problem, terms),
            plan=hint,
            terms=terms,
        )
    return replace(result, wall_seconds=time.monotonic() - started)


def _better(problem: Problem, plan: Plan, than: Plan) -> bool:
    return objective_of(problem, evaluate(problem, plan)) < objective_of(
        problem, evaluate(problem, than)
    )


def _solve_full(
    problem: Problem,
    params: SolveParams,
    time_limit_s: float,
    on_progress: ProgressFn | None,
    hint: Plan | None,
    started: float,
    solutions_before: int,
) -> SolveResult:
    b = build_model(problem)
    add_objective(b)
    if hint is not None:
        add_plan_hint(b, hint.days, hint.shops)
    solver = make_solver(params, time_limit_s)
    callback = ProgressCallback(on_progress, started=started, solutions=solutions_before)
    code = solver.solve(b.model, callback)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"invalid CP-SAT model: {b.model.validate()}")
    status = _STATUS[code]
    has_plan = status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    conflicts: tuple[Conflict, ...] = ()
    if status == SolveStatus.INFEASIBLE and params.diagnose:
        conflicts = find_conflicts(problem, params)
    plan = read_plan(b, solver) if has_plan else None
    terms = evaluate(problem, plan) if plan is not None else {}
    return SolveResult(
        status=status,
        objective=objective_of(problem, terms) if plan is not None else None,
        best_bound=(
            math.ceil(solver.best_objective_bound - 1e-6)
            if status != SolveStatus.INFEASIBLE
            else None
        ),
        wall_seconds=time.monotonic() - started,
        solutions_found=callback.solutions,
        first_solution_seconds=callback.first_solution_seconds,
        plan=plan,
        terms=terms,
        conflicts=conflicts,
    )


def read_plan(b: Build, solver: cp_model.CpSolver) -> Plan:
    """Read the roster out of a solved model."""
    problem, x = b.problem, b.x
    days = []
    shops = []
    for a, agent in enumerate(problem.agents):
        given = dict.fromkeys(agent.shops, 0)
        row = []
        for d in problem.days:
            row.append(_day_entry(b, solver, a, d, given))
        days.append(tuple(row))
        served = [p for p in agent.shops if solver.boolean_value(x.serves(a, p))]
        primary = [p for p in served if solver.boolean_value(x.primary(a, p))]
        others = sorted(
            (p for p in served if p not in primary), key=lambda p: (-given[p], agent.shops.index(p))
        )
        shops.append(tuple(primary + others))
    return Plan(days=tuple(days), shops=tuple(shops))


def _day_entry(
    b: Build, solver: cp_model.CpSolver, a: int, d: int, given: dict[int, int]
) -> DayEntry:
    agent, x = b.problem.agents[a], b.x
    if d in agent.inactive_days:
        return DayEntry(kind=DayKind.INACTIVE)
    if d in agent.leave_days:
        return DayEntry(kind=DayKind.LEAVE)
    off = x.off(a, d)
    if off is not None and solver.boolean_value(off):
        return DayEntry(kind=DayKind.OFF)
    if x.training(a, d) is not None:
        return DayEntry(kind=DayKind.TRAINING)
    for (day, s), works in x.agent_works(a).items():
        if day == d and solver.boolean_value(works):
            shares = []
            for p in agent.shops:
                share = x.share(a, d, s, p)
                units = round(solver.value(share)) if share is not None else 0
                if units > 0:
                    shares.append((p, units))
                    given[p] += units
            return DayEntry(kind=DayKind.SHIFT, shift=s, shares=tuple(shares))
    raise AssertionError(f"agent {a} has no entry on day {d}")  # one_entry_per_day forbids it
