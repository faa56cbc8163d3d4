"""Issue 34 item 3 in headless Chromium: the proposal page shows "fewest changes" and "keep
the cover" side by side (desktop zh and a 390-px phone), and the lead accepts keep the cover."""

from __future__ import annotations

from collections.abc import Iterator

import httpx2
import pytest

from tests.web.chromium import BROWSER_MARKS
from tests.web.server import Server, serving
from tests.web.test_browser_versions import finished, shot, upload_and_build_tiny_team

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """The tiny team's November v1 and a re-plan of it with A1 absent 11-12..11-14 (where
    the two choices differ). Each solve ends once proven optimal, well within its 30 s, so
    the single-worker, fixed-seed rosters are the same from run to run."""
    tmp = tmp_path_factory.mktemp("replan-choices")
    with serving(tmp / "data", tmp / "server.log") as server:
        api = f"{server.url}/api"
        upload_and_build_tiny_team(tmp, api, time_limit_s=30)
        absence = {"agent_id": "A1", "start": "2026-11-12", "end": "2026-11-14", "time_limit_s": 30}
        replan = httpx2.post(f"{api}/teams/1/rosters/1/replan", json=absence, timeout=30)
        assert replan.status_code == 202, replan.text
        assert finished(api, replan.json()["id"])["state"] == "done"
        yield server


def test_the_lead_compares_both_choices_and_accepts_keep_the_cover(server, browser):
    api = f"{server.url}/api"
    proposal = httpx2.get(f"{api}/teams/1/proposals/1").json()
    fewest, cover = proposal["choices"]
    assert not proposal["same_choices"], [
        (c["shortfall_after"], c["changed_days"]) for c in proposal["choices"]
    ]
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    lead = desk.new_page()
    lead.set_default_timeout(30_000)
    lead.goto(f"{server.url}/teams/1/proposals/1?lang=zh")
    sections = lead.locator("div.choices section.choice")
    assert sections.count() == 2
    # Side by side on a desk: the two columns start at the same height.
    first, second = sections.nth(0).bounding_box(), sections.nth(1).bounding_box()
    assert first["y"] == second["y"] and first["x"] < second["x"]
    assert sections.nth(0).locator("h2").inner_text() == "改动最少"
    assert sections.nth(1).locator("h2").inner_text() == "保住覆盖"
    for i, choice in enumerate((fewest, cover)):
        section = sections.nth(i)
        assert section.locator(".changed-days").inner_text() == str(choice["changed_days"])
        assert float(section.locator(".shortfall-after").inner_text()) == choice["shortfall_after"]
    shot(lead, "replan-choices.png")

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.goto(f"{server.url}/teams/1/proposals/1?lang=zh")
    columns = small.locator("div.choices section.choice")
    # One above the other on a phone, each within the screen's width.
    top, below = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    assert below["y"] > top["y"] and top["width"] <= 390 and below["width"] <= 390
    shot(small, "replan-choices-390.png")

    sections.nth(1).locator("button.accept-choice").click()
    lead.wait_for_load_state()
    assert lead.url.endswith("/teams/1/rosters/2")
    assert lead.locator(".replan-choice").inner_text() == "保住覆盖"
    accepted = httpx2.get(f"{api}/teams/1/proposals/1").json()
    assert (accepted["accepted_version"], accepted["accepted_choice"]) == (2, "keep_cover")
    # The team page lists the proposal with both choices' figures, on a desk and a phone.
    for page, name in ((lead, "team-proposals.png"), (small, "team-proposals-390.png")):
        page.goto(f"{server.url}/teams/1?lang=zh")
        row = page.locator("table.proposals tbody tr").first
        assert f"{fewest['changed_days']} / {cover['changed_days']}" in row.inner_text()
        assert page.locator("#proposals .hint").inner_text() == "两个数字：改动最少 / 保住覆盖。"
        shot(page, name)
