"""What the commands share: exit codes, input errors, month parsing, the progress table."""

from __future__ import annotations

import math
import sys

import typer

import solver
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors

EXIT_BAD_INPUT = 2
EXIT_INFEASIBLE = 3
EXIT_NOT_FOUND = 4


def fail_on_input(errors: InputErrors) -> None:
    for error in errors.errors:
        typer.echo(str(error), err=True)
    raise typer.Exit(EXIT_BAD_INPUT)


def parse_month(text: str) -> Month:
    try:
        return Month.parse(text)
    except ValueError as exc:
        typer.echo(f"--month: {exc}", err=True)
        raise typer.Exit(EXIT_BAD_INPUT) from exc


class ProgressTable:
    """Prints a fixed-width line per new solution to stderr."""

    def __init__(self) -> None:
        self._header = False

    def __call__(self, progress: solver.Progress) -> None:
        if not self._header:
            print(
                f"{'elapsed':>9} {'solutions':>9} {'objective':>12} {'bound':>12}", file=sys.stderr
            )
            self._header = True
        bound = "-" if math.isnan(progress.bound) else f"{progress.bound:.0f}"
        print(
            f"{progress.elapsed:8.1f}s {progress.solutions:>9} "
            f"{progress.objective:>12.0f} {bound:>12}",
            file=sys.stderr,
            flush=True,
        )
