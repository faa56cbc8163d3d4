"""Re-plan proposals: a re-planned roster waits here until it is accepted as a new version."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from scheduler.roster.model import Roster
from scheduler.team.calendar import Month
from scheduler.web.store.base import check_id, insert_row, now, of_team
from scheduler.web.store.jobs import finish_job
from scheduler.web.store.roster_rows import roster_from_json, roster_json
from scheduler.web.store.rosters import VERSION_TRIES, RosterRecord, RosterStore
from scheduler.web.store.tables import proposals_table


@dataclass(frozen=True, kw_only=True)
class ProposalRecord:
    """A re-planned roster proposed against ``base_version``; a version once accepted."""

    id: int
    team_id: int
    base_version: int
    input_id: int
    job_id: int | None
    month: Month
    start: date
    absence: str
    created_at: str
    summary: Mapping[str, Any]
    accepted_version: int | None


# The roster itself is read only to show or accept it.
PROPOSAL_COLUMNS = [c for c in proposals_table.c if c.name != "roster"]


def proposal_record(row: Mapping[str, Any]) -> ProposalRecord:
    accepted = row["accepted_version"]
    return ProposalRecord(
        id=row["id"],
        team_id=row["team_id"],
        base_version=row["base_version"],
        input_id=row["input_id"],
        job_id=row["job_id"],
        month=Month.parse(row["month"]),
        start=date.fromisoformat(row["start"]),
        absence=row["absence"],
        created_at=row["created_at"],
        summary=json.loads(row["summary"]),
        accepted_version=accepted if accepted is None or accepted > 0 else None,
    )


class ProposalStore(RosterStore):
    """The ``proposals`` table; accepting one saves a roster version."""

    def add_proposal(
        self,
        *,
        team_id: int,
        base_version: int,
        input_id: int,
        job_id: int | None,
        start: date,
        absence: str,
        roster: Roster,
        summary: Mapping[str, Any],
    ) -> ProposalRecord:
        """Keep a re-planned roster (and finish its job) in one transaction."""
        with self.engine.begin() as conn:
            proposal_id = insert_row(
                conn,
                proposals_table,
                team_id=team_id,
                base_version=base_version,
                input_id=input_id,
                job_id=job_id,
                month=str(roster.month),
                start=start.isoformat(),
                absence=absence,
                created_at=now(),
                summary=json.dumps(summary, ensure_ascii=False),
                roster=roster_json(roster),
            )
            if job_id is not None:
                finish_job(
                    conn,
                    job_id,
                    status=str(summary.get("status", "")),
                    shortfall=summary.get("shortfall"),
                    message=f"Proposal {proposal_id} is ready to review.",
                )
        return self.proposal(team_id, proposal_id)

    def proposals(self, team_id: int) -> list[ProposalRecord]:
        """The team's proposals, newest first."""
        query = of_team(proposals_table, team_id, *PROPOSAL_COLUMNS)
        return self._list(query.order_by(proposals_table.c.id.desc()), proposal_record)

    def proposal(self, team_id: int, proposal_id: int) -> ProposalRecord:
        """One proposal of one team; KeyError when there is none."""
        check_id(team_id, proposal_id)
        query = of_team(proposals_table, team_id, *PROPOSAL_COLUMNS).where(
            proposals_table.c.id == proposal_id
        )
        return self._get(query, proposal_record, f"team {team_id} proposal {proposal_id}")

    def proposal_for_job(self, job_id: int) -> ProposalRecord | None:
        query = select(*PROPOSAL_COLUMNS).where(proposals_table.c.job_id == job_id)
        return self._first(query, proposal_record)

    def proposal_roster(self, record: ProposalRecord) -> Roster:
        """The proposed Roster (cached: a proposal never changes)."""

        def load() -> Roster:
            query = select(proposals_table.c.roster).where(proposals_table.c.id == record.id)
            with self.engine.connect() as conn:
                text = conn.execute(query).scalar_one()
            return roster_from_json(record.month, text)

        value: Roster = self._rosters.get(("proposal", record.id), load)
        return value

    def accept_proposal(self, team_id: int, proposal_id: int) -> RosterRecord:
        """Save the proposal as the team's next roster version (once: accepting again
        returns that version)."""
        record = self.proposal(team_id, proposal_id)
        if record.accepted_version is not None:
            return self.roster(team_id, record.accepted_version)
        base = self.roster(team_id, record.base_version)
        roster = self.proposal_roster(record)
        summary = dict(record.summary) | {"replan_of": record.base_version}
        for _ in range(VERSION_TRIES):
            try:
                with self._write_lock, self.engine.begin() as conn:
                    taken = conn.execute(
                        update(proposals_table)
                        .where(
                            proposals_table.c.id == proposal_id,
                            proposals_table.c.accepted_version.is_(None),
                        )
                        .values(accepted_version=-1)
                    ).rowcount
                    if not taken:
                        break  # accepted meanwhile, by another request
                    version = self._save_roster(
                        conn,
                        team_id,
                        record.input_id,
                        roster,
                        summary,
                        None,
                        base.previous_version,
                    )
                    conn.execute(
                        update(proposals_table)
                        .where(proposals_table.c.id == proposal_id)
                        .values(accepted_version=version)
                    )
                return self.roster(team_id, version)
            except IntegrityError:
                continue  # another process took this version number; take the next one
        accepted = self.proposal(team_id, proposal_id).accepted_version
        if accepted is None or accepted < 0:
            raise RuntimeError("could not save the proposal as a new version")
        return self.roster(team_id, accepted)
