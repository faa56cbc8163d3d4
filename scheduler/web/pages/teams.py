"""The teams list and one team's page: upload, edit and replace its files; leave."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.team.errors import InputError
from scheduler.web.auth import current_account
from scheduler.web.contexts.teams import TeamPage, TeamsPage
from scheduler.web.deps import LangDep, SettingsDep, StoreDep, TeamId
from scheduler.web.pages.redirect import see_other
from scheduler.web.pages.refusals import refused_shows
from scheduler.web.render import render
from scheduler.web.settings import Settings
from scheduler.web.store import Store
from scheduler.web.uploads import FileName, read_uploads

router = APIRouter(include_in_schema=False)
Uploads = Annotated[list[UploadFile], File()]


def teams_page(
    request: Request,
    store: Store,
    settings: Settings,
    lang: str,
    errors: Sequence[InputError] = (),
) -> Response:
    """The teams list with the upload form; with ``errors``, they are shown above it (422)."""
    records = service.visible_teams(store, current_account(request))
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
    """One team's page; with ``errors``, they are shown above its forms (422)."""
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
        published=service.published_versions(store, team_id),
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
    with refused_shows(partial(teams_page, request, store, settings, lang)):
        record = service.create_team(store, read_uploads(files, settings), settings)
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
    with refused_shows(partial(team_page, request, store, settings, lang, team_id)):
        service.replace_files(store, team_id, read_uploads(files, settings), settings)
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


def file_form(
    request: Request,
    store: Store,
    lang: str,
    team_id: int,
    name: str,
    text: str,
    errors: Sequence[InputError],
) -> Response:
    """The file's editor again, with the text sent and why it was refused (HTTP 422)."""
    view = service.team_view(store, team_id)
    return render(
        request,
        "file.html",
        lang,
        422,
        team_id=team_id,
        team_name=view.team.name,
        name=name,
        text=text,
        errors=errors,
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
    with refused_shows(partial(file_form, request, store, lang, team_id, name, content)):
        service.save_file(store, team_id, name, content)
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
    with refused_shows(partial(team_page, request, store, settings, lang, team_id)):
        service.add_leave(store, team_id, agent_id, start, end, kind)
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
