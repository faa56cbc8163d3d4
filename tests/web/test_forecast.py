"""A team's history.csv and events.csv in the store; the forecast and requirements page."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from scheduler.demand.forecast import DayForecast, Forecast
from scheduler.demand.staffing import ShiftNeed
from scheduler.team.calendar import Month
from scheduler.team.writer import write_team_folder
from scheduler.web import create_app
from scheduler.web.contexts import forecast_page
from tests.demand_data import history_text
from tests.helpers import ROOT, tiny_team_value
from tests.web.helpers import IMG, SCRIPT, make_settings, soup, team_uploads, upload_team

NOVEMBER = Month(2026, 11)
EVENTS = "name,kind,start,end,shop_id\nanniversary,peak,2026-11-20,2026-11-20,JD\n"


@pytest.fixture
def demand_team_dir(tmp_path: Path) -> Path:
    """The tiny team with two years of generated history (TM hourly) and an events.csv."""
    folder = tmp_path / "demand"
    write_team_folder(tiny_team_value(), folder)
    (folder / "history.csv").write_text(history_text(), encoding="utf-8")
    (folder / "events.csv").write_text(EVENTS, encoding="utf-8")
    return folder


def test_history_and_events_are_kept_with_the_team_and_read_back(client, demand_team_dir):
    team_id = upload_team(client, demand_team_dir)
    files = client.get(f"/api/teams/{team_id}").json()["files"]
    assert files[-2:] == ["history.csv", "events.csv"]
    history = client.get(f"/api/teams/{team_id}/files/history.csv")
    assert history.text == history_text()
    page = soup(client.get(f"/teams/{team_id}?lang=en"))
    links = [a.text for a in page.select("#files a")]
    assert "history.csv" in links and "events.csv" in links
    # history.csv is too long to edit in a text box; events.csv is not.
    edits = [a["href"] for a in page.select("#files a") if a.text == "Edit"]
    assert f"/teams/{team_id}/files/events.csv/edit" in edits
    assert not any("history.csv" in href for href in edits)
    # The workbook holds the team's own files only.
    book = load_workbook(io.BytesIO(client.get(f"/api/teams/{team_id}/workbook.xlsx").content))
    assert "history" not in book.sheetnames and "events" not in book.sheetnames


def test_a_bad_history_line_is_refused_by_file_and_line_and_nothing_is_stored(
    client, demand_team_dir
):
    lines = history_text().splitlines()
    lines[2] = "2024-06-01,XX,4,1"
    (demand_team_dir / "history.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    response = client.post("/api/teams", files=team_uploads(demand_team_dir))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert [(e["file"], e["line"]) for e in errors] == [("history.csv", 3)]
    assert "XX" in errors[0]["message"]
    assert client.get("/api/teams").json()["count"] == 0


def test_removing_a_shop_the_history_names_is_refused(client, demand_team_dir, tmp_path):
    team_id = upload_team(client, demand_team_dir)
    before = client.get(f"/api/teams/{team_id}").json()["input_id"]
    # A team without JD: agents lose it too, so only the history is wrong.
    team = tiny_team_value()
    shops = tuple(s for s in team.shops if s.shop_id != "JD")
    agents = tuple(replace(a, shops=tuple(s for s in a.shops if s != "JD")) for a in team.agents)
    requirements = tuple(r for r in team.requirements if r.shop_id != "JD")
    write_team_folder(
        tiny_team_value(shops=shops, agents=agents, requirements=requirements), tmp_path / "tm"
    )
    files = [
        ("files", (n, (tmp_path / "tm" / n).read_bytes(), "text/csv"))
        for n in ("shops.csv", "agents.csv", "requirements.csv")
    ]
    response = client.put(f"/api/teams/{team_id}/files", files=files)
    assert response.status_code == 422
    assert {e["file"] for e in response.json()["errors"]} == {"history.csv", "events.csv"}
    assert client.get(f"/api/teams/{team_id}").json()["input_id"] == before
    # Leave can still be added: a leave edit does not touch what the history depends on.
    leave = {"agent_id": "A1", "start": "2026-11-20", "end": "2026-11-21", "kind": "annual"}
    assert client.post(f"/api/teams/{team_id}/leave", json=leave).status_code == 200


def test_history_may_be_larger_than_other_files_up_to_its_own_limit(tmp_path, demand_team_dir):
    size = (demand_team_dir / "history.csv").stat().st_size
    settings = make_settings(tmp_path / "ok", max_upload_bytes=20_000, max_history_bytes=size + 1)
    with TestClient(create_app(settings)) as c:
        assert c.post("/api/teams", files=team_uploads(demand_team_dir)).status_code == 201
    settings = make_settings(
        tmp_path / "small", max_upload_bytes=20_000, max_history_bytes=size - 1
    )
    with TestClient(create_app(settings)) as c:
        response = c.post("/api/teams", files=team_uploads(demand_team_dir))
        assert response.status_code == 422
        assert response.json()["errors"][0]["file"] == "history.csv"
        assert f"larger than {size - 1} bytes" in response.json()["errors"][0]["message"]


def test_the_examples_load_with_their_history_and_events(client):
    team_id = client.post("/api/examples/demo-team").json()["id"]
    files = client.get(f"/api/teams/{team_id}").json()["files"]
    assert {"history.csv", "events.csv"} <= set(files)


def day(d: int, shop: str, inquiries: float, event: str = "") -> DayForecast:
    return DayForecast(
        date=date(2026, 11, d),
        shop_id=shop,
        inquiries=inquiries,
        low=inquiries * 0.8,
        high=inquiries * 1.25,
        day_share=0.596,
        event=event,
    )


def test_forecast_page_context_summarises_shops_and_draws_the_chosen_one(tiny_team):
    days = [day(d, "TM", 100 + 10 * d, "double11 peak" if d == 11 else "") for d in range(1, 31)]
    days += [day(d, "JD", 40) for d in range(1, 31)]
    needs = [
        ShiftNeed(
            date=date(2026, 11, 1), shift="day", shop_id="TM", inquiries=90, on_duty=0.9, agents=1.5
        ),
        ShiftNeed(
            date=date(2026, 11, 1), shift="day", shop_id="JD", inquiries=24, on_duty=0.2, agents=0.3
        ),
    ]
    page = forecast_page(
        1,
        tiny_team,
        NOVEMBER,
        Forecast(days=tuple(days)),
        date(2026, 10, 16),
        needs,
        method="rule",
        shop="JD",
    )
    assert [(s.shop_id, s.total, s.busiest) for s in page.shops] == [
        ("TM", sum(100 + 10 * d for d in range(1, 31)), 400),
        ("JD", 1200, 40),
    ]
    assert page.shops[0].busiest_day == date(2026, 11, 30)
    assert page.shop == "JD" and len(page.rows) == 30
    assert (page.rows[0].inquiries, page.rows[0].low, page.rows[0].high) == (40, 32, 50)
    assert page.rows[0].day_share == "59.6%"
    # An unknown shop falls back to the first; its peak day is shaded.
    tm = forecast_page(
        1,
        tiny_team,
        NOVEMBER,
        Forecast(days=tuple(days)),
        date(2026, 10, 16),
        needs,
        method="rule",
        shop="<x>",
    )
    assert tm.shop == "TM"
    assert [b.label for b in tm.chart.phases] == ["peak"]
    assert len(tm.chart.line.split()) == 30 and len(tm.chart.band.split()) == 60
    assert tm.chart.y_ticks[-1][1] == "500"  # the highest high (400 × 1.25) on a round axis
    # The proposed requirements replace November's (tiny team: 75 agent-shifts stored).
    totals = {t.shop_id: (t.current, t.proposed) for t in page.totals}
    assert totals == {"TM": ("45", "1.5"), "JD": ("30", "0.3"), "": ("75", "1.8")}
    assert page.needs.total == "1.8"
    assert (page.previous_month, page.next_month) == ("2026-10", "2026-12")


def test_the_forecast_page_shows_a_shops_days_chart_and_requirements(client, demand_team_dir):
    team_id = upload_team(client, demand_team_dir)
    response = client.get(f"/teams/{team_id}/forecast?month=2026-11&shop=JD&lang=en")
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("h1").text == "Forecast and requirements · 2026-11"
    assert [r.select("td")[0].text for r in page.select("table.shop-forecast tbody tr")] == [
        "TM",
        "JD",
    ]
    rows = page.select("table.forecast-days tbody tr")
    assert len(rows) == 30
    assert rows[19].select("td")[-1].text == "anniversary peak"  # events.csv, JD only
    assert page.select_one("svg.forecast-chart polyline.forecast") is not None
    assert page.select_one("svg.forecast-chart rect.phase[data-phase=peak]") is not None
    assert len(page.select("table.needs-grid tbody tr")) == 30
    assert page.select_one("form.save-requirements input[name=method]")["value"] == "rule"
    api = client.get(f"/api/teams/{team_id}/forecast", params={"month": "2026-11"}).json()
    assert api["count"] == 60 and api["origin"] == "2026-10-16"
    staffing = client.get(
        f"/api/teams/{team_id}/forecast/requirements",
        params={"month": "2026-11", "method": "erlang-c"},
    ).json()
    assert staffing["method"] == "erlang-c" and staffing["count"] == 120
    assert staffing["agent_shifts"] > 0


def test_saving_the_forecasts_requirements_adds_a_version_and_keeps_the_old(
    client, demand_team_dir
):
    team_id = upload_team(client, demand_team_dir)
    before = client.get(f"/api/teams/{team_id}").json()["input_id"]
    old_text = client.get(f"/api/teams/{team_id}/files/requirements.csv").text
    response = client.post(
        f"/teams/{team_id}/forecast/requirements",
        data={"month": "2026-12", "method": "rule"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/teams/{team_id}/requirements?month=2026-12"
    after = client.get(f"/api/teams/{team_id}").json()["input_id"]
    assert after != before
    rows = client.get(f"/api/teams/{team_id}/requirements").json()["data"]
    months = {r["date"][:7] for r in rows}
    assert months == {"2026-11", "2026-12"}  # November's rows kept, December's added
    november = [r for r in rows if r["date"].startswith("2026-11")]
    assert len(november) == 120
    store = client.app.state.store
    assert store.input_texts(before)["requirements.csv"] == old_text


def test_the_demo_teams_requirements_from_the_page_are_the_clis(client):
    # examples/demo-team/requirements.csv is what `scheduler staff --method rule` writes.
    team_id = client.post("/api/examples/demo-team").json()["id"]
    response = client.post(
        f"/api/teams/{team_id}/forecast/requirements", json={"month": "2026-11", "method": "rule"}
    )
    assert response.status_code == 201
    saved = client.get(f"/api/teams/{team_id}/files/requirements.csv").text
    expected = (ROOT / "examples" / "demo-team" / "requirements.csv").read_text(encoding="utf-8")
    assert saved == expected


def test_without_history_the_forecast_says_what_to_upload(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    response = client.get(f"/teams/{team_id}/forecast?lang=en")
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one("h1").text == "No forecast"
    assert "history.csv: not given" in page.select_one("pre.message").text
    assert page.select_one(f"a[href='/teams/{team_id}']") is not None
    api = client.get(f"/api/teams/{team_id}/forecast")
    assert api.status_code == 422 and api.json()["errors"][0]["file"] == "history.csv"
    team_page = soup(client.get(f"/teams/{team_id}?lang=en"))
    assert "need the team's history.csv" in team_page.select_one("#demand").text
    assert team_page.select_one("#demand a.forecast")["href"] == f"/teams/{team_id}/forecast"


@pytest.mark.parametrize(
    ("url", "field"),
    [
        ("forecast?month=2031-01", "month"),
        ("forecast?month=2026-13", "month"),
        ("forecast?month=2026-11&method=guess", "method"),
    ],
)
def test_a_bad_month_or_method_is_named(client, demand_team_dir, url, field):
    team_id = upload_team(client, demand_team_dir)
    response = client.get(f"/teams/{team_id}/{url}&lang=en")
    assert response.status_code == 422
    assert soup(response).select_one("pre.message").text.startswith(field)


def test_hostile_shop_and_event_names_show_as_text(client, tmp_path):
    team = tiny_team_value()
    shops = (replace(team.shops[0], name=f"天猫 {SCRIPT}"), team.shops[1])
    folder = tmp_path / "hostile"
    write_team_folder(tiny_team_value(shops=shops), folder)
    (folder / "history.csv").write_text(history_text(), encoding="utf-8")
    hostile = IMG.replace(",", " ")
    (folder / "events.csv").write_text(
        f'name,kind,start,end,shop_id\n"{hostile}",peak,2026-11-20,2026-11-20,TM\n',
        encoding="utf-8",
    )
    team_id = upload_team(client, folder)
    for url in (f"/teams/{team_id}/forecast?month=2026-11", f"/teams/{team_id}/peak"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert SCRIPT not in response.text and "<img src=x" not in response.text, url
    assert "&lt;img" in client.get(f"/teams/{team_id}/forecast?month=2026-11").text
