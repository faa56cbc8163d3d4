"""The roster's files: roster.csv, assignments.csv, coverage.csv, summary.json."""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from scheduler.exports.formulas import neutralise, restore
from scheduler.roster.coverage import CoverageRow
from scheduler.roster.model import NOT_WORKING, ROLES, Change, Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.folder import parse_date
from scheduler.team.model import Team

ROSTER_CSV = "roster.csv"
ASSIGNMENTS_CSV = "assignments.csv"
COVERAGE_CSV = "coverage.csv"
SUMMARY_JSON = "summary.json"
ROSTER_HTML = "roster.html"
CHANGES_CSV = "changes.csv"


def format_shares(shares: tuple[tuple[str, int], ...]) -> str:
    return "|".join(f"{shop}:{percent}" for shop, percent in shares)


def _fmt(value: float) -> str:
    return f"{value:g}"


def roster_csv(roster: Roster) -> str:
    """roster.csv; a text that a spreadsheet would run as a formula starts with an apostrophe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agent_id", "date", "shift", "shops"])
    for agent_id in roster.agent_ids:
        for day in roster.month.days:
            entry = roster.entry(agent_id, day)
            writer.writerow(
                [
                    neutralise(agent_id),
                    day.isoformat(),
                    neutralise(entry.shift),
                    neutralise(format_shares(entry.shares)),
                ]
            )
    return out.getvalue()


def assignments_csv(roster: Roster) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agent_id", "shop_id", "role"])
    for agent_id in roster.agent_ids:
        for role, shop in zip(ROLES, roster.assignments.get(agent_id, ()), strict=False):
            writer.writerow([neutralise(agent_id), neutralise(shop), role])
    return out.getvalue()


def coverage_csv(rows: list[CoverageRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "shift", "shop_id", "required", "planned", "shortfall"])
    for r in rows:
        writer.writerow(
            [
                r.date.isoformat(),
                neutralise(r.shift),
                neutralise(r.shop_id),
                _fmt(r.required),
                _fmt(r.planned),
                _fmt(r.shortfall),
            ]
        )
    return out.getvalue()


def changes_csv(changes: Sequence[Change]) -> str:
    """changes.csv: one row per changed agent-day; the shops columns show the splits."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["agent_id", "date", "before", "after", "before_shops", "after_shops"])
    for c in changes:
        writer.writerow(
            [
                neutralise(c.agent_id),
                c.date.isoformat(),
                neutralise(c.before.shift),
                neutralise(c.after.shift),
                neutralise(format_shares(c.before.shares)),
                neutralise(format_shares(c.after.shares)),
            ]
        )
    return out.getvalue()


def write_outputs(out_dir: Path, files: Mapping[str, str]) -> None:
    """Write each file whole or not at all (temp file, then rename over the old one)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        os.replace(tmp, out_dir / name)


def summary_json(summary: Mapping[str, Any]) -> str:
    return json.dumps(summary, indent=2, ensure_ascii=False) + "\n"


def read_roster(path: Path, team: Team) -> Roster:
    """Read a roster.csv written by this program (e.g. last month's, for --previous).

    Agents not in the team are skipped; the month is the one the dates fall in.
    Roles come from assignments.csv beside it when present, else the primary
    is the shop given the most capacity.

    Raises
    ------
    InputErrors
        With file:line for every problem.
    """
    errors: list[InputError] = []
    name = path.name
    rows = _restored(read_rows(path, ("agent_id", "date", "shift", "shops"), errors))
    raise_if_any(errors)
    shift_ids = {s.id for s in team.shifts}
    team_agents = {a.agent_id for a in team.agents}
    entries: dict[tuple[str, date], RosterEntry] = {}
    months = set()
    for line, row in rows:
        try:
            day = parse_date(row["date"])
        except ValueError as exc:
            errors.append(InputError(name, line, str(exc)))
            continue
        shift = row["shift"]
        if shift not in shift_ids and shift not in NOT_WORKING:
            errors.append(InputError(name, line, f"unknown shift {shift!r}"))
            continue
        shares = []
        for part in filter(None, row["shops"].split("|")):
            shop, _, percent = part.partition(":")
            if not percent.isdigit():
                errors.append(
                    InputError(name, line, f"shops entry {part!r} is not shop_id:percent")
                )
                break
            shares.append((shop, int(percent)))
        months.add(Month(day.year, day.month))
        if row["agent_id"] in team_agents:
            entries[row["agent_id"], day] = RosterEntry(shift=shift, shares=tuple(shares))
    if len(months) > 1:
        errors.append(InputError(name, None, f"covers several months: {sorted(map(str, months))}"))
    raise_if_any(errors)
    if not months:
        raise_if_any([InputError(name, None, "no roster rows")])
    month = months.pop()
    agent_ids = tuple(dict.fromkeys(a for a, _ in entries))
    for agent_id in agent_ids:
        missing = [d for d in month.days if (agent_id, d) not in entries]
        if missing:
            errors.append(InputError(name, None, f"agent {agent_id} has no row for {missing[0]}"))
    raise_if_any(errors)
    assignments = _read_assignments(path.parent / ASSIGNMENTS_CSV, entries, agent_ids)
    return Roster(month=month, entries=entries, assignments=assignments, agent_ids=agent_ids)


def _restored(rows: list[tuple[int, dict[str, str]]]) -> list[tuple[int, dict[str, str]]]:
    """Rows of our own export with the apostrophes ``neutralise`` added taken off."""
    return [(line, {k: restore(v) for k, v in row.items()}) for line, row in rows]


def _read_assignments(
    path: Path, entries: Mapping[tuple[str, date], RosterEntry], agent_ids: tuple[str, ...]
) -> dict[str, tuple[str, ...]]:
    if path.exists():
        errors: list[InputError] = []
        rows = _restored(read_rows(path, ("agent_id", "shop_id", "role"), errors))
        raise_if_any(errors)
        by_role: dict[str, dict[str, str]] = defaultdict(dict)
        for _, row in rows:
            by_role[row["agent_id"]][row["role"]] = row["shop_id"]
        return {
            a: tuple(by_role[a][r] for r in ROLES if r in by_role[a])
            for a in agent_ids
            if a in by_role
        }
    given: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (agent_id, _), entry in entries.items():
        for shop, percent in entry.shares:
            given[agent_id][shop] += percent
    return {a: tuple(sorted(given[a], key=lambda s: -given[a][s])) for a in agent_ids if given[a]}
