"""A batch: every team folder under one folder built for a month, each written on its own."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

import solver
from scheduler.batch.executors import Executor, Finished
from scheduler.batch.team_build import BUILT, FAILED, TeamBuild, build_team
from scheduler.roster.files import write_outputs
from scheduler.team.calendar import Month

BATCH_JSON = "batch.json"
BATCH_HTML = "batch.html"


@dataclass(frozen=True, kw_only=True)
class TeamReport:
    """One team's line in batch.json; ``floor`` is None when the build reports none."""

    team: str
    status: str
    solver_status: str | None
    shortfall: float | None
    floor: float | None
    wall_seconds: float
    node: str
    messages: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class BatchReport:
    month: str
    executor: str
    wall_seconds: float
    teams: tuple[TeamReport, ...]

    @property
    def failed(self) -> list[TeamReport]:
        return [t for t in self.teams if t.status != BUILT]


def team_dirs(teams_dir: Path, out: Path) -> list[Path]:
    """The team folders: every visible sub-folder of ``teams_dir`` except ``out`` itself."""
    skip = out.resolve()
    return sorted(
        p
        for p in teams_dir.iterdir()
        if p.is_dir() and not p.name.startswith(".") and p.resolve() != skip
    )


def run_batch(
    teams_dir: Path,
    month: Month,
    out: Path,
    *,
    executor: Executor,
    params: solver.SolveParams,
    previous_dir: Path | None = None,
    on_finished: Callable[[TeamReport], None] | None = None,
) -> BatchReport:
    """Build every team as a task of ``executor``; write each one as its task finishes.

    Files are written here, in the calling process only, each team's folder whole or not at
    all, so a task Ray re-runs after losing a node cannot write a team twice.
    """
    started = time.perf_counter()
    dirs = team_dirs(teams_dir, out)
    for team_dir in dirs:
        executor.submit(team_dir.name, build_team, team_dir, month, previous_dir, params)
    reports: list[TeamReport] = []
    for finished in executor.finished():
        report = _report(finished)
        if isinstance(finished.value, TeamBuild) and finished.value.status == BUILT:
            write_team_folder_whole(out, finished.key, finished.value.files)
        reports.append(report)
        if on_finished is not None:
            on_finished(report)
    order = {d.name: i for i, d in enumerate(dirs)}
    return BatchReport(
        month=str(month),
        executor=executor.name,
        wall_seconds=round(time.perf_counter() - started, 3),
        teams=tuple(sorted(reports, key=lambda r: order[r.team])),
    )


def _report(finished: Finished) -> TeamReport:
    built = finished.value
    if not isinstance(built, TeamBuild):
        return TeamReport(
            team=finished.key,
            status=FAILED,
            solver_status=None,
            shortfall=None,
            floor=None,
            wall_seconds=0.0,
            node=finished.node,
            messages=(finished.error or "no result",),
        )
    return TeamReport(
        team=finished.key,
        status=built.status,
        solver_status=built.solver_status,
        shortfall=built.shortfall,
        floor=built.floor,
        wall_seconds=built.wall_seconds,
        node=finished.node,
        messages=built.messages,
    )


def write_team_folder_whole(out: Path, team: str, files: dict[str, str]) -> None:
    """``out/team/`` with exactly ``files``: written to a temp folder, then renamed in."""
    out.mkdir(parents=True, exist_ok=True)
    # mkdir, not mkdtemp, so the folder gets the usual permissions, as `scheduler roster`'s.
    staging = out / f".{team}.new-{uuid.uuid4().hex[:8]}"
    staging.mkdir()
    write_outputs(staging, files)
    target = out / team
    if target.exists():
        old = Path(tempfile.mkdtemp(dir=out, prefix=f".{team}.old-"))
        os.replace(target, old / team)
        os.replace(staging, target)
        shutil.rmtree(old)
    else:
        os.replace(staging, target)


def batch_json(report: BatchReport) -> str:
    data = asdict(report)
    for team in data["teams"]:
        team["messages"] = list(team["messages"])
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
