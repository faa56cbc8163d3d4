"""The fairness ledger of a stored roster: this month, and the year to date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scheduler.people.ledger import Counts, agent_counts, on_roster
from scheduler.roster.fairness import WorkedBefore
from scheduler.team.calendar import Month
from scheduler.web.store import RosterRecord, Store

if TYPE_CHECKING:
    # service.rosters starts builds with ``chain_worked_before``: a type-only import here.
    from scheduler.web.service.rosters import RosterView


@dataclass(frozen=True, kw_only=True)
class LedgerCounts:
    """Per agent_id: this roster's counts, and those of the year up to and including it."""

    month: dict[str, Counts]
    year: dict[str, Counts]
    months: tuple[str, ...]
    """The months the year to date adds up (those with a roster), oldest first."""


def roster_counts(store: Store, record: RosterRecord) -> dict[str, Counts]:
    """Each agent's counts in one stored roster version (computed once per version)."""

    def count() -> dict[str, Counts]:
        team = store.input_team(record.input_id)
        roster = store.roster_value(record)
        return {a: agent_counts(team, roster, a) for a in roster.agent_ids}

    counts: dict[str, Counts] = store.derived(("ledger", record.id), count)
    return counts


def ledger_counts(store: Store, view: RosterView) -> LedgerCounts:
    """This version's counts, plus the newest roster of each earlier month of its year."""
    month = view.roster.month
    this = roster_counts(store, view.record)
    year = dict(this)
    months = [str(month)]
    for number in range(month.month - 1, 0, -1):
        earlier = store.rosters(view.record.team_id, Month(month.year, number))
        if not earlier:
            continue
        months.insert(0, str(Month(month.year, number)))
        for agent_id, counts in roster_counts(store, earlier[0]).items():
            if agent_id in year:
                year[agent_id] = year[agent_id] + counts
    return LedgerCounts(month=this, year=year, months=tuple(months))


def chain_worked_before(store: Store, record: RosterRecord) -> WorkedBefore:
    """The fairness ledger a build after ``record`` starts from: ``record`` and the versions
    it was built after (``previous_version``), as ``--previous`` chains ledger.csv files."""
    days: dict[str, int] = {}
    months: dict[str, int] = {}
    current: RosterRecord | None = record
    seen: set[int] = set()
    while current is not None and current.id not in seen:
        seen.add(current.id)
        roster = store.roster_value(current)
        for agent_id, counts in roster_counts(store, current).items():
            days[agent_id] = (
                days.get(agent_id, 0) + counts.weekend_days_worked + counts.holiday_days_worked
            )
            months[agent_id] = months.get(agent_id, 0) + on_roster(roster, agent_id)
        if current.previous_version is None:
            break
        try:
            current = store.roster(current.team_id, current.previous_version)
        except KeyError:
            current = None
    return WorkedBefore(days=days, months=months)
