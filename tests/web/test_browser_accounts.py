"""Issue 33 in headless Chromium: an agent reads their month on a phone, files leave; the
lead approves it in the inbox and the agent's page shows the change."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value
from tests.web.chromium import BROWSER_MARKS
from tests.web.helpers import team_uploads
from tests.web.server import ROOT, Server, serving

pytestmark = BROWSER_MARKS
PASSWORD = "s3cret-pass"
SHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "")) if os.environ.get("SCREENSHOTS_DIR") else None


def users_add(data_dir: Path, *args: str) -> None:
    """`scheduler users add …`, as the operator types it."""
    subprocess.run(
        [
            sys.executable,
            "-c",
            "from scheduler.cli import main; main()",
            "users",
            "add",
            *args,
            "--data-dir",
            str(data_dir),
        ],
        cwd=ROOT,
        env=os.environ | {"SCHEDULER_PASSWORD": PASSWORD},
        check=True,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """`scheduler serve` with the tiny team and its November roster, then three users."""
    tmp = tmp_path_factory.mktemp("accounts")
    folder = tmp / "tiny"
    write_team_folder(tiny_team_value(), folder)
    with serving(tmp / "data", tmp / "server.log") as server:
        api = f"{server.url}/api"
        team = httpx2.post(f"{api}/teams", files=team_uploads(folder), timeout=30)
        assert team.status_code == 201, team.text
        job = httpx2.post(f"{api}/teams/1/jobs", json={"month": "2026-11", "time_limit_s": 5})
        assert job.status_code == 202, job.text
        for _ in range(300):
            state = httpx2.get(f"{api}/teams/1/jobs/{job.json()['id']}").json()["state"]
            if state not in ("queued", "running"):
                break

            time.sleep(0.2)
        assert state == "done"
        # Published while the app is still open: once accounts exist, agents see only that.
        assert httpx2.post(f"{api}/teams/1/rosters/1/publish").status_code == 200
        users_add(tmp / "data", "boss", "--role", "admin")
        users_add(tmp / "data", "li", "--role", "lead", "--team", "1")
        users_add(tmp / "data", "wang", "--role", "agent", "--team", "1", "--agent", "A1")
        assert httpx2.get(f"{api}/teams").status_code == 401
        yield server


def log_in(page, url: str, username: str) -> None:
    page.goto(url)
    assert "/login" in page.url
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main.login button[type=submit]").click()
    page.wait_for_load_state()


def no_horizontal_scroll(page) -> bool:
    return page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )


def shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name), full_page=True)


def test_an_agent_reads_their_month_on_a_phone_and_sees_the_leave_the_lead_approved(
    server, browser
):
    phone = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    agent = phone.new_page()
    agent.set_default_timeout(30_000)
    log_in(agent, f"{server.url}/me?month=2026-11", "wang")
    assert agent.url.endswith("/me?month=2026-11")
    november = agent.locator("section.month[data-month='2026-11']")
    assert november.locator("ol.days li").count() == 30
    assert "v1" in november.locator("h2").inner_text()
    assert no_horizontal_scroll(agent)
    shot(agent, "me-390.png")

    # A day the agent works in the second half becomes leave once approved.
    worked = november.locator("ol.days li .what.day, ol.days li .what.evening")
    late = [
        li.get_attribute("data-date")
        for li in november.locator("ol.days li").all()
        if li.locator(".what.day, .what.evening").count()
        and li.get_attribute("data-date") >= "2026-11-20"
    ]
    assert worked.count() > 0 and late
    day = late[0]
    agent.locator("select[name=kind]").select_option("leave")
    agent.locator("input[name=date]").fill(day)
    agent.locator("input[name=end]").fill(day)
    agent.locator("input[name=reason]").fill("家里有事")
    agent.get_by_role("button", name="提交申请").click()
    agent.wait_for_load_state()
    assert "待处理" in agent.locator("ul.requests").inner_text()
    assert no_horizontal_scroll(agent)

    desk = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    lead = desk.new_page()
    lead.set_default_timeout(60_000)
    log_in(lead, f"{server.url}/teams/1/inbox", "li")
    request = lead.locator("fieldset.request").first
    assert "A1" in request.locator("legend").inner_text()
    assert request.locator("table.changes tr").count() >= 2  # the header and the leave cell
    assert "→" in request.locator("p.shortfall").inner_text()
    shot(lead, "inbox.png")
    request.get_by_role("button", name="批准").click()
    lead.wait_for_load_state()
    assert lead.locator("fieldset.request").count() == 0
    assert "已批准 v2" in lead.locator("section", has_text="已处理").inner_text()

    agent.reload()
    november = agent.locator("section.month[data-month='2026-11']")
    assert "v2" in november.locator("h2").inner_text()
    assert november.locator(f"li[data-date='{day}'] .what").inner_text() == "假"
    assert "已批准" in agent.locator("ul.requests").inner_text()
    assert no_horizontal_scroll(agent)
    shot(agent, "me-390-after.png")
    desk.close()
    phone.close()
