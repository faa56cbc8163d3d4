"""Solve a Problem with CP-SAT and report what was proved."""

from __future__ import annotations

import math
import threading
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
from solver.strategies import Search, solve_by_columns

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem

# Every team first gets a roster built agent by agent (a sure first solution, also with
# one worker); teams this large then get block search before the full model.
LNS_MIN_AGENTS = 30
# The most of the time limit the first roster may take.
CONSTRUCT_SHARE = 0.5
# Share of the time limit kept for the full model at the end (its bound, and a last polish).
FULL_MODEL_SHARE = 0.2
# How often a running search looks at the stop flag.
STOP_POLL_S = 0.1


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
        Build a first roster agent by agent and, on teams of
        ``LNS_MIN_AGENTS`` or more, improve it by block search before the full
        model (see ``solver.lns``).
    search
        ``Search.BLOCKS`` (the above) or ``Search.COLUMNS``: column generation
        over whole agent rosters, then the full model (see ``solver.strategies``).
    """

    time_limit_s: float = 60.0
    num_workers: int = 2
    seed: int = 0
    diagnose: bool = True
    log: bool = False
    lns: bool = True
    search: Search = Search.BLOCKS


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
    problem: Problem,
    params: SolveParams | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SolveResult:
    """Solve ``problem`` and return what CP-SAT proved.

    A first roster is built agent by agent against the cover still missing;
    large teams then improve it by block large-neighbourhood search
    (``solver.lns``). It seeds the full CP-SAT model as a hint. The full
    model's search gives the reported bound, and "OPTIMAL" only when it
    proves it.

    Parameters
    ----------
    problem
        The rostering problem.
    params
        Time limit, workers, seed.
    on_progress
        Called with a ``Progress`` at every better solution.
    should_stop
        Polled during the search; when it returns True the search ends early
        and the best roster so far is returned (status FEASIBLE or UNKNOWN).

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
    if params.search == Search.COLUMNS:
        return solve_by_columns(problem, params, on_progress, should_stop)
    started = time.monotonic()
    deadline = started + params.time_limit_s
    reporter = _LnsReporter(on_progress, started)
    incumbent = None
    if params.lns:
        try:
            incumbent = lns.construct(
                problem,
                started + CONSTRUCT_SHARE * params.time_limit_s,
                params.num_workers,
                params.seed,
            )
        except lns.BlockInfeasible:
            incumbent = None  # the full model finds no roster either and names the conflict
        if incumbent is not None:
            terms = evaluate(problem, incumbent.plan())
            reporter(objective_of(problem, terms), terms["shortfall"])
        if incumbent is not None and len(problem.agents) >= LNS_MIN_AGENTS:
            incumbent = lns.improve(
                problem,
                incumbent,
                deadline - FULL_MODEL_SHARE * params.time_limit_s,
                params.num_workers,
                params.seed,
                reporter,
                should_stop,
            )
    hint = incumbent.plan() if incumbent is not None else None
    stopped = should_stop is not None and should_stop()
    remaining = 0.0 if stopped else max(1.0, deadline - time.monotonic())
    result = _solve_full(problem, params, remaining, on_progress, hint, reporter, should_stop)
    if reporter.first is not None:
        result = replace(result, first_solution_seconds=reporter.first)
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


class _LnsReporter:
    """Reports the solutions block search finds, in the same stream as CP-SAT's."""

    def __init__(self, on_progress: ProgressFn | None, started: float) -> None:
        self.on_progress = on_progress
        self.started = started
        self.solutions = 0
        self.first: float | None = None

    def __call__(self, objective: int, shortfall: int | None = None) -> None:
        self.solutions += 1
        elapsed = time.monotonic() - self.started
        self.first = elapsed if self.first is None else self.first
        if self.on_progress is not None:
            self.on_progress(
                Progress(
                    elapsed=elapsed,
                    solutions=self.solutions,
                    objective=objective,
                    bound=math.nan,
                    shortfall=shortfall,
                )
            )


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
    reporter: _LnsReporter,
    should_stop: Callable[[], bool] | None,
) -> SolveResult:
    b = build_model(problem)
    terms = add_objective(b)
    if hint is not None:
        add_plan_hint(b, hint.days, hint.shops)
    solver = make_solver(params, time_limit_s)
    callback = ProgressCallback(
        on_progress,
        started=reporter.started,
        solutions=reporter.solutions,
        shortfall=next(t.expr for t in terms if t.name == "shortfall"),
    )
    with _StopWatcher(solver, should_stop):
        code = solver.solve(b.model, callback)
    if code == cp_model.MODEL_INVALID:
        raise RuntimeError(f"invalid CP-SAT model: {b.model.validate()}")
    status = _STATUS[code]
    has_plan = status in (SolveStatus.OPTIMAL, SolveStatus.FEASIBLE)
    conflicts: tuple[Conflict, ...] = ()
    if status == SolveStatus.INFEASIBLE and params.diagnose:
        conflicts = find_conflicts(problem, params)
    plan = read_plan(b, solver) if has_plan else None
    values = evaluate(problem, plan) if plan is not None else {}
    return SolveResult(
        status=status,
        objective=objective_of(problem, values) if plan is not None else None,
        best_bound=(
            math.ceil(solver.best_objective_bound - 1e-6)
            if status != SolveStatus.INFEASIBLE and math.isfinite(solver.best_objective_bound)
            else None
        ),
        wall_seconds=time.monotonic() - reporter.started,
        solutions_found=callback.solutions,
        first_solution_seconds=callback.first_solution_seconds,
        plan=plan,
        terms=values,
        conflicts=conflicts,
    )


class _StopWatcher:
    """Stops a running CP-SAT search once ``should_stop`` returns True."""

    def __init__(self, solver: cp_model.CpSolver, should_stop: Callable[[], bool] | None) -> None:
        self._solver = solver
        self._should_stop = should_stop
        self._done = threading.Event()
        self._thread: threading.Thread | None = None

    def _watch(self) -> None:
        assert self._should_stop is not None
        while not self._done.wait(STOP_POLL_S):
            if self._should_stop():
                self._solver.stop_search()
                return

    def __enter__(self) -> _StopWatcher:
        if self._should_stop is not None:
            self._thread = threading.Thread(target=self._watch, daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        if self._thread is not None:
            self._thread.join()


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
