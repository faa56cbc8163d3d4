"""The fairness ledger's table on the roster page and an agent's page."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.people.ledger import Counts
from scheduler.team.model import Team
from scheduler.web.service.ledger import LedgerCounts

# Column labels, in the order of ``Counts.values()``.
LEDGER_LABELS = (
    "Evening shifts",
    "Weekend days worked",
    "Holiday days worked",
    "Blackout days worked",
)


@dataclass(frozen=True, kw_only=True)
class LedgerLine:
    agent_id: str
    name: str
    month: tuple[int, ...]
    year: tuple[int, ...]

    @property
    def cells(self) -> tuple[tuple[int, int], ...]:
        """(this month, year to date) per column."""
        return tuple(zip(self.month, self.year, strict=True))


@dataclass(frozen=True, kw_only=True)
class LedgerTable:
    labels: tuple[str, ...]
    lines: tuple[LedgerLine, ...]
    months: str
    """"2026-01 … 2026-11": the months the year to date adds up."""

    @classmethod
    def from_counts(
        cls, team: Team, counts: LedgerCounts, agent_id: str | None = None
    ) -> LedgerTable:
        """The whole team's ledger, or one agent's."""
        names = {a.agent_id: a.name for a in team.agents}
        lines = tuple(
            LedgerLine(
                agent_id=a,
                name=names.get(a, ""),
                month=c.values(),
                year=counts.year.get(a, Counts()).values(),
            )
            for a, c in counts.month.items()
            if agent_id is None or a == agent_id
        )
        first, last = counts.months[0], counts.months[-1]
        return cls(
            labels=LEDGER_LABELS,
            lines=lines,
            months=first if first == last else f"{first} … {last}",
        )
