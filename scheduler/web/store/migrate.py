"""Bringing a database to the schema of tables.py: Alembic's migrations up to head.

A database made before the migrations (the tables there, no ``alembic_version``) is first
given what the first revision has and it lacks (tables and nullable columns added since it
was made), stamped as that revision, then upgraded like any other: nothing saved is lost.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, MetaData, inspect, text

from scheduler.web.store.engine import add_missing_columns

MIGRATIONS = Path(__file__).resolve().with_name("migrations")
FIRST_REVISION = "0001"
VERSION_TABLE = "alembic_version"
# Any fixed number: web processes starting at once on one PostgreSQL migrate one at a time.
_LOCK_KEY = 7_203_611


def alembic_config(connection: Connection | None = None) -> Config:
    """The migrations' configuration; ``connection`` is the one env.py then runs on."""
    config = Config(str(MIGRATIONS / "alembic.ini"))
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def first_schema() -> MetaData:
    """The tables as the first revision makes them (frozen in that revision's module)."""
    script = ScriptDirectory.from_config(alembic_config())
    revision = script.get_revision(FIRST_REVISION)
    assert revision is not None and revision.module is not None
    schema: MetaData = revision.module.SCHEMA
    return schema


def is_older_than_migrations(connection: Connection) -> bool:
    """Tables made by the app before Alembic came in: teams there, no version table."""
    names = set(inspect(connection).get_table_names())
    return "teams" in names and VERSION_TABLE not in names


def adopt(connection: Connection) -> list[str]:
    """Make an older database the first revision's schema and stamp it so.

    Returns the tables and "table.column"s added.
    """
    schema = first_schema()
    before = set(inspect(connection).get_table_names())
    schema.create_all(connection)
    added = sorted(set(schema.tables) - before)
    added += add_missing_columns(connection, schema)
    command.stamp(alembic_config(connection), FIRST_REVISION)
    return added


def upgrade(engine: Engine) -> None:
    """Run the migrations the database has not had yet, in one transaction."""
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        if is_older_than_migrations(connection):
            adopt(connection)
        refuse_newer(connection)
        command.upgrade(alembic_config(connection), "head")


def refuse_newer(connection: Connection) -> None:
    """A database migrated by a newer version of the app is not this one's to change."""
    at = MigrationContext.configure(connection).get_current_revision()
    known = {r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()}
    if at is not None and at not in known:
        raise RuntimeError(
            f"the database is at migration {at}, which this version of the app does not "
            f"know (its newest is {head_revision()}): run the newer version"
        )


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None before any)."""
    with engine.connect() as connection:
        if VERSION_TABLE not in inspect(connection).get_table_names():
            return None
        return connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalar()


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head
