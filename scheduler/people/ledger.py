"""The fairness ledger: evenings, weekend, holiday and blackout days worked, per agent,
this month and over the chain of months linked by ``--previous``."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scheduler.exports.formulas import neutralise, restore
from scheduler.roster.fairness import WorkedBefore, holidays_in
from scheduler.roster.model import INACTIVE, Roster, RosterEntry
from scheduler.roster.page import is_evening
from scheduler.team.calendar import Month, is_weekend
from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.model import Team

LEDGER_CSV = "ledger.csv"
COUNTS = ("evenings", "weekend_days_worked", "holiday_days_worked", "blackout_days_worked")
COLUMNS = ("agent_id", *COUNTS, "months", "since", *(f"month_{c}" for c in COUNTS))


@dataclass(frozen=True, kw_only=True)
class Counts:
    evenings: int = 0
    weekend_days_worked: int = 0
    holiday_days_worked: int = 0
    blackout_days_worked: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(**{c: getattr(self, c) + getattr(other, c) for c in COUNTS})

    def __sub__(self, other: Counts) -> Counts:
        return Counts(**{c: getattr(self, c) - getattr(other, c) for c in COUNTS})

    def values(self) -> tuple[int, ...]:
        return tuple(getattr(self, c) for c in COUNTS)


@dataclass(frozen=True, kw_only=True)
class LedgerRow:
    """One agent: ``total`` over the chain since ``since`` (``months`` months on the roster),
    and ``month``, this month's own counts."""

    agent_id: str
    total: Counts
    month: Counts
    months: int
    since: str


def works_evening(team: Team, entry: RosterEntry) -> bool:
    """A working shift (not training) of an evening type (it starts after 15:00 or ends
    after midnight)."""
    shifts = {s.id: s for s in team.shifts}
    return entry.is_shift and entry.shift in shifts and is_evening(shifts[entry.shift])


def works_weekend(entry: RosterEntry, day: date) -> bool:
    return entry.is_shift and is_weekend(day)


def works_holiday(entry: RosterEntry, day: date, holidays: frozenset[date]) -> bool:
    return entry.is_shift and day in holidays


def works_blackout(team: Team, entry: RosterEntry, day: date) -> bool:
    return entry.is_shift and team.in_blackout(day)


def agent_counts(team: Team, roster: Roster, agent_id: str) -> Counts:
    """One agent's counts over ``roster``'s month."""
    return _counts(team, roster, agent_id, holidays_in(roster.month))


def month_counts(team: Team, roster: Roster) -> dict[str, Counts]:
    """Every agent's counts over ``roster``'s month (the holidays looked up once)."""
    holidays = holidays_in(roster.month)
    return {a: _counts(team, roster, a, holidays) for a in roster.agent_ids}


def _counts(team: Team, roster: Roster, agent_id: str, holidays: frozenset[date]) -> Counts:
    days = [(d, roster.entry(agent_id, d)) for d in roster.month.days]
    return Counts(
        evenings=sum(works_evening(team, e) for _, e in days),
        weekend_days_worked=sum(works_weekend(e, d) for d, e in days),
        holiday_days_worked=sum(works_holiday(e, d, holidays) for d, e in days),
        blackout_days_worked=sum(works_blackout(team, e, d) for d, e in days),
    )


def on_roster(roster: Roster, agent_id: str) -> bool:
    """Employed on at least one day of the month."""
    return any(roster.entry(agent_id, d).shift != INACTIVE for d in roster.month.days)


def month_ledger(
    team: Team, roster: Roster, previous: dict[str, LedgerRow] | None = None
) -> list[LedgerRow]:
    """Each agent of ``roster``: this month's counts added to ``previous`` (last month's
    ledger), or the month alone."""
    rows = []
    for agent_id, counts in month_counts(team, roster).items():
        before = (previous or {}).get(agent_id)
        rows.append(
            LedgerRow(
                agent_id=agent_id,
                total=counts + before.total if before else counts,
                month=counts,
                months=(before.months if before else 0) + on_roster(roster, agent_id),
                since=before.since if before else str(roster.month),
            )
        )
    return rows


def before_month(ledger: dict[str, LedgerRow], roster: Roster) -> dict[str, LedgerRow]:
    """``ledger`` (written with ``roster``) as it stood before ``roster``'s month: what a
    re-planned month is added to."""
    earlier = {}
    for agent_id, row in ledger.items():
        months = row.months - (agent_id in roster.agent_ids and on_roster(roster, agent_id))
        if months > 0:
            earlier[agent_id] = LedgerRow(
                agent_id=agent_id,
                total=row.total - row.month,
                month=Counts(),
                months=months,
                since=row.since,
            )
    return earlier


def ledger_beside(roster_path: Path, roster: Roster, team: Team, new: Roster) -> str | None:
    """ledger.csv for ``new``, a changed version of the roster at ``roster_path``: the
    ledger beside it with the month's counts taken again from ``new``; None without one.

    Raises
    ------
    InputErrors
        When the ledger beside the roster is broken.
    """
    path = roster_path.parent / LEDGER_CSV
    if not path.exists():
        return None
    return ledger_csv(month_ledger(team, new, before_month(read_ledger(path), roster)))


def ledger_csv(rows: list[LedgerRow]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(
            [
                neutralise(row.agent_id),
                *row.total.values(),
                row.months,
                row.since,
                *row.month.values(),
            ]
        )
    return out.getvalue()


def read_ledger(path: Path) -> dict[str, LedgerRow]:
    """A ledger.csv written by ``scheduler roster``.

    Raises
    ------
    InputErrors
        With file:line for every problem.
    """
    errors: list[InputError] = []
    rows = read_rows(path, COLUMNS, errors)
    raise_if_any(errors)
    ledger = {}
    for line, row in rows:
        bad = [c for c in COLUMNS[1:] if c != "since" and not row[c].isdigit()]
        if bad:
            errors.append(InputError(path.name, line, f"{bad[0]} {row[bad[0]]!r} is not a count"))
            continue
        try:
            Month.parse(row["since"])
        except ValueError as exc:
            errors.append(InputError(path.name, line, f"since: {exc}"))
            continue
        agent_id = restore(row["agent_id"])
        ledger[agent_id] = LedgerRow(
            agent_id=agent_id,
            total=Counts(**{c: int(row[c]) for c in COUNTS}),
            month=Counts(**{c: int(row[f"month_{c}"]) for c in COUNTS}),
            months=int(row["months"]),
            since=row["since"],
        )
    raise_if_any(errors)
    return ledger


def worked_before(ledger: dict[str, LedgerRow]) -> WorkedBefore:
    """What the roster's fairness term needs from last month's ledger."""
    return WorkedBefore(
        days={
            a: r.total.weekend_days_worked + r.total.holiday_days_worked for a, r in ledger.items()
        },
        months={a: r.months for a, r in ledger.items()},
    )
