"""Demand: a team's requirements, the forecast, and the requirements it gives."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Query

import scheduler.web.service as service
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.web.api.routing import resource_router
from scheduler.web.api.teams import team_public
from scheduler.web.demand_schemas import (
    DayForecastPublic,
    ForecastPublic,
    ShiftNeedPublic,
    StaffingCreate,
    StaffingPublic,
)
from scheduler.web.deps import StoreDep, TeamId
from scheduler.web.schemas import RequirementPublic, RequirementsPublic, TeamPublic

router = resource_router()


@router.get("/teams/{team_id}/requirements")
def get_requirements(
    team_id: TeamId,
    store: StoreDep,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> RequirementsPublic:
    team = service.team_view(store, team_id).team
    the_month = service.parse_month(month) if month else None
    data = [
        RequirementPublic.model_validate(r, from_attributes=True)
        for r in team.requirements
        if the_month is None or (the_month.first <= r.date <= the_month.last)
    ]
    return RequirementsPublic(data=data, count=len(data))


@router.get("/teams/{team_id}/forecast")
def get_forecast(
    team_id: TeamId,
    store: StoreDep,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> ForecastPublic:
    """The month's forecast per shop and day from the team's history.csv and events.csv
    (default month: the one after the history ends); 422 without a history.csv."""
    inputs = service.demand_inputs(store, team_id)[1]
    the_month = (
        service.parse_month(month)
        if month
        else service.default_forecast_month(inputs.folder, date.today())
    )
    view = service.forecast_view(store, team_id, the_month)
    data = [DayForecastPublic.model_validate(d, from_attributes=True) for d in view.forecast.days]
    return ForecastPublic(
        month=str(the_month),
        origin=view.origin,
        warnings=list(view.forecast.warnings),
        data=data,
        count=len(data),
    )


@router.get("/teams/{team_id}/forecast/requirements")
def get_forecast_requirements(
    team_id: TeamId,
    store: StoreDep,
    month: Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")],
    method: StaffMethod | None = None,
) -> StaffingPublic:
    """Agents per shop, day and shift the month's forecast needs (`scheduler staff`)."""
    inputs = service.demand_inputs(store, team_id)[1]
    chosen = method or inputs.folder.staffing.method
    view = service.forecast_view(store, team_id, service.parse_month(month))
    needs = service.staffing_needs(store, view, chosen)
    return StaffingPublic(
        month=month,
        method=str(chosen),
        agent_shifts=round(sum(n.agents for n in needs), 4),
        data=[ShiftNeedPublic.model_validate(n, from_attributes=True) for n in needs],
        count=len(needs),
    )


@router.post("/teams/{team_id}/forecast/requirements", status_code=201)
def save_forecast_requirements(
    team_id: TeamId, body: StaffingCreate, store: StoreDep
) -> TeamPublic:
    """Save the forecast's requirements for the month as a new input version (the rows of
    other months are kept; earlier versions stay as they were)."""
    inputs = service.demand_inputs(store, team_id)[1]
    chosen = body.method or inputs.folder.staffing.method
    service.save_requirements(store, team_id, service.parse_month(body.month), chosen)
    return team_public(store, team_id)
