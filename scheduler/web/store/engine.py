"""Opening the database: the engine (SQLite in WAL mode, or any SQLAlchemy URL) and the
columns a database older than the migrations lacks."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, event, inspect
from sqlalchemy import text as sql_text

from scheduler.web.store.tables import metadata


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


def add_missing_columns(bind: Engine | Connection, tables: MetaData = metadata) -> list[str]:
    """Add the columns a table of ``tables`` has gained since the database was made.

    ``create_all`` makes missing tables but leaves existing ones as they are. Columns added
    later are nullable, so ``ALTER TABLE … ADD COLUMN`` (SQLite and PostgreSQL alike) gives
    every existing row NULL, which the records read as the old meaning. Returns
    "table.column" for each column added. (A database older than the migrations gets them
    this way once, before it is stamped; later columns come through migrations.)
    """
    if isinstance(bind, Engine):
        with bind.begin() as conn:
            return add_missing_columns(conn, tables)
    added = []
    found = inspect(bind)
    for table in tables.sorted_tables:
        have = {c["name"] for c in found.get_columns(table.name)}
        for column in table.columns:
            if column.name in have:
                continue
            if not column.nullable:
                raise RuntimeError(f"cannot add the required column {table.name}.{column.name}")
            kind = column.type.compile(dialect=bind.dialect)
            bind.execute(sql_text(f'ALTER TABLE {table.name} ADD COLUMN "{column.name}" {kind}'))
            added.append(f"{table.name}.{column.name}")
    return added
