"""Benchmarks: fixed instances, fixed seeds, figures a team can compare across changes."""

from __future__ import annotations

import os
import platform
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import solver
from scheduler.calendar import Month
from scheduler.rostering import make_roster
from scheduler.synthetic import generate_team
from scheduler.team import Team
from scheduler.team_folder import read_team

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BENCH_MONTH = Month(2026, 11)


@dataclass(frozen=True)
class RosterCase:
    name: str
    time_limit_s: float
    load: object  # () -> Team


@dataclass(frozen=True)
class RosterFigures:
    name: str
    agents: int
    shops: int
    time_limit_s: float
    status: str
    first_roster_s: float | None
    wall_s: float
    objective: int | None
    best_bound: int | None
    gap: float | None
    shortfall: float | None


def roster_cases() -> list[RosterCase]:
    """The demo team, the large example, and a generated 600-agent, 60-shop team."""
    return [
        RosterCase("demo-team", 5.0, lambda: read_team(EXAMPLES / "demo-team")),
        RosterCase("large-team", 60.0, lambda: read_team(EXAMPLES / "large-team")),
        RosterCase(
            "generated-600x60",
            300.0,
            lambda: generate_team(
                num_agents=600, num_shops=60, month=BENCH_MONTH, seed=600, name="generated 600"
            ),
        ),
    ]


def run_roster_case(case: RosterCase, time_scale: float = 1.0, workers: int = 2) -> RosterFigures:
    team: Team = case.load()  # type: ignore[operator]
    limit = case.time_limit_s * time_scale
    params = solver.SolveParams(time_limit_s=limit, num_workers=workers, seed=0)
    started = time.monotonic()
    outcome = make_roster(team, BENCH_MONTH, params=params)
    result = outcome.result
    return RosterFigures(
        name=case.name,
        agents=len(team.agents),
        shops=len(team.shops),
        time_limit_s=limit,
        status=outcome.summary["status"],
        first_roster_s=result.first_solution_seconds if result else None,
        wall_s=time.monotonic() - started,
        objective=result.objective if result else None,
        best_bound=result.best_bound if result else None,
        gap=result.gap if result else None,
        shortfall=outcome.summary.get("shortfall"),
    )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    system = f"{platform.system()} {platform.release()}"
    return f"{system}, {cpu}, {os.cpu_count()} cores, Python {platform.python_version()}"


def figures_table(rows: list[RosterFigures]) -> str:
    header = (
        "| instance | agents | shops | limit s | status | first roster s | wall s | objective "
        "| bound | gap | shortfall (agent-shifts) |\n|---|---|---|---|---|---|---|---|---|---|---|"
    )

    def fmt(value: object, spec: str = "") -> str:
        return "–" if value is None else format(value, spec)

    lines = [header]
    for r in rows:
        lines.append(
            f"| {r.name} | {r.agents} | {r.shops} | {r.time_limit_s:g} | {r.status} "
            f"| {fmt(r.first_roster_s, '.1f')} | {r.wall_s:.1f} | {fmt(r.objective)} "
            f"| {fmt(r.best_bound)} | {fmt(None if r.gap is None else 100 * r.gap, '.1f')}% "
            f"| {fmt(r.shortfall, 'g')} |"
        )
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"Machine: {machine()}. Date: {stamp}.\n\n" + "\n".join(lines)
