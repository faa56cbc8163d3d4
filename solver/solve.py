"""Solve a Problem with CP-SAT and report what was proved."""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver import allocation, lns
from solver.build import Build, build_model
from solver.cpsat import cp_solver
from solver.diagnose import find_conflicts
from solver.evaluate import evaluate, objective_of
from solver.hints import add_plan_hint, add_reference_hint
from solver.objective import add_objective
from solver.problem import Rotation
from solver.progress import ProgressCallback, ProgressFn
from solver.readout import plan_of
from solver.result import Conflict, Plan, Progress, SolveResult, SolveStatus
from solver.strategies import Search, solve_by_columns

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem

# Every team first gets a roster built agent by agent (a sure first solution, also with
# one worker). Teams this large then get the full model with every worker on CP-SAT's
# large-neighbourhood search before the last, bound-proving run: on a big model the LP
# worker finds nothing the LNS workers would not find faster.
LNS_MIN_AGENTS = 30
# Teams this large first get our own block search (solver.lns): a model of a few hundred
# agents takes CP-SAT long to presolve for every neighbourhood of its own LNS.
BLOCK_MIN_AGENTS = 300
# The most of the time limit the first roster may take: it is the sure way to a roster
# (the full model alone may find none in time on a busy machine), so it may take most.
CONSTRUCT_SHARE = 0.8
# Share of the time limit kept for the last, bound-proving run of the full model (the
# LNS-only polish or block search gets the time before it).
BOUND_SHARE = 0.2
# From BLOCK_MIN_AGENTS on, the month-level plan of shops and phases that guides the
# first roster (solver.allocation) may take this share of the time limit.
ALLOCATION_SHARE = 0.04
# Under LNS_MIN_AGENTS the plan gets this share, at most SMALL_ALLOCATION_MAX_S (it ends
# sooner when proven: demo team 0.9 s), and sweeps (solver.lns.sweep) then run until
# SMALL_SWEEP_SHARE. Which agents work days in which half decides much of a small team's
# shortfall, and the full model's search from a roster seldom changes it: demo team, 5 s,
# seeds 0-15, mean objective 35733 before, 33025 with a plan alone (LNS-only second
# stage), 30263 with a proven plan and sweeps.
SMALL_ALLOCATION_SHARE = 0.2
SMALL_ALLOCATION_MAX_S = 2.0
SMALL_SWEEP_SHARE = 0.5
# From BLOCK_MIN_AGENTS on the bound run is short: the LP of such a model proves
# little in the time a team lead waits (600 agents: a bound of 0 in 30 s, and no better
# roster than the block search's), and the block search does more with the time.
HUGE_BOUND_SHARE = 0.03
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
    limit = params.time_limit_s if time_limit_s is None else time_limit_s
    solver = cp_solver(limit, params.num_workers, params.seed)
    solver.parameters.log_search_progress = params.log
    return solver


def solve(
    problem: Problem,
    params: SolveParams | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SolveResult:
    """Solve ``problem`` and return what CP-SAT proved.

    A first roster is built agent by agent against the cover still missing
    (under ``LNS_MIN_AGENTS`` and from ``BLOCK_MIN_AGENTS`` on, within a
    month-level plan of shops and phases, ``solver.allocation``). Teams under
    ``LNS_MIN_AGENTS`` then get sweeps of one agent at a time; teams of
    ``LNS_MIN_AGENTS`` or more CP-SAT's large-neighbourhood search on the full
    model, and from ``BLOCK_MIN_AGENTS`` sweeps and block search
    (``solver.lns``) instead. The best
    roster seeds a last run of the full model as a hint; its search gives the
    reported bound, and "OPTIMAL" only when it proves it.

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
    limit = params.time_limit_s
    deadline = started + limit
    reporter = _Reporter(on_progress, started)
    incumbent = None
    if params.lns:
        incumbent = _first_roster(problem, params, started, should_stop)
    large = len(problem.agents) >= LNS_MIN_AGENTS
    if incumbent is not None and incumbent.complete:
        terms = evaluate(problem, incumbent.plan())
        reporter(objective_of(problem, terms), terms["shortfall"])
        huge = len(problem.agents) >= BLOCK_MIN_AGENTS
        steps: tuple[Callable[..., lns.Incumbent], ...] = ()
        until = deadline
        if huge:
            # Sweeps of one agent at a time do the early work; blocks move several at once.
            steps, until = (lns.sweep, lns.improve), deadline - HUGE_BOUND_SHARE * limit
        elif _small_team(problem):
            # On a small team one agent's month takes milliseconds: sweeps, for a while.
            steps, until = (lns.sweep,), started + SMALL_SWEEP_SHARE * limit
        for step in steps:
            incumbent = step(
                problem,
                incumbent,
                until,
                params.num_workers,
                params.seed,
                reporter,
                should_stop,
            )
        if large and not huge and not _stopped(should_stop):
            polish_until = deadline - BOUND_SHARE * limit
            if polish_until - time.monotonic() > 1.0:
                polished = _solve_full(
                    problem, params, polish_until, incumbent, reporter, should_stop, lns_only=True
                )
                if polished.plan is not None and _better(problem, polished.plan, incumbent.plan()):
                    incumbent = lns.Incumbent.of(polished.plan)
    result = _solve_full(problem, params, deadline, incumbent, reporter, should_stop)
    hint = incumbent.plan() if incumbent is not None and incumbent.complete else None
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
    return replace(
        result, wall_seconds=time.monotonic() - started, solutions_found=reporter.solutions
    )


def _first_roster(
    problem: Problem,
    params: SolveParams,
    started: float,
    should_stop: Callable[[], bool] | None,
) -> lns.Incumbent | None:
    """Agent by agent, within a month-level plan of shops and rotation phases first
    (teams under LNS_MIN_AGENTS and from BLOCK_MIN_AGENTS on). None when some agent's
    rules cannot hold."""
    limit = params.time_limit_s
    deadline = started + CONSTRUCT_SHARE * limit
    guided = None
    if (plan_s := _allocation_seconds(problem, limit)) > 0:
        guided = allocation.guided_problem(problem, plan_s, params.num_workers, params.seed)
    for start in (guided, problem):
        if start is None or _stopped(should_stop):
            continue
        try:
            return lns.construct(start, deadline, params.seed, should_stop, params.num_workers)
        except lns.BlockInfeasible:
            # The plan's limits, or the agent's own rules: retry without the plan; if
            # that fails too, the full model names the conflict.
            continue
    return None


def _allocation_seconds(problem: Problem, limit: float) -> float:
    """Time for the month-level plan; 0 when it has nothing to decide or is not used."""
    rotates = problem.rules.rotation == Rotation.HALF_MONTH
    if not rotates and all(len(agent.shops) == 1 for agent in problem.agents):
        return 0.0
    if _small_team(problem):
        return min(SMALL_ALLOCATION_SHARE * limit, SMALL_ALLOCATION_MAX_S)
    if len(problem.agents) >= BLOCK_MIN_AGENTS:
        return ALLOCATION_SHARE * limit
    return 0.0


def _small_team(problem: Problem) -> bool:
    """Under LNS_MIN_AGENTS, but more than one agent: one agent alone has nothing to plan or
    sweep (the full model is that agent's month, e.g. synthetic.py's witnesses)."""
    return 1 < len(problem.agents) < LNS_MIN_AGENTS


def _stopped(should_stop: Callable[[], bool] | None) -> bool:
    return should_stop is not None and should_stop()


class _Reporter:
    """One progress stream for every phase: block search's rosters and CP-SAT's.

    Each phase starts from the best roster so far, but CP-SAT may still report
    worse rosters early in a phase; only rosters better than every earlier
    one are passed on, so the objective a user watches never goes up.
    """

    def __init__(self, on_progress: ProgressFn | None, started: float) -> None:
        self.on_progress = on_progress
        self.started = started
        self.solutions = 0
        self.first: float | None = None
        self._best = math.inf

    def __call__(self, objective: int, shortfall: int | None = None) -> None:
        """A roster found by our own search (no bound)."""
        self.solutions += 1
        elapsed = time.monotonic() - self.started
        self.first = elapsed if self.first is None else self.first
        self.emit(
            Progress(
                elapsed=elapsed,
                solutions=self.solutions,
                objective=objective,
                bound=math.nan,
                shortfall=shortfall,
            )
        )

    def emit(self, progress: Progress) -> None:
        if progress.objective >= self._best:
            return
        self._best = progress.objective
        if self.on_progress is not None:
            self.on_progress(progress)


def _better(problem: Problem, plan: Plan, than: Plan) -> bool:
    return objective_of(problem, evaluate(problem, plan)) < objective_of(
        problem, evaluate(problem, than)
    )


def _solve_full(
    problem: Problem,
    params: SolveParams,
    deadline: float,
    hint: lns.Incumbent | None,
    reporter: _Reporter,
    should_stop: Callable[[], bool] | None,
    *,
    lns_only: bool = False,
) -> SolveResult:
    """The full model until ``deadline`` (at least a second, so a bound gets proven)."""
    b = build_model(problem)
    terms = add_objective(b)
    if hint is not None:
        # A partial first roster still helps: its agents are hinted, the others left free.
        add_plan_hint(b, hint.days, hint.shops)
    else:
        add_reference_hint(b)
    # Building a 600-agent model takes seconds: they count against the limit.
    time_limit_s = 0.0 if _stopped(should_stop) else max(1.0, deadline - time.monotonic())
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


def read_plan(b: Build, solver: cp_model.CpSolver) -> Plan:
    """Read the roster out of a solved model."""
    return plan_of(b, solver.value)
