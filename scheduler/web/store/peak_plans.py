"""Peak plans: the page context and the files ``scheduler peak`` writes, kept as made."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from scheduler.web.store.base import StoreBase, check_id, insert_row, now, of_team
from scheduler.web.store.jobs import finish_job
from scheduler.web.store.tables import peak_plans_table


@dataclass(frozen=True, kw_only=True)
class PeakPlanRecord:
    """A peak plan made by a job; its page and files are read with ``peak_page_json`` and
    ``peak_file``."""

    id: int
    team_id: int
    job_id: int | None
    input_id: int
    event: str
    year: int
    created_at: str
    request: Mapping[str, Any]
    """What was asked: scenarios, today, method, time limit."""
    summary: str
    """The text ``scheduler peak`` prints."""
    file_names: tuple[str, ...]


# A plan's page and files are read only to show or download them.
PEAK_COLUMNS = [c for c in peak_plans_table.c if c.name not in ("page", "files")]


def peak_plan_record(row: Mapping[str, Any]) -> PeakPlanRecord:
    return PeakPlanRecord(
        id=row["id"],
        team_id=row["team_id"],
        job_id=row["job_id"],
        input_id=row["input_id"],
        event=row["event"],
        year=row["year"],
        created_at=row["created_at"],
        request=json.loads(row["request"]),
        summary=row["summary"],
        file_names=tuple(json.loads(row["file_names"])),
    )


class PeakPlanStore(StoreBase):
    """The ``peak_plans`` table."""

    def add_peak_plan(
        self,
        *,
        team_id: int,
        input_id: int,
        job_id: int | None,
        event: str,
        year: int,
        request: Mapping[str, Any],
        summary: str,
        page: str,
        files: Mapping[str, str],
    ) -> PeakPlanRecord:
        """Keep a peak plan (and finish its job) in one transaction."""
        with self.engine.begin() as conn:
            plan_id = insert_row(
                conn,
                peak_plans_table,
                team_id=team_id,
                job_id=job_id,
                input_id=input_id,
                event=event,
                year=year,
                created_at=now(),
                request=json.dumps(request, ensure_ascii=False),
                summary=summary,
                page=page,
                file_names=json.dumps(list(files)),
                files=json.dumps(dict(files), ensure_ascii=False),
            )
            if job_id is not None:
                finish_job(conn, job_id, message="")
        return self.peak_plan(team_id, plan_id)

    def peak_plans(self, team_id: int) -> list[PeakPlanRecord]:
        """The team's peak plans, newest first."""
        query = of_team(peak_plans_table, team_id, *PEAK_COLUMNS)
        return self._list(query.order_by(peak_plans_table.c.id.desc()), peak_plan_record)

    def peak_plan(self, team_id: int, plan_id: int) -> PeakPlanRecord:
        """One peak plan of one team; KeyError when there is none."""
        check_id(team_id, plan_id)
        query = of_team(peak_plans_table, team_id, *PEAK_COLUMNS).where(
            peak_plans_table.c.id == plan_id
        )
        return self._get(query, peak_plan_record, f"team {team_id} peak plan {plan_id}")

    def peak_plan_for_job(self, job_id: int) -> PeakPlanRecord | None:
        query = select(*PEAK_COLUMNS).where(peak_plans_table.c.job_id == job_id)
        return self._first(query, peak_plan_record)

    def peak_page_json(self, record: PeakPlanRecord) -> str:
        query = select(peak_plans_table.c.page).where(peak_plans_table.c.id == record.id)
        with self.engine.connect() as conn:
            return str(conn.execute(query).scalar_one())

    def peak_file(self, record: PeakPlanRecord, name: str) -> str:
        """One file of the plan; KeyError when the plan has no file of that name."""
        if name not in record.file_names:
            raise KeyError(name)
        query = select(peak_plans_table.c.files).where(peak_plans_table.c.id == record.id)
        with self.engine.connect() as conn:
            files: dict[str, str] = json.loads(conn.execute(query).scalar_one())
        return files[name]
