"""Decomposition over time for long horizons (``Search.WINDOWS``): a first roster window by
window, then the cell search on the whole horizon.

1. **Rolling horizon** (``solver.search.windows``): windows of ``DAYS_PER_WINDOW`` days are
   solved in turn, each with ``LOOK_AHEAD_DAYS`` more so that its last days are not
   planned as if the horizon ended there. A window's sub-problem holds the days before it
   fixed to the roster so far and gets its share of the horizon-wide limits; it is solved by
   the search of a whole problem (``solve_by_columns``), given time
   pro rata to its days out of ``WINDOWS_SHARE`` of the limit. Its kept days are appended to
   the roster. A window whose share of the limits cannot be met is solved again with all
   that is left of them.
2. **Across windows**: the whole roster is checked against the full model (which keeps
   every rule hard over the whole horizon), then improved by the cell search
   (``solver.search.cells``) until the time limit: its "days" neighbourhood frees every
   agent over a band of days, the rest fixed, and keeps the re-solve when it is no worse;
   its other kinds free some agents over the whole horizon, a box of both, or the weekends.

``solve_by_windows`` returns None when no roster came of the windows (a window with no
roster in its time, or a roster the full model rejects); ``solve`` then gives the rest of
the time to the whole-horizon search.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from solver.evaluate import evaluate, objective_of
from solver.progress import Reporter
from solver.result import Plan, SolveResult, SolveStatus
from solver.search import alone, cells, run_pricing, windows

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem, ShopIdx
    from solver.progress import ProgressFn
    from solver.result import DayEntry
    from solver.solve import SolveParams

    SolveFn = Callable[
        [Problem, SolveParams, ProgressFn | None, Callable[[], bool] | None], SolveResult
    ]

# Share of the time limit for the first roster, window by window; the rest goes to the cell
# search on the whole horizon.
WINDOWS_SHARE = 0.5
# Least time for one window's solve, and for checking the whole roster in the full model.
MIN_WINDOW_S = 2.0
CHECK_S = 30.0
# A window retried with all that is left of the limits gets this many times its share of
# the time, at least MIN_RETRY_S (22 at 120 s under load: 5 s windows found no roster).
RETRY_FACTOR = 2.0
MIN_RETRY_S = 10.0
# Agents are checked against their share (``_within_reach``) for at most this share of a
# window's time: on 22 the day-by-day search takes seconds an agent under load.
REACH_SHARE = 0.2
# The cell search on the whole horizon keeps at least this share of the limit.
CELLS_SHARE = 0.1


def rolling_roster(
    problem: Problem,
    params: SolveParams,
    deadline: float,
    solve_window: SolveFn,
    should_stop: Callable[[], bool] | None = None,
    last_deadline: float | None = None,
) -> Plan | None:
    """A roster of the whole horizon, window by window, or None when a window has none.

    Windows share the time to ``deadline`` pro rata to their days. A window with no roster
    in its time is solved again with all that is left of the limits and
    ``RETRY_FACTOR`` times the time (at least ``MIN_RETRY_S``), which may run on to
    ``last_deadline``.
    """
    rows: list[list[DayEntry]] = [[] for _ in problem.agents]
    shops: list[tuple[ShopIdx, ...]] = [() for _ in problem.agents]
    parts = windows.windows(problem.num_days)
    last = deadline if last_deadline is None else last_deadline
    for i, window in enumerate(parts):
        if should_stop is not None and should_stop():
            return None
        days_left = sum(w.stop - w.start for w in parts[i:])
        share = (deadline - time.monotonic()) * (window.stop - window.start) / days_left
        limits = (
            max(MIN_WINDOW_S, share),
            min(max(MIN_RETRY_S, RETRY_FACTOR * share), last - time.monotonic()),
        )
        plan = None
        for pro_rata, limit in zip((True, False), limits, strict=True):
            if limit <= 0:
                break
            began = time.monotonic()
            sub, first = windows.sub_problem(problem, rows, window, pro_rata=pro_rata)
            if pro_rata:
                relaxed = windows.sub_problem(problem, rows, window, pro_rata=False)[0]
                sub = _within_reach(sub, relaxed, began + REACH_SHARE * limit)
            left = max(MIN_WINDOW_S / 2, limit - (time.monotonic() - began))
            window_params = replace(params, time_limit_s=left, diagnose=False)
            plan = solve_window(sub, window_params, None, should_stop).plan
            if plan is not None:
                break
        if plan is None:
            return None
        for a, row in enumerate(rows):
            row.extend(plan.days[a][window.start - first : window.end - first])
            shops[a] = shops[a] or plan.shops[a]
    return Plan(days=tuple(tuple(row) for row in rows), shops=tuple(shops))


def _within_reach(sub: Problem, relaxed: Problem, until: float) -> Problem:
    """``sub`` with the agents whose share of the limits no month can meet given all that is
    left of them instead, as far as the exact day-by-day search can tell by ``until`` (on 20,
    3-5 agents of a window; CP-SAT spent the window's time not finding their months)."""
    agents = list(sub.agents)
    for a in range(len(agents)):
        if time.monotonic() > until:
            break
        alone_problem = alone.agent_problem(sub, a)
        if not run_pricing.applies(alone_problem):
            continue
        try:
            run_pricing.RunPricer(alone_problem).price({})
        except alone.AgentInfeasible:
            agents[a] = relaxed.agents[a]
        except run_pricing.TooLarge:
            continue
    return replace(sub, agents=tuple(agents))


def solve_by_windows(
    problem: Problem,
    params: SolveParams,
    on_progress: ProgressFn | None,
    should_stop: Callable[[], bool] | None,
    solve_window: SolveFn,
) -> SolveResult | None:
    """A first roster window by window, improved on the whole horizon until the limit."""
    started = time.monotonic()
    deadline = started + params.time_limit_s
    first = rolling_roster(
        problem,
        params,
        started + WINDOWS_SHARE * params.time_limit_s,
        solve_window,
        should_stop,
        last_deadline=deadline - CELLS_SHARE * params.time_limit_s,
    )
    if first is None:
        return None
    search = cells.CellSearch(problem)
    if search.values_of(first, CHECK_S) is None:
        return None  # some rule across windows does not hold: not a roster to return
    reporter = Reporter(on_progress, started)
    terms = evaluate(problem, first)
    best, best_objective = first, objective_of(problem, terms)
    reporter(best_objective, terms["shortfall"])

    def offer(plan: Plan) -> None:
        nonlocal best, best_objective
        terms = evaluate(problem, plan)
        objective = objective_of(problem, terms)
        if objective < best_objective:
            best, best_objective = plan, objective
            reporter(objective, terms["shortfall"])

    proven = False
    if deadline - time.monotonic() > 1.0 and not (should_stop and should_stop()):
        plan, proven = cells.improve(
            problem,
            best,
            deadline,
            params.at_once,
            params.seed,
            on_improvement=offer,
            should_stop=should_stop,
            search=search,
            executor=params.executor,
        )
        offer(plan)
    return SolveResult(
        status=SolveStatus.OPTIMAL if proven else SolveStatus.FEASIBLE,
        objective=best_objective,
        best_bound=best_objective if proven else 0,
        wall_seconds=time.monotonic() - started,
        solutions_found=reporter.solutions,
        first_solution_seconds=reporter.first,
        plan=best,
        terms=evaluate(problem, best),
    )
