"""Issue 34 in headless Chromium: a lead publishes a version, compares a re-plan with it on
the diff page, publishes the re-plan, then publishes the older version again (undo); the
agent's phone page follows whichever is published."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value
from tests.web.chromium import BROWSER_MARKS
from tests.web.helpers import team_uploads
from tests.web.server import Server, serving
from tests.web.test_browser_accounts import log_in, users_add

pytestmark = BROWSER_MARKS
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "")) if os.environ.get("SCREENSHOTS_DIR") else None


def finished(api: str, job_id: int) -> dict:
    for _ in range(300):
        job = httpx2.get(f"{api}/teams/1/jobs/{job_id}").json()
        if job["state"] not in ("queued", "running"):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish")


def upload_and_build_tiny_team(tmp: Path, api: str, time_limit_s: float) -> None:
    """The tiny team uploaded as team 1 and its November built as v1."""
    folder = tmp / "tiny"
    write_team_folder(tiny_team_value(), folder)
    assert httpx2.post(f"{api}/teams", files=team_uploads(folder), timeout=30).is_success
    job = httpx2.post(
        f"{api}/teams/1/jobs", json={"month": "2026-11", "time_limit_s": time_limit_s}
    )
    assert finished(api, job.json()["id"])["roster_version"] == 1


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """The tiny team with v1 (a build of November) and v2 (A2 absent 11-20..11-21, re-planned
    from v1 and accepted), then a lead and an agent: nothing is published yet."""
    tmp = tmp_path_factory.mktemp("versions")
    with serving(tmp / "data", tmp / "server.log") as server:
        api = f"{server.url}/api"
        upload_and_build_tiny_team(tmp, api, time_limit_s=5)
        absence = {"agent_id": "A2", "start": "2026-11-20", "end": "2026-11-21", "time_limit_s": 5}
        replan = httpx2.post(f"{api}/teams/1/rosters/1/replan", json=absence, timeout=30)
        assert replan.status_code == 202, replan.text
        assert finished(api, replan.json()["id"])["state"] == "done"
        proposal = httpx2.get(f"{api}/teams/1/proposals").json()["data"][0]
        accepted = httpx2.post(f"{api}/teams/1/proposals/{proposal['id']}/accept")
        assert accepted.json()["version"] == 2
        users_add(tmp / "data", "li", "--role", "lead", "--team", "1")
        users_add(tmp / "data", "wang", "--role", "agent", "--team", "1", "--agent", "A2")
        yield server


def shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def version_rows(page) -> dict[str, str]:
    """The team page's versions table: version -> "published" or "draft"."""
    rows = page.locator("table.versions tbody tr")
    return {
        rows.nth(i).locator("td").first.inner_text(): rows.nth(i).get_attribute("class")
        for i in range(rows.count())
    }


def test_a_lead_publishes_compares_and_undoes_and_the_agent_follows(server, browser):
    desk = browser.new_context(locale="en-US", viewport={"width": 1400, "height": 900})
    lead = desk.new_page()
    lead.set_default_timeout(30_000)
    log_in(lead, f"{server.url}/teams/1?lang=en", "li")
    assert version_rows(lead) == {"v2": "draft", "v1": "draft"}
    assert "re-plan of v1" in lead.locator("table.versions tbody tr").first.inner_text()
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    agent = phone.new_page()
    agent.set_default_timeout(30_000)
    log_in(agent, f"{server.url}/me?month=2026-11", "wang")
    assert agent.locator("section.month[data-month='2026-11'] ol.days li").count() == 0

    # Publish v1 from its roster page.
    lead.goto(f"{server.url}/teams/1/rosters/1?lang=en")
    assert "Draft" in lead.locator("div.publication").inner_text()
    lead.locator("form.publish button").click()
    lead.wait_for_load_state()
    assert lead.locator("div.publication p.published").count() == 1
    shot(lead, "roster-published.png")

    # Compare v2 with the published v1: the absent days are outlined in the grid.
    lead.goto(f"{server.url}/teams/1?lang=en")
    lead.locator("table.versions tr.draft a.compare").click()
    lead.wait_for_load_state()
    assert "/rosters/2/diff?against=1" in lead.url
    changed = int(lead.locator(".changed-cells").inner_text())
    assert changed > 0
    outlined = lead.locator("table.grid tr[data-agent=A2] td.changed")
    assert outlined.count() >= 1
    titles = [outlined.nth(i).get_attribute("title") for i in range(outlined.count())]
    assert any("Leave" in t or "leave" in t for t in titles), titles
    shot(lead, "diff.png")

    # Publish v2 from the diff page; the agent's month shows v2's leave.
    lead.get_by_role("button", name="Publish v2").click()
    lead.wait_for_load_state()
    lead.goto(f"{server.url}/teams/1?lang=en")
    assert version_rows(lead) == {"v2": "published", "v1": "draft"}
    agent.goto(f"{server.url}/me?month=2026-11")
    assert "v2" in agent.locator("section.month[data-month='2026-11'] h2").inner_text()
    assert agent.locator("li[data-date='2026-11-20'] .what.leave").count() == 1

    # Undo: v1 is published again, and the agent's month is v1's.
    lead.goto(f"{server.url}/teams/1/rosters/1?lang=en")
    lead.locator("form.publish button").click()
    lead.wait_for_load_state()
    lead.goto(f"{server.url}/teams/1?lang=en")
    assert version_rows(lead) == {"v2": "draft", "v1": "published"}
    shot(lead, "versions.png")
    agent.goto(f"{server.url}/me?month=2026-11")
    assert "v1" in agent.locator("section.month[data-month='2026-11'] h2").inner_text()
    assert agent.locator("li[data-date='2026-11-20'] .what.leave").count() == 0
    shot(agent, "me-published-390.png")

    # The diff page in Chinese on a phone: the lead's view of the same change.
    lead_phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    small = lead_phone.new_page()
    log_in(small, f"{server.url}/teams/1/rosters/2/diff?against=1&lang=zh", "li")
    assert "版本比较" in small.locator("h1").inner_text()
    assert small.locator("table.grid tr[data-agent=A2] td.changed").count() == changed
    shot(small, "diff-390-zh.png")
    lead_phone.close()
    desk.close()
    phone.close()
