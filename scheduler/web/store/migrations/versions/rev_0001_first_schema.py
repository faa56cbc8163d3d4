"""The first schema, that of every database made before the migrations.

The tables as tables.py had them when Alembic came in, frozen here (tables.py moves on
through later revisions); ``migrate.adopt`` gives an older database what it lacks of them.

Revision ID: 0001
Revises:
Created: 2026-12-06
"""

from __future__ import annotations

from alembic import op
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

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SCHEMA = MetaData()

Table(
    "teams",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("updated_at", String(), nullable=False),
    Column("input_id", Integer, nullable=True),
)
Table(
    "team_inputs",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("created_at", String(), nullable=False),
    Column("source", String(), nullable=False),
)
Table(
    "team_files",
    SCHEMA,
    Column("input_id", Integer, ForeignKey("team_inputs.id"), primary_key=True),
    Column("name", String(), primary_key=True),
    Column("content", Text, nullable=False),
)
Table(
    "rosters",
    SCHEMA,
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
Table(
    "roster_agents",
    SCHEMA,
    Column("roster_id", Integer, ForeignKey("rosters.id"), primary_key=True),
    Column("position", Integer, primary_key=True),
    Column("agent_id", String(), nullable=False),
    Column("days", Text, nullable=False),
    Column("shops", String(), nullable=False),
)
Table(
    "jobs",
    SCHEMA,
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
    Column("kind", String(), nullable=True),
    Column("label", String(), nullable=True),
)
Table(
    "proposals",
    SCHEMA,
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
Table(
    "peak_plans",
    SCHEMA,
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
Table(
    "kpi_scores",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("month", String(), nullable=False),
    Column("roster_version", Integer, nullable=False),
    Column("created_at", String(), nullable=False),
    Column("name", String(), nullable=False),
    Column("content", Text, nullable=False),
)
Table(
    "users",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(), nullable=False, unique=True),
    Column("password_hash", String(), nullable=False),
    Column("role", String(), nullable=False),
    Column("agent_id", String(), nullable=True),
    Column("calendar_secret", String(), nullable=True, unique=True),
    Column("created_at", String(), nullable=False),
)
Table(
    "user_teams",
    SCHEMA,
    Column("user_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("team_id", Integer, primary_key=True),
)
Table(
    "sessions",
    SCHEMA,
    Column("digest", String(), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id"), nullable=False, index=True),
    Column("csrf", String(), nullable=False),
    Column("created_at", String(), nullable=False),
    Column("expires_at", String(), nullable=False),
)
Table(
    "login_failures",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(), nullable=False, index=True),
    Column("at", String(), nullable=False),
)
Table(
    "agent_requests",
    SCHEMA,
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
Table(
    "audit",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(), nullable=False),
    Column("username", String(), nullable=False),
    Column("team_id", Integer, nullable=True, index=True),
    Column("action", String(), nullable=False),
    Column("status", Integer, nullable=False),
)
Table(
    "roster_publications",
    SCHEMA,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("team_id", Integer, ForeignKey("teams.id"), nullable=False, index=True),
    Column("month", String(), nullable=False),
    Column("version", Integer, nullable=False),
    Column("published_at", String(), nullable=False),
    Column("published_by", String(), nullable=False),
)


def upgrade() -> None:
    SCHEMA.create_all(op.get_bind())


def downgrade() -> None:
    SCHEMA.drop_all(op.get_bind())
