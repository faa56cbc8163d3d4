"""How every search here sets up CP-SAT: the parameters they all share, in one place."""

from __future__ import annotations

from ortools.sat.python import cp_model

# CP-SAT's own default seed: a search that does not choose one keeps CP-SAT's behaviour.
DEFAULT_SEED = 1


def cp_solver(time_limit_s: float, num_workers: int, seed: int = DEFAULT_SEED) -> cp_model.CpSolver:
    """A CP-SAT solver with a time limit, a number of workers and a random seed."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    return solver
