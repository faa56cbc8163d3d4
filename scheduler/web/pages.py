"""The HTML pages: each builds its context with the same service functions as the API."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, File, Form, Request, UploadFile
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from scheduler.i18n import HTML_LANG, translator
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors
from scheduler.web import service
from scheduler.web.api import FileName, read_uploads
from scheduler.web.contexts import (
    ERLANG_FIELDS,
    TeamPage,
    TeamsPage,
    agent_month_page,
    erlang_answer,
    erlang_form,
    erlang_page,
    forecast_page,
    grid_page,
    job_page,
    peak_form_page,
    peak_plan_page,
    proposal_page,
    requirements_page,
    shop_coverage_page,
)
from scheduler.web.deps import (
    JobId,
    LangDep,
    PlanId,
    ProposalId,
    RunnerDep,
    SettingsDep,
    StoreDep,
    TeamId,
    Version,
)
from scheduler.web.schemas import ErrorsPublic, InputErrorPublic
from scheduler.web.settings import Settings
from scheduler.web.store import PEAK, Store

router = APIRouter(include_in_schema=False)

Uploads = Annotated[list[UploadFile], File()]


def render(
    request: Request, template: str, lang: str, status_code: int = 200, **context: Any
) -> Response:
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request=request,
        name=template,
        context={"_": translator(lang), "html_lang": HTML_LANG[lang], "lang": lang, **context},
        status_code=status_code,
    )
    return response


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


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def teams_page(
    request: Request,
    store: Store,
    settings: Settings,
    lang: str,
    errors: Sequence[InputError] = (),
) -> Response:
    records = store.teams()
    page = TeamsPage.build(
        [(r, store.input_team(r.input_id)) for r in records],
        service.example_names(settings),
        errors,
    )
    return render(request, "teams.html", lang, 422 if errors else 200, page=page)


def team_page(
    request: Request,
    store: Store,
    settings: Settings,
    lang: str,
    team_id: int,
    errors: Sequence[InputError] = (),
) -> Response:
    view = service.team_view(store, team_id)
    versions = store.rosters(team_id)
    page = TeamPage.build_page(
        view.record,
        view.team,
        versions,
        store.jobs(team_id, limit=10),
        build_month=service.default_month(view.team, [v.month for v in versions], date.today()),
        time_limit_s=settings.default_time_limit_s,
        files=store.input_file_names(view.record.input_id),
        errors=errors,
        proposals=store.proposals(team_id),
    )
    return render(request, "team.html", lang, 422 if errors else 200, page=page)


@router.get("/")
def home(request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep) -> Response:
    return teams_page(request, store, settings, lang)


@router.post("/examples/{name}")
def load_example(name: str, store: StoreDep, settings: SettingsDep) -> Response:
    record = service.load_example(store, settings, name)
    return see_other(f"/teams/{record.id}")


@router.post("/teams")
def create_team(
    request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep, files: Uploads
) -> Response:
    try:
        record = service.create_team(store, read_uploads(files, settings), settings)
    except InputErrors as refused:
        return teams_page(request, store, settings, lang, refused.errors)
    return see_other(f"/teams/{record.id}")


@router.get("/teams/{team_id}")
def show_team(
    team_id: TeamId, request: Request, store: StoreDep, settings: SettingsDep, lang: LangDep
) -> Response:
    return team_page(request, store, settings, lang, team_id)


@router.post("/teams/{team_id}/files")
def replace_files(
    team_id: TeamId,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    files: Uploads,
) -> Response:
    try:
        service.replace_files(store, team_id, read_uploads(files, settings), settings)
    except InputErrors as refused:
        return team_page(request, store, settings, lang, team_id, refused.errors)
    return see_other(f"/teams/{team_id}")


@router.get("/teams/{team_id}/files/{name}/edit")
def edit_file(
    team_id: TeamId, name: FileName, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    view = service.team_view(store, team_id)
    text = store.input_texts(view.record.input_id).get(name, "")
    return render(
        request, "file.html", lang, team_id=team_id, team_name=view.team.name, name=name, text=text
    )


@router.post("/teams/{team_id}/files/{name}")
def save_file(
    team_id: TeamId,
    name: FileName,
    request: Request,
    store: StoreDep,
    lang: LangDep,
    content: Annotated[str, Form()],
) -> Response:
    try:
        service.save_file(store, team_id, name, content)
    except InputErrors as refused:
        view = service.team_view(store, team_id)
        return render(
            request,
            "file.html",
            lang,
            422,
            team_id=team_id,
            team_name=view.team.name,
            name=name,
            text=content,
            errors=refused.errors,
        )
    return see_other(f"/teams/{team_id}")


@router.post("/teams/{team_id}/leave")
def add_leave(
    team_id: TeamId,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    agent_id: Annotated[str, Form()],
    start: Annotated[date, Form()],
    end: Annotated[date, Form()],
    kind: Annotated[str, Form()] = "",
) -> Response:
    try:
        service.add_leave(store, team_id, agent_id, start, end, kind)
    except InputErrors as refused:
        return team_page(request, store, settings, lang, team_id, refused.errors)
    return see_other(f"/teams/{team_id}#leave")


@router.post("/teams/{team_id}/leave/remove")
def remove_leave(
    team_id: TeamId,
    store: StoreDep,
    agent_id: Annotated[str, Form()],
    start: Annotated[date, Form()],
    end: Annotated[date, Form()],
) -> Response:
    service.remove_leave(store, team_id, agent_id, start, end)
    return see_other(f"/teams/{team_id}#leave")


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


# Builds


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
    try:
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
    except InputErrors as refused:
        return team_page(request, store, settings, lang, team_id, refused.errors)
    return see_other(f"/teams/{team_id}/jobs/{job.id}")


@router.get("/teams/{team_id}/jobs/{job_id}")
def show_job(
    team_id: TeamId, job_id: JobId, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    view = service.team_view(store, team_id)
    job = service.job_of(store, team_id, job_id)
    proposal = store.proposal_for_job(job.id)
    plan = store.peak_plan_for_job(job.id) if job.kind == PEAK else None
    page = job_page(
        team_id,
        view.team.name,
        job,
        proposal.id if proposal else None,
        plan.id if plan else None,
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


# Rosters


@router.get("/teams/{team_id}/rosters/{version}")
def show_roster(
    team_id: TeamId,
    version: Version,
    request: Request,
    store: StoreDep,
    lang: LangDep,
    shop: str = "",
    shift: str = "",
) -> Response:
    view = service.roster_view(store, team_id, version)
    page = grid_page(
        view.record,
        view.team,
        view.roster,
        view.coverage,
        lang=lang,
        shop=shop,
        shift=shift,
        page=service.roster_page(store, view, lang),
    )
    return render(request, "grid.html", lang, grid=page, page=page.page)


@router.get("/teams/{team_id}/rosters/{version}/agents/{agent_id}")
def show_agent(
    team_id: TeamId,
    version: Version,
    agent_id: str,
    request: Request,
    store: StoreDep,
    lang: LangDep,
) -> Response:
    view = service.roster_view(store, team_id, version)
    try:
        page = agent_month_page(view.record, view.team, view.roster, agent_id, lang=lang)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no agent {agent_id}.") from None
    return render(request, "agent.html", lang, page=page)


@router.get("/teams/{team_id}/rosters/{version}/shops/{shop_id}")
def show_shop(
    team_id: TeamId,
    version: Version,
    shop_id: str,
    request: Request,
    store: StoreDep,
    lang: LangDep,
) -> Response:
    view = service.roster_view(store, team_id, version)
    try:
        page = shop_coverage_page(view.record, view.team, view.coverage, shop_id)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no shop {shop_id}.") from None
    return render(request, "shop.html", lang, page=page)


# Re-plans


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
    team_id: TeamId, proposal_id: ProposalId, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    view = service.proposal_view(store, team_id, proposal_id)
    page = proposal_page(
        view.record,
        view.team,
        view.roster,
        view.coverage,
        view.base.coverage,
        view.changes,
        lang=lang,
    )
    return render(request, "proposal.html", lang, proposal=page, page=page.page)


@router.post("/teams/{team_id}/proposals/{proposal_id}/accept")
def accept_proposal(team_id: TeamId, proposal_id: ProposalId, store: StoreDep) -> Response:
    record = service.accept_proposal(store, team_id, proposal_id)
    return see_other(f"/teams/{team_id}/rosters/{record.version}")


# Forecast and requirements


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
    try:
        view, inputs = service.demand_inputs(store, team_id)
        the_month = (
            service.parse_month(month)
            if month
            else service.default_forecast_month(inputs.folder, date.today())
        )
        chosen = service.parse_method(method, inputs.folder.staffing.method)
        forecast = service.forecast_view(store, team_id, the_month)
    except InputErrors as refused:
        return problems_page(request, lang, team_id, "No forecast", refused.errors)
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


# Peak plans


def peak_form(
    request: Request,
    store: Store,
    lang: str,
    team_id: int,
    errors: Sequence[InputError] = (),
) -> Response:
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
    year = service.default_forecast_month(inputs.folder, date.today()).year
    page = peak_form_page(
        team_id,
        view.team.name,
        plans,
        events=service.known_events(inputs, year),
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
    try:
        asked = service.parse_peak_form(event, year, scenarios, today, method, time_limit_s)
        job = service.start_peak(store, runner, settings, team_id, asked)
    except InputErrors as refused:
        return peak_form(request, store, lang, team_id, refused.errors)
    return see_other(f"/teams/{team_id}/jobs/{job.id}")


@router.get("/teams/{team_id}/peak/{plan_id}")
def show_peak_plan(
    team_id: TeamId, plan_id: PlanId, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    view = service.peak_view(store, team_id, plan_id)
    plan = peak_plan_page(view.record, view.team.team.name, view.page)
    return render(request, "peak_plan.html", lang, plan=plan, page=view.page)


# The Erlang calculator


@router.get("/erlang")
def erlang_calculator(request: Request, lang: LangDep) -> Response:
    """The form; with figures in the query, the answer below it (a link keeps the question)."""
    values = dict(request.query_params)
    if not any(name in values for name, _, _ in ERLANG_FIELDS):
        return render(request, "erlang.html", lang, page=erlang_page({}))
    parsed, errors = erlang_form(values)
    answer = None
    if parsed is not None:
        try:
            given, result = service.erlang(parsed)
            answer = erlang_answer(given, result, service.erlang_by_method(given))
        except InputErrors as refused:
            errors = list(refused.errors)
    page = erlang_page(values, answer, errors)
    return render(request, "erlang.html", lang, 422 if errors else 200, page=page)


# Errors: JSON under /api, a page elsewhere


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def add_handlers(app: FastAPI) -> None:
    def message(request: Request, status: int, heading: str, text: str) -> Response:
        lang = getattr(request.state, "lang", "zh")
        return render(
            request, "message.html", lang, status, heading=heading, message=text, nav=True
        )

    @app.exception_handler(service.NotFound)
    async def not_found(request: Request, exc: service.NotFound) -> Response:
        if _wants_json(request):
            return JSONResponse(ErrorsPublic(detail=str(exc)).model_dump(), status_code=404)
        return message(request, 404, translator(request.state.lang)("Not found"), str(exc))

    @app.exception_handler(service.Busy)
    async def busy(request: Request, exc: service.Busy) -> Response:
        if _wants_json(request):
            return JSONResponse(ErrorsPublic(detail=str(exc)).model_dump(), status_code=429)
        return message(request, 429, translator(request.state.lang)("Build refused"), str(exc))

    @app.exception_handler(InputErrors)
    async def refused(request: Request, exc: InputErrors) -> Response:
        body = ErrorsPublic(
            detail="The input was refused; nothing was changed.",
            errors=[InputErrorPublic.of(e) for e in exc.errors],
        )
        if _wants_json(request):
            return JSONResponse(body.model_dump(), status_code=422)
        return message(request, 422, body.detail, "\n".join(str(e) for e in exc.errors))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) or exc.status_code != 404:
            return await http_exception_handler(request, exc)
        return message(request, 404, translator(request.state.lang)("Not found"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            InputErrorPublic(
                file=".".join(str(p) for p in e.get("loc", ())), line=None, message=e.get("msg", "")
            )
            for e in exc.errors()
        ]
        body = ErrorsPublic(detail="The request is not valid.", errors=errors)
        if _wants_json(request):
            return JSONResponse(body.model_dump(), status_code=422)
        return message(
            request, 422, body.detail, "\n".join(f"{e.file}: {e.message}" for e in errors)
        )
