"""Reports each new solution to a callable; the solver itself never prints."""

from __future__ import annotations

import math
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


class Reporter:
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
