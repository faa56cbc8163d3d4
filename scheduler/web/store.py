"""The web app's database: teams, their input versions, roster versions and build jobs.

SQLite in the data directory by default (WAL, so builds can save while pages read);
any SQLAlchemy URL, e.g. ``postgresql+psycopg://user:pw@host/db``, through DATABASE_URL.
Inputs and rosters are only ever added, never changed: a new upload or edit is a new
input version, and every build that finds a roster adds a roster version.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Column,
    Engine,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    func,
    insert,
    inspect,
    select,
    update,
)
from sqlalchemy import text as sql_text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.files import STORED_FILES, TeamTexts, read_team_texts
from scheduler.team.model import Team

metadata = MetaData()

teams_table = Table(
    "teams",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("updated_at", String(), nullable=False),
    Column("input_id", Integer, nullable=True),
)
inputs_table = Table(
    "team_inputs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("created_at", String(), nullable=False),
    Column("source", String(), nullable=False),
)
files_table = Table(
    "team_files",
    metadata,
    Column("input_id", Integer, ForeignKey("team_inputs.id"), primary_key=True),
    Column("name", String(), primary_key=True),
    Column("content", Text, nullable=False),
)
rosters_table = Table(
    "rosters",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False),
    Column("version", Integer, nullable=False),
    Column("month", String(), nullable=False),
    Column("input_id", Integer, ForeignKey("team_inputs.id"), nullable=False),
    Column("job_id", Integer, nullable=True),
    Column("previous_version", Integer, nullable=True),
    Column("created_at", String(), nullable=False),
    Column("status", String(), nullable=False),
    Column("summary", Text, nullable=False),
    UniqueConstraint("team_id", "version"),
)
# One row per agent of a roster version: the month's entries as JSON
# [[shift, "shop:percent|…"], …] (day 1 first) and the shops served, primary first.
agent_rows_table = Table(
    "roster_agents",
    metadata,
    Column("roster_id", Integer, ForeignKey("rosters.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("agent_id", String(), nullable=False),
    Column("days", Text, nullable=False),
    Column("shops", String(), nullable=False),
)
jobs_table = Table(
    "jobs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("input_id", Integer, ForeignKey("team_inputs.id"), nullable=False),
    Column("month", String(), nullable=False),
    Column("time_limit_s", Float, nullable=False),
    Column("previous_version", Integer, nullable=True),
    Column("state", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("started_at", String(), nullable=True),
    Column("finished_at", String(), nullable=True),
    Column("elapsed_s", Float, nullable=True),
    Column("solutions", Integer, nullable=False, default=0),
    Column("objective", Float, nullable=True),
    Column("bound", Float, nullable=True),
    Column("status", String(), nullable=True),
    Column("shortfall", Float, nullable=True),
    Column("message", Text, nullable=False, default=""),
    Column("roster_version", Integer, nullable=True),
    # Added after the first release (``add_missing_columns`` adds them to older databases):
    # what the job does (NULL: a roster build) and, for a peak plan, its event and year.
    Column("kind", String(), nullable=True),
    Column("label", String(), nullable=True),
)
# A re-plan's result waits here until the team lead accepts it as a new roster version.
proposals_table = Table(
    "proposals",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("base_version", Integer, nullable=False),
    Column("input_id", Integer, ForeignKey("team_inputs.id"), nullable=False),
    Column("job_id", Integer, nullable=True, index=True),
    Column("month", String(), nullable=False),
    Column("start", String(), nullable=False),
    Column("absence", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("summary", Text, nullable=False),
    Column("roster", Text, nullable=False),
    Column("accepted_version", Integer, nullable=True),
)

# A peak plan: the page context (JSON of ``PeakPage``) and the files ``scheduler peak``
# writes (hires.csv, peak.csv, …), kept as they were made.
peak_plans_table = Table(
    "peak_plans",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("job_id", Integer, nullable=True, index=True),
    Column("input_id", Integer, ForeignKey("team_inputs.id"), nullable=False),
    Column("event", String(), nullable=False),
    Column("year", Integer, nullable=False),
    Column("created_at", String(), nullable=False),
    Column("request", Text, nullable=False),
    Column("summary", Text, nullable=False),
    Column("page", Text, nullable=False),
    Column("file_names", Text, nullable=False),
    Column("files", Text, nullable=False),
)

BUILD, REPLAN, PEAK = "build", "replan", "peak"
QUEUED, RUNNING, DONE, FAILED, CANCELLED = "queued", "running", "done", "failed", "cancelled"
ACTIVE_STATES = (QUEUED, RUNNING)
INTERRUPTED = "The server stopped before this build finished; no roster was saved."


# SQL integers are 64-bit; a larger id (from a URL or a form) names nothing.
MAX_ID = 2**63 - 1


def _check_id(*ids: int | None) -> None:
    if any(i is not None and not 0 <= i <= MAX_ID for i in ids):
        raise KeyError(f"no such id: {ids}")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True, kw_only=True)
class TeamRecord:
    id: int
    name: str
    created_at: str
    updated_at: str
    input_id: int
    roster_count: int = 0


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


class _Lru:
    """A small thread-safe cache for immutable values (inputs and rosters never change)."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict[Any, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = make()
        with self._lock:
            self._items[key] = value
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return value


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=8,
            max_overflow=40,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=30000")
            cursor.close()

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=8, max_overflow=40)


class Store:
    """Every read and write the web app makes; each write is one transaction."""

    def __init__(self, url: str) -> None:
        self.engine = make_engine(url)
        metadata.create_all(self.engine)
        add_missing_columns(self.engine)
        # Version numbers are "max + 1": one writer at a time in this process, and the
        # unique constraint (team_id, version) with a retry for any other.
        self._write_lock = threading.Lock()
        self._teams = _Lru(32)
        self._rosters = _Lru(32)
        self._derived = _Lru(128)

    def close(self) -> None:
        self.engine.dispose()

    # Teams and their inputs

    def create_team(self, texts: TeamTexts, team: Team, source: str) -> TeamRecord:
        with self._write_lock, self.engine.begin() as conn:
            stamp = now()
            team_id = conn.execute(
                insert(teams_table).values(name=team.name, created_at=stamp, updated_at=stamp)
            ).inserted_primary_key[0]  # type: ignore[index]
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
        input_id = conn.execute(
            insert(inputs_table).values(team_id=team_id, created_at=stamp, source=source)
        ).inserted_primary_key[0]  # type: ignore[index]
        conn.execute(
            insert(files_table),
            [{"input_id": input_id, "name": n, "content": t} for n, t in texts.items()],
        )
        conn.execute(
            update(teams_table)
            .where(teams_table.c.id == team_id)
            .values(name=team.name, updated_at=stamp, input_id=input_id)
        )
        return int(input_id)

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
        with self.engine.connect() as conn:
            return [_team_record(dict(row)) for row in conn.execute(query).mappings()]

    def team(self, team_id: int) -> TeamRecord:
        """The team; KeyError when there is no such team."""
        _check_id(team_id)
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
            return _team_record(dict(row) | {"n": conn.execute(count).scalar_one()})

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

    # Rosters

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
        for _ in range(5):
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
        next_version = (
            select(func.coalesce(func.max(rosters_table.c.version), 0) + 1)
            .where(rosters_table.c.team_id == team_id)
            .scalar_subquery()
        )
        roster_id = conn.execute(
            insert(rosters_table).values(
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
        ).inserted_primary_key[0]  # type: ignore[index]
        version: int = conn.execute(
            select(rosters_table.c.version).where(rosters_table.c.id == roster_id)
        ).scalar_one()
        rows = [
            {"roster_id": roster_id, "position": position, "agent_id": agent_id, **values}
            for position, (agent_id, values) in enumerate(_agent_rows(roster))
        ]
        if rows:
            conn.execute(insert(agent_rows_table), rows)
        if job_id is not None:
            conn.execute(
                update(jobs_table)
                .where(jobs_table.c.id == job_id)
                .values(
                    state=DONE,
                    finished_at=now(),
                    roster_version=version,
                    status=str(summary.get("status", "")),
                    shortfall=summary.get("shortfall"),
                )
            )
        return int(version)

    def rosters(self, team_id: int, month: Month | None = None) -> list[RosterRecord]:
        """The team's roster versions, newest first."""
        query = select(rosters_table).where(rosters_table.c.team_id == team_id)
        if month is not None:
            query = query.where(rosters_table.c.month == str(month))
        with self.engine.connect() as conn:
            rows = conn.execute(query.order_by(rosters_table.c.version.desc())).mappings().all()
        return [_roster_record(dict(row)) for row in rows]

    def roster(self, team_id: int, version: int) -> RosterRecord:
        """One roster version of one team; KeyError when the team has no such version."""
        _check_id(team_id, version)
        query = select(rosters_table).where(
            rosters_table.c.team_id == team_id, rosters_table.c.version == version
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise KeyError(f"team {team_id} roster {version}")
        return _roster_record(dict(row))

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
        return _roster_of_rows(record.month, [tuple(row) for row in rows])

    def derived(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """A value computed from stored rows that never change (coverage, page contexts)."""
        return self._derived.get(key, make)

    # Proposals (re-plans waiting to be accepted)

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
            proposal_id = conn.execute(
                insert(proposals_table).values(
                    team_id=team_id,
                    base_version=base_version,
                    input_id=input_id,
                    job_id=job_id,
                    month=str(roster.month),
                    start=start.isoformat(),
                    absence=absence,
                    created_at=now(),
                    summary=json.dumps(summary, ensure_ascii=False),
                    roster=_roster_json(roster),
                )
            ).inserted_primary_key[0]  # type: ignore[index]
            if job_id is not None:
                conn.execute(
                    update(jobs_table)
                    .where(jobs_table.c.id == job_id)
                    .values(
                        state=DONE,
                        finished_at=now(),
                        status=str(summary.get("status", "")),
                        shortfall=summary.get("shortfall"),
                        message=f"Proposal {proposal_id} is ready to review.",
                    )
                )
        return self.proposal(team_id, int(proposal_id))

    def proposals(self, team_id: int) -> list[ProposalRecord]:
        """The team's proposals, newest first."""
        query = (
            select(*_PROPOSAL_COLUMNS)
            .where(proposals_table.c.team_id == team_id)
            .order_by(proposals_table.c.id.desc())
        )
        with self.engine.connect() as conn:
            return [_proposal_record(dict(row)) for row in conn.execute(query).mappings()]

    def proposal(self, team_id: int, proposal_id: int) -> ProposalRecord:
        """One proposal of one team; KeyError when there is none."""
        _check_id(team_id, proposal_id)
        query = select(*_PROPOSAL_COLUMNS).where(
            proposals_table.c.team_id == team_id, proposals_table.c.id == proposal_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise KeyError(f"team {team_id} proposal {proposal_id}")
        return _proposal_record(dict(row))

    def proposal_for_job(self, job_id: int) -> ProposalRecord | None:
        query = select(*_PROPOSAL_COLUMNS).where(proposals_table.c.job_id == job_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _proposal_record(dict(row))

    def proposal_roster(self, record: ProposalRecord) -> Roster:
        """The proposed Roster (cached: a proposal never changes)."""

        def load() -> Roster:
            query = select(proposals_table.c.roster).where(proposals_table.c.id == record.id)
            with self.engine.connect() as conn:
                text = conn.execute(query).scalar_one()
            return _roster_from_json(record.month, text)

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
        for _ in range(5):
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

    # Peak plans

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
            plan_id = conn.execute(
                insert(peak_plans_table).values(
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
            ).inserted_primary_key[0]  # type: ignore[index]
            if job_id is not None:
                conn.execute(
                    update(jobs_table)
                    .where(jobs_table.c.id == job_id)
                    .values(state=DONE, finished_at=now(), message="")
                )
        return self.peak_plan(team_id, int(plan_id))

    def peak_plans(self, team_id: int) -> list[PeakPlanRecord]:
        """The team's peak plans, newest first."""
        query = (
            select(*_PEAK_COLUMNS)
            .where(peak_plans_table.c.team_id == team_id)
            .order_by(peak_plans_table.c.id.desc())
        )
        with self.engine.connect() as conn:
            return [_peak_plan_record(dict(row)) for row in conn.execute(query).mappings()]

    def peak_plan(self, team_id: int, plan_id: int) -> PeakPlanRecord:
        """One peak plan of one team; KeyError when there is none."""
        _check_id(team_id, plan_id)
        query = select(*_PEAK_COLUMNS).where(
            peak_plans_table.c.team_id == team_id, peak_plans_table.c.id == plan_id
        )
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise KeyError(f"team {team_id} peak plan {plan_id}")
        return _peak_plan_record(dict(row))

    def peak_plan_for_job(self, job_id: int) -> PeakPlanRecord | None:
        query = select(*_PEAK_COLUMNS).where(peak_plans_table.c.job_id == job_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        return None if row is None else _peak_plan_record(dict(row))

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

    # Jobs

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
            job_id = conn.execute(
                insert(jobs_table).values(
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
            ).inserted_primary_key[0]  # type: ignore[index]
        return self.job(job_id)

    def job(self, job_id: int, team_id: int | None = None) -> JobRecord:
        """One job (of ``team_id`` when given); KeyError when there is none."""
        _check_id(job_id, team_id)
        query = select(jobs_table).where(jobs_table.c.id == job_id)
        if team_id is not None:
            query = query.where(jobs_table.c.team_id == team_id)
        with self.engine.connect() as conn:
            row = conn.execute(query).mappings().first()
        if row is None:
            raise KeyError(f"job {job_id}")
        return _job_record(dict(row))

    def jobs(self, team_id: int | None = None, *, limit: int = 20) -> list[JobRecord]:
        query = select(jobs_table).order_by(jobs_table.c.id.desc()).limit(limit)
        if team_id is not None:
            query = query.where(jobs_table.c.team_id == team_id)
        with self.engine.connect() as conn:
            return [_job_record(dict(row)) for row in conn.execute(query).mappings()]

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


def _team_record(row: Mapping[str, Any]) -> TeamRecord:
    return TeamRecord(
        id=row["id"],
        name=row["name"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        input_id=row["input_id"],
        roster_count=row.get("n") or 0,
    )


def _roster_record(row: Mapping[str, Any]) -> RosterRecord:
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


_PROPOSAL_COLUMNS = [c for c in proposals_table.c if c.name != "roster"]
# A plan's page and files are read only to show or download them.
_PEAK_COLUMNS = [c for c in peak_plans_table.c if c.name not in ("page", "files")]


def _proposal_record(row: Mapping[str, Any]) -> ProposalRecord:
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


def _agent_rows(roster: Roster) -> list[tuple[str, dict[str, str]]]:
    """Per agent, its stored ``days`` (JSON: [shift, shares] per day) and ``shops``."""
    return [
        (
            agent_id,
            {
                "days": json.dumps(
                    [
                        [entry.shift, "|".join(f"{shop}:{pct}" for shop, pct in entry.shares)]
                        for entry in roster.row(agent_id)
                    ],
                    ensure_ascii=False,
                ),
                "shops": "|".join(roster.assignments.get(agent_id, ())),
            },
        )
        for agent_id in roster.agent_ids
    ]


def _roster_of_rows(month: Month, rows: Sequence[tuple[str, str, str]]) -> Roster:
    """The Roster of stored (agent_id, days, shops) rows."""
    entries: dict[tuple[str, date], RosterEntry] = {}
    assignments: dict[str, tuple[str, ...]] = {}
    for agent_id, days, shops in rows:
        for day, (shift, shares) in zip(month.days, json.loads(days), strict=True):
            entries[agent_id, day] = RosterEntry(
                shift=shift,
                shares=tuple(
                    (shop, int(pct))
                    for shop, _, pct in (p.partition(":") for p in shares.split("|") if p)
                ),
            )
        if shops:
            assignments[agent_id] = tuple(shops.split("|"))
    return Roster(
        month=month,
        entries=entries,
        assignments=assignments,
        agent_ids=tuple(agent_id for agent_id, _, _ in rows),
    )


def _roster_json(roster: Roster) -> str:
    """A roster as one JSON text: the stored (agent_id, days, shops) rows."""
    rows = [[agent_id, v["days"], v["shops"]] for agent_id, v in _agent_rows(roster)]
    return json.dumps(rows, ensure_ascii=False)


def _roster_from_json(month: Month, text: str) -> Roster:
    return _roster_of_rows(month, [tuple(row) for row in json.loads(text)])


def _job_record(row: Mapping[str, Any]) -> JobRecord:
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


def _peak_plan_record(row: Mapping[str, Any]) -> PeakPlanRecord:
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


def add_missing_columns(engine: Engine) -> list[str]:
    """Add the columns a table of ``metadata`` has gained since the database was made.

    ``create_all`` makes missing tables but leaves existing ones as they are. Columns added
    later are nullable, so ``ALTER TABLE … ADD COLUMN`` (SQLite and PostgreSQL alike) gives
    every existing row NULL, which the records read as the old meaning. Returns
    "table.column" for each column added.
    """
    added = []
    found = inspect(engine)
    for table in metadata.sorted_tables:
        have = {c["name"] for c in found.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            if not column.nullable:
                raise RuntimeError(f"cannot add the required column {table.name}.{column.name}")
            kind = column.type.compile(dialect=engine.dialect)
            statement = f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'
            with engine.begin() as conn:
                conn.execute(sql_text(statement))
            added.append(f"{table.name}.{column.name}")
    return added
