"""Schema changes go through Alembic: a new database is made by the migrations, one made
before them is adopted with nothing lost, a later revision applies, and tables.py never
drifts from the migrations' head."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import zipfile

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, MetaData, String, create_engine, inspect, select, text

from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.web.store import Store, metadata
from scheduler.web.store.migrate import (
    FIRST_REVISION,
    MIGRATIONS,
    alembic_config,
    current_revision,
    first_schema,
    head_revision,
)
from tests.helpers import ROOT
from tests.web.helpers import hand_roster


def team_and_roster(store: Store, tiny_team_dir, tiny_team) -> int:
    texts = {n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    team_id = store.create_team(texts, read_team_texts(texts), "upload").id
    store.add_roster(
        team_id=team_id,
        input_id=store.team(team_id).input_id,
        roster=hand_roster(tiny_team),
        summary={"status": "FEASIBLE"},
    )
    return team_id


@pytest.mark.pg
def test_a_new_database_is_made_by_the_migrations_and_matches_tables_py(db_url):
    store = Store(db_url)
    assert current_revision(store.engine) == head_revision()
    # `alembic check`: a tables.py changed without a migration fails here.
    with store.engine.connect() as conn:
        command.check(alembic_config(conn))
    store.close()


def test_a_column_added_to_tables_py_without_a_migration_is_caught(db_url):
    store = Store(db_url)
    changed = MetaData()
    for table in metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["teams"].append_column(Column("motto", String(), nullable=True))
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), changed)
    assert [(d[0], d[2], d[3].name) for d in diff] == [("add_column", "teams", "motto")]
    store.close()


def carry_on_sequences(conn) -> None:
    """On PostgreSQL, ids inserted by hand leave the sequences behind; the app's own inserts
    would have moved them on."""
    if conn.dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.autoincrement is True:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"coalesce(max(id), 0) + 1, false) FROM {table.name}"
                )
            )


@pytest.mark.pg
def test_a_database_made_before_migrations_is_adopted_and_keeps_its_team_and_roster(
    db_url, tmp_path, tiny_team_dir, tiny_team
):
    # Rows made by today's store, copied into tables made as before (the first revision's
    # schema, by create_all, no version table).
    source = Store(f"sqlite:///{tmp_path / 'source.db'}")
    team_id = team_and_roster(source, tiny_team_dir, tiny_team)
    name = source.team(team_id).name
    with source.engine.connect() as conn:
        rows = {t.name: conn.execute(select(t)).mappings().all() for t in metadata.sorted_tables}
    source.close()
    old = create_engine(db_url)
    before = first_schema()
    before.create_all(old)
    with old.begin() as conn:
        for table in before.sorted_tables:
            kept = [{c.name: r[c.name] for c in table.columns} for r in rows[table.name]]
            if kept:
                conn.execute(table.insert(), kept)
        carry_on_sequences(conn)
    assert "alembic_version" not in inspect(old).get_table_names()
    old.dispose()

    store = Store(db_url)
    assert current_revision(store.engine) == head_revision()
    assert [t.name for t in store.teams()] == [name]
    (roster,) = store.rosters(team_id)
    assert store.roster_value(roster) == hand_roster(tiny_team)
    assert store.input_texts(store.team(team_id).input_id) == {
        n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES
    }
    # It goes on working: a new team gets the next id, and opening again changes nothing.
    assert team_and_roster(store, tiny_team_dir, tiny_team) == team_id + 1
    store.close()
    again = Store(db_url)
    assert len(again.teams()) == 2
    assert current_revision(again.engine) == head_revision()
    again.close()


LATER_REVISION = '''"""A later change: teams get a note."""

import sqlalchemy as sa
from alembic import op

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.add_column(sa.Column("note", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("teams") as batch:
        batch.drop_column("note")
'''


@pytest.mark.pg
def test_a_later_revision_applies_to_a_database_with_rows(
    db_url, tmp_path, tiny_team_dir, tiny_team
):
    store = Store(db_url)
    name = store.team(team_and_roster(store, tiny_team_dir, tiny_team)).name
    store.close()
    later = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, later, ignore=shutil.ignore_patterns("__pycache__"))
    (later / "versions" / "rev_9999_team_note.py").write_text(
        LATER_REVISION.format(head=head_revision()), encoding="utf-8"
    )
    engine = create_engine(db_url)
    with engine.begin() as conn:
        config = alembic_config(conn)
        config.set_main_option("script_location", str(later))
        command.upgrade(config, "head")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999"
        assert conn.execute(text("SELECT name, note FROM teams")).all() == [(name, None)]
        assert conn.execute(text("SELECT count(*) FROM roster_agents")).scalar() == 4
    engine.dispose()
    # The app without that revision refuses the newer database rather than guess.
    with pytest.raises(RuntimeError, match="at migration 9999, which this version"):
        Store(db_url)


def test_processes_opening_a_new_postgresql_database_at_once_migrate_it_once(postgres):
    """Web processes started together on one PostgreSQL: one migrates, the others wait on
    the advisory lock and find nothing left to do (without it, CREATE TABLE collides)."""
    name = postgres.new_database()
    url = postgres.url(name)
    opened: list[Store] = []
    failures: list[BaseException] = []

    def open_store() -> None:
        try:
            opened.append(Store(url))
        except BaseException as exc:  # collected, then asserted on below
            failures.append(exc)

    threads = [threading.Thread(target=open_store) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    assert [current_revision(s.engine) for s in opened] == [head_revision()] * 4
    for store in opened:
        store.close()
    postgres.drop_database(name)


def test_the_first_revision_is_the_one_older_databases_are_stamped_with():
    assert (MIGRATIONS / "versions" / f"rev_{FIRST_REVISION}_first_schema.py").exists()


@pytest.mark.slow
def test_the_migrations_ship_in_the_wheel(tmp_path):
    """A non-editable install has them: env.py, the template, alembic.ini, every revision."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    base = "scheduler/web/store/migrations/"
    revisions = [p.name for p in (MIGRATIONS / "versions").glob("rev_*.py")]
    wanted = ["env.py", "script.py.mako", "alembic.ini"] + [f"versions/{n}" for n in revisions]
    assert [n for n in wanted if base + n not in names] == []
