"""The JSON API under /api, one router per resource; its OpenAPI schema is at /openapi.json,
its docs at /docs."""

from scheduler.web.api.accounts import router as accounts_router
from scheduler.web.api.demand import router as demand_router
from scheduler.web.api.edits import router as edits_router
from scheduler.web.api.erlang import router as erlang_router
from scheduler.web.api.jobs import router as jobs_router
from scheduler.web.api.kpi import router as kpi_router
from scheduler.web.api.ledger import router as ledger_router
from scheduler.web.api.peak import router as peak_router
from scheduler.web.api.requests import router as requests_router
from scheduler.web.api.rosters import router as rosters_router
from scheduler.web.api.teams import router as teams_router

routers = (
    teams_router,
    jobs_router,
    rosters_router,
    edits_router,
    demand_router,
    peak_router,
    erlang_router,
    kpi_router,
    ledger_router,
    accounts_router,
    requests_router,
)
"""Each resource's router, in the order the app includes them."""

__all__ = ["routers"]
