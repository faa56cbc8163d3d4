"""The web app's tables: teams, their input versions and files, roster versions and their
agents' rows, jobs, re-plan proposals and peak plans.

A change here needs a migration (scheduler/web/store/migrations, docs/web.md "Migrations"):
tests/web/test_migrations.py fails while tables.py and the migrations' head differ.
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

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
    # Added after the first release (a database older than that gains them when adopted):
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
    # The "keep the cover" choice beside the roster above ("fewest changes"); NULL in
    # proposals made before there were two choices, and when that solve found no roster.
    Column("cover_roster", Text, nullable=True),
    Column("cover_summary", Text, nullable=True),
    Column("accepted_choice", String(), nullable=True),
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

# The scores a team lead uploaded for a month's KPI (issue 35), kept as uploaded; the newest
# of a month is the one shown.
kpi_scores_table = Table(
    "kpi_scores",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("month", String(), nullable=False),
    Column("roster_version", Integer, nullable=False),
    Column("created_at", String(), nullable=False),
    Column("name", String(), nullable=False),
    Column("content", Text, nullable=False),
)

# Accounts (docs/web.md, "Users and roles"): a user, the teams they belong to, their
# sessions (the SHA-256 of the cookie's secret), failed logins (for the throttle), agents'
# requests and the audit log.
users_table = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(), nullable=False, unique=True),
    Column("password_hash", String(), nullable=False),
    Column("role", String(), nullable=False),
    Column("agent_id", String(), nullable=True),
    Column("calendar_secret", String(), nullable=True, unique=True),
    Column("created_at", String(), nullable=False),
)
user_teams_table = Table(
    "user_teams",
    metadata,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("team_id", Integer, primary_key=True),
)
sessions_table = Table(
    "sessions",
    metadata,
    Column("digest", String(), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("expires_at", String(), nullable=False),
)
login_failures_table = Table(
    "login_failures",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(), nullable=False, index=True),
    Column("at", String(), nullable=False),
)
agent_requests_table = Table(
    "agent_requests",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("agent_id", String(), nullable=False),
    Column("username", String(), nullable=False),
    Column("kind", String(), nullable=False),
    Column("fields", Text, nullable=False),
    Column("state", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("decided_at", String(), nullable=True),
    Column("decided_by", String(), nullable=True),
    Column("answer", Text, nullable=False, default=""),
    Column("version", Integer, nullable=True),
)
audit_table = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(), nullable=False),
    Column("username", String(), nullable=False),
    Column("team_id", Integer, nullable=True, index=True),
    Column("action", String(), nullable=False),
    Column("status", Integer, nullable=False),
)

# Publishing (issue 34): each row says "from now on, this version is the month's roster".
# Only ever added: the newest row of a team's month names its published version, so
# publishing one unpublishes the month's other and publishing an older one again is undo.
publications_table = Table(
    "roster_publications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("month", String(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("published_at", String(), nullable=False),
    Column("published_by", String(), nullable=False),
)
