"""Benchmarks: fixed instances, fixed seeds, figures a team can compare across changes."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import solver
from scheduler.bench.synthetic import generate_team
from scheduler.roster.build import make_roster
from scheduler.team.calendar import Month
from scheduler.team.folder import read_team
from scheduler.team.model import Team

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
BENCH_MONTH = Month(2026, 11)


@dataclass(frozen=True)
class RosterCase:
    name: str
    time_limit_s: float
    load: Callable[[], Team]
    on_request: bool = False
    """Run only when named with ``--only`` (too long for the default run)."""


@dataclass(frozen=True)
class RosterFigures:
    name: str
    agents: int
    shops: int
    time_limit_s: float
    status: str
    first_roster_s: float | None
    zero_shortfall_s: float | None
    wall_s: float
    objective: int | None
    best_bound: int | None
    gap: float | None
    shortfall: float | None
    shortfall_floor: float | None = None
    """The proven floor under any roster's shortfall (issue 31)."""


# Generated teams' requirements are their witness roster's cover less this share, so a
# roster with zero shortfall is known to exist and the team has the spare capacity real
# teams keep (a witness met exactly leaves no slack at all: a puzzle, not a team).
GENERATED_SLACK = 0.05


def _generated(num_agents: int, num_shops: int, seed: int) -> Team:
    return generate_team(
        num_agents=num_agents,
        num_shops=num_shops,
        month=BENCH_MONTH,
        seed=seed,
        name=f"generated {num_agents}",
        blackout=(date(2026, 11, 10), date(2026, 11, 12)),
        slack=GENERATED_SLACK,
    )


def roster_cases() -> list[RosterCase]:
    """The two examples, and generated 120-, 600- and 1,200-agent teams with a zero-shortfall
    roster (the 1,200-agent one runs only when named with ``--only``: issue 37)."""
    return [
        RosterCase("demo-team", 5.0, lambda: read_team(EXAMPLES / "demo-team")),
        RosterCase("large-team", 60.0, lambda: read_team(EXAMPLES / "large-team")),
        RosterCase("generated-120x12", 60.0, lambda: _generated(120, 12, 120)),
        RosterCase("generated-600x60", 300.0, lambda: _generated(600, 60, 600)),
        RosterCase(
            "generated-1200x120", 600.0, lambda: _generated(1200, 120, 1200), on_request=True
        ),
    ]


def run_roster_case(case: RosterCase, time_scale: float = 1.0, workers: int = 2) -> RosterFigures:
    team = case.load()
    limit = case.time_limit_s * time_scale
    params = solver.SolveParams(time_limit_s=limit, num_workers=workers, seed=0)
    zero_at: list[float] = []

    def note(progress: solver.Progress) -> None:
        if progress.shortfall == 0 and not zero_at:
            zero_at.append(progress.elapsed)

    started = time.monotonic()
    outcome = make_roster(team, BENCH_MONTH, params=params, on_progress=note)
    result = outcome.result
    return RosterFigures(
        name=case.name,
        agents=len(team.agents),
        shops=len(team.shops),
        time_limit_s=limit,
        status=outcome.summary["status"],
        first_roster_s=result.first_solution_seconds if result else None,
        zero_shortfall_s=zero_at[0] if zero_at else None,
        wall_s=time.monotonic() - started,
        objective=result.objective if result else None,
        best_bound=result.best_bound if result else None,
        gap=result.gap if result else None,
        shortfall=outcome.summary.get("shortfall"),
        shortfall_floor=outcome.summary.get("shortfall_floor"),
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def figures_table(rows: list[RosterFigures]) -> str:
    header = (
        "| instance | agents | shops | limit s | status | first roster s | zero shortfall s "
        "| wall s | objective | bound | gap | shortfall (agent-shifts) | floor |\n"
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    )

    def fmt(value: object, spec: str = "") -> str:
        return "–" if value is None else format(value, spec)

    lines = [header]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.agents} | {r.shops} | {r.time_limit_s:g} | {r.status} "
            f"| {fmt(r.first_roster_s, '.1f')} | {fmt(r.zero_shortfall_s, '.1f')} "
            f"| {r.wall_s:.1f} | {fmt(r.objective)} "
            f"| {fmt(r.best_bound)} | {fmt(None if r.gap is None else 100 * r.gap, '.1f')}% "
            f"| {fmt(r.shortfall, 'g')} | {fmt(r.shortfall_floor, 'g')} |"
        )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"Machine: {machine()}. Date: {stamp}.\n\n" + "\n".join(lines)
