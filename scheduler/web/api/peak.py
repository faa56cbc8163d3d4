"""Peak plans: run one as a job, list them, read one and its files."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import Path as FastAPIPath
from fastapi import Response

import scheduler.web.service as service
from scheduler.peak.files import PEAK_JSON
from scheduler.web.api.download import download
from scheduler.web.api.routing import resource_router
from scheduler.web.demand_schemas import (
    PeakCreate,
    PeakPlanDetail,
    PeakPlanPublic,
    PeakPlansPublic,
)
from scheduler.web.deps import PlanId, RunnerDep, SettingsDep, StoreDep, TeamId
from scheduler.web.peak_defaults import DEFAULT_PEAK_TIME_LIMIT_S
from scheduler.web.schemas import JobPublic, fields_of

router = resource_router()


@router.post("/teams/{team_id}/peak", status_code=202)
def start_peak(
    team_id: TeamId, body: PeakCreate, store: StoreDep, settings: SettingsDep, runner: RunnerDep
) -> JobPublic:
    """Plan the event's peak in the background, as `scheduler peak` does (about a minute
    for a large team); poll the job, then read the plan."""
    asked = service.PeakRequest(
        event=body.event,
        year=body.year,
        scenarios=tuple(body.scenarios),
        today=body.today,
        method=body.method,
        time_limit_s=body.time_limit_s or DEFAULT_PEAK_TIME_LIMIT_S,
    )
    return JobPublic.model_validate(
        service.start_peak(store, runner, settings, team_id, asked), from_attributes=True
    )


@router.get("/teams/{team_id}/peak")
def list_peak_plans(team_id: TeamId, store: StoreDep) -> PeakPlansPublic:
    service.team_view(store, team_id)
    data = [
        PeakPlanPublic.model_validate(p, from_attributes=True) for p in store.peak_plans(team_id)
    ]
    return PeakPlansPublic(data=data, count=len(data))


@router.get("/teams/{team_id}/peak/{plan_id}")
def get_peak_plan(team_id: TeamId, plan_id: PlanId, store: StoreDep) -> PeakPlanDetail:
    record = service.peak_view(store, team_id, plan_id).record
    plan = json.loads(service.peak_file(store, team_id, plan_id, PEAK_JSON))
    return PeakPlanDetail.model_validate(fields_of(record) | {"plan": plan})


@router.get("/teams/{team_id}/peak/{plan_id}/files/{name}")
def get_peak_file(
    team_id: TeamId,
    plan_id: PlanId,
    name: Annotated[str, FastAPIPath(max_length=100)],
    store: StoreDep,
) -> Response:
    """One file of the plan, as `scheduler peak` writes it: hires.csv (and
    hires-plus20.csv …), peak.csv, peak_agents.csv, peak.json, peak.html."""
    content = service.peak_file(store, team_id, plan_id, name)
    media = {
        "csv": "text/csv",
        "json": "application/json",
        "html": "text/html",
    }.get(name.rsplit(".", 1)[-1], "text/plain")
    return download(content.encode("utf-8"), f"{media}; charset=utf-8", name)
