"""Agents' requests: filed pending, then approved (with the version it made) or rejected."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from scheduler.web.store.base import StoreBase, check_id, insert_row, now, of_team
from scheduler.web.store.tables import agent_requests_table


@dataclass(frozen=True, kw_only=True)
class RequestRecord:
    id: int
    team_id: int
    agent_id: str
    username: str
    kind: str
    fields: Mapping[str, Any]
    state: str
    created_at: str
    decided_at: str | None
    decided_by: str | None
    answer: str
    version: int | None


def request_record(row: Mapping[str, Any]) -> RequestRecord:
    return RequestRecord(**(dict(row) | {"fields": json.loads(row["fields"])}))


class RequestStore(StoreBase):
    """The ``agent_requests`` table."""

    def add_request(
        self, *, team_id: int, agent_id: str, username: str, kind: str, fields: Mapping[str, Any]
    ) -> RequestRecord:
        with self._write_lock, self.engine.begin() as conn:
            request_id = insert_row(
                conn,
                agent_requests_table,
                team_id=team_id,
                agent_id=agent_id,
                username=username,
                kind=kind,
                fields=json.dumps(fields, ensure_ascii=False),
                state="pending",
                created_at=now(),
                answer="",
            )
        return self.request(team_id, request_id)

    def request(self, team_id: int, request_id: int) -> RequestRecord:
        """One request of one team; KeyError when the team has none by that id."""
        check_id(team_id, request_id)
        query = of_team(agent_requests_table, team_id).where(
            agent_requests_table.c.id == request_id
        )
        return self._get(query, request_record, f"team {team_id} request {request_id}")

    def requests(self, team_id: int, agent_id: str | None = None) -> list[RequestRecord]:
        """The team's requests (one agent's when ``agent_id``), newest first."""
        query = of_team(agent_requests_table, team_id)
        if agent_id is not None:
            query = query.where(agent_requests_table.c.agent_id == agent_id)
        return self._list(query.order_by(agent_requests_table.c.id.desc()), request_record)

    def decide_request(
        self,
        team_id: int,
        request_id: int,
        *,
        state: str,
        by: str,
        answer: str,
        version: int | None,
    ) -> RequestRecord:
        """Record the lead's decision on a pending request (a decided one stays as it was)."""
        with self._write_lock, self.engine.begin() as conn:
            conn.execute(
                update(agent_requests_table)
                .where(
                    agent_requests_table.c.id == request_id,
                    agent_requests_table.c.team_id == team_id,
                    agent_requests_table.c.state == "pending",
                )
                .values(
                    state=state, decided_at=now(), decided_by=by, answer=answer, version=version
                )
            )
        return self.request(team_id, request_id)
