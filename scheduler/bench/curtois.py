"""`scheduler bench curtois`: solve Curtois & Qu instances, compare with the best-known values."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import solver
from scheduler.bench.curtois_reader import (
    BEST_KNOWN,
    instance_path,
    read_instance,
    to_problem,
    write_roster,
)


@dataclass(frozen=True)
class CurtoisFigures:
    instance: int
    status: str
    objective: int | None
    best_bound: int | None
    best_known: int
    gap_to_best_known: float | None
    """(objective - best known) / best known; negative would beat the best-known value."""
    first_solution_s: float | None
    wall_s: float

    def json_line(self) -> str:
        return json.dumps(asdict(self))


def parse_instances(text: str) -> list[int]:
    """'1-24', '4-12', '1,3,13-19' -> instance numbers; raises ValueError on anything else."""
    numbers: list[int] = []
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        try:
            low, high = int(first), int(last) if dash else int(first)
        except ValueError:
            raise ValueError(f"{part!r} is not N or N-M") from None
        if not 1 <= low <= high <= max(BEST_KNOWN):
            raise ValueError(f"{part!r} is outside 1-{max(BEST_KNOWN)}")
        numbers += [n for n in range(low, high + 1) if n not in numbers]
    return numbers


def solve_instance(
    number: int,
    params: solver.SolveParams,
    out: Path | None = None,
    folder: Path | None = None,
) -> CurtoisFigures:
    """Read, solve and (with ``out``) write one instance; wall time includes reading."""
    started = time.monotonic()
    instance = read_instance(instance_path(number, folder))
    result = solver.solve(to_problem(instance), params)
    wall = time.monotonic() - started
    if out is not None and result.plan is not None:
        out.mkdir(parents=True, exist_ok=True)
        write_roster(out / f"Instance{number}.csv", instance, result.plan)
    known = BEST_KNOWN[number]
    return CurtoisFigures(
        instance=number,
        status=str(result.status),
        objective=result.objective,
        best_bound=result.best_bound,
        best_known=known,
        gap_to_best_known=None if result.objective is None else (result.objective - known) / known,
        first_solution_s=(
            None
            if result.first_solution_seconds is None
            else round(result.first_solution_seconds, 2)
        ),
        wall_s=round(wall, 2),
    )


HEADER = (
    f"{'inst':>4} {'status':<10} {'objective':>9} {'bound':>7} {'best':>7} {'gap':>8}"
    f" {'first s':>8} {'wall s':>8}"
)


def table_row(f: CurtoisFigures) -> str:
    def show(value: object) -> str:
        return "-" if value is None else str(value)

    gap = "-" if f.gap_to_best_known is None else f"{100 * f.gap_to_best_known:+.2f}%"
    return (
        f"{f.instance:>4} {f.status:<10} {show(f.objective):>9} {show(f.best_bound):>7}"
        f" {f.best_known:>7} {gap:>8} {show(f.first_solution_s):>8} {f.wall_s:>8.1f}"
    )
