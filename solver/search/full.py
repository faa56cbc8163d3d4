"""The full model: every agent, every rule, every term, solved by CP-SAT until a deadline.

Each search strategy ends with it (``solver.search.by_blocks``) or hands over to it when it
stalls (``solver.search.by_columns``); its run gives the reported bound.
"""

from __future__ import annotations

import math
import threading
import time
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.build import build_model
from solver.cpsat import make_solver
from solver.diagnose import find_conflicts
from solver.evaluate import evaluate, objective_of
from solver.hints import add_plan_hint, add_reference_hint
from solver.objective import add_objective
from solver.progress import ProgressCallback
from solver.readout import read_plan
from solver.result import Conflict, SolveResult, SolveStatus
from solver.terms import shortfall_cuts

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem
    from solver.progress import Reporter
    from solver.search.blocks import Incumbent
    from solver.solve import SolveParams

# Every team first gets a roster built agent by agent (a sure first solution, also with
# one worker). Teams this large then get the full model with every worker on CP-SAT's
# large-neighbourhood search before the last, bound-proving run: on a big model the LP
# worker finds nothing the LNS workers would not find faster.
LNS_MIN_AGENTS = 30
# How often a running search looks at the stop flag.
STOP_POLL_S = 0.1

_STATUS = {
    cp_model.OPTIMAL: SolveStatus.OPTIMAL,
    cp_model.FEASIBLE: SolveStatus.FEASIBLE,
    cp_model.INFEASIBLE: SolveStatus.INFEASIBLE,
    cp_model.UNKNOWN: SolveStatus.UNKNOWN,
}


def stopped(should_stop: Callable[[], bool] | None) -> bool:
    """Whether the caller has asked the search to end (``should_stop``)."""
    return should_stop is not None and should_stop()


def solve_full(
    problem: Problem,
    params: SolveParams,
    deadline: float,
    hint: Incumbent | None,
    reporter: Reporter,
    should_stop: Callable[[], bool] | None,
    *,
    lns_only: bool = False,
) -> SolveResult:
    """The full model until ``deadline`` (at least a second, so a bound gets proven)."""
    b = build_model(problem)
    terms = add_objective(b)
    if len(problem.agents) < LNS_MIN_AGENTS:
        # On a small team this model's bound is the proof, and the floor's facts raise it
        # (the demo: 17201 -> ~19300 at 20 s); on a large one they only cost search time.
        shortfall_cuts(b)
    if hint is not None:
        # A partial first roster still helps: its agents are hinted, the others left free.
        add_plan_hint(b, hint.days, hint.shops)
    else:
        add_reference_hint(b)
    # Building a 600-agent model takes seconds: they count against the limit.
    time_limit_s = 0.0 if stopped(should_stop) else max(1.0, deadline - time.monotonic())
    solver = make_solver(params, time_limit_s)
    if lns_only:
        solver.parameters.use_lns_only = True
    elif len(problem.agents) < LNS_MIN_AGENTS:
        _prefer_tight_lp(solver)
    callback = ProgressCallback(
        reporter.emit,
        started=reporter.started,
        solutions=reporter.solutions,
        shortfall=next(t.expr for t in terms if t.name == "shortfall"),
    )
    with _StopWatcher(solver, should_stop):
        code = solver.solve(b.model, callback)
    reporter.solutions = callback.solutions
    if reporter.first is None:
        reporter.first = callback.first_solution_seconds
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


# CP-SAT's full-problem workers in order of preference; with two workers only the first
# runs beside the interleaved LNS workers.
_SMALL_TEAM_SUBSOLVERS = (
    "max_lp",
    "default_lp",
    "core",
    "no_lp",
    "quick_restart",
    "reduced_costs",
    "pseudo_costs",
)


def _prefer_tight_lp(solver: cp_model.CpSolver) -> None:
    """Put every constraint into the LP (CP-SAT's linearization level 2).

    Rest and run rules become clauses in presolve, which the default LP leaves
    out; on a small team the full LP proves far better bounds and costs little.
    """
    solver.parameters.linearization_level = 2
    solver.parameters.subsolvers.extend(_SMALL_TEAM_SUBSOLVERS)


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
