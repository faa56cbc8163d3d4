"""A lead's edits in the grid: one cell checked against every hard rule, saved as a new
draft version whose edited cells are its pins; "fill the gaps" re-solves the rest.

Versions are only ever added: editing version v saves v+n with ``edits_of`` v and every
edited cell so far (carried over when v itself came from edits or a fill).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import solver
from scheduler.roster.edits import Cells, check_cells, pin_records, pinned_cells
from scheduler.roster.model import LEAVE, OFF, TRAINING, Roster, RosterEntry
from scheduler.roster.replan import check_published
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.model import LEAVE_KINDS, Team
from scheduler.web.job_work import BuildInput, FillInput
from scheduler.web.jobs import JobRunner
from scheduler.web.service.common import clamp_time_limit, refuse_when_busy
from scheduler.web.service.requests import COVERAGE_RULE, RULE_ID, Conflict
from scheduler.web.service.rosters import RosterView, restrict_to_team, roster_view
from scheduler.web.service.teams import team_view
from scheduler.web.settings import Settings
from scheduler.web.store import JobRecord, RosterRecord, Store

EDITS_OF, FILL_OF, PINS = "edits_of", "fill_of", "pins"
"""The summary keys of an edited version: its base, and its edited cells."""
FLOOR_KEYS = ("shortfall_floor", "shortfall_floor_seconds", "shortfall_unavoidable")
"""The base version's floor, kept: edits only add constraints, so it stays a lower bound (a
floor with every cell pinned would only repeat the edited roster's shortfall, and take most
of the check's time)."""


@dataclass(frozen=True, kw_only=True)
class CellEdit:
    """One cell as the lead sets it: a shift (with an optional split) or off/leave/training."""

    agent_id: str
    date: date
    shift: str
    shares: tuple[tuple[str, int], ...] = ()
    kind: str = ""
    """The kind of leave (``LEAVE_KINDS``), for a leave cell."""

    @property
    def entry(self) -> RosterEntry:
        return RosterEntry(shift=self.shift, shares=self.shares)


def parse_edit(team: Team, roster: Roster, body: Mapping[str, Any]) -> CellEdit:
    """The edit a request asks for; InputErrors naming each bad field.

    ``shares`` maps shop ids to percents (10% steps summing to 100, the agent's shops only);
    empty percents are left out, and no shares at all lets the checker choose the split.
    """
    errors = []
    agent_id = str(body.get("agent_id") or "")
    agent = next((a for a in team.agents if a.agent_id == agent_id), None)
    if agent is None or agent_id not in roster.agent_ids:
        errors.append(InputError("agent_id", None, f"{agent_id!r} is not an agent of this roster"))
    day = None
    try:
        day = date.fromisoformat(str(body.get("date") or ""))
    except ValueError:
        errors.append(InputError("date", None, f"{body.get('date')!r} is not a date (YYYY-MM-DD)"))
    if day is not None and not roster.month.first <= day <= roster.month.last:
        errors.append(InputError("date", None, f"{day} is not in {roster.month}"))
    shift = str(body.get("shift") or "")
    shift_ids = [s.id for s in team.shifts]
    if shift not in (*shift_ids, OFF, LEAVE, TRAINING):
        choices = ", ".join([*shift_ids, OFF, LEAVE, TRAINING])
        errors.append(InputError("shift", None, f"{shift!r} is not one of {choices}"))
    shares = _parse_shares(body.get("shares"), agent.shops if agent else (), errors)
    if shares and shift not in shift_ids:
        errors.append(InputError("shares", None, "only a shift has a split among shops"))
    kind = str(body.get("kind") or "")
    if kind and (shift != LEAVE or kind not in LEAVE_KINDS):
        errors.append(
            InputError("kind", None, f"{kind!r}: a leave cell's kind is one of {LEAVE_KINDS}")
        )
    raise_if_any(errors)
    assert day is not None
    return CellEdit(agent_id=agent_id, date=day, shift=shift, shares=shares, kind=kind)


def parse_edits(team: Team, roster: Roster, body: Mapping[str, Any]) -> list[CellEdit]:
    """The cell of the body, then the cells of its ``also`` list (checked together: moving a
    rest day sets two cells at once, since the month's rest days are an exact count). A cell
    of ``also`` without ``agent_id`` is the same agent's."""
    first = parse_edit(team, roster, body)
    also = body.get("also") or []
    if not isinstance(also, list):
        raise InputErrors([InputError("also", None, "must be a list of cells")])
    edits = [first]
    for i, cell in enumerate(also):
        if not isinstance(cell, Mapping):
            raise InputErrors([InputError(f"also[{i}]", None, "must be a cell")])
        edits.append(parse_edit(team, roster, {"agent_id": first.agent_id} | dict(cell)))
    return edits


def _parse_shares(
    raw: Any, shops: tuple[str, ...], errors: list[InputError]
) -> tuple[tuple[str, int], ...]:
    if not raw:
        return ()
    if not isinstance(raw, Mapping):
        errors.append(InputError("shares", None, "must map shop ids to percents"))
        return ()
    shares = []
    for shop, value in raw.items():
        if value in (None, ""):
            continue
        try:
            percent = float(value)
        except (TypeError, ValueError):
            errors.append(InputError("shares", None, f"{shop}: {value!r} is not a percent"))
            continue
        if shop not in shops:
            errors.append(InputError("shares", None, f"{shop} is not one of the agent's shops"))
        elif percent < 0 or percent % 10:
            errors.append(InputError("shares", None, f"{shop}: {value}% is not a 10% step"))
        elif percent:
            shares.append((str(shop), int(percent)))
    if shares and sum(p for _, p in shares) != 100:
        errors.append(InputError("shares", None, "the percents must sum to 100"))
    return tuple(shares)


def edit_pins(record: RosterRecord) -> Cells:
    """The cells edited so far in this version's line of edits (none for a build)."""
    return pinned_cells(record.summary.get(PINS) or [])


def edit_records(record: RosterRecord, edits: list[CellEdit]) -> list[dict[str, Any]]:
    """The version's edited cells with ``edits`` made, as its summary keeps them: each
    leave cell with its kind, when one was given."""
    pins = dict(edit_pins(record)) | {(e.agent_id, e.date): e.entry for e in edits}
    kinds = {
        (str(r["agent_id"]), str(r["date"])): str(r["kind"])
        for r in record.summary.get(PINS) or []
        if r.get("kind")
    }
    kinds |= {(e.agent_id, e.date.isoformat()): e.kind for e in edits}
    records = pin_records(pins)
    for r in records:
        kind = kinds.get((r["agent_id"], r["date"]))
        if r["shift"] == LEAVE and kind:
            r["kind"] = kind
    return records


def _previous(store: Store, view: RosterView, team: Team) -> Roster | None:
    if view.record.previous_version is None:
        return None
    record = store.roster(view.team_record.id, view.record.previous_version)
    return restrict_to_team(store.roster_value(record), team)


def edit_cell(
    store: Store, settings: Settings, team_id: int, version: int, body: Mapping[str, Any]
) -> RosterRecord:
    """Check the edit of one cell of ``version`` (and the cells of ``also``, together);
    when every rule holds, save the edited roster as a new draft version.

    Raises
    ------
    InputErrors
        For an unknown agent, a date outside the month, an unknown shift or a bad split.
    Conflict
        When the edit breaks a hard rule or pins.csv: the reasons in words and the rule ids.
    """
    view = roster_view(store, team_id, version)
    current = team_view(store, team_id)
    team = current.team
    roster = restrict_to_team(view.roster, team)
    edits = parse_edits(team, roster, body)
    edit = edits[0]
    check_published(team, roster)
    missing = [a.agent_id for a in team.agents if a.agent_id not in roster.agent_ids]
    if missing:
        raise InputErrors(
            [
                InputError(
                    "version",
                    None,
                    f"{', '.join(missing)} joined the team after v{version} was made; build "
                    "or re-plan the month first",
                )
            ]
        )
    pins = dict(edit_pins(view.record))
    pins |= {(e.agent_id, e.date): e.entry for e in edits}
    params = solver.SolveParams(
        time_limit_s=clamp_time_limit(settings, settings.default_time_limit_s),
        num_workers=settings.build_workers,
        seed=settings.seed,
    )
    previous = _previous(store, view, team)
    checked = check_cells(team, roster, pins, previous=previous, params=params, with_floor=False)
    if not checked.accepted or checked.outcome is None or checked.outcome.roster is None:
        rules = tuple(
            dict.fromkeys(
                m.group(1) if (m := RULE_ID.search(r)) else COVERAGE_RULE for r in checked.reasons
            )
        )
        raise Conflict(
            f"The edit of {edit.agent_id} on {edit.date} breaks: " + "; ".join(checked.reasons),
            checked.reasons,
            rules,
        )
    base = view.record.summary
    summary = {k: v for k, v in checked.outcome.summary.items() if k not in FLOOR_KEYS}
    summary |= {k: base[k] for k in FLOOR_KEYS if k in base}
    summary |= {
        # Checked, not searched: every cell was fixed, so "optimal" would say nothing.
        "status": str(solver.SolveStatus.FEASIBLE),
        "cover_proven_best": False,
        EDITS_OF: version,
        PINS: edit_records(view.record, edits),
        "shortfall_before": checked.shortfall_before,
    }
    return store.add_roster(
        team_id=team_id,
        input_id=current.record.input_id,
        roster=checked.outcome.roster,
        summary=summary,
        previous_version=view.record.previous_version,
    )


def start_fill(
    store: Store,
    runner: JobRunner,
    settings: Settings,
    team_id: int,
    version: int,
    time_limit_s: float,
) -> JobRecord:
    """Fill the gaps of an edited draft: a job re-solves its unpinned cells, holding its edits
    and pins.csv; the result is saved as a new draft version (``fill_of`` this one).

    Raises
    ------
    InputErrors
        When the version has no edits, or does not fit the team any more.
    """
    view = roster_view(store, team_id, version)
    pins = edit_pins(view.record)
    if not pins:
        raise InputErrors(
            [InputError("version", None, f"v{version} has no edited cells to hold; edit first")]
        )
    current = team_view(store, team_id)
    team = current.team
    draft = restrict_to_team(view.roster, team)
    check_published(team, draft)
    refuse_when_busy(runner, settings)
    limit = clamp_time_limit(settings, time_limit_s)
    job = store.add_job(
        team_id=team_id,
        input_id=current.record.input_id,
        month=view.record.month,
        time_limit_s=limit,
        previous_version=view.record.previous_version,
    )
    params = solver.SolveParams(
        time_limit_s=limit, num_workers=settings.build_workers, seed=settings.seed
    )
    records = list(view.record.summary.get(PINS) or [])
    fill = FillInput(draft=draft, base_version=version, pins=dict(pins), records=records)
    runner.submit(
        job,
        BuildInput(
            team=team,
            month=view.record.month,
            previous=_previous(store, view, team),
            params=params,
            fill=fill,
        ),
    )
    return job
