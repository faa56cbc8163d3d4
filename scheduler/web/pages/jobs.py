"""Builds and re-plans: start one, follow its job, read and accept a proposal."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.roster.replan import FEWEST_CHANGES, ReplanChoice
from scheduler.team.errors import InputError, InputErrors
from scheduler.web.contexts.jobs import job_page, proposal_page
from scheduler.web.deps import (
    JobId,
    LangDep,
    ProposalId,
    RunnerDep,
    SettingsDep,
    StoreDep,
    TeamId,
    Version,
)
from scheduler.web.pages.redirect import see_other
from scheduler.web.pages.refusals import refused_shows
from scheduler.web.pages.teams import team_page
from scheduler.web.render import render
from scheduler.web.store import PEAK

router = APIRouter(include_in_schema=False)


@router.post("/teams/{team_id}/jobs")
def start_build(
    team_id: TeamId,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    lang: LangDep,
    month: Annotated[str, Form()],
    time_limit_s: Annotated[float, Form()] = 30.0,
    previous: Annotated[str, Form()] = "auto",
) -> Response:
    with refused_shows(partial(team_page, request, store, settings, lang, team_id)):
        if previous not in ("auto", "none") and not previous.isdigit():
            raise InputErrors([InputError("previous", None, f"no roster version {previous!r}")])
        job = service.start_build(
            store,
            runner,
            settings,
            team_id,
            service.parse_month(month),
            time_limit_s,
            previous if previous in ("auto", "none") else int(previous),
        )
    return see_other(f"/teams/{team_id}/jobs/{job.id}")


@router.get("/teams/{team_id}/jobs/{job_id}")
def show_job(
    team_id: TeamId, job_id: JobId, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    view = service.team_view(store, team_id)
    job = service.job_of(store, team_id, job_id)
    proposal = store.proposal_for_job(job.id)
    plan = store.peak_plan_for_job(job.id) if job.kind == PEAK else None
    floor = None
    if job.roster_version is not None and not job.active:
        floor = store.roster(team_id, job.roster_version).summary.get("shortfall_floor")
    page = job_page(
        team_id,
        view.team.name,
        job,
        proposal.id if proposal else None,
        plan.id if plan else None,
        floor if isinstance(floor, int | float) else None,
    )
    return render(request, "job.html", lang, page=page)


@router.post("/teams/{team_id}/jobs/{job_id}/cancel")
def cancel_build(team_id: TeamId, job_id: JobId, store: StoreDep, runner: RunnerDep) -> Response:
    service.job_of(store, team_id, job_id)
    runner.cancel(job_id)
    return see_other(f"/teams/{team_id}/jobs/{job_id}")


@router.post("/teams/{team_id}/jobs/{job_id}/stop")
def stop_build(team_id: TeamId, job_id: JobId, store: StoreDep, runner: RunnerDep) -> Response:
    service.stop_job(store, runner, team_id, job_id)
    return see_other(f"/teams/{team_id}/jobs/{job_id}")


@router.post("/teams/{team_id}/rosters/{version}/replan")
def start_replan(
    team_id: TeamId,
    version: Version,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    agent_id: Annotated[str, Form()],
    start: Annotated[date, Form()],
    end: Annotated[date, Form()],
    kind: Annotated[str, Form()] = "sick",
    time_limit_s: Annotated[float, Form()] = 30.0,
) -> Response:
    absence = service.Absence(agent_id=agent_id, start=start, end=end, kind=kind)
    job = service.start_replan(store, runner, settings, team_id, version, absence, time_limit_s)
    return see_other(f"/teams/{team_id}/jobs/{job.id}")


@router.get("/teams/{team_id}/proposals/{proposal_id}")
def show_proposal(
    team_id: TeamId,
    proposal_id: ProposalId,
    request: Request,
    store: StoreDep,
    lang: LangDep,
    choice: ReplanChoice = FEWEST_CHANGES,
) -> Response:
    """Both choices side by side; ``?choice=`` picks the one the grid shows."""
    view = service.proposal_view(store, team_id, proposal_id)
    page = proposal_page(view, lang=lang, shown=choice)
    return render(request, "proposal.html", lang, proposal=page, page=page.page)


@router.post("/teams/{team_id}/proposals/{proposal_id}/accept")
def accept_proposal(
    team_id: TeamId,
    proposal_id: ProposalId,
    store: StoreDep,
    choice: Annotated[ReplanChoice, Form()] = FEWEST_CHANGES,
) -> Response:
    record = service.accept_proposal(store, team_id, proposal_id, choice)
    return see_other(f"/teams/{team_id}/rosters/{record.version}")
