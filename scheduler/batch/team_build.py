"""One team of a batch, built where a task runs; files come back to be written by the batch."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import solver
from scheduler.roster.build import make_roster, roster_files
from scheduler.roster.files import ROSTER_CSV
from scheduler.roster.inputs import read_previous
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors
from scheduler.team.folder import read_team

# A team's status in batch.json.
BUILT = "built"
BAD_INPUT = "bad input"
INFEASIBLE = "infeasible"
NOT_FOUND = "no roster in time"
FAILED = "failed"


@dataclass(frozen=True, kw_only=True)
class TeamBuild:
    """What one team's task returns: the roster files when built, else why not."""

    team: str
    status: str
    solver_status: str | None = None
    shortfall: float | None = None
    wall_seconds: float = 0.0
    messages: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)


def build_team(
    team_dir: Path, month: Month, previous_dir: Path | None, params: solver.SolveParams
) -> TeamBuild:
    """Build ``team_dir``'s roster for ``month`` as `scheduler roster` does, without writing.

    Last month's roster is ``previous_dir/<team>/roster.csv`` when that file exists.
    """
    started = time.perf_counter()
    name = team_dir.name

    def took() -> float:
        return round(time.perf_counter() - started, 3)

    previous = previous_dir / name / ROSTER_CSV if previous_dir else None
    try:
        team = read_team(team_dir)
        prev = read_previous(previous, team, month) if previous and previous.is_file() else None
    except InputErrors as errors:
        lines = tuple(str(e) for e in errors.errors)
        return TeamBuild(team=name, status=BAD_INPUT, messages=lines, wall_seconds=took())
    outcome = make_roster(team, month, previous=prev, params=params)
    summary: dict[str, Any] = outcome.summary
    if outcome.roster is None:
        status = INFEASIBLE if summary["status"] == "INFEASIBLE" else NOT_FOUND
        return TeamBuild(
            team=name,
            status=status,
            solver_status=summary["status"],
            messages=tuple(outcome.explanation.splitlines()),
            wall_seconds=took(),
        )
    # `scheduler swap` finds the team folder of a roster here, as for `scheduler roster`.
    summary["team_dir"] = str(team_dir.resolve())
    return TeamBuild(
        team=name,
        status=BUILT,
        solver_status=summary["status"],
        shortfall=summary["shortfall"],
        wall_seconds=took(),
        files=roster_files(team, outcome),
    )
