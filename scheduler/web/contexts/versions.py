"""Comparing two versions of a month: changed cells outlined, changes per agent, cover."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.roster.coverage import CoverageRow, total_shortfall
from scheduler.roster.model import Change, Roster
from scheduler.roster.page import RosterPage, mark_changes
from scheduler.team.model import Team
from scheduler.web.contexts.jobs import ChangeRow, change_rows


@dataclass(frozen=True, kw_only=True)
class AgentChanges:
    agent_id: str
    name: str
    changes: int


@dataclass(frozen=True, kw_only=True)
class CoverChange:
    """One date, shift and shop whose planned agents differ between the two versions."""

    date: str
    shift: str
    shop_id: str
    required: float
    planned_before: float
    planned_after: float
    shortfall_before: float
    shortfall_after: float


@dataclass(frozen=True, kw_only=True)
class DiffPage:
    """Version ``version`` against ``against`` (same month): what a lead checks before
    publishing one or the other."""

    team_id: int
    team_name: str
    month: str
    version: int
    against: int
    published: int | None
    """The month's published version, if any (one of the two, or neither)."""
    changed_cells: int
    agents: tuple[AgentChanges, ...]
    """Agents with at least one changed day, most changes first."""
    only_in_one: tuple[str, ...]
    """Agents in one version but not the other (new hires, leavers)."""
    shortfall_before: float
    shortfall_after: float
    cover: tuple[CoverChange, ...]
    changes: tuple[ChangeRow, ...]
    page: RosterPage
    """The grid of ``version`` with the cells that differ from ``against`` outlined."""


def diff_page(
    *,
    team_id: int,
    version: int,
    against: int,
    published: int | None,
    team: Team,
    roster: Roster,
    against_roster: Roster,
    coverage: list[CoverageRow],
    against_coverage: list[CoverageRow],
    changes: Sequence[Change],
    page: RosterPage,
    lang: str,
) -> DiffPage:
    names = {a.agent_id: a.name for a in team.agents}
    counts = Counter(c.agent_id for c in changes)
    return DiffPage(
        team_id=team_id,
        team_name=team.name,
        month=str(roster.month),
        version=version,
        against=against,
        published=published,
        changed_cells=len(changes),
        agents=tuple(
            AgentChanges(agent_id=a, name=names.get(a, a), changes=n)
            for a, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ),
        only_in_one=tuple(
            sorted(set(roster.agent_ids).symmetric_difference(against_roster.agent_ids))
        ),
        shortfall_before=total_shortfall(against_coverage),
        shortfall_after=total_shortfall(coverage),
        cover=cover_changes(against_coverage, coverage),
        changes=change_rows(changes, names, lang),
        page=mark_changes(page, changes, lang),
    )


def cover_changes(
    before: Sequence[CoverageRow], after: Sequence[CoverageRow]
) -> tuple[CoverChange, ...]:
    """The (date, shift, shop) rows whose planned agents differ, in date order."""
    old = {(r.date, r.shift, r.shop_id): r for r in before}
    new = {(r.date, r.shift, r.shop_id): r for r in after}
    rows = []
    for key in sorted(old.keys() | new.keys()):
        a, b = old.get(key), new.get(key)
        planned_before = a.planned if a else 0.0
        planned_after = b.planned if b else 0.0
        if round(planned_before - planned_after, 4) == 0:
            continue
        either = b or a
        assert either is not None
        required = either.required
        rows.append(
            CoverChange(
                date=key[0].isoformat(),
                shift=key[1],
                shop_id=key[2],
                required=required,
                planned_before=round(planned_before, 2),
                planned_after=round(planned_after, 2),
                shortfall_before=a.shortfall if a else 0.0,
                shortfall_after=b.shortfall if b else 0.0,
            )
        )
    return tuple(rows)
