"""`scheduler bench replan`: re-plan the large example after three agents fall sick."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import solver
from scheduler.bench.roster import BENCH_MONTH, EXAMPLES, machine
from scheduler.roster.build import make_roster
from scheduler.roster.coverage import compute_coverage, total_shortfall
from scheduler.roster.files import read_roster
from scheduler.roster.model import Roster
from scheduler.roster.replan import ReplanOutcome, check_swap, make_rebuild, make_replan
from scheduler.team.folder import read_team
from scheduler.team.model import Leave, Team

START = date(2026, 11, 16)
SICK = ("A012", "A050", "A078")
SICK_END = date(2026, 11, 18)


@dataclass(frozen=True)
class ReplanFigures:
    run: str
    time_limit_s: float
    wall_s: float
    first_solution_s: float | None
    status: str
    changed_days: int | None
    changed_percent: float | None
    changed_shops: int | None
    shortfall: float | None


def sick_team() -> Team:
    """The large example with three agents sick 11-16..11-18."""
    team = read_team(EXAMPLES / "large-team")
    sick = tuple(Leave(agent_id=a, start=START, end=SICK_END, kind="sick") for a in SICK)
    return replace(team, leave=team.leave + sick)


def published_roster(team: Team, folder: Path | None, limit_s: float, workers: int) -> Roster:
    """The roster to re-plan: read from ``folder``, else built now (without the sickness)."""
    if folder is not None:
        return read_roster(folder / "roster.csv", team)
    healthy = read_team(EXAMPLES / "large-team")
    params = solver.SolveParams(time_limit_s=limit_s, num_workers=workers, seed=0)
    outcome = make_roster(healthy, BENCH_MONTH, params=params)
    assert outcome.roster is not None, outcome.explanation
    return outcome.roster


def _figures(run: str, limit: float, wall: float, result: ReplanOutcome) -> ReplanFigures:
    summary = result.outcome.summary
    figures = summary.get("replan", {})
    solved = result.outcome.result
    return ReplanFigures(
        run=run,
        time_limit_s=limit,
        wall_s=wall,
        first_solution_s=solved.first_solution_seconds if solved else None,
        status=summary["status"],
        changed_days=figures.get("changed_days"),
        changed_percent=figures.get("changed_percent"),
        changed_shops=figures.get("changed_shops"),
        shortfall=summary.get("shortfall"),
    )


def run_replan_bench(
    published_dir: Path | None, publish_limit_s: float, limits: list[float], workers: int
) -> tuple[list[ReplanFigures], float, list[str]]:
    """Re-plans at each time limit, a rebuild at the longest, and two swap checks.

    Returns the figures, the published roster's shortfall and lines about the swaps.
    """
    team = sick_team()
    published = published_roster(team, published_dir, publish_limit_s, workers)
    healthy = read_team(EXAMPLES / "large-team")
    published_shortfall = total_shortfall(compute_coverage(healthy, published))
    rows = []
    replanned = published
    for limit in sorted(limits):
        params = solver.SolveParams(time_limit_s=limit, num_workers=workers, seed=0)
        started = time.monotonic()
        result = make_replan(team, published, START, params=params)
        rows.append(_figures("replan", limit, time.monotonic() - started, result))
        replanned = result.outcome.roster or replanned
    limit = max(limits)
    params = solver.SolveParams(time_limit_s=limit, num_workers=workers, seed=0)
    started = time.monotonic()
    result = make_rebuild(team, published, START, params=params)
    took = time.monotonic() - started
    run = "full rebuild (days before 11-16 kept, changes free)"
    rows.append(_figures(run, limit, took, result))
    swaps = []
    for a, b in (("A001", "A002"), ("A010", "A011")):
        started = time.monotonic()
        checked = check_swap(team, replanned, a, date(2026, 11, 20), b, date(2026, 11, 20))
        took = time.monotonic() - started
        verdict = "applied" if checked.accepted else f"refused ({checked.reasons[0]})"
        swaps.append(f"swap {a} ⇄ {b} on 11-20: {verdict} in {took:.1f} s")
    return rows, published_shortfall, swaps


def figures_section(
    rows: list[ReplanFigures], published_shortfall: float, swaps: list[str], source: str
) -> str:
    def fmt(value: object, spec: str = "") -> str:
        return "–" if value is None else format(value, spec)

    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        "## Replan",
        "",
        f"`scheduler bench replan`. Machine: {machine()}. Date: {stamp}. "
        f"Load average (1, 5, 15 min) at the end: {load}.",
        "",
        f"The large example (120 agents, 12 shops) for 2026-11, published roster: {source} "
        f"(shortfall {published_shortfall:g} agent-shifts). Agents {', '.join(SICK)} are sick "
        f"{START:%m-%d}..{SICK_END:%m-%d}; re-planned from {START}: 120 × 15 = 1800 remaining "
        "agent-days.",
        "",
        "| run | limit s | wall s | first roster s | status | changed agent-days | % of remaining "
        "| changed shop assignments | shortfall (agent-shifts) |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.run} | {r.time_limit_s:g} | {r.wall_s:.1f} | {fmt(r.first_solution_s, '.1f')} "
            f"| {r.status} | {fmt(r.changed_days)} | {fmt(r.changed_percent, 'g')} "
            f"| {fmt(r.changed_shops)} | {fmt(r.shortfall, 'g')} |"
        )
    lines += ["", "Swap checks on the re-planned roster (every cell pinned, 120 agents):", ""]
    lines += [f"- {line}" for line in swaps]
    return "\n".join(lines)
