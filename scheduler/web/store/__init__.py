"""The web app's database, one module per table: ``Store`` makes every read and write."""

from scheduler.web.store.agent_requests import RequestRecord
from scheduler.web.store.base import MAX_ID, now
from scheduler.web.store.database import Store
from scheduler.web.store.engine import add_missing_columns, make_engine
from scheduler.web.store.jobs import (
    ACTIVE_STATES,
    BUILD,
    CANCELLED,
    DONE,
    FAILED,
    INTERRUPTED,
    PEAK,
    QUEUED,
    REPLAN,
    RUNNING,
    JobRecord,
)
from scheduler.web.store.peak_plans import PeakPlanRecord
from scheduler.web.store.proposals import ProposalRecord
from scheduler.web.store.publications import PublicationRecord
from scheduler.web.store.rosters import RosterRecord
from scheduler.web.store.tables import metadata
from scheduler.web.store.teams import TeamRecord
from scheduler.web.store.users import AuditRecord, SessionRecord, UserRecord

__all__ = [
    "ACTIVE_STATES",
    "BUILD",
    "CANCELLED",
    "DONE",
    "FAILED",
    "INTERRUPTED",
    "MAX_ID",
    "PEAK",
    "QUEUED",
    "REPLAN",
    "RUNNING",
    "AuditRecord",
    "JobRecord",
    "PeakPlanRecord",
    "ProposalRecord",
    "PublicationRecord",
    "RequestRecord",
    "RosterRecord",
    "SessionRecord",
    "Store",
    "TeamRecord",
    "UserRecord",
    "add_missing_columns",
    "make_engine",
    "metadata",
    "now",
]
