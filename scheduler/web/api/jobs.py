"""Builds and re-plans run as jobs; a re-plan's result is a proposal to accept."""

from __future__ import annotations

import scheduler.web.service as service
from scheduler.roster.coverage import total_shortfall
from scheduler.roster.replan import FEWEST_CHANGES, ReplanChoice
from scheduler.web.api.routing import resource_router
from scheduler.web.deps import JobId, ProposalId, RunnerDep, SettingsDep, StoreDep, TeamId, Version
from scheduler.web.schemas import (
    AbsenceCreate,
    ChangePublic,
    JobCreate,
    JobPublic,
    JobsPublic,
    ProposalChoicePublic,
    ProposalDetail,
    ProposalPublic,
    ProposalsPublic,
    RosterPublic,
)

router = resource_router()


@router.get("/teams/{team_id}/jobs")
def list_jobs(team_id: TeamId, store: StoreDep) -> JobsPublic:
    service.team_view(store, team_id)
    data = [JobPublic.model_validate(j, from_attributes=True) for j in store.jobs(team_id)]
    return JobsPublic(data=data, count=len(data))


@router.post("/teams/{team_id}/jobs", status_code=202)
def create_job(
    team_id: TeamId, body: JobCreate, store: StoreDep, settings: SettingsDep, runner: RunnerDep
) -> JobPublic:
    """Start building the month's roster in the background; poll the job for progress."""
    job = service.start_build(
        store,
        runner,
        settings,
        team_id,
        service.parse_month(body.month),
        body.time_limit_s or settings.default_time_limit_s,
        body.previous,
    )
    return JobPublic.model_validate(job, from_attributes=True)


@router.get("/teams/{team_id}/jobs/{job_id}")
def get_job(team_id: TeamId, job_id: JobId, store: StoreDep) -> JobPublic:
    return JobPublic.model_validate(service.job_of(store, team_id, job_id), from_attributes=True)


@router.post("/teams/{team_id}/jobs/{job_id}/cancel")
def cancel_job(team_id: TeamId, job_id: JobId, store: StoreDep, runner: RunnerDep) -> JobPublic:
    service.job_of(store, team_id, job_id)
    runner.cancel(job_id)
    return JobPublic.model_validate(service.job_of(store, team_id, job_id), from_attributes=True)


@router.post("/teams/{team_id}/jobs/{job_id}/stop")
def stop_job(team_id: TeamId, job_id: JobId, store: StoreDep, runner: RunnerDep) -> JobPublic:
    """End a running build now and save the best roster found so far as a new version
    (a queued build, or a peak plan, is cancelled)."""
    return JobPublic.model_validate(
        service.stop_job(store, runner, team_id, job_id), from_attributes=True
    )


@router.post("/teams/{team_id}/rosters/{version}/replan", status_code=202)
def start_replan(
    team_id: TeamId,
    version: Version,
    body: AbsenceCreate,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
) -> JobPublic:
    """Save an agent's absence as leave and re-plan the version from its first day, with
    the fewest changes; the result is a proposal (poll the job, then list the proposals)."""
    absence = service.Absence(
        agent_id=body.agent_id, start=body.start, end=body.end, kind=body.kind
    )
    job = service.start_replan(
        store,
        runner,
        settings,
        team_id,
        version,
        absence,
        body.time_limit_s or settings.default_time_limit_s,
    )
    return JobPublic.model_validate(job, from_attributes=True)


@router.get("/teams/{team_id}/proposals")
def list_proposals(team_id: TeamId, store: StoreDep) -> ProposalsPublic:
    service.team_view(store, team_id)
    data = [
        ProposalPublic.model_validate(p, from_attributes=True) for p in store.proposals(team_id)
    ]
    return ProposalsPublic(data=data, count=len(data))


@router.get("/teams/{team_id}/proposals/{proposal_id}")
def get_proposal(team_id: TeamId, proposal_id: ProposalId, store: StoreDep) -> ProposalDetail:
    view = service.proposal_view(store, team_id, proposal_id)
    before = total_shortfall(view.base.coverage)
    start = view.record.start
    choices = [
        ProposalChoicePublic(
            choice=str(c.choice),
            status=c.summary.get("status"),
            changed_days=sum(1 for change in c.changes if change.date >= start),
            changed_shops=int(c.summary.get("replan", {}).get("changed_shops", 0)),
            shortfall_before=before,
            shortfall_after=total_shortfall(c.coverage),
            changes=[ChangePublic.of(change) for change in c.changes],
            summary=dict(c.summary),
        )
        for c in view.choices
    ]
    return ProposalDetail.of_changes(view.record, view.changes, choices, view.same_choices)


@router.post("/teams/{team_id}/proposals/{proposal_id}/accept", status_code=201)
def accept_proposal(
    team_id: TeamId,
    proposal_id: ProposalId,
    store: StoreDep,
    choice: ReplanChoice = FEWEST_CHANGES,
) -> RosterPublic:
    """Save one choice of the proposal (``?choice=keep_cover``; ``fewest_changes`` when
    not given) as the team's next roster version; accepting again returns it."""
    return RosterPublic.model_validate(
        service.accept_proposal(store, team_id, proposal_id, choice), from_attributes=True
    )
