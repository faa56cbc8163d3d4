"""Peak plans: the form with the plans so far, starting one, and one plan."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.team.errors import InputError, InputErrors
from scheduler.web.contexts.peak import peak_form_page, peak_plan_page
from scheduler.web.deps import LangDep, PlanId, RunnerDep, SettingsDep, StoreDep, TeamId
from scheduler.web.pages.redirect import see_other
from scheduler.web.pages.refusals import refused_shows
from scheduler.web.render import render
from scheduler.web.store import Store

router = APIRouter(include_in_schema=False)


def peak_form(
    request: Request,
    store: Store,
    lang: str,
    team_id: int,
    errors: Sequence[InputError] = (),
) -> Response:
    """The peak form with the team's plans; ``errors`` are shown above it (422)."""
    view = service.team_view(store, team_id)
    plans = store.peak_plans(team_id)
    status = 422 if errors else 200
    try:
        inputs = service.demand_inputs(store, team_id)[1]
    except InputErrors as refused:
        page = peak_form_page(
            team_id,
            view.team.name,
            plans,
            year=date.today().year,
            can_plan=False,
            errors=[*errors, *refused.errors],
        )
        return render(request, "peak_form.html", lang, status, page=page)
    event, year = service.next_peak(inputs.folder, date.today())
    page = peak_form_page(
        team_id,
        view.team.name,
        plans,
        events=service.known_events(inputs, year),
        event=event,
        year=year,
        errors=errors,
    )
    return render(request, "peak_form.html", lang, status, page=page)


@router.get("/teams/{team_id}/peak")
def show_peak_form(team_id: TeamId, request: Request, store: StoreDep, lang: LangDep) -> Response:
    return peak_form(request, store, lang, team_id)


@router.post("/teams/{team_id}/peak")
def start_peak(
    team_id: TeamId,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    lang: LangDep,
    event: Annotated[str, Form()],
    year: Annotated[str, Form()],
    scenarios: Annotated[str, Form()] = "",
    today: Annotated[str, Form()] = "",
    method: Annotated[str, Form()] = "",
    time_limit_s: Annotated[str, Form()] = "15",
) -> Response:
    with refused_shows(partial(peak_form, request, store, lang, team_id)):
        asked = service.parse_peak_form(event, year, scenarios, today, method, time_limit_s)
        job = service.start_peak(store, runner, settings, team_id, asked)
    return see_other(f"/teams/{team_id}/jobs/{job.id}")


@router.get("/teams/{team_id}/peak/{plan_id}")
def show_peak_plan(
    team_id: TeamId, plan_id: PlanId, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    view = service.peak_view(store, team_id, plan_id)
    plan = peak_plan_page(view.record, view.team.team.name, view.page)
    return render(request, "peak_plan.html", lang, plan=plan, page=view.page)
