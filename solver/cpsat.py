"""How every search here sets up CP-SAT: the parameters they all share, in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from solver.solve import SolveParams

# CP-SAT's own default seed: a search that does not choose one keeps CP-SAT's behaviour.
DEFAULT_SEED = 1


def cp_solver(time_limit_s: float, num_workers: int, seed: int = DEFAULT_SEED) -> cp_model.CpSolver:
    """A CP-SAT solver with a time limit, a number of workers and a random seed."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    return solver


def make_solver(params: SolveParams, time_limit_s: float | None = None) -> cp_model.CpSolver:
    """A CP-SAT solver as ``params`` ask (workers, seed, log), with their time limit or
    ``time_limit_s``."""
    limit = params.time_limit_s if time_limit_s is None else time_limit_s
    solver = cp_solver(limit, params.num_workers, params.seed)
    solver.parameters.log_search_progress = params.log
    return solver
