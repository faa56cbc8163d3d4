"""Jobs: roster builds, re-plans and peak plans, from queued to done, failed or cancelled."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from scheduler.team.calendar import Month
from scheduler.web.store.base import StoreBase, check_id, insert_row, now
from scheduler.web.store.tables import jobs_table

BUILD, REPLAN, PEAK = "build", "replan", "peak"
QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
ACTIVE_STATES = (QUEUED, RUNNING)
INTERRUPTED = "The server stopped before this build finished; no roster was saved."


@dataclass(frozen=True, kw_only=True)
class JobRecord:
    id: int
    team_id: int
    input_id: int
    month: Month
    time_limit_s: float
    previous_version: int | None
    state: str
    created_at: str
    started_at: str | None
    finished_at: str | None
    elapsed_s: float | None
    solutions: int
    objective: float | None
    bound: float | None
    status: str | None
    shortfall: float | None
    message: str
    roster_version: int | None
    kind: str = BUILD
    """BUILD, REPLAN or PEAK."""
    label: str = ""
    """What a peak plan job plans ("double11 2026"); empty for builds."""

    @property
    def active(self) -> bool:
        return self.state in ACTIVE_STATES


def job_record(row: Mapping[str, Any]) -> JobRecord:
    values = {
        name: row[name]
        for name in JobRecord.__dataclass_fields__
        if name not in ("month", "kind", "label")
    }
    return JobRecord(
        month=Month.parse(row["month"]),
        kind=row["kind"] or BUILD,
        label=row["label"] or "",
        **values,
    )


def finish_job(conn: Connection, job_id: int, **values: Any) -> None:
    """Mark a job done, in the transaction that saved what it made."""
    conn.execute(
        update(jobs_table)
        .where(jobs_table.c.id == job_id)
        .values(state=DONE, finished_at=now(), **values)
    )


class JobStore(StoreBase):
    """The ``jobs`` table."""

    def add_job(
        self,
        *,
        team_id: int,
        input_id: int,
        month: Month,
        time_limit_s: float,
        previous_version: int | None,
        kind: str = BUILD,
        label: str = "",
    ) -> JobRecord:
        with self.engine.begin() as conn:
            job_id = insert_row(
                conn,
                jobs_table,
                team_id=team_id,
                input_id=input_id,
                month=str(month),
                time_limit_s=time_limit_s,
                previous_version=previous_version,
                state=QUEUED,
                created_at=now(),
                solutions=0,
                message="",
                kind=kind,
                label=label,
            )
        return self.job(job_id)

    def job(self, job_id: int, team_id: int | None = None) -> JobRecord:
        """One job (of ``team_id`` when given); KeyError when there is none."""
        check_id(job_id, team_id)
        query = select(jobs_table).where(jobs_table.c.id == job_id)
        if team_id is not None:
            query = query.where(jobs_table.c.team_id == team_id)
        return self._get(query, job_record, f"job {job_id}")

    def jobs(self, team_id: int | None = None, *, limit: int = 20) -> list[JobRecord]:
        query = select(jobs_table).order_by(jobs_table.c.id.desc()).limit(limit)
        if team_id is not None:
            query = query.where(jobs_table.c.team_id == team_id)
        return self._list(query, job_record)

    def update_job(self, job_id: int, *, only_active: bool = False, **values: Any) -> bool:
        """Change a job's fields; with ``only_active``, only while it is queued or running."""
        query = update(jobs_table).where(jobs_table.c.id == job_id)
        if only_active:
            query = query.where(jobs_table.c.state.in_(ACTIVE_STATES))
        with self.engine.begin() as conn:
            return conn.execute(query.values(**values)).rowcount > 0

    def fail_interrupted_jobs(self) -> int:
        """Mark jobs left queued or running by a server that stopped as failed."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(jobs_table)
                .where(jobs_table.c.state.in_(ACTIVE_STATES))
                .values(state=FAILED, finished_at=now(), message=INTERRUPTED)
            )
        return int(result.rowcount)
