"""A job's progress page and a re-plan's proposal against the published version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from scheduler.roster.coverage import CoverageRow, total_shortfall
from scheduler.roster.model import Change, Roster
from scheduler.roster.page import Cell, RosterPage, cell_of, mark_changes
from scheduler.team.model import Team
from scheduler.web.store import PEAK, JobRecord, ProposalRecord

# A build's progress


@dataclass(frozen=True, kw_only=True)
class JobPage:
    team_id: int
    team_name: str
    job: JobRecord
    heading: str
    """"Build" (a label to translate) or, for a peak plan, what it plans."""
    gap: float | None
    shortfall: str
    """The best roster's shortfall in agent-shifts so far (the roster's once done), or –."""
    finished: bool
    can_stop: bool
    """A running build can end early and keep its best roster; a peak plan cannot."""
    proposal_id: int | None = None
    """The proposal a finished re-plan made, to review."""
    peak_plan_id: int | None = None
    """The plan a finished peak job made."""
    shortfall_floor: str | None = None
    """The finished build's proven floor under its shortfall (agent-shifts), or None."""


def job_page(
    team_id: int,
    team_name: str,
    job: JobRecord,
    proposal_id: int | None = None,
    peak_plan_id: int | None = None,
    shortfall_floor: float | None = None,
) -> JobPage:
    gap = None
    if job.objective is not None and job.bound is not None:
        gap = abs(job.objective - job.bound) / max(1.0, abs(job.objective))
    return JobPage(
        team_id=team_id,
        team_name=team_name,
        job=job,
        heading=job.label if job.kind == PEAK else "Build",
        gap=gap,
        shortfall="–" if job.shortfall is None else f"{job.shortfall:g}",
        finished=not job.active,
        can_stop=job.active and job.kind != PEAK,
        proposal_id=proposal_id,
        peak_plan_id=peak_plan_id,
        shortfall_floor=None if shortfall_floor is None or job.active else f"{shortfall_floor:g}",
    )


# A re-plan's proposal, against the published version


@dataclass(frozen=True, kw_only=True)
class ChangeRow:
    agent_id: str
    name: str
    date: date
    before: Cell
    after: Cell


def change_rows(
    changes: Sequence[Change], names: Mapping[str, str], lang: str
) -> tuple[ChangeRow, ...]:
    """The changed cells, by day then agent, each with its entry before and after."""
    return tuple(
        ChangeRow(
            agent_id=c.agent_id,
            name=names.get(c.agent_id, c.agent_id),
            date=c.date,
            before=cell_of(c.before, lang),
            after=cell_of(c.after, lang),
        )
        for c in sorted(changes, key=lambda c: (c.date, c.agent_id))
    )


@dataclass(frozen=True, kw_only=True)
class ProposalPage:
    """The proposed roster with each changed cell marked, and the figures to decide on."""

    team_id: int
    team_name: str
    id: int
    base_version: int
    month: str
    start: date
    absence: str
    accepted_version: int | None
    changed_days: int
    remaining_agent_days: int
    changed_percent: float
    changed_shops: int
    shortfall_before: float
    shortfall_after: float
    changes: tuple[ChangeRow, ...]
    page: RosterPage
    """The grid of the proposed roster, changed cells marked (css ``changed``)."""


def proposal_page(
    record: ProposalRecord,
    team: Team,
    roster: Roster,
    coverage: list[CoverageRow],
    base_coverage: list[CoverageRow],
    changes: Sequence[Change],
    *,
    lang: str,
) -> ProposalPage:
    page = RosterPage.from_roster(team, roster, coverage, record.summary, lang=lang)
    names = {a.agent_id: a.name for a in team.agents}
    remaining = len(roster.agent_ids) * sum(1 for d in roster.month.days if d >= record.start)
    changed = sum(1 for c in changes if c.date >= record.start)
    return ProposalPage(
        team_id=record.team_id,
        team_name=team.name,
        id=record.id,
        base_version=record.base_version,
        month=str(record.month),
        start=record.start,
        absence=record.absence,
        accepted_version=record.accepted_version,
        changed_days=changed,
        remaining_agent_days=remaining,
        changed_percent=round(100 * changed / max(1, remaining), 1),
        changed_shops=int(record.summary.get("replan", {}).get("changed_shops", 0)),
        shortfall_before=total_shortfall(base_coverage),
        shortfall_after=total_shortfall(coverage),
        changes=change_rows(changes, names, lang),
        page=mark_changes(page, changes, lang),
    )
