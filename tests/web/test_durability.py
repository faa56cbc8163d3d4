"""Issue 8, item 4: saving is one transaction, and concurrent builds share the database
safely (SQLite, and the tests marked pg on PostgreSQL as well)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from scheduler.roster.model import Roster
from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.web.store import Store
from tests.web.helpers import hand_roster


def new_store(tmp_path) -> Store:
    """A store on SQLite in ``tmp_path`` (these tests are about SQLite itself)."""
    (tmp_path / "data").mkdir(exist_ok=True)
    return Store(f"sqlite:///{tmp_path / 'data' / 'scheduler.db'}")


def stored_team(store: Store, tiny_team_dir) -> int:
    texts = {n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    return store.create_team(texts, read_team_texts(texts), "upload").id


@dataclass(frozen=True)
class BrokenRoster(Roster):
    """A roster whose third agent cannot be written (as a crash half-way through saving)."""

    def row(self, agent_id: str):
        if agent_id == self.agent_ids[2]:
            raise RuntimeError("the disk went away")
        return super().row(agent_id)


@pytest.mark.pg
def test_a_save_that_fails_half_way_leaves_nothing_behind(db_url, tiny_team_dir, tiny_team):
    store = Store(db_url)
    team_id = stored_team(store, tiny_team_dir)
    input_id = store.team(team_id).input_id
    job = store.add_job(
        team_id=team_id,
        input_id=input_id,
        month=hand_roster(tiny_team).month,
        time_limit_s=3,
        previous_version=None,
    )
    store.update_job(job.id, state="running")
    good = hand_roster(tiny_team)
    broken = BrokenRoster(**vars(good))
    with pytest.raises(RuntimeError, match="disk went away"):
        store.add_roster(
            team_id=team_id, input_id=input_id, roster=broken, summary={}, job_id=job.id
        )
    assert store.rosters(team_id) == []
    with store.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM roster_agents")).scalar() == 0
    assert store.job(job.id).state == "running"  # the job was not marked done either
    saved = store.add_roster(team_id=team_id, input_id=input_id, roster=good, summary={})
    assert saved.version == 1
    assert store.roster_value(saved) == good
    store.close()


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = new_store(tmp_path)
    with store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    store.close()


@pytest.mark.pg
def test_concurrent_saves_from_two_stores_get_distinct_versions(db_url, tiny_team_dir, tiny_team):
    """Two stores on one database stand for two server processes saving builds at once."""
    first, second = Store(db_url), Store(db_url)
    team_id = stored_team(first, tiny_team_dir)
    input_id = first.team(team_id).input_id
    roster = hand_roster(tiny_team)
    failures: list[BaseException] = []

    def save_many(store: Store) -> None:
        try:
            for _ in range(8):
                store.add_roster(team_id=team_id, input_id=input_id, roster=roster, summary={})
                store.teams()  # a page read between writes
        except BaseException as exc:  # collected, then asserted on below
            failures.append(exc)

    threads = [threading.Thread(target=save_many, args=(s,)) for s in (first, second) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert failures == []
    versions = sorted(r.version for r in first.rosters(team_id))
    assert versions == list(range(1, 33))
    assert all(second.roster_value(r) == roster for r in second.rosters(team_id))
    if db_url.startswith("sqlite"):
        with first.engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar() == "ok"
    first.close()
    second.close()
