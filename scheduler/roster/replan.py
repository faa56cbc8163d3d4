"""Mid-month changes: re-plan a published roster with the fewest changes, and check swaps.

A re-plan keeps every day before ``start`` exactly (pinned, with its split among shops) and
gives each agent the published month as the solver's reference plan, so the rest is rebuilt
with every hard rule while changing as few agent-days and shop assignments as it can (see
docs/model.md, "Re-planning"). A swap fixes the whole swapped roster as pins and asks the
solver whether it holds; the solver's diagnosis names the rule that breaks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Any

import solver
from scheduler.roster.build import RosterOutcome, solve_planning
from scheduler.roster.edits import CellsOutcome, check_cells, coverage_reason, solver_entry
from scheduler.roster.model import (
    Change,
    Roster,
    RosterEntry,
    assignment_changes,
    roster_changes,
)
from scheduler.roster.to_problem import Planning, build_planning, previous_month
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.folder import PINS_CSV
from scheduler.team.model import Team

ROSTER = "roster.csv"


@dataclass(frozen=True)
class ReplanOutcome:
    """A re-plan's roster outcome and its changes against the published roster."""

    outcome: RosterOutcome
    published: Roster
    start: date
    changes: tuple[Change, ...]


def check_published(team: Team, published: Roster, start: date | None = None) -> None:
    """Problems that make a published roster unusable for this team, as InputErrors."""
    errors = []
    month = published.month
    if start is not None and not month.first <= start <= month.last:
        errors.append(InputError("--from", None, f"{start} is not in the roster's month {month}"))
    shop_ids = {s.shop_id for s in team.shops}
    for (agent_id, day), entry in published.entries.items():
        bad = [shop for shop, _ in entry.shares if shop not in shop_ids]
        percents = [percent for _, percent in entry.shares]
        if bad:
            errors.append(InputError(ROSTER, None, f"{agent_id} {day}: unknown shop {bad[0]}"))
        elif entry.is_shift and (sum(percents) != 100 or any(p % 10 for p in percents)):
            errors.append(
                InputError(
                    ROSTER, None, f"{agent_id} {day}: shops must be 10% steps summing to 100"
                )
            )
    if start is not None:
        for agent in team.agents:
            hired = agent.hire_date
            if agent.agent_id not in published.agent_ids and (hired is None or hired < start):
                errors.append(
                    InputError(
                        ROSTER,
                        None,
                        f"agent {agent.agent_id} is not in the published roster but works "
                        f"before {start}; give them a hire_date on or after {start}",
                    )
                )
    raise_if_any(errors)


def replan_planning(
    team: Team, published: Roster, start: date, previous: Roster | None = None
) -> Planning:
    """The month's Problem with the days before ``start`` pinned and the published roster
    as every agent's reference plan.

    Raises
    ------
    InputErrors
        When the roster does not fit the team, ``start`` is outside its month, or pins.csv
        fixes a kept day to something else.
    """
    check_published(team, published, start)
    month = published.month
    planning = build_planning(team, month, previous_month(team, previous) if previous else None)
    kept_days = month.index(start)
    errors = []
    agents = []
    for a, agent_id in enumerate(planning.agent_ids):
        agent = planning.problem.agents[a]
        if agent_id not in published.agent_ids:
            agents.append(agent)
            continue
        row = published.row(agent_id)
        kept = {d: solver_entry(row[d], planning) for d in range(kept_days)}
        pins = [solver.Pin(day=d, entry=entry) for d, entry in kept.items()]
        for pin in agent.pins:
            if pin.day >= kept_days:
                pins.append(pin)
            elif (pin.entry.kind, pin.entry.shift) != (kept[pin.day].kind, kept[pin.day].shift):
                errors.append(
                    InputError(
                        PINS_CSV,
                        None,
                        f"{agent_id} {month.days[pin.day]} is pinned, but the days before "
                        f"{start} are kept as published ({row[pin.day].shift})",
                    )
                )
        reference = solver.Reference(
            days=tuple(solver_entry(e, planning) for e in row),
            shops=tuple(
                planning.shop_ids.index(s) for s in published.assignments.get(agent_id, ())
            ),
        )
        agents.append(replace(agent, pins=tuple(pins), reference=reference))
    raise_if_any(errors)
    return replace(planning, problem=replace(planning.problem, agents=tuple(agents)))


class ReplanChoice(StrEnum):
    """What a re-plan puts first: few changes (today's re-plan) or the cover."""

    FEWEST_CHANGES = "fewest_changes"
    KEEP_COVER = "keep_cover"


FEWEST_CHANGES = ReplanChoice.FEWEST_CHANGES
KEEP_COVER = ReplanChoice.KEEP_COVER
REPLAN_CHOICES = (FEWEST_CHANGES, KEEP_COVER)


def fewest_changes_weights(weights: solver.Weights) -> solver.Weights:
    """The weights of "fewest changes": the problem's own (a changed agent-day or shop
    costs 300, as much as 3 tenths of an agent-shift of shortfall)."""
    return weights


def keep_cover_weights(weights: solver.Weights) -> solver.Weights:
    """The weights of "keep the cover": a changed agent-day or shop costs 1, far below a
    tenth of an agent-shift of shortfall (100), so the re-plan moves rest days and calls
    agents in whenever that closes shortfall, and still changes as few cells as it can
    among the rosters with the same cover."""
    return replace(weights, changed_day=1, changed_shop=1)


CHOICE_WEIGHTS: dict[ReplanChoice, Callable[[solver.Weights], solver.Weights]] = {
    FEWEST_CHANGES: fewest_changes_weights,
    KEEP_COVER: keep_cover_weights,
}


def with_choice(planning: Planning, choice: ReplanChoice) -> Planning:
    """The re-plan's planning with the change weights of ``choice``."""
    weights = CHOICE_WEIGHTS[choice](planning.problem.weights)
    return replace(planning, problem=replace(planning.problem, weights=weights))


def starting_from(planning: Planning, roster: Roster) -> Planning:
    """The planning with the search starting from ``roster`` (a hint) instead of the
    published roster: "keep the cover" starts from the "fewest changes" answer, so it only
    has to find what more cover is worth."""
    agents = tuple(
        replace(
            agent,
            start=solver.Reference(
                days=tuple(solver_entry(e, planning) for e in roster.row(agent_id)),
                shops=tuple(
                    planning.shop_ids.index(s) for s in roster.assignments.get(agent_id, ())
                ),
            ),
        )
        if agent_id in roster.agent_ids
        else agent
        for agent_id, agent in zip(planning.agent_ids, planning.problem.agents, strict=True)
    )
    return replace(planning, problem=replace(planning.problem, agents=agents))


def make_replan(
    team: Team,
    published: Roster,
    start: date,
    *,
    previous: Roster | None = None,
    params: solver.SolveParams | None = None,
    on_progress: solver.progress.ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
    choice: ReplanChoice = FEWEST_CHANGES,
    start_from: Roster | None = None,
) -> ReplanOutcome:
    """Re-plan ``published`` from ``start`` on with the team's current leave, requirements
    and pins; the days before ``start`` stay exactly as published.

    ``choice`` weighs changes against cover: ``FEWEST_CHANGES`` (a change must close more
    than 0.3 agent-shifts of shortfall) or ``KEEP_COVER`` (cover first, changes as few as
    the best cover allows). ``start_from`` (e.g. the "fewest changes" roster, for "keep the
    cover") is where the search starts instead of the published roster.

    Raises
    ------
    InputErrors
        See ``replan_planning``.
    """
    planning = with_choice(replan_planning(team, published, start, previous), choice)
    if start_from is not None:
        planning = starting_from(planning, start_from)
    outcome = solve_planning(
        planning,
        params=without_construction(params),
        on_progress=on_progress,
        should_stop=should_stop,
    )
    return _with_changes(published, start, outcome, choice)


def without_construction(params: solver.SolveParams | None) -> solver.SolveParams:
    """Search parameters that start CP-SAT from the reference plan (the published roster).

    Building a first roster agent by agent would only lose that start: each agent would be
    placed against a partial cover. With the kept days pinned the full model is small, and
    on the large example CP-SAT proves the re-plan optimal within the time a build takes.
    """
    return replace(params or solver.SolveParams(), lns=False)


def _with_changes(
    published: Roster,
    start: date,
    outcome: RosterOutcome,
    choice: ReplanChoice | None = None,
) -> ReplanOutcome:
    changes: tuple[Change, ...] = ()
    if outcome.roster is not None:
        changes = tuple(roster_changes(published, outcome.roster))
        outcome.summary["replan"] = replan_summary(published, outcome, start, changes)
        if choice is not None:
            outcome.summary["replan"]["choice"] = str(choice)
    return ReplanOutcome(outcome=outcome, published=published, start=start, changes=changes)


def replan_summary(
    published: Roster, outcome: RosterOutcome, start: date, changes: tuple[Change, ...]
) -> dict[str, Any]:
    """The figures of a re-plan for summary.json: what changed, against what remained."""
    assert outcome.roster is not None
    remaining = len(outcome.roster.agent_ids) * sum(
        1 for d in outcome.roster.month.days if d >= start
    )
    changed = sum(1 for c in changes if c.date >= start)
    return {
        "from": start.isoformat(),
        "changed_days": changed,
        "changed_days_before_from": sum(1 for c in changes if c.date < start),
        "remaining_agent_days": remaining,
        "changed_percent": round(100 * changed / max(1, remaining), 2),
        "changed_shops": assignment_changes(published, outcome.roster),
    }


# Swaps


SwapOutcome = CellsOutcome
"""A checked swap: the swapped roster when every rule holds, else the reasons (a swap is
checked as any changed cells are)."""


def swap_cells(
    roster: Roster, agent_a: str, date_a: date, agent_b: str, date_b: date
) -> dict[tuple[str, date], RosterEntry]:
    """The cells a swap changes, with their new entries.

    Two agents exchange their entries on ``date_a`` and on ``date_b`` (once when the dates
    are the same): B takes over A's day on ``date_a``, A takes over B's on ``date_b``. One
    agent named twice exchanges their own two days.
    """
    if agent_a == agent_b:
        return {
            (agent_a, date_a): roster.entry(agent_a, date_b),
            (agent_a, date_b): roster.entry(agent_a, date_a),
        }
    cells = {}
    for day in dict.fromkeys((date_a, date_b)):
        cells[agent_a, day] = roster.entry(agent_b, day)
        cells[agent_b, day] = roster.entry(agent_a, day)
    return cells


def check_swap_input(
    team: Team, roster: Roster, agent_a: str, date_a: date, agent_b: str, date_b: date
) -> None:
    """Unknown agents or dates outside the roster's month, as InputErrors."""
    errors = []
    team_ids = {a.agent_id for a in team.agents}
    for name, agent_id in (("AGENT_A", agent_a), ("AGENT_B", agent_b)):
        if agent_id not in roster.agent_ids or agent_id not in team_ids:
            errors.append(InputError(name, None, f"{agent_id} is not an agent of this roster"))
    for name, day in (("DATE_A", date_a), ("DATE_B", date_b)):
        if not roster.month.first <= day <= roster.month.last:
            errors.append(InputError(name, None, f"{day} is not in {roster.month}"))
    raise_if_any(errors)
    check_published(team, roster)


def check_swap(
    team: Team,
    roster: Roster,
    agent_a: str,
    date_a: date,
    agent_b: str,
    date_b: date,
    *,
    previous: Roster | None = None,
    params: solver.SolveParams | None = None,
    allow_shortfall: bool = False,
) -> SwapOutcome:
    """Check a swap against every hard rule and the coverage.

    Every cell of the swapped roster is pinned (the swapped shifts without their split,
    which the solver chooses among the receiving agent's shops); the roster before the swap
    is the reference, so shop assignments stay. INFEASIBLE means some rule breaks, and the
    diagnosis names it. A swap that leaves more shortfall is refused unless
    ``allow_shortfall``.

    Raises
    ------
    InputErrors
        For unknown agents, dates outside the month, or a roster that does not fit the team.
    """
    check_swap_input(team, roster, agent_a, date_a, agent_b, date_b)
    # The swapped shifts go without their split: the receiving agent's shops decide it.
    cells = {
        cell: RosterEntry(shift=entry.shift)
        for cell, entry in swap_cells(roster, agent_a, date_a, agent_b, date_b).items()
    }
    checked = check_cells(team, roster, cells, previous=previous, params=params, declare_days=False)
    outcome, before, after = checked.outcome, checked.shortfall_before, checked.shortfall_after
    reasons = checked.reasons
    grew = after is not None and after > before + 1e-9
    if not reasons and outcome is not None and after is not None and grew and not allow_shortfall:
        reasons = (coverage_reason(roster, outcome, before, after, "the swap"),)
    return replace(checked, reasons=reasons)


def make_rebuild(
    team: Team,
    published: Roster,
    start: date,
    *,
    previous: Roster | None = None,
    params: solver.SolveParams | None = None,
) -> ReplanOutcome:
    """The re-plan's yardstick: the same days kept, the rest rebuilt for cover alone.

    Changes cost nothing here (both change weights are 0), so the search moves any cell
    that helps the cover; the published roster is only where it starts (a hint).
    """
    planning = replan_planning(team, published, start, previous)
    weights = replace(planning.problem.weights, changed_day=0, changed_shop=0)
    planning = replace(planning, problem=replace(planning.problem, weights=weights))
    return _with_changes(published, start, solve_planning(planning, params=params))
