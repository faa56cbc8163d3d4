"""A month's KPI: upload the scores, read the ranking, download kpi.xlsx and bonus.csv."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, UploadFile
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.people.kpi_files import BONUS_CSV, bonus_csv, kpi_workbook
from scheduler.web.api.download import download
from scheduler.web.demand_schemas import KpiPublic
from scheduler.web.deps import LangDep, SettingsDep, StoreDep, TeamId

router = APIRouter(prefix="/api", tags=["kpi"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _kpi(store: StoreDep, team_id: int, month: str) -> service.KpiView:
    view = service.kpi_view(store, team_id, service.parse_month(month))
    if view.kpi is None:
        raise service.NotFound(f"No scores were uploaded for {month}.")
    return view


@router.get("/teams/{team_id}/kpi/{month}")
def read_kpi(team_id: TeamId, month: str, store: StoreDep) -> KpiPublic:
    """The month's KPI from the newest uploaded scores."""
    return KpiPublic.model_validate(_kpi(store, team_id, month).kpi, from_attributes=True)


@router.post("/teams/{team_id}/kpi/{month}/scores", status_code=201)
def upload_scores(
    team_id: TeamId,
    month: str,
    store: StoreDep,
    settings: SettingsDep,
    scores: Annotated[UploadFile, File()],
) -> KpiPublic:
    """Check a scores file against the month's newest roster and keep it (422: every problem
    as file and line, nothing kept)."""
    data = scores.file.read(settings.max_upload_bytes + 1)
    view = service.upload_scores(
        store,
        team_id,
        service.parse_month(month),
        scores.filename or "",
        data,
        max_bytes=settings.max_upload_bytes,
    )
    return KpiPublic.model_validate(view.kpi, from_attributes=True)


@router.get("/teams/{team_id}/kpi/{month}/kpi.xlsx")
def kpi_xlsx(team_id: TeamId, month: str, store: StoreDep, lang: LangDep) -> Response:
    """The KPI table as a workbook, in the visitor's language."""
    view = _kpi(store, team_id, month)
    assert view.kpi is not None
    return download(kpi_workbook(view.kpi, lang=lang), XLSX, f"kpi-{month}.xlsx")


@router.get("/teams/{team_id}/kpi/{month}/bonus.csv")
def kpi_bonus_csv(team_id: TeamId, month: str, store: StoreDep) -> Response:
    """bonus.csv as ``scheduler kpi`` writes it."""
    view = _kpi(store, team_id, month)
    assert view.kpi is not None
    return download(bonus_csv(view.kpi), "text/csv; charset=utf-8", BONUS_CSV)
