"""The HTML pages, one router per feature; each builds its context with the same service
functions as the JSON API."""

from scheduler.web.pages.accounts import router as accounts_router
from scheduler.web.pages.demand import router as demand_router
from scheduler.web.pages.erlang import router as erlang_router
from scheduler.web.pages.jobs import router as jobs_router
from scheduler.web.pages.kpi import router as kpi_router
from scheduler.web.pages.peak import router as peak_router
from scheduler.web.pages.rosters import router as rosters_router
from scheduler.web.pages.teams import router as teams_router

routers = (
    teams_router,
    jobs_router,
    rosters_router,
    demand_router,
    peak_router,
    erlang_router,
    kpi_router,
    accounts_router,
)
"""Each feature's router, in the order the app includes them."""

__all__ = ["routers"]
