"""Two versions of a month compared (the diff page)."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.roster.model import Change, roster_changes
from scheduler.team.errors import InputError, raise_if_any
from scheduler.web.service.rosters import RosterView, roster_view
from scheduler.web.service.versions import published_roster
from scheduler.web.store import Store


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
