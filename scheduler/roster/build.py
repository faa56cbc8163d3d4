"""Build a month's roster for a team: plan, solve, read back, explain."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import solver
from scheduler.roster.coverage import CoverageRow, compute_coverage, total_shortfall
from scheduler.roster.explain import explain, precheck, unstaffable_needs
from scheduler.roster.fairness import WorkedBefore
from scheduler.roster.files import (
    ASSIGNMENTS_CSV,
    COVERAGE_CSV,
    ROSTER_CSV,
    ROSTER_HTML,
    SUMMARY_JSON,
    assignments_csv,
    coverage_csv,
    roster_csv,
    summary_json,
    write_outputs,
)
from scheduler.roster.floor import (
    FLOOR_SHARE,
    SHORTFALL_CSV,
    FloorReport,
    compute_floor,
    shortfall_csv,
)
from scheduler.roster.model import Roster
from scheduler.roster.page import RosterPage, render_roster_page
from scheduler.roster.to_problem import Planning, build_planning, previous_month, roster_from_plan
from scheduler.team.calendar import Month
from scheduler.team.model import Team


@dataclass(frozen=True)
class RosterOutcome:
    """Everything one build produced; ``roster`` is None when no roster exists."""

    planning: Planning
    result: solver.SolveResult | None
    roster: Roster | None
    coverage: list[CoverageRow]
    summary: dict[str, Any]
    explanation: str = ""
    floor: FloorReport | None = None
    """The proven floor under the shortfall and the short cells (when a roster exists)."""


def make_roster(
    team: Team,
    month: Month,
    *,
    previous: Roster | None = None,
    params: solver.SolveParams | None = None,
    on_progress: solver.progress.ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    worked_before: WorkedBefore | None = None,
) -> RosterOutcome:
    """Solve ``team``'s roster for ``month``; explain in words when no roster can exist.

    ``should_stop`` is polled during the search: once True, the best roster so far is kept.
    ``worked_before`` (from last month's ledger) balances weekends and holidays over months.
    """
    last = previous_month(team, previous) if previous else None
    planning = build_planning(team, month, last, worked_before)
    return solve_planning(planning, params=params, on_progress=on_progress, should_stop=should_stop)


def solve_planning(
    planning: Planning,
    *,
    params: solver.SolveParams | None = None,
    on_progress: solver.progress.ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    with_floor: bool = True,
) -> RosterOutcome:
    """Check, solve and read back a planned month (a build, a re-plan or a swap check).

    ``with_floor=False`` skips the shortfall floor (a check whose every cell is pinned)."""
    team, month = planning.team, planning.month
    problems = precheck(planning)
    if problems:
        lines = [f"No roster for {month} can satisfy every hard rule.", *problems]
        refused: dict[str, Any] = {"status": "INFEASIBLE", "team": team.name, "month": str(month)}
        return RosterOutcome(planning, None, None, [], refused, "\n".join(lines))
    result = solver.solve(planning.problem, params, on_progress, should_stop)
    summary: dict[str, Any] = {
        "status": str(result.status),
        "team": team.name,
        "month": str(month),
        "objective": result.objective,
        "best_bound": result.best_bound,
        "gap": result.gap,
        "wall_seconds": round(result.wall_seconds, 3),
        "first_solution_seconds": (
            None
            if result.first_solution_seconds is None
            else round(result.first_solution_seconds, 3)
        ),
        "solutions_found": result.solutions_found,
    }
    if result.plan is None:
        explanation = (
            explain(planning, result.conflicts)
            if result.status == solver.SolveStatus.INFEASIBLE
            else "No roster was found within the time limit; try a longer --time-limit."
        )
        return RosterOutcome(planning, result, None, [], summary, explanation)
    roster = roster_from_plan(planning, result.plan)
    coverage = compute_coverage(team, roster)
    summary |= {
        "shortfall": total_shortfall(coverage),
        "unstaffable": unstaffable_needs(planning),
        "agents_2_shops": sum(1 for s in roster.assignments.values() if len(s) == 2),
        "agents_3_shops": sum(1 for s in roster.assignments.values() if len(s) == 3),
        "terms": dict(result.terms),
    }
    if not with_floor:
        return RosterOutcome(planning, result, roster, coverage, summary)
    limit_s = (params or solver.SolveParams()).time_limit_s
    if should_stop is not None and should_stop():
        # Stopped on request: the lead waits for the roster, so the floor gets its share of
        # the time the search ran, not of the whole limit.
        limit_s = min(limit_s, result.wall_seconds)
    floor = compute_floor(planning, roster, coverage, FLOOR_SHARE * limit_s)
    summary |= floor.summary()
    return RosterOutcome(planning, result, roster, coverage, summary, floor=floor)


def write_roster_outputs(
    out_dir: Path,
    team: Team,
    outcome: RosterOutcome,
    extra: Mapping[str, str] | None = None,
    page: RosterPage | None = None,
) -> None:
    """The six files of a roster (and ``extra`` ones, such as changes.csv); each replaces
    its old version only once complete. ``page`` replaces the plain roster page."""
    write_outputs(out_dir, roster_files(team, outcome, extra, page))


def roster_files(
    team: Team,
    outcome: RosterOutcome,
    extra: Mapping[str, str] | None = None,
    page: RosterPage | None = None,
) -> dict[str, str]:
    """The text of each file `write_roster_outputs` writes, by file name."""
    assert outcome.roster is not None
    if page is None:
        page = RosterPage.from_roster(team, outcome.roster, outcome.coverage, outcome.summary)
    return {
        ROSTER_CSV: roster_csv(outcome.roster),
        ASSIGNMENTS_CSV: assignments_csv(outcome.roster),
        COVERAGE_CSV: coverage_csv(outcome.coverage),
        ROSTER_HTML: render_roster_page(page),
        SUMMARY_JSON: summary_json(outcome.summary),
        **({SHORTFALL_CSV: shortfall_csv(outcome.floor)} if outcome.floor else {}),
        **(extra or {}),
    }
