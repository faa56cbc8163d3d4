"""The store: rosters read back as saved, versions only added, inputs kept (on SQLite and
PostgreSQL)."""

from __future__ import annotations

import pytest

from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.web.store import Store
from tests.web.helpers import hand_roster


def store_with_team(db_url, tiny_team_dir):
    store = Store(db_url)
    texts = {n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    record = store.create_team(texts, read_team_texts(texts), "upload")
    return store, record, texts


@pytest.mark.pg
def test_a_saved_roster_reads_back_equal_in_a_new_store(db_url, tiny_team_dir, tiny_team):
    store, record, _ = store_with_team(db_url, tiny_team_dir)
    roster = hand_roster(tiny_team)
    saved = store.add_roster(
        team_id=record.id, input_id=record.input_id, roster=roster, summary={"status": "FEASIBLE"}
    )
    store.close()
    again = Store(db_url)
    back = again.roster_value(again.roster(record.id, saved.version))
    assert back.agent_ids == roster.agent_ids
    assert dict(back.entries) == dict(roster.entries)
    assert dict(back.assignments) == dict(roster.assignments)
    assert back.month == roster.month
    again.close()


@pytest.mark.pg
def test_versions_are_numbered_per_team_and_never_replaced(db_url, tiny_team_dir, tiny_team):
    store, first, texts = store_with_team(db_url, tiny_team_dir)
    second = store.create_team(texts, read_team_texts(texts), "upload")
    roster = hand_roster(tiny_team)
    versions = [
        store.add_roster(
            team_id=team.id, input_id=team.input_id, roster=roster, summary={"n": i}
        ).version
        for i, team in enumerate([first, first, second, first])
    ]
    assert versions == [1, 2, 1, 3]
    assert [r.summary["n"] for r in store.rosters(first.id)] == [3, 1, 0]
    store.close()


@pytest.mark.pg
def test_a_new_input_keeps_the_old_one(db_url, tiny_team_dir):
    store, record, texts = store_with_team(db_url, tiny_team_dir)
    changed = dict(texts) | {"leave.csv": "agent_id,start,end,kind\n"}
    updated = store.add_input(record.id, changed, read_team_texts(changed), "edit")
    assert updated.input_id != record.input_id
    assert store.input_texts(record.input_id) == texts
    assert store.input_texts(updated.input_id)["leave.csv"] == "agent_id,start,end,kind\n"
    assert store.input_team(updated.input_id).leave == ()
    store.close()
