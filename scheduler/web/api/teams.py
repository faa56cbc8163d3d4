"""Teams and their files: create, list, read, replace and edit the team folder; leave."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import File, Response, UploadFile

import scheduler.web.service as service
from scheduler.team.files import TEAM_FILES
from scheduler.team.workbook import write_team_workbook
from scheduler.web.api.download import download
from scheduler.web.api.routing import resource_router
from scheduler.web.auth import CurrentAccount
from scheduler.web.deps import SettingsDep, StoreDep, TeamId
from scheduler.web.schemas import FileContent, LeaveCreate, TeamDetail, TeamPublic, TeamsPublic
from scheduler.web.store import Store
from scheduler.web.uploads import FileName, read_uploads

router = resource_router()
Uploads = Annotated[list[UploadFile], File(description="Team files, or one .xlsx workbook")]


def team_public(store: Store, team_id: int) -> TeamPublic:
    """The team as the API shows it, read again after a change."""
    view = service.team_view(store, team_id)
    return TeamPublic.of(view.record, view.team)


@router.get("/teams")
def list_teams(store: StoreDep, account: CurrentAccount) -> TeamsPublic:
    """The teams the user sees: an admin every team, a lead theirs."""
    teams = service.visible_teams(store, account)
    data = [TeamPublic.of(r, store.input_team(r.input_id)) for r in teams]
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
