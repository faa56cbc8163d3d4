"""The HTML pages through the test client: what a person sees, parsed from the HTML."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from scheduler.team.writer import write_team_folder
from scheduler.web import create_app
from tests.helpers import tiny_team_value
from tests.web.helpers import build, make_settings, soup, team_uploads, upload_team, wait_for_job

ZH = {"Accept-Language": "zh-CN,zh;q=0.9"}
EN = {"Accept-Language": "en-US,en;q=0.9"}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Iterator[tuple[TestClient, int]]:
    """An app with the tiny team uploaded and its November roster built (version 1)."""
    tmp = tmp_path_factory.mktemp("pages")
    folder = tmp / "tiny"
    write_team_folder(tiny_team_value(), folder)
    with TestClient(create_app(make_settings(tmp / "data"))) as client:
        team_id = upload_team(client, folder)
        job = build(client, team_id)
        assert job["state"] == "done", job
        yield client, team_id


def test_home_on_an_empty_database_offers_the_examples(client):
    response = client.get("/", headers=ZH)
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.text == "团队"
    assert "还没有团队" in page.text
    buttons = [b["value"] for b in page.select("form[action^='/examples/'] button")]
    assert "demo-team" in buttons


@pytest.mark.pg
def test_loading_the_example_from_the_home_page_opens_the_team(client):
    response = client.post("/examples/demo-team")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.text == "Demo team 演示团队"
    assert len(page.select("table.agents tbody tr")) == 11
    assert page.select_one("input[name=month]")["value"] == "2026-11"


def test_grid_shows_every_agent_and_day_with_letters_and_red_shortfall(built):
    client, team_id = built
    response = client.get(f"/teams/{team_id}/rosters/1", headers=ZH)
    assert response.status_code == 200
    page = soup(response)
    assert page.title.text == "Tiny team · 2026-11 排班表"
    rows = page.select("table.grid tbody tr")
    assert [r["data-agent"] for r in rows] == ["A1", "A2", "A3", "A4"]
    for row in rows:
        cells = row.find_all("td")[2:32]
        assert len(cells) == 30
        assert {c.text for c in cells} <= {"早", "晚", "休", "假"}
    # A2's leave on 11-03 and 11-04.
    a2 = rows[1].find_all("td")[2:32]
    assert (a2[2].text, a2[3].text) == ("假", "假")
    summary = client.get(f"/api/teams/{team_id}/rosters/1").json()["summary"]
    short_cells = page.select("table.coverage td.short")
    assert (summary["shortfall"] > 0) == bool(short_cells)
    assert page.select_one(".shortfall-total").text == str(summary["shortfall"])
    assert page.select_one("a.xlsx")["href"].endswith("/rosters/1/roster.xlsx")
    assert rows[0].select_one("td.name a")["href"] == f"/teams/{team_id}/rosters/1/agents/A1"


def test_grid_filters_by_shop(built):
    client, team_id = built
    page = soup(client.get(f"/teams/{team_id}/rosters/1?shop=JD", headers=ZH))
    assert [r["data-agent"] for r in page.select("table.grid tbody tr")] == ["A1", "A3"]
    assert [d["data-shop"] for d in page.select(".coverage-shop")] == ["JD"]
    assert page.select_one("select[name=shop] option[selected]")["value"] == "JD"


def test_grid_in_english(built):
    client, team_id = built
    response = client.get(f"/teams/{team_id}/rosters/1", headers=EN)
    page = soup(response)
    assert page.html["lang"] == "en"
    assert page.select("table.grid th")[0].text == "Agent"
    letters = {c.text for c in page.select("table.grid tbody td")[2:32]}
    assert letters <= {"D", "E", "O", "L"}


def test_language_link_sets_a_cookie(built):
    client, team_id = built
    response = client.get(f"/teams/{team_id}?lang=en", headers=ZH)
    assert soup(response).select_one("#build h2").text == "Build a roster"
    assert response.cookies.get("lang") == "en"
    assert soup(client.get(f"/teams/{team_id}", headers=ZH)).select_one("#build h2").text == (
        "Build a roster"
    )
    client.get("/?lang=zh")
    assert soup(client.get(f"/teams/{team_id}")).select_one("#build h2").text == "生成排班"


def test_the_language_links_keep_the_pages_filters(built):
    client, team_id = built
    page = soup(client.get(f"/teams/{team_id}/rosters/1?shop=JD&shift=day&lang=zh"))
    links = [a["href"] for a in page.select("nav.top .langs a")]
    assert links == ["?shop=JD&shift=day&lang=zh", "?shop=JD&shift=day&lang=en"]
    english = soup(client.get(f"/teams/{team_id}/rosters/1{links[1]}"))
    assert english.html["lang"] == "en"
    assert [r["data-agent"] for r in english.select("table.grid tbody tr")] == ["A1", "A3"]
    client.get("/?lang=zh")


def test_agent_page_shows_the_calendar_and_totals(built):
    client, team_id = built
    response = client.get(f"/teams/{team_id}/rosters/1/agents/A2?lang=zh")
    assert response.status_code == 200
    page = soup(response)
    assert page.h1.text == "A2 李娜 · 2026-11"
    days = page.select("table.calendar td[data-date]")
    assert len(days) == 30
    leave = [d for d in days if d["data-date"] in ("2026-11-03", "2026-11-04")]
    assert all("leave" in d["class"] for d in leave)
    worked = int(page.select_one(".days-worked").text)
    assert float(page.select_one(".paid-hours").text) == 7 * worked
    assert page.select_one("a.ics")["href"].endswith("/agents/A2/calendar.ics")


def test_shop_page_draws_a_bar_per_day_and_shift(built):
    client, team_id = built
    page = soup(client.get(f"/teams/{team_id}/rosters/1/shops/TM?lang=en"))
    charts = page.select("svg.chart")
    assert [c["data-shift"] for c in charts] == ["day", "evening"]
    assert all(len(c.select("rect.planned")) == 30 for c in charts)
    assert len(charts[0].select("line.required")) == 30


def test_requirements_page_lists_the_month(built):
    client, team_id = built
    page = soup(client.get(f"/teams/{team_id}/requirements?lang=en"))
    assert page.h1.text == "Requirements by day · 2026-11"
    assert len(page.select("table.needs-grid tbody tr")) == 30
    assert page.select("table.needs-grid tfoot td")[-1].text == "75"


def test_upload_with_errors_is_shown_on_the_page_and_nothing_changes(built, tmp_path):
    client, team_id = built
    before = client.get(f"/api/teams/{team_id}").json()
    bad = tmp_path / "bad"
    write_team_folder(tiny_team_value(), bad)
    lines = (bad / "requirements.csv").read_text().splitlines()
    lines[2] = "2026-13-01,day,TM,1"
    (bad / "requirements.csv").write_text("\n".join(lines) + "\n")
    response = client.post(f"/teams/{team_id}/files?lang=en", files=team_uploads(bad))
    assert response.status_code == 422
    errors = soup(response).select(".errors li")
    assert errors[0].b.text == "requirements.csv:3"
    assert "date '2026-13-01' is not a calendar date" in errors[0].text
    assert "nothing was changed" in soup(response).select_one(".errors").text
    assert client.get(f"/api/teams/{team_id}").json() == before


def test_editing_a_file_with_a_mistake_keeps_the_text_and_shows_the_line(built):
    client, team_id = built
    before = client.get(f"/api/teams/{team_id}").json()["input_id"]
    text = client.get(f"/teams/{team_id}/files/shops.csv/edit")
    assert "TM,天猫店,Tmall,big" in soup(text).textarea.text
    response = client.post(
        f"/teams/{team_id}/files/shops.csv?lang=en",
        data={"content": "shop_id,name,platform,tier\nTM,天猫店,Tmall,big\nJD,京东店,JD,medium\n"},
    )
    assert response.status_code == 422
    assert soup(response).select_one(".errors li b").text == "shops.csv:3"
    assert "medium" in soup(response).textarea.text
    assert client.get(f"/api/teams/{team_id}").json()["input_id"] == before


def test_build_form_starts_a_job_and_its_page_shows_progress(built):
    client, team_id = built
    response = client.post(
        f"/teams/{team_id}/jobs?lang=en",
        data={"month": "2026-12", "time_limit_s": "2", "previous": "auto"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    job_url = response.headers["location"]
    page = soup(client.get(job_url))
    assert page.select_one("#state").text in ("queued", "running", "done")
    job_id = int(job_url.rsplit("/", 1)[1])
    job = wait_for_job(client, team_id, job_id)
    assert job["previous_version"] == 1
    page = soup(client.get(job_url + "?lang=en"))
    assert page.select_one("#state").text == "done"
    assert (
        page.select_one("a.open-roster")["href"]
        == f"/teams/{team_id}/rosters/{job['roster_version']}"
    )


def test_a_bad_month_in_the_build_form_is_shown_on_the_team_page(built):
    client, team_id = built
    response = client.post(f"/teams/{team_id}/jobs?lang=en", data={"month": "2026-13"})
    assert response.status_code == 422
    assert "is not YYYY-MM" in soup(response).select_one(".errors").text


def test_missing_pages_are_404_pages(built):
    client, team_id = built
    for url in (
        f"/teams/{team_id}/rosters/9",
        f"/teams/{team_id}/rosters/1/agents/ZZ",
        "/teams/99",
        "/nope",
    ):
        response = client.get(url + "?lang=en")
        assert response.status_code == 404, url
        assert soup(response).h1.text == "Not found"


@pytest.mark.pg
def test_output_is_escaped(client, tiny_team_dir):
    agents = (tiny_team_dir / "agents.csv").read_text().replace("王芳", "<script>alert(1)</script>")
    (tiny_team_dir / "agents.csv").write_text(agents)
    team_id = upload_team(client, tiny_team_dir)
    response = client.get(f"/teams/{team_id}")
    assert "<script>alert(1)</script>" not in response.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in response.text


def test_leave_form_adds_a_row_or_shows_why_not(built):
    client, team_id = built
    response = client.post(
        f"/teams/{team_id}/leave",
        data={"agent_id": "A3", "start": "2026-11-25", "end": "2026-11-24", "kind": "sick"},
    )
    assert response.status_code == 422
    assert "end 2026-11-24 is before start 2026-11-25" in soup(response).select_one(".errors").text
    response = client.post(
        f"/teams/{team_id}/leave",
        data={"agent_id": "A3", "start": "2026-11-24", "end": "2026-11-25", "kind": "sick"},
    )
    assert response.status_code == 200
    rows = [r.get_text(" ", strip=True) for r in soup(response).select("table.leave tbody tr")]
    assert any(r.startswith("A3 张敏 2026-11-24 2026-11-25 sick 2") for r in rows)


def test_leave_kinds_come_from_a_list_in_the_pages_language(built):
    client, team_id = built
    chinese = soup(client.get(f"/teams/{team_id}?lang=zh"))
    offered = [o.text for o in chinese.select("form.add-leave select[name=kind] option")]
    assert offered[:4] == ["年假", "病假", "事假", "调休"]
    grid = soup(client.get(f"/teams/{team_id}/rosters/1?lang=zh"))
    assert grid.select_one("form.replan select[name=kind] option[selected]")["value"] == "sick"
    client.post(
        f"/teams/{team_id}/leave",
        data={"agent_id": "A2", "start": "2026-11-26", "end": "2026-11-26", "kind": "compensatory"},
    )
    chinese = soup(client.get(f"/teams/{team_id}?lang=zh"))
    rows = [r.get_text(" ", strip=True) for r in chinese.select("table.leave tbody tr")]
    assert any(r.startswith("A2") and " 调休 " in r for r in rows), rows
    english = soup(client.get(f"/teams/{team_id}?lang=en"))
    rows = [r.get_text(" ", strip=True) for r in english.select("table.leave tbody tr")]
    assert any(r.startswith("A2") and " compensatory " in r for r in rows), rows


def test_the_team_page_names_platforms_tiers_and_rotation_in_chinese(built):
    client, team_id = built
    page = soup(client.get(f"/teams/{team_id}?lang=zh"))
    shops = [[td.text for td in tr.select("td")][2:4] for tr in page.select("table.shops tbody tr")]
    assert shops == [["天猫", "大店"], ["京东", "小店"]]
    assert "半月轮换" in page.select_one("table.rules").text
    english = soup(client.get(f"/teams/{team_id}?lang=en"))
    assert "half-month" in english.select_one("table.rules").text


def test_roster_page_and_api_give_the_floor_and_its_cells_issue_31(built):
    client, team_id = built
    resource = client.get(f"/api/teams/{team_id}/rosters/1").json()
    summary = resource["summary"]
    assert 0 <= summary["shortfall_floor"] <= summary["shortfall"]
    assert resource["shortfall_floor"] == summary["shortfall_floor"]
    assert [[c["cause"], c["agent_shifts"]] for c in resource["shortfall_causes"]] == summary[
        "shortfall_causes"
    ]
    listed = client.get(f"/api/teams/{team_id}/rosters").json()["data"]
    first = next(r for r in listed if r["version"] == 1)
    assert first["shortfall_floor"] == summary["shortfall_floor"]
    job = soup(client.get(f"/teams/{team_id}/jobs/1?lang=zh"))
    assert job.select_one("#shortfall-floor").text == f"{summary['shortfall_floor']:g}"
    assert job.select_one("div.shortfall-floor").get_text(" ", strip=True) == (
        f"无法避免 至少 {summary['shortfall_floor']:g} 人·班"
    )
    page = soup(client.get(f"/teams/{team_id}/rosters/1?lang=zh"))
    floor_text = page.select_one(".shortfall-floor").text
    assert floor_text == f"至少 {summary['shortfall_floor']} 以现有团队无法避免"
    causes = [li.text for li in page.select("ul.shortfall-causes li")]
    assert len(causes) == len(summary["shortfall_causes"])
    assert not any("agents" in text for text in causes)  # the causes read in Chinese
    # Each short cell with an unavoidable part says how much; the darker red ones are short
    # by that part alone.
    titled = page.select("table.coverage td.short[title]")
    assert len(titled) == len(summary["shortfall_unavoidable"]) > 0
    for cell in titled:
        part, whole = (float(v) for v in cell["title"].removeprefix("无法避免 ").split(" / "))
        assert 0 < part <= whole
        assert ("unavoidable" in cell["class"]) == (part == whole)


def test_the_status_says_first_whether_the_roster_is_proven_and_where_it_is_shortest(built):
    client, team_id = built
    coverage = client.get(f"/api/teams/{team_id}/rosters/1/coverage.csv").text.splitlines()
    header = coverage[0].split(",")
    rows = [dict(zip(header, line.split(","), strict=True)) for line in coverage[1:]]
    worst = min(rows, key=lambda r: (-float(r["shortfall"]), r["date"], r["shift"], r["shop_id"]))
    page = soup(client.get(f"/teams/{team_id}/rosters/1?lang=zh"))
    status = page.select_one(".status .verdict b").text
    solver_status = page.select_one(".solver-figures code.solver-status").text
    assert status == {"OPTIMAL": "已证明最优", "FEASIBLE": "已找到排班"}[solver_status]
    assert "FEASIBLE" not in page.select_one(".status .verdict").text
    if float(worst["shortfall"]) > 0:
        first = page.select_one(".shortest .short-cell").text
        month_day = worst["date"][5:]
        assert first.startswith(month_day)
        assert f"需 {float(worst['required']):g} / 排 {float(worst['planned']):g}" in first
