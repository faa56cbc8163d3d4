"""Solve a Problem with CP-SAT and report what was proved: the public entry, its parameters
and the choice of search (the searches themselves are in ``solver.search``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import TYPE_CHECKING

from solver.search.by_blocks import solve_by_blocks
from solver.search.by_columns import solve_by_columns
from solver.search.by_windows import solve_by_windows
from solver.search.windows import applies as windows_apply

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem
    from solver.progress import ProgressFn
    from solver.result import SolveResult
    from solver.tasks import TaskExecutor


class Search(StrEnum):
    """How ``solve`` searches."""

    BLOCKS = "blocks"
    """A first roster agent by agent, block search on large teams, then the full model."""
    COLUMNS = "columns"
    """Column generation (bound and LP), then search over cells of the full model."""
    WINDOWS = "windows"
    """Long horizons (``WINDOW_MIN_DAYS`` or more): a first roster window by window (each
    by ``COLUMNS``), then search over cells of the whole horizon; others as ``COLUMNS``."""


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
        model (see ``solver.search.by_blocks``).
    search
        ``Search.BLOCKS`` (the above) or ``Search.COLUMNS``: column generation
        over whole agent rosters, then the full model (see
        ``solver.search.by_columns``); ``Search.WINDOWS``: on long horizons, windows of
        a few weeks in turn, then the whole horizon (``solver.search.by_windows``).
    executor
        Runs the independent sub-solves of the searches (agents that share no shop,
        placed or re-solved at once; the cell search's neighbourhoods) in place of a
        thread pool of ``num_workers``: any object with
        ``concurrent.futures.Executor.submit``, e.g. one whose tasks run on a cluster.
        The caller owns it; it is not compared or shown.
    sub_solves_at_once
        How many of those sub-solves are in flight at once; None: ``num_workers``.
    """

    time_limit_s: float = 60.0
    num_workers: int = 2
    seed: int = 0
    diagnose: bool = True
    log: bool = False
    lns: bool = True
    search: Search = Search.BLOCKS
    executor: TaskExecutor | None = field(default=None, compare=False, repr=False)
    sub_solves_at_once: int | None = None

    @property
    def at_once(self) -> int:
        """How many independent sub-solves run at once."""
        return self.sub_solves_at_once or self.num_workers


def solve(
    problem: Problem,
    params: SolveParams | None = None,
    on_progress: ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> SolveResult:
    """Solve ``problem`` and return what CP-SAT proved.

    A first roster is built agent by agent against the cover still missing
    (under ``LNS_MIN_AGENTS`` and from ``BLOCK_MIN_AGENTS`` on, within a
    month-level plan of shops and phases, ``solver.search.allocation``). Teams under
    ``LNS_MIN_AGENTS`` then get sweeps of one agent at a time; teams of
    ``LNS_MIN_AGENTS`` or more CP-SAT's large-neighbourhood search on the full
    model, and from ``BLOCK_MIN_AGENTS`` sweeps and block search
    (``solver.search.blocks``) instead. The best
    roster seeds a last run of the full model as a hint; its search gives the
    reported bound, and "OPTIMAL" only when it proves it.

    With ``Search.WINDOWS``, horizons of ``WINDOW_MIN_DAYS`` or more (and only the rules
    windows carry) are solved window by window first, then improved on the whole horizon
    (``solver.search.by_windows``); when the windows give no roster, the rest of the time
    goes to ``Search.COLUMNS``.

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
    whole = solve_by_blocks if params.search == Search.BLOCKS else solve_by_columns
    if params.search == Search.WINDOWS and windows_apply(problem):
        started = time.monotonic()
        result = solve_by_windows(problem, params, on_progress, should_stop, whole)
        if result is not None:
            return result
        left = max(1.0, params.time_limit_s - (time.monotonic() - started))
        params = replace(params, time_limit_s=left)
    return whole(problem, params, on_progress, should_stop)
