"""Which roster version agents follow: a version is a draft until a lead publishes it.

One version per team and month is published; publishing another unpublishes it, and
publishing an older one again is the undo. While the app has no accounts (one person on
their own machine) a month nobody published shows its newest version, as before publishing
existed; once accounts exist only a lead's publication counts.
"""

from __future__ import annotations

from scheduler.team.calendar import Month
from scheduler.web.service.common import NotFound
from scheduler.web.service.teams import team_view
from scheduler.web.store import RosterRecord, Store


def published_versions(store: Store, team_id: int) -> dict[Month, int]:
    """The published version of each month that has one."""
    published = {m: p.version for m, p in store.publications(team_id).items()}
    if store.has_users():
        return published
    newest: dict[Month, int] = {}
    for record in store.rosters(team_id):  # newest first
        newest.setdefault(record.month, record.version)
    return newest | published


def published_roster(store: Store, team_id: int, month: Month) -> RosterRecord | None:
    """The month's published version; None while no version of the month is published."""
    version = published_versions(store, team_id).get(month)
    return None if version is None else store.roster(team_id, version)


def published_rosters(store: Store, team_id: int) -> dict[Month, RosterRecord]:
    """The published version of each month, by month."""
    return {
        m: store.roster(team_id, v) for m, v in sorted(published_versions(store, team_id).items())
    }


def is_published(store: Store, record: RosterRecord) -> bool:
    return published_versions(store, record.team_id).get(record.month) == record.version


def publish(store: Store, team_id: int, version: int, by: str = "") -> RosterRecord:
    """Publish ``version`` as its month's roster (again, when it was published before)."""
    team_view(store, team_id)
    try:
        record = store.roster(team_id, version)
    except KeyError:
        raise NotFound(f"Team {team_id} has no roster version {version}.") from None
    store.add_publication(team_id=team_id, month=record.month, version=version, by=by)
    return record


def worked_roster(store: Store, team_id: int, month: Month) -> RosterRecord | None:
    """The version agents worked to in ``month``: the published one, else the newest (a
    lead who never published); None when the month has no version."""
    found = store.rosters(team_id, month)
    if not found:
        return None
    return published_roster(store, team_id, month) or found[0]
