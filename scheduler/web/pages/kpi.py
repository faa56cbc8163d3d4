"""A team's month-end KPI page: upload the scores, see the ranking and bonuses."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import Annotated

from fastapi import APIRouter, File, Request, UploadFile
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.team.errors import InputError
from scheduler.web.contexts.kpi import kpi_web_page
from scheduler.web.deps import LangDep, SettingsDep, StoreDep, TeamId
from scheduler.web.pages.redirect import see_other
from scheduler.web.pages.refusals import refused_shows
from scheduler.web.render import render
from scheduler.web.store import Store

router = APIRouter(include_in_schema=False)


def kpi_page(
    request: Request,
    store: Store,
    lang: str,
    team_id: int,
    month: str,
    errors: Sequence[InputError] = (),
) -> Response:
    """The KPI page of the team's month; ``errors`` (a refused upload) above the form (422)."""
    the_month = service.parse_month(month)
    view = service.kpi_view(store, team_id, the_month)
    page = kpi_web_page(team_id, view, lang=lang, errors=tuple(errors))
    return render(request, "kpi_web.html", lang, 422 if errors else 200, page=page)


@router.get("/teams/{team_id}/kpi/{month}")
def show_kpi(
    team_id: TeamId, month: str, request: Request, store: StoreDep, lang: LangDep
) -> Response:
    return kpi_page(request, store, lang, team_id, month)


@router.post("/teams/{team_id}/kpi/{month}")
def upload_kpi_scores(
    team_id: TeamId,
    month: str,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    scores: Annotated[UploadFile, File()],
) -> Response:
    with refused_shows(partial(kpi_page, request, store, lang, team_id, month)):
        data = scores.file.read(settings.max_upload_bytes + 1)
        service.upload_scores(
            store,
            team_id,
            service.parse_month(month),
            scores.filename or "",
            data,
            max_bytes=settings.max_upload_bytes,
        )
    return see_other(f"/teams/{team_id}/kpi/{month}")
