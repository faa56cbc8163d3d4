"""A job's progress page and a re-plan's proposal against the published version."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from scheduler.roster.coverage import total_shortfall
from scheduler.roster.model import LEAVE, OFF, Change
from scheduler.roster.page import Cell, RosterPage, cell_of, mark_changes
from scheduler.roster.replan import FEWEST_CHANGES, KEEP_COVER, ReplanChoice
from scheduler.web.service.proposals import ChoiceView, ProposalView
from scheduler.web.store import PEAK, JobRecord

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


# The choices of a re-plan, as a team lead names them (labels to translate).
CHOICE_TITLES = {FEWEST_CHANGES: "Fewest changes", KEEP_COVER: "Keep the cover"}
CHOICE_HINTS = {
    FEWEST_CHANGES: "Changes a cell only where that closes clear shortfall.",
    KEEP_COVER: "Moves rest days and calls agents in, within every rule, to cover first.",
}
# What a proven re-plan of each choice is proven to do.
CHOICE_PROVEN = {
    FEWEST_CHANGES: "Re-plan proven to change the fewest cells",
    KEEP_COVER: "Re-plan proven to keep the best cover with the fewest changes",
}


def change_kind(change: Change) -> str:
    """What a changed cell means to a team lead, as a label to translate."""
    before, after = change.before, change.after
    if after.shift == LEAVE:
        return "absent"
    if before.shift == OFF and after.is_shift:
        return "called in"
    if before.is_shift and after.shift == OFF:
        return "rest day"
    if before.is_shift and after.is_shift:
        return "shops changed" if before.shift == after.shift else "shift changed"
    return "changed"


@dataclass(frozen=True, kw_only=True)
class ChoiceChange:
    row: ChangeRow
    kind: str
    """``change_kind``'s label."""


@dataclass(frozen=True, kw_only=True)
class ChoiceColumn:
    """One choice of a re-plan, as a column to compare and accept."""

    choice: str
    title: str
    hint: str
    status: str
    proved: bool
    proven_words: str
    changed_days: int
    changed_shops: int
    called_in: int
    """Changed cells where an agent works on what was a rest day."""
    shortfall_after: float
    changes: tuple[ChoiceChange, ...]


def choice_column(
    view: ChoiceView, start: date, names: Mapping[str, str], lang: str
) -> ChoiceColumn:
    """One choice's figures and changes, from the re-plan's first day on."""
    changes = [c for c in view.changes if c.date >= start]
    kinds = {(c.agent_id, c.date): change_kind(c) for c in changes}
    status = str(view.summary.get("status", ""))
    return ChoiceColumn(
        choice=str(view.choice),
        title=CHOICE_TITLES[view.choice],
        hint=CHOICE_HINTS[view.choice],
        status=status,
        proved=status == "OPTIMAL",
        proven_words=CHOICE_PROVEN[view.choice],
        changed_days=len(changes),
        changed_shops=int(view.summary.get("replan", {}).get("changed_shops", 0)),
        called_in=sum(1 for kind in kinds.values() if kind == "called in"),
        shortfall_after=total_shortfall(view.coverage),
        changes=tuple(
            ChoiceChange(row=row, kind=kinds[row.agent_id, row.date])
            for row in change_rows(changes, names, lang)
        ),
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
    """The grid of the shown choice's roster, changed cells marked (css ``changed``)."""
    choices: tuple[ChoiceColumn, ...] = ()
    """Each choice the proposal offers, "fewest changes" first."""
    same_choices: bool = True
    """Both choices give the same roster: the page shows one."""
    shown: str = FEWEST_CHANGES
    """The choice whose roster the grid shows."""
    accepted_choice: str | None = None
    both_offered: bool = False
    """The proposal has both choices (re-plans made before there were two have one)."""

    @property
    def shown_title(self) -> str:
        return CHOICE_TITLES[ReplanChoice(self.shown)]

    @property
    def accepted_title(self) -> str | None:
        choice = self.accepted_choice
        return None if choice is None else CHOICE_TITLES[ReplanChoice(choice)]


def proposal_page(
    view: ProposalView, *, lang: str, shown: ReplanChoice = FEWEST_CHANGES
) -> ProposalPage:
    record, team = view.record, view.team
    by_choice = {c.choice: c for c in view.choices}
    if shown not in by_choice or view.same_choices:
        shown = FEWEST_CHANGES
    grid = by_choice[shown]
    page = RosterPage.from_roster(team, grid.roster, grid.coverage, grid.summary, lang=lang)
    names = {a.agent_id: a.name for a in team.agents}
    roster = view.roster
    remaining = len(roster.agent_ids) * sum(1 for d in roster.month.days if d >= record.start)
    changed = sum(1 for c in view.changes if c.date >= record.start)
    columns = tuple(choice_column(c, record.start, names, lang) for c in view.choices)
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
        shortfall_before=total_shortfall(view.base.coverage),
        shortfall_after=total_shortfall(view.coverage),
        changes=change_rows(view.changes, names, lang),
        page=mark_changes(page, grid.changes, lang),
        choices=columns if not view.same_choices else columns[:1],
        same_choices=view.same_choices,
        shown=str(shown),
        accepted_choice=None if record.accepted_choice is None else str(record.accepted_choice),
        both_offered=len(view.choices) > 1,
    )
