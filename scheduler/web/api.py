"""The JSON API under /api; its OpenAPI schema is at /openapi.json, its docs at /docs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, File, HTTPException, Query, Response, UploadFile
from fastapi import Path as FastAPIPath

from scheduler.demand.erlang import ConcurrencyMethod
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.exports.ics import agent_calendar
from scheduler.exports.xlsx import roster_workbook
from scheduler.peak.files import PEAK_JSON
from scheduler.roster.files import assignments_csv, coverage_csv, roster_csv
from scheduler.roster.page import render_roster_page
from scheduler.team.files import TEAM_FILES
from scheduler.team.workbook import write_team_workbook
from scheduler.web import service
from scheduler.web.contexts import (
    DEFAULT_PEAK_TIME_LIMIT_S,
    agent_month_page,
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
from scheduler.web.schemas import (
    AbsenceCreate,
    AgentMonthPublic,
    CoveragePublic,
    CoverageRowPublic,
    DayForecastPublic,
    ErlangPublic,
    ErrorsPublic,
    FileContent,
    ForecastPublic,
    JobCreate,
    JobPublic,
    JobsPublic,
    LeaveCreate,
    PeakCreate,
    PeakPlanDetail,
    PeakPlanPublic,
    PeakPlansPublic,
    ProposalDetail,
    ProposalPublic,
    ProposalsPublic,
    RequirementPublic,
    RequirementsPublic,
    RosterDetail,
    RosterPublic,
    RostersPublic,
    ShiftNeedPublic,
    ShopCoveragePublic,
    StaffingCreate,
    StaffingPublic,
    TeamDetail,
    TeamPublic,
    TeamsPublic,
)
from scheduler.web.settings import Settings
from scheduler.web.store import Store

router = APIRouter(
    prefix="/api",
    tags=["api"],
    responses={
        404: {"model": ErrorsPublic, "description": "No such team, roster, agent or job"},
        422: {"model": ErrorsPublic, "description": "Refused input, each problem by file and line"},
    },
)

FileName = Literal[
    "team.toml",
    "shops.csv",
    "agents.csv",
    "leave.csv",
    "requirements.csv",
    "pins.csv",
    "history.csv",
    "events.csv",
]
Uploads = Annotated[list[UploadFile], File(description="Team files, or one .xlsx workbook")]


def read_uploads(files: list[UploadFile], settings: Settings) -> list[service.Upload]:
    """Each upload's bytes, at most one byte past its limit (so a larger file is refused)."""
    return [
        service.Upload(
            name=f.filename or "",
            data=f.file.read(service.upload_limit(f.filename or "", settings) + 1),
        )
        for f in files
    ]


def download(content: bytes | str, media_type: str, filename: str) -> Response:
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content=content, media_type=media_type, headers={"Content-Disposition": disposition}
    )


def team_public(store: Store, team_id: int) -> TeamPublic:
    view = service.team_view(store, team_id)
    return TeamPublic.of(view.record, view.team)


# Teams


@router.get("/teams")
def list_teams(store: StoreDep) -> TeamsPublic:
    data = [TeamPublic.of(r, store.input_team(r.input_id)) for r in store.teams()]
    return TeamsPublic(data=data, count=len(data))


@router.post("/teams", status_code=201)
def create_team(store: StoreDep, settings: SettingsDep, files: Uploads) -> TeamPublic:
    """A new team from the team folder's files or one workbook; refused whole on any problem."""
    record = service.create_team(store, read_uploads(files, settings), settings)
    return team_public(store, record.id)


@router.get("/examples")
def list_examples(settings: SettingsDep) -> list[str]:
    return service.example_names(settings)


@router.post("/examples/{name}", status_code=201)
def load_example(name: str, store: StoreDep, settings: SettingsDep) -> TeamPublic:
    record = service.load_example(store, settings, name)
    return team_public(store, record.id)


@router.get("/teams/{team_id}")
def get_team(team_id: TeamId, store: StoreDep) -> TeamDetail:
    view = service.team_view(store, team_id)
    files = store.input_file_names(view.record.input_id)
    return TeamDetail.of_team(view.record, view.team, files)


@router.get("/teams/{team_id}/requirements")
def get_requirements(
    team_id: TeamId,
    store: StoreDep,
    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
) -> RequirementsPublic:
    team = service.team_view(store, team_id).team
    the_month = service.parse_month(month) if month else None
    data = [
        RequirementPublic(date=r.date, shift=r.shift, shop_id=r.shop_id, agents=r.agents)
        for r in team.requirements
        if the_month is None or (the_month.first <= r.date <= the_month.last)
    ]
    return RequirementsPublic(data=data, count=len(data))


@router.put("/teams/{team_id}/files")
def replace_files(
    team_id: TeamId, store: StoreDep, settings: SettingsDep, files: Uploads
) -> TeamPublic:
    """Replace the files given (others are kept); refused whole on any problem."""
    service.replace_files(store, team_id, read_uploads(files, settings), settings)
    return team_public(store, team_id)


@router.get("/teams/{team_id}/files/{name}")
def get_file(team_id: TeamId, name: FileName, store: StoreDep) -> Response:
    texts = service.team_texts(store, team_id)
    if name not in texts:
        raise service.NotFound(f"Team {team_id} has no {name}.")
    media = "text/csv" if name.endswith(".csv") else "application/toml"
    return download(texts[name].encode("utf-8"), f"{media}; charset=utf-8", name)


@router.put("/teams/{team_id}/files/{name}")
def put_file(team_id: TeamId, name: FileName, body: FileContent, store: StoreDep) -> TeamPublic:
    service.save_file(store, team_id, name, body.content)
    return team_public(store, team_id)


@router.get("/teams/{team_id}/workbook.xlsx")
def get_team_workbook(team_id: TeamId, store: StoreDep) -> Response:
    texts = service.team_texts(store, team_id)
    team_only = {n: t for n, t in texts.items() if n in TEAM_FILES}
    return download(
        write_team_workbook(team_only),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"team-{team_id}.xlsx",
    )


@router.post("/teams/{team_id}/leave")
def add_leave(team_id: TeamId, body: LeaveCreate, store: StoreDep) -> TeamPublic:
    service.add_leave(store, team_id, body.agent_id, body.start, body.end, body.kind)
    return team_public(store, team_id)


@router.delete("/teams/{team_id}/leave")
def remove_leave(
    team_id: TeamId, agent_id: str, start: date, end: date, store: StoreDep
) -> TeamPublic:
    service.remove_leave(store, team_id, agent_id, start, end)
    return team_public(store, team_id)


# Builds


@router.get("/teams/{team_id}/jobs")
def list_jobs(team_id: TeamId, store: StoreDep) -> JobsPublic:
    service.team_view(store, team_id)
    data = [JobPublic.of(j) for j in store.jobs(team_id)]
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
    return JobPublic.of(job)


@router.get("/teams/{team_id}/jobs/{job_id}")
def get_job(team_id: TeamId, job_id: JobId, store: StoreDep) -> JobPublic:
    return JobPublic.of(service.job_of(store, team_id, job_id))


@router.post("/teams/{team_id}/jobs/{job_id}/cancel")
def cancel_job(team_id: TeamId, job_id: JobId, store: StoreDep, runner: RunnerDep) -> JobPublic:
    service.job_of(store, team_id, job_id)
    runner.cancel(job_id)
    return JobPublic.of(service.job_of(store, team_id, job_id))


@router.post("/teams/{team_id}/jobs/{job_id}/stop")
def stop_job(team_id: TeamId, job_id: JobId, store: StoreDep, runner: RunnerDep) -> JobPublic:
    """End a running build now and save the best roster found so far as a new version
    (a queued build, or a peak plan, is cancelled)."""
    return JobPublic.of(service.stop_job(store, runner, team_id, job_id))


# Rosters


@router.get("/teams/{team_id}/rosters")
def list_rosters(team_id: TeamId, store: StoreDep) -> RostersPublic:
    service.team_view(store, team_id)
    data = [RosterPublic.of(r) for r in store.rosters(team_id)]
    return RostersPublic(data=data, count=len(data))


@router.get("/teams/{team_id}/rosters/{version}")
def get_roster(team_id: TeamId, version: Version, store: StoreDep) -> RosterDetail:
    view = service.roster_view(store, team_id, version)
    return RosterDetail.of_roster(view.record, view.roster)


@router.get("/teams/{team_id}/rosters/{version}/coverage")
def get_coverage(team_id: TeamId, version: Version, store: StoreDep) -> CoveragePublic:
    view = service.roster_view(store, team_id, version)
    data = [CoverageRowPublic.of(r) for r in view.coverage]
    return CoveragePublic(data=data, count=len(data))


@router.get("/teams/{team_id}/rosters/{version}/agents/{agent_id}")
def get_agent_month(
    team_id: TeamId, version: Version, agent_id: str, store: StoreDep, lang: LangDep
) -> AgentMonthPublic:
    view = service.roster_view(store, team_id, version)
    try:
        page = agent_month_page(view.record, view.team, view.roster, agent_id, lang=lang)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no agent {agent_id}.") from None
    return AgentMonthPublic.of(page, view.roster)


@router.get("/teams/{team_id}/rosters/{version}/shops/{shop_id}")
def get_shop_coverage(
    team_id: TeamId, version: Version, shop_id: str, store: StoreDep
) -> ShopCoveragePublic:
    view = service.roster_view(store, team_id, version)
    try:
        page = shop_coverage_page(view.record, view.team, view.coverage, shop_id)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no shop {shop_id}.") from None
    return ShopCoveragePublic.of(page, view.coverage)


# Re-plans


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
    return JobPublic.of(job)


@router.get("/teams/{team_id}/proposals")
def list_proposals(team_id: TeamId, store: StoreDep) -> ProposalsPublic:
    service.team_view(store, team_id)
    data = [ProposalPublic.of(p) for p in store.proposals(team_id)]
    return ProposalsPublic(data=data, count=len(data))


@router.get("/teams/{team_id}/proposals/{proposal_id}")
def get_proposal(team_id: TeamId, proposal_id: ProposalId, store: StoreDep) -> ProposalDetail:
    view = service.proposal_view(store, team_id, proposal_id)
    return ProposalDetail.of_changes(view.record, view.changes)


@router.post("/teams/{team_id}/proposals/{proposal_id}/accept", status_code=201)
def accept_proposal(team_id: TeamId, proposal_id: ProposalId, store: StoreDep) -> RosterPublic:
    """Save the proposal as the team's next roster version; accepting again returns it."""
    return RosterPublic.of(service.accept_proposal(store, team_id, proposal_id))


# Forecast and requirements


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
    data = [DayForecastPublic.of(d) for d in view.forecast.days]
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
        data=[ShiftNeedPublic.of(n) for n in needs],
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


# Peak plans


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
    return JobPublic.of(service.start_peak(store, runner, settings, team_id, asked))


@router.get("/teams/{team_id}/peak")
def list_peak_plans(team_id: TeamId, store: StoreDep) -> PeakPlansPublic:
    service.team_view(store, team_id)
    data = [PeakPlanPublic.of(p) for p in store.peak_plans(team_id)]
    return PeakPlansPublic(data=data, count=len(data))


@router.get("/teams/{team_id}/peak/{plan_id}")
def get_peak_plan(team_id: TeamId, plan_id: PlanId, store: StoreDep) -> PeakPlanDetail:
    record = service.peak_view(store, team_id, plan_id).record
    plan = json.loads(service.peak_file(store, team_id, plan_id, PEAK_JSON))
    return PeakPlanDetail(
        **PeakPlanPublic.of(record).model_dump(), summary=record.summary, plan=plan
    )


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


# The Erlang calculator


@router.get("/erlang")
def erlang_calculator(
    volume: Annotated[float, Query(description="Chats arriving per interval.")],
    aht: Annotated[float, Query(description="Average handle time, seconds.")],
    interval: Annotated[float, Query(description="Interval length, minutes.")] = 30,
    target: Annotated[float, Query(description="Share to answer within `within`.")] = 0.8,
    within: Annotated[float, Query(description="Answer within this many seconds.")] = 20,
    patience: Annotated[
        float | None, Query(description="Mean patience, seconds: Erlang A (else Erlang C).")
    ] = None,
    concurrency: Annotated[int, Query(description="Chats one agent runs at once.")] = 1,
    concurrency_method: ConcurrencyMethod = ConcurrencyMethod.SLOTS,
    shrinkage: Annotated[float, Query(description="Share of paid time not on chats.")] = 0.0,
    max_occupancy: Annotated[float, Query(description="Occupancy cap.")] = 0.85,
    max_abandon: Annotated[float, Query(description="Abandonment cap (Erlang A).")] = 0.05,
) -> ErlangPublic:
    """Agents needed for one queue of chats, as `scheduler erlang` (same options, shares
    as fractions): service level, ASA, occupancy, abandonment and the table around it."""
    request = service.ErlangRequest(
        volume=volume,
        aht=aht,
        interval=interval,
        target=target,
        within=within,
        patience=patience,
        concurrency=concurrency,
        concurrency_method=concurrency_method,
        shrinkage=shrinkage,
        max_occupancy=max_occupancy,
        max_abandon=max_abandon,
    )
    given, answer = service.erlang(request)
    return ErlangPublic.of(given, answer, service.erlang_by_method(given))


# Exports


@router.get("/teams/{team_id}/rosters/{version}/roster.xlsx")
def export_xlsx(team_id: TeamId, version: Version, store: StoreDep, lang: LangDep) -> Response:
    """The grid team leads use: agents × days, coloured cells, a coverage and a status sheet."""
    view = service.roster_view(store, team_id, version)
    page = service.roster_page(store, view, lang)
    return download(
        roster_workbook(page, lang=lang),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"roster-{view.record.month}-v{version}.xlsx",
    )


@router.get("/teams/{team_id}/rosters/{version}/roster.csv")
def export_roster_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    view = service.roster_view(store, team_id, version)
    return download(roster_csv(view.roster), "text/csv; charset=utf-8", "roster.csv")


@router.get("/teams/{team_id}/rosters/{version}/assignments.csv")
def export_assignments_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    view = service.roster_view(store, team_id, version)
    return download(assignments_csv(view.roster), "text/csv; charset=utf-8", "assignments.csv")


@router.get("/teams/{team_id}/rosters/{version}/coverage.csv")
def export_coverage_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    view = service.roster_view(store, team_id, version)
    return download(coverage_csv(view.coverage), "text/csv; charset=utf-8", "coverage.csv")


@router.get("/teams/{team_id}/rosters/{version}/roster.html")
def export_html(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    """The standalone roster page, as `scheduler roster` writes it."""
    view = service.roster_view(store, team_id, version)
    page = service.roster_page(store, view, "both")
    return download(render_roster_page(page), "text/html; charset=utf-8", "roster.html")


@router.get("/teams/{team_id}/rosters/{version}/agents/{agent_id}/calendar.ics")
def export_ics(
    team_id: TeamId, version: Version, agent_id: str, store: StoreDep, lang: LangDep
) -> Response:
    view = service.roster_view(store, team_id, version)
    if agent_id not in view.roster.agent_ids:
        raise HTTPException(404, f"Roster {version} has no agent {agent_id}.")
    stamp = datetime.fromisoformat(view.record.created_at).astimezone(UTC)
    content = agent_calendar(
        view.team,
        view.roster,
        agent_id,
        stamp=stamp,
        uid_prefix=f"t{team_id}-{view.record.month}",
        lang=lang,
    )
    return download(content, "text/calendar; charset=utf-8", f"{agent_id}-{view.record.month}.ics")
