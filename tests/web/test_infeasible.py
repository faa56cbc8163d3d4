"""Issue 8, item 2: the build page names the smallest set of conflicting rules in words."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from bs4 import BeautifulSoup

from scheduler.team.model import Blackout, Leave
from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value
from tests.web.helpers import build, upload_team


def job_page_message(client, team_id: int, job_id: int) -> str:
    response = client.get(f"/teams/{team_id}/jobs/{job_id}?lang=en")
    assert response.status_code == 200
    message = BeautifulSoup(response.text, "html.parser").select_one("pre.message")
    assert message is not None, response.text
    return message.get_text()


def test_a_blackout_longer_than_the_run_limit_is_explained_on_the_build_page(client, tmp_path):
    # Eight blackout days in a row, but at most six working days in a row.
    team = tiny_team_value(blackouts=(Blackout(start=date(2026, 11, 5), end=date(2026, 11, 12)),))
    write_team_folder(replace(team, leave=()), tmp_path / "team")
    team_id = upload_team(client, tmp_path / "team")
    job = build(client, team_id)
    assert (job["state"], job["status"]) == ("failed", "INFEASIBLE")
    text = job_page_message(client, team_id, job["id"])
    assert "No roster for 2026-11 can satisfy every hard rule." in text
    conflicts = [line for line in text.splitlines() if line.startswith("  - ")]
    # The smallest set: one agent's two rules, not every agent's.
    assert len(conflicts) == 2, text
    assert "may take no rest day during the blackout (11-05..11-12)" in conflicts[0]
    assert "may work at most 6 days in a row [max_consecutive_workdays]" in conflicts[1]
    assert "What would fix it: shorten the blackout" in text
    assert client.get(f"/api/teams/{team_id}/rosters").json()["count"] == 0


def test_rest_days_that_cannot_fit_around_leave_are_explained_on_the_build_page(client, tmp_path):
    team = tiny_team_value(
        leave=(Leave(agent_id="A2", start=date(2026, 11, 1), end=date(2026, 11, 25)),),
        blackouts=(Blackout(start=date(2026, 11, 26), end=date(2026, 11, 30)),),
    )
    write_team_folder(team, tmp_path / "team")
    team_id = upload_team(client, tmp_path / "team")
    job = build(client, team_id)
    assert job["state"] == "failed"
    text = job_page_message(client, team_id, job["id"])
    assert "A2 (李娜) must take exactly 8 rest days in 2026-11" in text
    assert "leave covers 11-01..11-25" in text
    assert "[rest_days_per_month]" in text


@pytest.mark.slow
def test_a_shop_left_with_nobody_qualified_is_named_on_the_build_page(client, tmp_path):
    team = tiny_team_value(
        leave=(
            Leave(agent_id="A1", start=date(2026, 11, 3), end=date(2026, 11, 4)),
            Leave(agent_id="A3", start=date(2026, 11, 3), end=date(2026, 11, 4)),
        )
    )
    write_team_folder(team, tmp_path / "team")
    team_id = upload_team(client, tmp_path / "team")
    job = build(client, team_id)
    assert job["state"] == "done", job
    text = job_page_message(client, team_id, job["id"])
    assert "Needs nobody can meet (part of the shortfall):" in text
    assert (
        "JD day 11-03..11-04: every agent qualified for JD is away: A1 on leave, A3 on leave"
        in (text)
    )
