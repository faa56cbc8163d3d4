"""In headless Chromium (Debian's), as a team lead would: load, build, read, download, upload."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from scheduler.team.files import TEAM_FILES
from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value
from tests.web.chromium import BROWSER_MARKS
from tests.web.server import Server, serving

pytestmark = BROWSER_MARKS


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """`scheduler serve` on an empty data directory."""
    tmp = tmp_path_factory.mktemp("browser")
    with serving(tmp / "data", tmp / "server.log") as server:
        yield server


@pytest.fixture
def page(browser):
    """A fresh page whose browser asks for Chinese, as a team lead's does."""
    context = browser.new_context(locale="zh-CN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    yield page
    context.close()


def test_load_the_example_build_november_open_the_grid_and_download_xlsx(server, page):
    page.goto(server.url)
    assert page.locator("h1").inner_text() == "团队"
    page.get_by_role("button", name="载入 demo-team").click()
    assert page.locator("h1").inner_text() == "Demo team 演示团队"
    assert page.locator("table.agents tbody tr").count() == 11

    page.locator("input[name=month]").fill("2026-11")
    # 20 s, as `make demo`: enough for a first roster on a busy 2-core machine.
    page.locator("input[name=time_limit_s]").fill("20")
    page.get_by_role("button", name="生成", exact=True).click()
    assert page.locator("h1").inner_text().endswith("2026-11")
    page.locator("a.open-roster, pre.message").first.wait_for(timeout=120_000)
    state = page.locator("#state").inner_text()
    assert state == "完成", page.locator("pre.message").all_inner_texts()
    page.locator("a.open-roster").click()

    assert page.title() == "Demo team 演示团队 · 2026-11 排班表"
    rows = page.locator("table.grid tbody tr")
    assert rows.count() == 11
    first = rows.nth(0)
    letters = first.locator("td").all_inner_texts()[2:32]
    assert len(letters) == 30 and set(letters) <= {"早", "晚", "休", "假", "训"}
    # The status speaks the lead's language first; the solver's words wait in the details.
    status = page.locator(".status .verdict b").first.inner_text()
    assert status in ("已找到排班", "已证明最优")
    assert not page.locator(".solver-figures code").is_visible()
    page.locator(".solver-figures summary").click()
    assert page.locator(".solver-figures code").inner_text() in ("FEASIBLE", "OPTIMAL")

    # On paper, the grid only: no navigation, forms or export links.
    page.emulate_media(media="print")
    assert page.locator("table.grid").is_visible()
    for chrome in ("nav.top", "form.filters", "form.replan", "p.exports", ".crumbs"):
        assert not page.locator(chrome).is_visible(), chrome
    page.emulate_media(media="screen")
    # On a phone the month scrolls sideways in its box and the names stay in view.
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".grid-scroll").evaluate("box => { box.scrollLeft = 600; }")
    assert page.locator(".grid-scroll").evaluate("box => box.scrollLeft") > 0
    name = rows.nth(0).locator("td.name").bounding_box()
    assert name is not None and 0 <= name["x"] < 390, name
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Below the grid, each agent's month as a card, a week per row, within the phone's width.
    cards = page.locator(".cards details.card")
    assert cards.count() == 11
    cards.first.locator("summary").click()
    days = cards.first.locator("ol.week-grid li:not(.weekday):not(.pad)")
    assert [text.split()[-1] for text in days.all_inner_texts()] == letters
    card = cards.first.bounding_box()
    assert card is not None and card["x"] + card["width"] <= 390, card
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not page.locator(".cards").is_visible()

    # A row is highlighted from its shops cell (a day cell opens the editor, issue 34).
    rows.nth(2).locator("td.shops").click()
    assert "selected" in (rows.nth(2).get_attribute("class") or "")
    rows.nth(4).locator("td.shops").click()
    assert "selected" not in (rows.nth(2).get_attribute("class") or "")
    assert page.locator("table.grid tr.selected").count() == 1

    with page.expect_download() as download:
        page.locator("a.xlsx").click()
    data = Path(download.value.path()).read_bytes()
    book = load_workbook(io.BytesIO(data))
    grid = book["排班表"]
    assert grid.cell(row=4, column=1).value == "A01"
    assert [grid.cell(row=4, column=4 + i).value for i in range(30)] == letters
    assert "覆盖" in book.sheetnames

    page.locator("select[name=shop]").select_option("JD01")
    page.get_by_role("button", name="显示").click()
    shown = page.locator("table.grid tbody tr").count()
    assert 0 < shown < 11

    page.locator("table.grid td.name a").first.click()
    assert page.locator("table.calendar td[data-date]").count() == 30
    worked = int(page.locator(".days-worked").inner_text())
    assert float(page.locator(".paid-hours").inner_text()) == 7 * worked
    assert page.locator("table.agent-shops tbody tr").count() >= 1


def test_upload_a_team_then_a_broken_file_is_refused_on_the_page(server, page, tmp_path):
    folder = tmp_path / "tiny"
    write_team_folder(tiny_team_value(name="Browser team"), folder)
    files = [str(folder / name) for name in TEAM_FILES]
    page.goto(f"{server.url}/?lang=en")
    page.locator("form[action='/teams'] input[type=file]").set_input_files(files)
    page.locator("form[action='/teams'] button").click()
    assert page.locator("h1").inner_text() == "Browser team"
    assert page.locator("table.agents tbody tr").count() == 4

    lines = (folder / "agents.csv").read_text(encoding="utf-8").splitlines()
    lines[2] = "A2,李娜,TM|XX,,,"
    (folder / "agents.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    page.locator("form.replace input[type=file]").set_input_files(str(folder / "agents.csv"))
    page.locator("form.replace button").click()
    error = page.locator(".errors li").first
    assert error.locator("b").inner_text() == "agents.csv:3"
    assert "unknown shop(s) XX" in error.inner_text()
    page.goto(page.url.split("/files")[0])
    assert "TM | XX" not in page.locator("table.agents").inner_text()
    assert page.locator("table.agents tbody tr").nth(1).inner_text().split("\t")[2] == "TM"


def test_the_erlang_calculator_answers_14_for_the_textbook_queue(server, page):
    page.goto(server.url)
    page.get_by_role("link", name="Erlang 计算器").click()
    assert page.locator("h1").inner_text() == "Erlang 计算器"
    for name, value in {
        "volume": "100",
        "interval": "30",
        "aht": "180",
        "target": "80",
        "within": "20",
    }.items():
        page.locator(f"input[name={name}]").fill(value)
    page.get_by_role("button", name="计算").click()
    assert page.locator("#agents").inner_text() == "14"
    assert page.locator("#service-level").inner_text().startswith("88.8%")
    assert page.locator("table.erlang-table tr.answer-row td").first.inner_text() == "→ 14"
