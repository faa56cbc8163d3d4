"""Uploaded KPI scores: one row per upload, the newest of a team's month is shown."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from scheduler.team.calendar import Month
from scheduler.web.store.base import StoreBase, check_id, insert_row, now, of_team
from scheduler.web.store.tables import kpi_scores_table


@dataclass(frozen=True, kw_only=True)
class KpiScoresRecord:
    id: int
    team_id: int
    month: str
    roster_version: int
    """The roster version the scores were checked against."""
    created_at: str
    name: str
    content: str


def kpi_scores_record(row: Mapping[str, Any]) -> KpiScoresRecord:
    return KpiScoresRecord(**{k: row[k] for k in KpiScoresRecord.__dataclass_fields__})


class KpiScoresStore(StoreBase):
    """The ``kpi_scores`` table."""

    def add_kpi_scores(
        self, *, team_id: int, month: Month, roster_version: int, name: str, content: str
    ) -> KpiScoresRecord:
        with self.engine.begin() as conn:
            row_id = insert_row(
                conn,
                kpi_scores_table,
                team_id=team_id,
                month=str(month),
                roster_version=roster_version,
                created_at=now(),
                name=name,
                content=content,
            )
        found = self.kpi_scores(team_id, month)
        assert found is not None and found.id == row_id
        return found

    def kpi_scores(self, team_id: int, month: Month) -> KpiScoresRecord | None:
        """The newest scores uploaded for the team's month, or None."""
        check_id(team_id)
        query = (
            of_team(kpi_scores_table, team_id, *kpi_scores_table.c)
            .where(kpi_scores_table.c.month == str(month))
            .order_by(kpi_scores_table.c.id.desc())
        )
        return self._first(query, kpi_scores_record)
