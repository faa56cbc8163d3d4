"""Alembic's entry: the app's tables as the target, on the connection the store hands over
(``migrate.upgrade``) or, from the ``alembic`` command, on DATABASE_URL / ``-x url=…``."""

from __future__ import annotations

import os

from alembic import context
from sqlalchemy import Connection, create_engine

from scheduler.web.store.tables import metadata


def configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        # SQLite alters a table by copying it: future revisions' op.batch_alter_table.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )


def command_line_url() -> str:
    """The database the ``alembic`` command works on."""
    given = context.get_x_argument(as_dictionary=True).get("url")
    return given or os.environ.get("DATABASE_URL") or "sqlite:///data/scheduler.db"


def run() -> None:
    connection = context.config.attributes.get("connection")
    if context.is_offline_mode():
        context.configure(url=command_line_url(), target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
    elif connection is not None:
        configure(connection)
        with context.begin_transaction():
            context.run_migrations()
    else:
        engine = create_engine(command_line_url())
        with engine.connect() as own:
            configure(own)
            with context.begin_transaction():
                context.run_migrations()
        engine.dispose()


run()
