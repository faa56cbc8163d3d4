"""Schemathesis against the app's own OpenAPI schema, in process: no request makes a 5xx.

``make test`` runs a few examples per operation; SCHEMATHESIS_EXAMPLES raises it (the
longer run and its figures are in docs/reliability.md).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.team.writer import write_team_folder
from scheduler.web import create_app
from tests.helpers import tiny_team_value
from tests.web.helpers import hand_roster, make_settings

EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "12"))
# Generated ids mostly miss; every other one is mapped onto what is stored, so the
# generated months, files and bodies reach the code behind the 404.
KNOWN = {
    "team_id": 1,
    "version": 1,
    "job_id": 1,
    "plan_id": 1,
    "agent_id": "A1",
    "shop_id": "TM",
    "name": "",
}

# Schemathesis reads the schema when the tests are collected, so the app is made here
# (its database in a temporary folder) rather than in a fixture.
_tmp = tempfile.TemporaryDirectory(prefix="schemathesis-")
# Builds started by generated requests are cut short: one at a time, one second each.
SETTINGS = make_settings(Path(_tmp.name) / "data", max_builds=1, max_queued=1, max_time_limit_s=1.0)
APP = create_app(SETTINGS)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)
STATUS: Counter[str] = Counter()


def _store_a_team_and_a_roster() -> None:
    store = APP.state.store
    team = tiny_team_value()
    with tempfile.TemporaryDirectory() as tmp:
        write_team_folder(team, Path(tmp))
        texts = {n: (Path(tmp) / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    record = store.create_team(texts, read_team_texts(texts), "upload")
    store.add_roster(
        team_id=record.id,
        input_id=record.input_id,
        roster=hand_roster(team),
        summary={"status": "FEASIBLE", "team": team.name, "month": "2026-11"},
    )
    job = store.add_job(
        team_id=record.id,
        input_id=record.input_id,
        month=hand_roster(team).month,
        time_limit_s=1,
        previous_version=None,
    )
    store.update_job(job.id, state="done")
    store.add_peak_plan(
        team_id=record.id,
        input_id=record.input_id,
        job_id=None,
        event="double11",
        year=2026,
        request={},
        summary="",
        page="{}",
        files={"hires.csv": "shop_id,count,start_date,hire_by,shift\n", "peak.json": "{}"},
    )


@pytest.fixture(scope="module", autouse=True)
def stored_team():
    """Schemathesis runs the app's lifespan itself (once, until the tests end)."""
    _store_a_team_and_a_roster()
    yield
    counts = dict(sorted(STATUS.items()))
    print(f"schemathesis: {sum(STATUS.values())} requests, by status {counts}")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@pytest.mark.slow
def test_no_request_makes_a_server_error(case):
    for key, value in (case.path_parameters or {}).items():
        if key in KNOWN and sum(map(ord, str(value))) % 2 == 0 and KNOWN[key] != "":
            case.path_parameters[key] = KNOWN[key]
    response = case.call()
    STATUS[str(response.status_code)] += 1
    # A generated POST /api/users may make a user, after which every call would be 401:
    # remove it, so the other operations keep reaching their code.
    for user in APP.state.store.users():
        APP.state.store.remove_user(user.username)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} -> {response.status_code}: {response.text[:500]}"
    )
