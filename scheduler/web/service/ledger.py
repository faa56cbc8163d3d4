"""The fairness ledger of a stored roster: this month, and the year to date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from scheduler.people.ledger import Counts, LedgerRow, month_counts, month_ledger, worked_before
from scheduler.roster.fairness import WorkedBefore
from scheduler.team.calendar import Month
from scheduler.web.service.versions import worked_roster
from scheduler.web.store import RosterRecord, Store

# Chains longer than this many months are cut (a ledger over more than a few years).
MAX_CHAIN = 120

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
        return month_counts(team, roster)

    counts: dict[str, Counts] = store.derived(("ledger", record.id), count)
    return counts


def ledger_counts(store: Store, view: RosterView) -> LedgerCounts:
    """This version's counts, plus the worked roster (published, else newest) of each earlier
    month of its year."""
    month = view.roster.month
    this = roster_counts(store, view.record)
    year = dict(this)
    months = [str(month)]
    for number in range(month.month - 1, 0, -1):
        earlier = worked_roster(store, view.record.team_id, Month(month.year, number))
        if earlier is None:
            continue
        months.insert(0, str(Month(month.year, number)))
        for agent_id, counts in roster_counts(store, earlier).items():
            if agent_id in year:
                year[agent_id] = year[agent_id] + counts
    return LedgerCounts(month=this, year=year, months=tuple(months))


def chain_ledger(store: Store, record: RosterRecord) -> list[LedgerRow]:
    """The ledger.csv rows ``scheduler roster`` would write for ``record``: its month added to
    the ledger of the version it was built after (``previous_version``), and so on back.
    Versions never change, so each chain is counted once."""

    def count() -> list[LedgerRow]:
        chain = [record]
        while chain[-1].previous_version is not None and len(chain) < MAX_CHAIN:
            try:
                earlier = store.roster(record.team_id, chain[-1].previous_version)
            except KeyError:
                break
            if earlier.month != chain[-1].month.previous():
                break
            chain.append(earlier)
        rows: dict[str, LedgerRow] | None = None
        for link in reversed(chain):
            team = store.input_team(link.input_id)
            ledger = month_ledger(team, store.roster_value(link), rows)
            rows = {r.agent_id: r for r in ledger}
        return list((rows or {}).values())

    rows: list[LedgerRow] = store.derived(("ledger-chain", record.id), count)
    return rows


def chain_worked_before(store: Store, record: RosterRecord) -> WorkedBefore:
    """What a build after ``record`` starts from, as with ``--previous`` and its ledger.csv."""
    return worked_before({r.agent_id: r for r in chain_ledger(store, record)})
