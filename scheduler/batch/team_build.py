"""One team's build from its folder, as `scheduler roster` and each task of a batch run it;
the files come back to be written by the caller."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import solver
from scheduler.peak.temps import read_hires, with_temps
from scheduler.people.ledger import (
    LEDGER_CSV,
    ledger_csv,
    month_ledger,
    read_ledger,
    worked_before,
)
from scheduler.roster.build import RosterOutcome, make_roster, roster_files
from scheduler.roster.files import ROSTER_CSV
from scheduler.roster.inputs import read_previous
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors
from scheduler.team.folder import read_team
from scheduler.team.model import Team

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
    floor: float | None = None
    """summary.json's ``shortfall_floor``, when the roster build reports one."""
    wall_seconds: float = 0.0
    messages: tuple[str, ...] = ()
    files: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FolderBuild:
    """One build from a team folder: the outcome, and the files when a roster exists."""

    team: Team
    outcome: RosterOutcome
    files: dict[str, str]


def build_from_folder(
    team_dir: Path,
    month: Month,
    previous: Path | None,
    params: solver.SolveParams,
    *,
    hires: Path | None = None,
    on_progress: solver.progress.ProgressFn | None = None,
) -> FolderBuild:
    """What `scheduler roster` builds, not yet written: the team (with ``hires``' temps),
    last month's roster and the fairness ledger beside it, the solve, the files.

    Raises
    ------
    InputErrors
        With file:line for every problem in the team folder, ``previous`` or its ledger.
    """
    team = read_team(team_dir)
    if hires is not None:
        team = with_temps(team, read_hires(hires, team), hires.name)
    prev = read_previous(previous, team, month) if previous else None
    ledger_path = previous.parent / LEDGER_CSV if previous else None
    last_ledger = read_ledger(ledger_path) if ledger_path and ledger_path.exists() else None
    outcome = make_roster(
        team,
        month,
        previous=prev,
        params=params,
        on_progress=on_progress,
        worked_before=worked_before(last_ledger) if last_ledger is not None else None,
    )
    if outcome.roster is None:
        return FolderBuild(team, outcome, {})
    # `scheduler swap` finds the team folder of a roster here.
    outcome.summary["team_dir"] = str(team_dir.resolve())
    ledger = month_ledger(team, outcome.roster, last_ledger)
    return FolderBuild(
        team, outcome, roster_files(team, outcome, extra={LEDGER_CSV: ledger_csv(ledger)})
    )


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
        built = build_from_folder(
            team_dir, month, previous if previous and previous.is_file() else None, params
        )
    except InputErrors as errors:
        lines = tuple(str(e) for e in errors.errors)
        return TeamBuild(team=name, status=BAD_INPUT, messages=lines, wall_seconds=took())
    summary: dict[str, Any] = built.outcome.summary
    if not built.files:
        status = INFEASIBLE if summary["status"] == "INFEASIBLE" else NOT_FOUND
        return TeamBuild(
            team=name,
            status=status,
            solver_status=summary["status"],
            messages=tuple(built.outcome.explanation.splitlines()),
            wall_seconds=took(),
        )
    return TeamBuild(
        team=name,
        status=BUILT,
        solver_status=summary["status"],
        shortfall=summary["shortfall"],
        floor=summary.get("shortfall_floor"),
        wall_seconds=took(),
        files=built.files,
    )
