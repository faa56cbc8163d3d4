"""Roster versions: numbered per team, only ever added, with one row per agent."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from scheduler.roster.model import Roster
from scheduler.team.calendar import Month
from scheduler.web.store.base import StoreBase, check_id, insert_row, now, of_team
from scheduler.web.store.jobs import finish_job
from scheduler.web.store.roster_rows import agent_rows, roster_of_rows
from scheduler.web.store.tables import agent_rows_table, rosters_table, teams_table

# Saving a version retries this often when another process took its number meanwhile.
VERSION_TRIES = 5


@dataclass(frozen=True, kw_only=True)
class RosterRecord:
    id: int
    team_id: int
    version: int
    month: Month
    input_id: int
    job_id: int | None
    previous_version: int | None
    created_at: str
    status: str
    summary: Mapping[str, Any]


def roster_record(row: Mapping[str, Any]) -> RosterRecord:
    return RosterRecord(
        id=row["id"],
        team_id=row["team_id"],
        version=row["version"],
        month=Month.parse(row["month"]),
        input_id=row["input_id"],
        job_id=row["job_id"],
        previous_version=row["previous_version"],
        created_at=row["created_at"],
        status=row["status"],
        summary=json.loads(row["summary"]),
    )


class RosterStore(StoreBase):
    """The ``rosters`` and ``roster_agents`` tables."""

    def add_roster(
        self,
        *,
        team_id: int,
        input_id: int,
        roster: Roster,
        summary: Mapping[str, Any],
        job_id: int | None = None,
        previous_version: int | None = None,
    ) -> RosterRecord:
        """Save a roster as the team's next version (and finish its job) in one transaction."""
        for _ in range(VERSION_TRIES):
            try:
                with self._write_lock, self.engine.begin() as conn:
                    version = self._save_roster(
                        conn, team_id, input_id, roster, summary, job_id, previous_version
                    )
                return self.roster(team_id, version)
            except IntegrityError:
                continue  # another process took this version number; take the next one
        raise RuntimeError("could not number the new roster version")

    def _save_roster(
        self,
        conn: Connection,
        team_id: int,
        input_id: int,
        roster: Roster,
        summary: Mapping[str, Any],
        job_id: int | None,
        previous_version: int | None,
    ) -> int:
        # The next number is read inside the INSERT itself: SQLite starts its write
        # transaction only there, so a separate SELECT would race other processes.
        # PostgreSQL reads it at the statement's start, so there savers of one team queue
        # on the team's row instead (else two processes saving at once keep colliding).
        if conn.dialect.name == "postgresql":
            conn.execute(
                select(teams_table.c.id).where(teams_table.c.id == team_id).with_for_update()
            )
        next_version = (
            select(func.coalesce(func.max(rosters_table.c.version), 0) + 1)
            .where(rosters_table.c.team_id == team_id)
            .scalar_subquery()
        )
        roster_id = insert_row(
            conn,
            rosters_table,
            team_id=team_id,
            version=next_version,
            month=str(roster.month),
            input_id=input_id,
            job_id=job_id,
            previous_version=previous_version,
            created_at=now(),
            status=str(summary.get("status", "")),
            summary=json.dumps(summary, ensure_ascii=False),
        )
        version: int = conn.execute(
            select(rosters_table.c.version).where(rosters_table.c.id == roster_id)
        ).scalar_one()
        rows = [
            {"roster_id": roster_id, "position": position, "agent_id": agent_id, **values}
            for position, (agent_id, values) in enumerate(agent_rows(roster))
        ]
        if rows:
            conn.execute(insert(agent_rows_table), rows)
        if job_id is not None:
            finish_job(
                conn,
                job_id,
                roster_version=version,
                status=str(summary.get("status", "")),
                shortfall=summary.get("shortfall"),
            )
        return int(version)

    def rosters(self, team_id: int, month: Month | None = None) -> list[RosterRecord]:
        """The team's roster versions, newest first."""
        query = of_team(rosters_table, team_id)
        if month is not None:
            query = query.where(rosters_table.c.month == str(month))
        return self._list(query.order_by(rosters_table.c.version.desc()), roster_record)

    def roster(self, team_id: int, version: int) -> RosterRecord:
        """One roster version of one team; KeyError when the team has no such version."""
        check_id(team_id, version)
        query = of_team(rosters_table, team_id).where(rosters_table.c.version == version)
        return self._get(query, roster_record, f"team {team_id} roster {version}")

    def roster_value(self, record: RosterRecord) -> Roster:
        """The stored Roster (cached: a version never changes)."""
        value: Roster = self._rosters.get(record.id, lambda: self._load_roster(record))
        return value

    def _load_roster(self, record: RosterRecord) -> Roster:
        query = (
            select(agent_rows_table.c.agent_id, agent_rows_table.c.days, agent_rows_table.c.shops)
            .where(agent_rows_table.c.roster_id == record.id)
            .order_by(agent_rows_table.c.position)
        )
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return roster_of_rows(record.month, [tuple(row) for row in rows])
