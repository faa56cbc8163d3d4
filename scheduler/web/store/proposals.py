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
from scheduler.roster.replan import FEWEST_CHANGES, KEEP_COVER, ReplanChoice
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
    cover_summary: Mapping[str, Any] | None = None
    """The "keep the cover" choice's summary; None when there is no such roster."""
    accepted_choice: ReplanChoice | None = None

    @property
    def choices(self) -> tuple[ReplanChoice, ...]:
        """The choices this proposal offers: fewest changes, and keep the cover if found."""
        return (FEWEST_CHANGES, KEEP_COVER) if self.cover_summary is not None else (FEWEST_CHANGES,)

    def summary_of(self, choice: ReplanChoice) -> Mapping[str, Any]:
        """One choice's summary; KeyError for a choice the proposal does not offer."""
        if choice == KEEP_COVER:
            if self.cover_summary is None:
                raise KeyError(choice)
            return self.cover_summary
        return self.summary


# The rosters themselves are read only to show or accept them.
ROSTER_COLUMNS = {
    FEWEST_CHANGES: proposals_table.c.roster,
    KEEP_COVER: proposals_table.c.cover_roster,
}
PROPOSAL_COLUMNS = [c for c in proposals_table.c if c.name not in ("roster", "cover_roster")]


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
        cover_summary=None if row["cover_summary"] is None else json.loads(row["cover_summary"]),
        accepted_choice=None
        if row["accepted_choice"] is None
        else ReplanChoice(row["accepted_choice"]),
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
        cover_roster: Roster | None = None,
        cover_summary: Mapping[str, Any] | None = None,
    ) -> ProposalRecord:
        """Keep a re-planned roster, and its "keep the cover" choice when given (and finish
        its job), in one transaction."""
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
                cover_roster=None if cover_roster is None else roster_json(cover_roster),
                cover_summary=(
                    None
                    if cover_roster is None
                    else json.dumps(cover_summary or {}, ensure_ascii=False)
                ),
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

    def proposal_roster(
        self, record: ProposalRecord, choice: ReplanChoice = FEWEST_CHANGES
    ) -> Roster:
        """One choice's proposed Roster (cached: a proposal never changes); KeyError for a
        choice the proposal does not offer."""
        if choice not in record.choices:
            raise KeyError(choice)

        def load() -> Roster:
            column = ROSTER_COLUMNS[choice]
            query = select(column).where(proposals_table.c.id == record.id)
            with self.engine.connect() as conn:
                text = conn.execute(query).scalar_one()
            return roster_from_json(record.month, text)

        key = (
            ("proposal", record.id) if choice == FEWEST_CHANGES else ("proposal", record.id, choice)
        )
        value: Roster = self._rosters.get(key, load)
        return value

    def accept_proposal(
        self, team_id: int, proposal_id: int, choice: ReplanChoice = FEWEST_CHANGES
    ) -> RosterRecord:
        """Save one choice of the proposal as the team's next roster version (once:
        accepting again, either choice, returns that version)."""
        record = self.proposal(team_id, proposal_id)
        if record.accepted_version is not None:
            return self.roster(team_id, record.accepted_version)
        base = self.roster(team_id, record.base_version)
        roster = self.proposal_roster(record, choice)
        summary = dict(record.summary_of(choice)) | {"replan_of": record.base_version}
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
                        .values(accepted_version=version, accepted_choice=str(choice))
                    )
                return self.roster(team_id, version)
            except IntegrityError:
                continue  # another process took this version number; take the next one
        accepted = self.proposal(team_id, proposal_id).accepted_version
        if accepted is None or accepted < 0:
            raise RuntimeError("could not save the proposal as a new version")
        return self.roster(team_id, accepted)
