"""Issue 34 item 1 in headless Chromium: a lead edits a cell into a rule break and sees the
rule in words, edits a valid cell, publishes it, sees it outlined on the diff page, and
publishes the older version again (undo)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

import httpx2
import pytest

from tests.web.chromium import BROWSER_MARKS
from tests.web.server import Server, serving
from tests.web.test_browser_accounts import log_in, users_add
from tests.web.test_browser_versions import shot, upload_and_build_tiny_team, version_rows

pytestmark = BROWSER_MARKS


@dataclass(frozen=True)
class World:
    server: Server
    broken: tuple[str, str]
    """(agent, date) of a second evening in a row: a day shift there breaks the rest rule."""
    working: tuple[str, str]
    """(agent, date) of a day shift: leave there keeps every rule."""


def cells(api: str) -> tuple[tuple[str, str], tuple[str, str]]:
    agents = httpx2.get(f"{api}/teams/1/rosters/1", timeout=30).json()["agents"]
    broken = working = None
    for agent in agents:
        days = agent["days"]
        for before, day in itertools.pairwise(days):
            if broken is None and before["shift"] == day["shift"] == "evening":
                broken = (agent["agent_id"], day["date"])
            if working is None and agent["agent_id"] == "A3" and day["shift"] == "day":
                working = (agent["agent_id"], day["date"])
    assert broken is not None and working is not None
    return broken, working


@pytest.fixture(scope="module")
def world(tmp_path_factory) -> Iterator[World]:
    """The tiny team with v1 (a build of November, a draft) and a lead."""
    tmp = tmp_path_factory.mktemp("edit")
    with serving(tmp / "data", tmp / "server.log") as server:
        api = f"{server.url}/api"
        upload_and_build_tiny_team(tmp, api, time_limit_s=5)
        broken, working = cells(api)
        users_add(tmp / "data", "li", "--role", "lead", "--team", "1")
        yield World(server, broken, working)


def cell(page, agent_id: str, day: str):
    return page.locator(f"table.grid tr[data-agent='{agent_id}'] td[data-date='{day}']")


def test_a_lead_edits_is_refused_edits_publishes_compares_and_undoes(world, browser):
    url = world.server.url
    desk = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
    lead = desk.new_page()
    lead.set_default_timeout(30_000)
    log_in(lead, f"{url}/teams/1/rosters/1?lang=zh", "li")
    shot(lead, "grid.png")

    # An evening, then a day shift the next morning: refused, the rule said in words.
    agent_id, day = world.broken
    cell(lead, agent_id, day).click()
    editor = lead.locator("dialog#cell-editor")
    assert editor.is_visible()
    assert editor.locator("select[name=shift]").input_value() == "evening"  # the cell's entry
    editor.locator("select[name=shift]").select_option("day")
    # A shift takes a split among the agent's own shops, in %.
    shops = lead.locator(f"tr[data-agent='{agent_id}']").get_attribute("data-shops").split()
    assert editor.locator("fieldset.shares").is_visible()
    assert editor.locator("input[name=share_percent]").count() == len(shops)
    shot(lead, "grid-editor.png")
    editor.get_by_role("button", name="检查并保存").click()
    lead.wait_for_load_state()
    refusal = lead.locator(".edit-refusal")
    assert "两班之间休息不足" in refusal.inner_text()
    assert refusal.locator("li.rule").get_attribute("data-rule") == "min_rest_between_shifts"
    assert lead.url.endswith("/rosters/1/cells")  # the grid again, nothing saved
    assert "refused" in (cell(lead, agent_id, day).get_attribute("class") or "")
    shot(lead, "grid-edit-refused.png")
    # Printed, the page is the grid: no editor, refusal, navigation or forms.
    lead.emulate_media(media="print")
    for hidden in ("dialog#cell-editor", ".edit-refusal", "nav", "form.publish", "form.replan"):
        assert not lead.locator(hidden).first.is_visible(), hidden
    assert lead.locator("table.grid").is_visible()
    lead.emulate_media(media="screen")

    # A valid edit with the keyboard: leave on a working day; the new draft v2 marks it.
    lead.goto(f"{url}/teams/1/rosters/1?lang=en")
    agent_id, day = world.working
    target = cell(lead, agent_id, day)
    target.focus()
    lead.keyboard.press("Enter")
    editor = lead.locator("dialog#cell-editor")
    assert editor.is_visible()
    editor.locator("select[name=shift]").select_option("leave:annual")
    assert not editor.locator("fieldset.shares").is_visible()
    editor.get_by_role("button", name="Check and save").click()
    lead.wait_for_load_state()
    assert "/teams/1/rosters/2" in lead.url
    assert "pinned" in (cell(lead, agent_id, day).get_attribute("class") or "")
    assert "(annual)" in (cell(lead, agent_id, day).get_attribute("title") or "")
    assert lead.locator(".edit-refusal").count() == 0

    # Publish v2; the diff against v1 outlines exactly that cell.
    lead.locator("form.publish button").click()
    lead.wait_for_load_state()
    assert lead.locator("div.publication p.published").count() == 1
    lead.goto(f"{url}/teams/1/rosters/2/diff?against=1&lang=en")
    changed = lead.locator("table.grid td.changed")
    assert changed.count() == 1
    assert changed.first.get_attribute("data-date") == day
    assert changed.first.locator("xpath=..").get_attribute("data-agent") == agent_id

    # Undo: v1 published again becomes the published one.
    lead.goto(f"{url}/teams/1/rosters/1?lang=en")
    lead.locator("form.publish button").click()
    lead.wait_for_load_state()
    lead.goto(f"{url}/teams/1?lang=en")
    assert version_rows(lead) == {"v2": "draft", "v1": "published"}
    assert "edits of v1" in lead.locator("table.versions tbody tr").first.inner_text()
    desk.close()

    # On a phone, in Chinese, scrolled right: the names stay in view.
    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    small = phone.new_page()
    small.set_default_timeout(30_000)
    log_in(small, f"{url}/teams/1/rosters/2?lang=zh", "li")
    small.locator(".grid-scroll").evaluate("el => { el.scrollLeft = 600; }")
    assert small.locator(".grid-scroll").evaluate("el => el.scrollLeft") > 0
    name = small.locator("table.grid tr[data-agent='A1'] td.name")
    box = name.bounding_box()
    assert box is not None and 0 <= box["x"] < 390
    shot(small, "grid-390-zh.png")
    phone.close()
