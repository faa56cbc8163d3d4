"""Check changed cells of a roster against every hard rule at once: one checker for a swap,
a lead's edit in the grid, and the pins "fill the gaps" holds.

Every cell of the roster is pinned, the changed ones to their new entry (with the shop split
when it is given, else the solver chooses it among the agent's shops), and the roster before
the change is the reference, so shop assignments stay. CP-SAT then only checks: INFEASIBLE
means some rule breaks, and its diagnosis names the rule (``MESSAGES`` in explain.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import solver
from scheduler.roster.build import RosterOutcome, solve_planning
from scheduler.roster.coverage import compute_coverage, total_shortfall
from scheduler.roster.explain import MESSAGES, pin_contradictions
from scheduler.roster.model import INACTIVE, LEAVE, OFF, TRAINING, Change, Roster, RosterEntry
from scheduler.roster.model import roster_changes as _roster_changes
from scheduler.roster.to_problem import UNITS_PER_AGENT, Planning, build_planning, previous_month
from scheduler.team.model import Team

KINDS = {
    OFF: solver.DayKind.OFF,
    LEAVE: solver.DayKind.LEAVE,
    TRAINING: solver.DayKind.TRAINING,
    INACTIVE: solver.DayKind.INACTIVE,
}
Cells = Mapping[tuple[str, date], RosterEntry]
"""Changed cells: (agent_id, date) -> the new entry."""


def solver_entry(entry: RosterEntry, planning: Planning, *, shares: bool = True) -> solver.DayEntry:
    """A roster entry as the solver's DayEntry (shop percents as capacity units)."""
    if entry.shift in KINDS:
        return solver.DayEntry(kind=KINDS[entry.shift])
    units = (
        tuple(
            (planning.shop_ids.index(shop), percent * UNITS_PER_AGENT // 100)
            for shop, percent in entry.shares
        )
        if shares
        else ()
    )
    return solver.DayEntry(
        kind=solver.DayKind.SHIFT, shift=planning.shift_ids.index(entry.shift), shares=units
    )


@dataclass(frozen=True)
class CellsOutcome:
    """Checked cells: the changed roster when every rule holds, else the reasons in words.

    ``shortfall_before`` and ``shortfall_after`` say what the change does to the cover (the
    lead decides whether more shortfall is acceptable).
    """

    outcome: RosterOutcome | None
    changes: tuple[Change, ...]
    shortfall_before: float
    shortfall_after: float | None
    reasons: tuple[str, ...] = ()

    @property
    def accepted(self) -> bool:
        return self.outcome is not None and self.outcome.roster is not None and not self.reasons


def with_declared_days(agent: solver.Agent, changed: dict[int, RosterEntry]) -> solver.Agent:
    """The agent with the changed cells set to leave or training counted as such days.

    A lead who sets a cell to leave (or training) declares that day; the rules then treat it
    as they treat leave.csv's days (no work, not a rest day).
    """
    leave = {d for d, e in changed.items() if e.shift == LEAVE and d not in agent.inactive_days}
    training = {d for d, e in changed.items() if e.shift == TRAINING}
    if leave <= agent.leave_days and training <= agent.training_days:
        return agent
    return replace(
        agent,
        leave_days=agent.leave_days | frozenset(leave),
        training_days=agent.training_days | frozenset(training),
    )


def check_cells(
    team: Team,
    roster: Roster,
    cells: Cells,
    *,
    previous: Roster | None = None,
    params: solver.SolveParams | None = None,
    allow_shortfall: bool = True,
    declare_days: bool = True,
    with_floor: bool = True,
) -> CellsOutcome:
    """Check ``roster`` with ``cells`` changed against every hard rule and pins.csv.

    Unknown agents or dates are the caller's to refuse (``KeyError`` here). A change that
    adds shortfall is accepted when ``allow_shortfall`` (the default), else refused with
    the cells whose shortfall grew. With ``declare_days`` a cell changed to leave or
    training makes that day one (a lead's edit); without, leave comes from leave.csv only
    (a swap cannot hand one agent's leave to another). ``with_floor=False`` skips the shortfall
    floor (most of a check's time; with every cell pinned it says little).
    """
    planning = build_planning(
        team, roster.month, previous_month(team, previous) if previous else None
    )
    before = total_shortfall(compute_coverage(team, roster))
    refused = pinned_in_pins_csv(team, planning, cells)
    if refused:
        return CellsOutcome(None, (), before, None, tuple(refused))
    agents = []
    for a, agent_id in enumerate(planning.agent_ids):
        agent = planning.problem.agents[a]
        old = roster.row(agent_id)
        row = [cells.get((agent_id, day), old[d]) for d, day in enumerate(roster.month.days)]
        pins = tuple(
            solver.Pin(day=d, entry=solver_entry(entry, planning, shares=bool(entry.shares)))
            for d, entry in enumerate(row)
        )
        reference = solver.Reference(
            days=tuple(solver_entry(e, planning) for e in old),
            shops=tuple(planning.shop_ids.index(s) for s in roster.assignments.get(agent_id, ())),
        )
        changed = {
            d: cells[agent_id, day]
            for d, day in enumerate(roster.month.days)
            if (agent_id, day) in cells
        }
        if declare_days:
            agent = with_declared_days(agent, changed)
        agents.append(replace(agent, pins=pins, reference=reference))
    planning = replace(planning, problem=replace(planning.problem, agents=tuple(agents)))
    # A changed cell the data rule out (a shift on leave, a shift a fixed-shift agent does not
    # work) needs no search: say so directly.
    broken = [
        f"{agent_id} {text.replace('is fixed to', 'would be')} [pinned_cells]"
        for a, agent_id in enumerate(planning.agent_ids)
        for text in pin_contradictions(planning, a)
    ]
    if broken:
        return CellsOutcome(None, (), before, None, tuple(broken))
    params = replace(params or solver.SolveParams(time_limit_s=20), lns=False)
    outcome = solve_planning(planning, params=params, with_floor=with_floor)
    if outcome.roster is None:
        return CellsOutcome(outcome, (), before, None, tuple(rule_reasons(outcome)))
    after = total_shortfall(outcome.coverage)
    changes = tuple(_roster_changes(roster, outcome.roster))
    reasons: tuple[str, ...] = ()
    if after > before + 1e-9 and not allow_shortfall:
        reasons = (coverage_reason(roster, outcome, before, after, "the change"),)
    return CellsOutcome(outcome, changes, before, after, reasons)


def pinned_in_pins_csv(team: Team, planning: Planning, cells: Cells) -> list[str]:
    """A change may not move a cell pinned in pins.csv."""
    reasons = []
    for pin in team.pins:
        new = cells.get((pin.agent_id, pin.date))
        if new is not None and new.shift != pin.shift:
            a = planning.agent_ids.index(pin.agent_id)
            sentence, _ = MESSAGES["pinned_cells"](planning, a)
            reasons.append(
                f"{pin.agent_id} is pinned to {pin.shift} on {pin.date} in pins.csv; "
                f"{sentence} [pinned_cells]"
            )
    return reasons


def rule_reasons(outcome: RosterOutcome) -> list[str]:
    """The rules a changed roster breaks, in words, without the pins every cell has."""
    result = outcome.result
    if result is None or result.status != solver.SolveStatus.INFEASIBLE:
        return [outcome.explanation or "No answer within the time limit; try again."]
    conflicts = [c for c in result.conflicts if c.rule != "pinned_cells"] or list(result.conflicts)
    if not conflicts:
        return ["The changed roster breaks a hard rule the solver could not name."]
    reasons = []
    for conflict in conflicts:
        sentence, _ = MESSAGES[conflict.rule](outcome.planning, conflict.agent)
        reasons.append(f"{sentence} [{conflict.rule}]")
    return reasons


def coverage_reason(
    roster: Roster, outcome: RosterOutcome, before: float, after: float, what: str
) -> str:
    """``what`` leaves more shortfall: the total and each cell that grew."""
    old = {
        (r.date, r.shift, r.shop_id): r.shortfall
        for r in compute_coverage(outcome.planning.team, roster)
    }
    grew = [
        f"{r.date:%m-%d} {r.shift} {r.shop_id} {old.get((r.date, r.shift, r.shop_id), 0):g} → "
        f"{r.shortfall:g}"
        for r in outcome.coverage
        if r.shortfall > old.get((r.date, r.shift, r.shop_id), 0) + 1e-9
    ]
    return (
        f"{what} leaves more shortfall, {before:g} → {after:g} agent-shifts "
        f"({'; '.join(grew)}); --allow-shortfall applies it anyway"
    )


def pin_records(cells: Cells) -> list[dict[str, Any]]:
    """Edited cells as a version's summary keeps them (JSON), sorted by agent and date."""
    return [
        {"agent_id": agent_id, "date": day.isoformat(), "shift": entry.shift}
        | ({"shares": dict(entry.shares)} if entry.shares else {})
        for (agent_id, day), entry in sorted(cells.items())
    ]


def pinned_cells(records: Iterable[Mapping[str, Any]]) -> dict[tuple[str, date], RosterEntry]:
    """The edited cells a version's summary keeps (``pin_records``), read back."""
    return {
        (str(r["agent_id"]), date.fromisoformat(str(r["date"]))): RosterEntry(
            shift=str(r["shift"]),
            shares=tuple((str(s), int(p)) for s, p in dict(r.get("shares") or {}).items()),
        )
        for r in records
    }
