"""Teams and their inputs: each upload or edit is a new input version of the team's files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection

from scheduler.team.files import STORED_FILES, TeamTexts, read_team_texts
from scheduler.team.model import Team
from scheduler.web.store.base import StoreBase, check_id, insert_row, now
from scheduler.web.store.tables import files_table, inputs_table, rosters_table, teams_table


@dataclass(frozen=True, kw_only=True)
class TeamRecord:
    id: int
    name: str
    created_at: str
    updated_at: str
    input_id: int
    roster_count: int = 0


def team_record(row: Mapping[str, Any]) -> TeamRecord:
    return TeamRecord(
        id=row["id"],
        name=row["name"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        input_id=row["input_id"],
        roster_count=row.get("n") or 0,
    )


class TeamStore(StoreBase):
    """The ``teams``, ``team_inputs`` and ``team_files`` tables."""

    def create_team(self, texts: TeamTexts, team: Team, source: str) -> TeamRecord:
        with self._write_lock, self.engine.begin() as conn:
            stamp = now()
            team_id = insert_row(
                conn, teams_table, name=team.name, created_at=stamp, updated_at=stamp
            )
            self._add_input(conn, team_id, texts, team, source)
        return self.team(team_id)

    def add_input(self, team_id: int, texts: TeamTexts, team: Team, source: str) -> TeamRecord:
        """Store new files for a team and make them its current input."""
        with self._write_lock, self.engine.begin() as conn:
            self._add_input(conn, team_id, texts, team, source)
        return self.team(team_id)

    def _add_input(
        self, conn: Connection, team_id: int, texts: TeamTexts, team: Team, source: str
    ) -> int:
        stamp = now()
        input_id = insert_row(conn, inputs_table, team_id=team_id, created_at=stamp, source=source)
        conn.execute(
            insert(files_table),
            [{"input_id": input_id, "name": n, "content": t} for n, t in texts.items()],
        )
        conn.execute(
            update(teams_table)
            .where(teams_table.c.id == team_id)
            .values(name=team.name, updated_at=stamp, input_id=input_id)
        )
        return input_id

    def teams(self) -> list[TeamRecord]:
        counts = (
            select(rosters_table.c.team_id, func.count().label("n"))
            .group_by(rosters_table.c.team_id)
            .subquery()
        )
        query = (
            select(teams_table, counts.c.n)
            .outerjoin(counts, counts.c.team_id == teams_table.c.id)
            .order_by(teams_table.c.id)
        )
        return self._list(query, team_record)

    def team(self, team_id: int) -> TeamRecord:
        """The team; KeyError when there is no such team."""
        check_id(team_id)
        query = select(teams_table).where(teams_table.c.id == team_id)
        count = (
            select(func.count())
            .select_from(rosters_table)
            .where(rosters_table.c.team_id == team_id)
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
            if row is None or row["input_id"] is None:
                raise KeyError(f"team {team_id}")
            return team_record(dict(row) | {"n": conn.execute(count).scalar_one()})

    def input_texts(self, input_id: int) -> dict[str, str]:
        query = select(files_table.c.name, files_table.c.content).where(
            files_table.c.input_id == input_id
        )
        with self.engine.connect() as conn:
            found = {name: content for name, content in conn.execute(query)}
        return {name: found[name] for name in STORED_FILES if name in found}

    def input_file_names(self, input_id: int) -> list[str]:
        """The names of an input's files, without reading them (history.csv can be MBs)."""
        query = select(files_table.c.name).where(files_table.c.input_id == input_id)
        with self.engine.connect() as conn:
            found = set(conn.execute(query).scalars())
        return [name for name in STORED_FILES if name in found]

    def input_team(self, input_id: int) -> Team:
        """The Team an input version describes (read once, then cached: inputs never change)."""
        team: Team = self._teams.get(input_id, lambda: read_team_texts(self.input_texts(input_id)))
        return team
