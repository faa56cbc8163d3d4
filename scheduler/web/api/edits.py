"""A lead's edits of a roster version: one cell at a time, and "fill the gaps"."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

import scheduler.web.service as service
from scheduler.web.api.routing import resource_router
from scheduler.web.deps import RunnerDep, SettingsDep, StoreDep, TeamId, Version
from scheduler.web.schemas import JobPublic, RosterPublic

router = resource_router()


class CellChange(BaseModel):
    """Another cell of the same edit (the same agent when ``agent_id`` is left out)."""

    agent_id: str | None = None
    date: date
    shift: str
    shares: dict[str, float] | None = None
    kind: str | None = None


class CellEditCreate(BaseModel):
    """One cell as the lead sets it; ``shares`` (shop id → percent) only for a shift;
    ``also``: more cells checked together with it (a rest day moved is two cells)."""

    agent_id: str
    date: date
    shift: str
    shares: dict[str, float] | None = None
    kind: str | None = None
    """A leave cell's kind (annual, sick, …)."""
    also: list[CellChange] = Field(default_factory=list, max_length=62)


class FillCreate(BaseModel):
    time_limit_s: float | None = Field(default=None, gt=0)


@router.post("/teams/{team_id}/rosters/{version}/cells", status_code=201)
def edit_cell(
    team_id: TeamId, version: Version, body: CellEditCreate, store: StoreDep, settings: SettingsDep
) -> RosterPublic:
    """Check the edit against every hard rule; a new draft version when it holds, else 409
    with the reasons in words and the rule ids."""
    edit = body.model_dump(mode="json")
    edit["also"] = [cell.model_dump(mode="json", exclude_none=True) for cell in body.also]
    record = service.edit_cell(store, settings, team_id, version, edit)
    return RosterPublic.model_validate(record, from_attributes=True)


@router.post("/teams/{team_id}/rosters/{version}/fill", status_code=202)
def start_fill(
    team_id: TeamId,
    version: Version,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    body: FillCreate | None = None,
) -> JobPublic:
    """Re-solve an edited draft's unpinned cells, holding its edits; poll the job, whose
    roster is a new draft version."""
    limit = (body.time_limit_s if body else None) or settings.default_time_limit_s
    job = service.start_fill(store, runner, settings, team_id, version, limit)
    return JobPublic.model_validate(job, from_attributes=True)
