"""Agents' requests of a team: file one (agent), list them, approve or reject (lead)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body
from pydantic import BaseModel, Field

import scheduler.web.service as service
from scheduler.web.api.routing import resource_router
from scheduler.web.auth import CurrentAccount, UserAccount
from scheduler.web.deps import RequestId, SettingsDep, StoreDep, TeamId
from scheduler.web.store import RequestRecord

router = resource_router()
RequestBody = Annotated[dict[str, Any], Body()]


class RequestPublic(BaseModel):
    id: int
    team_id: int
    agent_id: str
    kind: str
    state: str
    fields: dict[str, Any]
    created_at: str
    decided_by: str | None
    answer: str
    version: int | None

    @classmethod
    def of(cls, record: RequestRecord) -> RequestPublic:
        return cls.model_validate(record, from_attributes=True)


class RejectBody(BaseModel):
    reason: str = Field(default="", max_length=500)


class ApprovedPublic(BaseModel):
    id: int
    state: str
    version: int | None
    """The new roster version (None for a wish: it goes into the next build)."""


@router.post("/teams/{team_id}/requests", status_code=201)
def file_request(
    team_id: TeamId, account: UserAccount, store: StoreDep, body: RequestBody
) -> RequestPublic:
    """``{"kind":"swap","date","with_agent","with_date"}``, ``{"kind":"leave","start","end",
    "reason"}`` or ``{"kind":"wish","date","shift"|"off"}``; the request starts pending."""
    return RequestPublic.of(service.file_request(store, team_id, account, body))


@router.get("/teams/{team_id}/requests")
def list_requests(team_id: TeamId, account: CurrentAccount, store: StoreDep) -> list[RequestPublic]:
    """A lead gets every request of the team, an agent only theirs; newest first."""
    return [RequestPublic.of(r) for r in service.team_requests(store, team_id, account)]


@router.post("/teams/{team_id}/requests/{request_id}/approve", status_code=201)
def approve(
    team_id: TeamId,
    request_id: RequestId,
    account: CurrentAccount,
    store: StoreDep,
    settings: SettingsDep,
) -> ApprovedPublic:
    """201 with the new version when every hard rule and the coverage hold; else 409 with the
    rule it would break, in words (``reasons``) and by rule id (``rules``)."""
    by = account.username if account else "local"
    record = service.approve_request(store, settings, team_id, request_id, by)
    return ApprovedPublic(id=record.id, state=record.state, version=record.version)


@router.post("/teams/{team_id}/requests/{request_id}/reject")
def reject(
    team_id: TeamId,
    request_id: RequestId,
    account: CurrentAccount,
    store: StoreDep,
    body: RejectBody | None = None,
) -> RequestPublic:
    by = account.username if account else "local"
    reason = body.reason if body else ""
    return RequestPublic.of(service.reject_request(store, team_id, request_id, by, reason))
