"""Demand pages: a month's requirements, the forecast, and saving what it needs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.i18n import translator
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError
from scheduler.web.contexts.demand import forecast_page, requirements_page
from scheduler.web.deps import LangDep, StoreDep, TeamId
from scheduler.web.pages.redirect import see_other
from scheduler.web.pages.refusals import refused_shows
from scheduler.web.render import render

router = APIRouter(include_in_schema=False)


def problems_page(
    request: Request, lang: str, team_id: int, heading: str, errors: Sequence[InputError]
) -> Response:
    """A page naming why something cannot be shown (HTTP 422), with the way back."""
    return render(
        request,
        "message.html",
        lang,
        422,
        heading=translator(lang)(heading),
        message="\n".join(str(e) for e in errors),
        back=f"/teams/{team_id}",
        nav=True,
    )


@router.get("/teams/{team_id}/requirements")
def show_requirements(
    team_id: TeamId, request: Request, store: StoreDep, lang: LangDep, month: str = ""
) -> Response:
    view = service.team_view(store, team_id)
    try:
        the_month = Month.parse(month) if month else None
    except ValueError:
        the_month = None
    page = requirements_page(team_id, view.team, the_month)
    return render(request, "requirements.html", lang, page=page)


@router.get("/teams/{team_id}/forecast")
def show_forecast(
    team_id: TeamId,
    request: Request,
    store: StoreDep,
    lang: LangDep,
    month: str = "",
    method: str = "",
    shop: str = "",
) -> Response:
    with refused_shows(partial(problems_page, request, lang, team_id, "No forecast")):
        view, inputs = service.demand_inputs(store, team_id)
        the_month = (
            service.parse_month(month)
            if month
            else service.default_forecast_month(inputs.folder, date.today())
        )
        chosen = service.parse_method(method, inputs.folder.staffing.method)
        forecast = service.forecast_view(store, team_id, the_month)
    page = forecast_page(
        team_id,
        view.team,
        the_month,
        forecast.forecast,
        forecast.origin,
        service.staffing_needs(store, forecast, chosen),
        method=str(chosen),
        shop=shop,
    )
    return render(request, "forecast.html", lang, forecast=page)


@router.post("/teams/{team_id}/forecast/requirements")
def save_forecast_requirements(
    team_id: TeamId,
    store: StoreDep,
    month: Annotated[str, Form()],
    method: Annotated[str, Form()] = "",
) -> Response:
    inputs = service.demand_inputs(store, team_id)[1]
    chosen = service.parse_method(method, inputs.folder.staffing.method)
    the_month = service.parse_month(month)
    service.save_requirements(store, team_id, the_month, chosen)
    return see_other(f"/teams/{team_id}/requirements?month={the_month}")
