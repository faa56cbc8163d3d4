"""Reports each new solution to a callable; the solver itself never prints."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.result import Progress

if TYPE_CHECKING:
    from ortools.sat.python.cp_model import LinearExprT

ProgressFn = Callable[[Progress], None]


class ProgressCallback(cp_model.CpSolverSolutionCallback):
    """Counts solutions and passes (elapsed, solutions, objective, bound) on."""

    def __init__(
        self,
        on_progress: ProgressFn | None,
        *,
        started: float | None = None,
        solutions: int = 0,
        shortfall: LinearExprT | None = None,
    ) -> None:
        super().__init__()
        self._on_progress = on_progress
        self._shortfall = shortfall
        self._started = time.monotonic() if started is None else started
        self.solutions = solutions
        self.first_solution_seconds: float | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        elapsed = time.monotonic() - self._started
        if self.first_solution_seconds is None:
            self.first_solution_seconds = elapsed
        if self._on_progress is not None:
            self._on_progress(
                Progress(
                    elapsed=elapsed,
                    solutions=self.solutions,
                    objective=self.objective_value,
                    bound=self.best_objective_bound,
                    shortfall=None if self._shortfall is None else int(self.value(self._shortfall)),
                )
            )
