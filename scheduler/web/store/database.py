"""The web app's database: teams, their input versions, roster versions and build jobs.

SQLite in the data directory by default (WAL, so builds can save while pages read);
any SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@host/db``, through DATABASE_URL.
Inputs and rosters are only ever added, never changed: a new upload or edit is a new
input version, and every build that finds a roster adds a roster version.
"""

from __future__ import annotations

from scheduler.web.store.agent_requests import RequestStore
from scheduler.web.store.jobs import JobStore
from scheduler.web.store.kpi_scores import KpiScoresStore
from scheduler.web.store.peak_plans import PeakPlanStore
from scheduler.web.store.proposals import ProposalStore
from scheduler.web.store.publications import PublicationStore
from scheduler.web.store.teams import TeamStore
from scheduler.web.store.users import UserStore


# ProposalStore extends RosterStore (accepting a proposal saves a roster version), so the
# roster methods come with it.
class Store(
    TeamStore,
    ProposalStore,
    JobStore,
    PeakPlanStore,
    KpiScoresStore,
    UserStore,
    RequestStore,
    PublicationStore,
):
    """Every read and write the web app makes; each write is one transaction."""
