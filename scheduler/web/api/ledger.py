"""A roster version's fairness ledger as the ledger.csv ``scheduler roster`` writes."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.people.ledger import LEDGER_CSV, ledger_csv
from scheduler.web.api.download import download
from scheduler.web.auth import published_only_for_agents
from scheduler.web.deps import StoreDep, TeamId, Version
from scheduler.web.service.ledger import chain_ledger

router = APIRouter(
    prefix="/api", tags=["rosters"], dependencies=[Depends(published_only_for_agents)]
)


@router.get("/teams/{team_id}/rosters/{version}/ledger.csv")
def roster_ledger_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    """Cumulative over the versions this one was built after (its ``previous_version``)."""
    view = service.roster_view(store, team_id, version)
    rows = chain_ledger(store, view.record)
    return download(ledger_csv(rows), "text/csv; charset=utf-8", LEDGER_CSV)
