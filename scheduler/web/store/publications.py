"""Published roster versions: one per team and month, the newest publication wins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from scheduler.team.calendar import Month
from scheduler.web.store.base import StoreBase, insert_row, now, of_team
from scheduler.web.store.tables import publications_table


@dataclass(frozen=True, kw_only=True)
class PublicationRecord:
    team_id: int
    month: Month
    version: int
    published_at: str
    published_by: str
    """The user who published it ("" when the app has no accounts)."""


def publication_record(row: Mapping[str, Any]) -> PublicationRecord:
    return PublicationRecord(
        team_id=row["team_id"],
        month=Month.parse(row["month"]),
        version=row["version"],
        published_at=row["published_at"],
        published_by=row["published_by"],
    )


class PublicationStore(StoreBase):
    """The ``roster_publications`` table."""

    def add_publication(
        self, *, team_id: int, month: Month, version: int, by: str
    ) -> PublicationRecord:
        """Publish ``version`` as the team's roster of ``month`` (the month's other is not)."""
        with self._write_lock, self.engine.begin() as conn:
            insert_row(
                conn,
                publications_table,
                team_id=team_id,
                month=str(month),
                version=version,
                published_at=now(),
                published_by=by,
            )
        found = self.publications(team_id)
        return found[month]

    def publications(self, team_id: int) -> dict[Month, PublicationRecord]:
        """The published version of each month of the team that has one."""
        newest = (
            select(func.max(publications_table.c.id))
            .where(publications_table.c.team_id == team_id)
            .group_by(publications_table.c.month)
        )
        query = of_team(publications_table, team_id).where(publications_table.c.id.in_(newest))
        return {r.month: r for r in self._list(query, publication_record)}
