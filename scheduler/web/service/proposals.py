"""Re-plans: an absence recorded as leave, a proposal against the published version, and a
new version when it is accepted."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

import solver
from scheduler.roster.coverage import CoverageRow, compute_coverage
from scheduler.roster.model import Change, Roster, roster_changes
from scheduler.roster.replan import FEWEST_CHANGES, ReplanChoice, check_published
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.model import Team
from scheduler.web.job_work import BuildInput, ReplanInput
from scheduler.web.jobs import JobRunner
from scheduler.web.service.common import NotFound, clamp_time_limit, refuse_when_busy
from scheduler.web.service.rosters import RosterView, restrict_to_team, roster_view
from scheduler.web.service.teams import add_leave, team_view
from scheduler.web.settings import Settings
from scheduler.web.store import REPLAN, JobRecord, ProposalRecord, RosterRecord, Store


@dataclass(frozen=True, kw_only=True)
class Absence:
    """An agent away from ``start`` to ``end`` (both included), recorded as leave."""

    agent_id: str
    start: date
    end: date
    kind: str = "sick"

    def __str__(self) -> str:
        kind = f" ({self.kind})" if self.kind else ""
        return f"{self.agent_id} {self.start}..{self.end}{kind}"


# Re-plans: an absence, a proposal against the published version, a new version on accept


@dataclass(frozen=True, kw_only=True)
class ChoiceView:
    """One choice of a re-plan ("fewest changes", "keep the cover") and what it changes."""

    choice: ReplanChoice
    roster: Roster
    coverage: list[CoverageRow]
    changes: list[Change]
    summary: Mapping[str, Any]


@dataclass(frozen=True, kw_only=True)
class ProposalView:
    record: ProposalRecord
    team: Team
    roster: Roster
    coverage: list[CoverageRow]
    base: RosterView
    changes: list[Change]
    """``roster``, ``coverage`` and ``changes`` are those of "fewest changes"."""
    choices: tuple[ChoiceView, ...] = ()
    """Every choice the proposal offers, "fewest changes" first."""

    @property
    def same_choices(self) -> bool:
        """Both choices give the same roster (or there is only one)."""
        return all(c.roster == self.roster for c in self.choices)


def start_replan(
    store: Store,
    runner: JobRunner,
    settings: Settings,
    team_id: int,
    version: int,
    absence: Absence,
    time_limit_s: float,
) -> JobRecord:
    """Record an agent's absence as leave, then re-plan ``version`` from its first day.

    The result is a proposal (``proposal_view``) until it is accepted as a new version.

    Raises
    ------
    InputErrors
        For dates outside the roster's month or an agent not in the roster.
    """
    base = roster_view(store, team_id, version)
    month = base.record.month
    errors = []
    if absence.agent_id not in base.roster.agent_ids:
        errors.append(InputError("agent_id", None, f"{absence.agent_id} is not in v{version}"))
    for name, day in (("start", absence.start), ("end", absence.end)):
        if not month.first <= day <= month.last:
            errors.append(InputError(name, None, f"{day} is not in v{version}'s month {month}"))
    if absence.end < absence.start:
        errors.append(InputError("end", None, f"{absence.end} is before {absence.start}"))
    raise_if_any(errors)
    refuse_when_busy(runner, settings)
    record = add_leave(store, team_id, absence.agent_id, absence.start, absence.end, absence.kind)
    team = store.input_team(record.input_id)
    published = restrict_to_team(base.roster, team)
    check_published(team, published, absence.start)
    previous = None
    if base.record.previous_version is not None:
        previous_record = store.roster(team_id, base.record.previous_version)
        previous = restrict_to_team(store.roster_value(previous_record), team)
    limit = clamp_time_limit(settings, time_limit_s)
    job = store.add_job(
        team_id=team_id,
        input_id=record.input_id,
        month=month,
        time_limit_s=limit,
        previous_version=base.record.previous_version,
        kind=REPLAN,
    )
    params = solver.SolveParams(
        time_limit_s=limit, num_workers=settings.build_workers, seed=settings.seed
    )
    replan = ReplanInput(
        published=published, base_version=version, start=absence.start, absence=str(absence)
    )
    runner.submit(
        job,
        BuildInput(team=team, month=month, previous=previous, params=params, replan=replan),
    )
    return job


def proposal_view(store: Store, team_id: int, proposal_id: int) -> ProposalView:
    team_view(store, team_id)
    try:
        record = store.proposal(team_id, proposal_id)
    except KeyError:
        raise NotFound(f"Team {team_id} has no proposal {proposal_id}.") from None
    team = store.input_team(record.input_id)
    base = roster_view(store, team_id, record.base_version)
    choices = []
    for choice in record.choices:
        roster = store.proposal_roster(record, choice)
        coverage = store.derived(
            ("proposal-coverage", record.id, str(choice)),
            partial(compute_coverage, team, roster),
        )
        choices.append(
            ChoiceView(
                choice=choice,
                roster=roster,
                coverage=coverage,
                changes=roster_changes(base.roster, roster),
                summary=record.summary_of(choice),
            )
        )
    fewest = choices[0]
    return ProposalView(
        record=record,
        team=team,
        roster=fewest.roster,
        coverage=fewest.coverage,
        base=base,
        changes=fewest.changes,
        choices=tuple(choices),
    )


def accept_proposal(
    store: Store, team_id: int, proposal_id: int, choice: ReplanChoice = FEWEST_CHANGES
) -> RosterRecord:
    """One choice of the proposal as the team's next roster version (the same version if
    accepted before).

    Raises
    ------
    InputErrors
        When the proposal does not offer ``choice`` (a re-plan made before there were two,
        or one whose "keep the cover" solve found no roster).
    """
    view = proposal_view(store, team_id, proposal_id)
    if view.record.accepted_version is None and choice not in view.record.choices:
        raise_if_any([InputError("choice", None, f"proposal {proposal_id} has no {choice} choice")])
    return store.accept_proposal(team_id, proposal_id, choice)
