"""Which roster version agents follow: a version is a draft until a lead publishes it.

One version per team and month is published; publishing another unpublishes it, and
publishing an older one again is the undo. While the app has no accounts (one person on
their own machine) a month nobody published shows its newest version, as before publishing
existed; once accounts exist only a lead's publication counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.roster.model import Change, roster_changes
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, raise_if_any
from scheduler.web.service.common import NotFound
from scheduler.web.service.rosters import RosterView, roster_view
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


@dataclass(frozen=True, kw_only=True)
class VersionDiff:
    view: RosterView
    against: RosterView
    published: int | None
    changes: list[Change]
    """Agent-days whose entry in ``view`` differs from ``against``."""


def version_diff(store: Store, team_id: int, version: int, against: int | None) -> VersionDiff:
    """``version`` compared with ``against`` (by default the month's published version).

    Raises
    ------
    NotFound
        When either version does not exist.
    InputErrors
        When ``against`` is another month's roster, or is left out and none is published.
    """
    view = roster_view(store, team_id, version)
    month = view.record.month
    published = published_roster(store, team_id, month)
    if against is None:
        if published is None:
            raise_if_any(
                [InputError("against", None, f"no version of {month} is published to compare")]
            )
        assert published is not None
        against = published.version
    other = roster_view(store, team_id, against)
    if other.record.month != month:
        raise_if_any(
            [
                InputError(
                    "against",
                    None,
                    f"v{against} is the roster of {other.record.month}, not of {month}",
                )
            ]
        )
    return VersionDiff(
        view=view,
        against=other,
        published=published.version if published else None,
        changes=roster_changes(other.roster, view.roster),
    )
