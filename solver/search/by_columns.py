"""The columns search (``Search.COLUMNS``): column generation, then search over cells.

``Search.COLUMNS`` suits problems whose cover is tight and whose agents' own rules are
long and intricate (the Curtois & Qu benchmark):

1. a first roster, agent by agent (``blocks.construct``), weekends whole where they are the
   scarce days (``solver.search.weekends``);
2. column generation (``solver.search.columns``): a strong lower bound, and an LP over whole
   rosters;
3. the cells where the LP's rosters disagree with each other or with the best roster so far
   are re-solved in the full model, the rest fixed to the LP's heaviest rosters
   (relaxation-induced neighbourhood);
4. large-neighbourhood search over cells (``solver.search.cells``) until the time limit, or
   until the roster meets the bound (then it is proven optimal); whenever it has found
   nothing better for a while, CP-SAT's own search on the full model takes a turn from
   the best roster.
"""

from __future__ import annotations

import math
import time
from functools import partial
from typing import TYPE_CHECKING

from solver.evaluate import evaluate, objective_of
from solver.progress import Reporter
from solver.result import SolveResult, SolveStatus
from solver.search import alone, blocks, cells, columns, weekends
from solver.search.full import solve_full

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem
    from solver.progress import ProgressFn
    from solver.result import Plan
    from solver.solve import SolveParams
    from solver.tasks import TaskExecutor

# Shares of the time limit: the first roster must come by CONSTRUCT_SHARE, column
# generation ends by ROUNDS_SHARE, the integer master gets at most MASTER_SHARE and the
# relaxation-induced neighbourhood at most RINS_SHARE.
CONSTRUCT_SHARE = 0.1
ROUNDS_SHARE = 0.45
MASTER_SHARE = 0.05
RINS_SHARE = 0.15
# Column generation goes on past this share only if it has proven a bound above zero by
# then; until it has, the cell search does better with the time (instances 13 and 17:
# no bound after 260 s of rounds, and the cell search was still improving at the end).
PROVE_BY_SHARE = 0.2
# The cell search hands over to CP-SAT on the full model for this share of the time
# limit when it has found nothing better for as long.
STALL_SHARE = 0.15


class _Best:
    """The best roster so far; reports each improvement as progress."""

    def __init__(self, problem: Problem, on_progress: ProgressFn | None, started: float) -> None:
        self.problem = problem
        self.reporter = Reporter(on_progress, started)
        self.plan: Plan | None = None
        self.objective: int | None = None
        self.improved_at = started

    def offer(self, plan: Plan | None) -> None:
        if plan is None:
            return
        terms = evaluate(self.problem, plan)
        objective = objective_of(self.problem, terms)
        if self.objective is None or objective < self.objective:
            self.plan, self.objective = plan, objective
            self.improved_at = time.monotonic()
            self.reporter(objective, terms["shortfall"])

    def stalled(self, since: float, seconds: float) -> bool:
        """No better roster for ``seconds``, counted from ``since`` at the earliest."""
        return time.monotonic() - max(since, self.improved_at) >= seconds

    def reached(self, bound: int | None) -> bool:
        return bound is not None and self.objective is not None and self.objective <= bound


def _cells_end(
    stop: Callable[[], bool], best: _Best, bound: int, resumed: float, stint: float
) -> bool:
    """The cell search ends when stopped, at the bound, or stalled since ``resumed``."""
    return stop() or best.reached(bound) or best.stalled(resumed, stint)


def first_roster(
    problem: Problem,
    deadline: float,
    seed: int,
    stop: Callable[[], bool],
    workers: int,
    executor: TaskExecutor | None = None,
) -> blocks.Incumbent:
    """Agent by agent; with weekends worked whole where weekend days are scarce, unless
    some agent's month cannot be so."""
    if weekends.weekends_are_scarce(problem):
        try:
            return blocks.construct(
                weekends.whole(problem), deadline, seed, stop, workers, executor
            )
        except (blocks.BlockInfeasible, alone.AgentInfeasible):
            pass
    return blocks.construct(problem, deadline, seed, stop, workers, executor)


def solve_by_columns(
    problem: Problem,
    params: SolveParams,
    on_progress: ProgressFn | None,
    should_stop: Callable[[], bool] | None,
) -> SolveResult:
    """Column generation for the bound, then the LP's neighbourhood and cell search."""
    started = time.monotonic()
    limit, workers, seed = params.time_limit_s, params.num_workers, params.seed
    deadline = started + limit
    stop = should_stop or (lambda: False)
    best = _Best(problem, on_progress, started)
    try:
        first = first_roster(
            problem, started + CONSTRUCT_SHARE * limit, seed, stop, params.at_once, params.executor
        )
        best.offer(first.plan() if first.complete else None)
        start = [
            (row, shops) if row is not None and shops is not None else None
            for row, shops in zip(first.days, first.shops, strict=True)
        ]
        # A roster comes first: the agents' own months may use all the time there is.
        generation = columns.ColumnGeneration(problem, start, workers, seed, deadline)
    except (blocks.BlockInfeasible, alone.AgentInfeasible):
        # Some agent's rules cannot hold: the full model says which (params.diagnose).
        return solve_full(problem, params, deadline, None, best.reporter, should_stop)
    except TimeoutError:
        # Some agent's own month was not found in the whole time limit: no roster.
        return SolveResult(
            status=SolveStatus.UNKNOWN,
            objective=None,
            best_bound=None,
            wall_seconds=time.monotonic() - started,
            solutions_found=0,
        )
    # Each agent's first column together: a complete roster before any pricing.
    best.offer(generation.master.plan([0] * len(problem.agents)))
    # When one agent's cost-driven month does not come in time, pricing (the same search,
    # weighed by duals) finds no columns and no bound either (instance 20: none in 10 s per
    # agent): the time goes to the cell search.
    priced = not blocks.hard_months(first)
    try:
        if priced:
            generation.run(started + ROUNDS_SHARE * limit, stop, started + PROVE_BY_SHARE * limit)
    finally:
        generation.close()
    # Every soft term is a non-negative count times a non-negative weight: 0 is a bound too.
    bound = max(0, generation.bound or 0)
    if priced and not best.reached(bound) and not stop():
        # The best choice of one generated roster per agent (SCIP), from the LP's choice.
        master = generation.master
        ip_limit = min(MASTER_SHARE * limit, deadline - time.monotonic())
        picks = master.solve_ip(ip_limit, master.lp_picks) if ip_limit > 0 else None
        best.offer(master.plan(picks) if picks is not None else None)
    search = cells.CellSearch(problem)
    if priced and not best.reached(bound) and not stop():
        lp_plan = generation.lp_plan()
        values = search.values_of(lp_plan, max(1.0, deadline - time.monotonic()))
        rins_limit = min(RINS_SHARE * limit, deadline - time.monotonic())
        if values is not None and rins_limit > 0:
            # Free where the LP's rosters disagree, and where the best roster so far (the
            # integer master's) differs from them: a converged LP's rosters agree in most
            # cells, and freeing only those left 8 at 60 s one unit of cover short in 4
            # runs of 5 (1411-1509; 1309-1312 in 3 of 5 so).
            free = generation.disagreeing_cells(best.plan if best.plan is not None else lp_plan)
            found = search.step(values, free, rins_limit, workers, seed)
            best.offer(search.plan(found[0]) if found is not None else None)
    # Unpriced are the long horizons whose agents' months are hard to find: their full
    # model is too large for a stint (24 overran its time limit by 31 s), so no hand-over.
    stint = STALL_SHARE * limit if priced else math.inf
    while best.plan is not None and not best.reached(bound) and not stop():
        resumed = time.monotonic()
        plan, proven = cells.improve(
            problem,
            best.plan,
            deadline,
            params.at_once,
            seed,
            on_improvement=best.offer,
            should_stop=partial(_cells_end, stop, best, bound, resumed, stint),
            search=search,
            executor=params.executor,
        )
        best.offer(plan)
        if proven and best.objective is not None:
            bound = best.objective
        if best.reached(bound) or stop() or deadline - time.monotonic() < 1.0:
            break
        if not best.stalled(resumed, stint):
            # The cell search ended for the deadline, not for a stall: building the full
            # model alone takes 11 s on instance 23 (3 s were left: it ended 11 s late).
            break
        # The cell search has stalled (instance 8: 1319 for 60 s): CP-SAT's own search
        # on the full model for a stint, then cells again. The roster is hinted, but
        # CP-SAT mostly does not keep that hint: the stint is in effect a fresh search.
        full = solve_full(
            problem,
            params,
            min(deadline, time.monotonic() + stint),
            blocks.Incumbent.of(best.plan),
            best.reporter,
            stop,
        )
        best.offer(full.plan)
        if full.status == SolveStatus.OPTIMAL and best.objective is not None:
            bound = max(bound, best.objective)
        elif full.best_bound is not None:
            bound = max(bound, full.best_bound)
        seed += 1
    status = SolveStatus.FEASIBLE if best.plan is not None else SolveStatus.UNKNOWN
    if best.reached(bound):
        status = SolveStatus.OPTIMAL
    return SolveResult(
        status=status,
        objective=best.objective,
        best_bound=bound,
        wall_seconds=time.monotonic() - started,
        solutions_found=best.reporter.solutions,
        first_solution_seconds=best.reporter.first,
        plan=best.plan,
        terms=evaluate(problem, best.plan) if best.plan is not None else {},
    )
