"""Peak plans in the browser: a background job, then the CLI's peak page and its files."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from scheduler.demand.folder import read_demand_folder
from scheduler.peak.files import HIRES_COLUMNS
from scheduler.peak.page import PeakPage
from scheduler.team.writer import write_team_folder
from scheduler.web import snapshot
from scheduler.web.contexts import peak_form_page
from scheduler.web.service import next_peak
from tests.demand_data import history_text
from tests.helpers import tiny_team_value
from tests.web.helpers import SCRIPT, soup, upload_team, wait_for_job


@pytest.fixture
def history_team_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "peak-team"
    write_team_folder(tiny_team_value(name=f"Peak {SCRIPT}"), folder)
    (folder / "history.csv").write_text(history_text(), encoding="utf-8")
    return folder


@pytest.mark.slow
def test_a_peak_plan_runs_as_a_job_and_shows_the_clis_page_and_files(client, history_team_dir):
    team_id = upload_team(client, history_team_dir)
    form = soup(client.get(f"/teams/{team_id}/peak?lang=en"))
    assert form.select_one("select[name=event] option[selected]")["value"] == "double11"
    today = date.today()
    next_double11 = today.year + (today > date(today.year, 11, 11))
    assert form.select_one("input[name=year]")["value"] == str(next_double11)

    response = client.post(
        f"/teams/{team_id}/peak?lang=en",
        data={
            "event": "double11",
            "year": "2026",
            "scenarios": "+35%",
            "today": "2026-09-01",
            "time_limit_s": "1",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    job_url = response.headers["location"]
    job_id = int(job_url.rsplit("/", 1)[1])
    running = soup(client.get(job_url + "?lang=en"))
    assert running.select_one("h1").text == f"Peak plan #{job_id} · Double 11 2026"
    assert running.select_one("button#stop") is None  # a plan cannot stop half-way
    job = wait_for_job(client, team_id, job_id, timeout_s=120)
    assert job["state"] == "done", job
    assert (job["kind"], job["label"], job["time_limit_s"]) == ("peak", "double11 2026", 5)

    plans = client.get(f"/api/teams/{team_id}/peak").json()
    assert plans["count"] == 1
    plan = plans["data"][0]
    assert plan["request"]["scenarios"] == ["-20%", "as forecast", "+20%", "+35%", "+50%"]
    done = soup(client.get(job_url + "?lang=en"))
    href = done.select_one("a.open-peak")["href"]
    assert href == f"/teams/{team_id}/peak/{plan['id']}"

    page = soup(client.get(href + "?lang=en"))
    assert page.select_one("h1").text == f"Peak plan #{plan['id']} · Double 11 2026"
    assert "2026-10-13..2026-11-18" in page.select_one("p.window").text
    costs = page.select("table.costs thead th")[1:]
    assert [th.text for th in costs] == ["-20%", "as forecast", "+20%", "+35%", "+50%"]
    assert page.select_one("svg.peak-chart polyline.series") is not None
    hires_link = page.select_one("a.hires")
    assert hires_link.text == "hires.csv"

    hires = client.get(hires_link["href"])
    assert hires.status_code == 200
    assert "attachment" in hires.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(hires.text)))
    assert tuple(rows[0]) == HIRES_COLUMNS
    detail = client.get(f"/api/teams/{team_id}/peak/{plan['id']}").json()
    main = next(s for s in detail["plan"]["scenarios"] if s["scenario"] == "as forecast")
    assert len(rows) - 1 == len(main["hires"])
    assert "double11 2026" in detail["summary"]
    assert client.get(f"/api/teams/{team_id}/peak/{plan['id']}/files/../x").status_code == 404

    # The stored page reads back as the context it was made from.
    stored = client.app.state.store.peak_page_json(client.app.state.store.peak_plan(team_id, 1))
    assert snapshot.dumps(snapshot.loads(PeakPage, stored)) == stored
    team_page = soup(client.get(f"/teams/{team_id}?lang=en"))
    assert "Double 11 2026" in team_page.select_one("table.jobs").text
    chinese = soup(client.get(f"/teams/{team_id}/peak/{plan['id']}?lang=zh"))
    assert chinese.select_one("h1").text == f"大促计划 #{plan['id']} · 双11 2026"
    for url in (href, job_url, f"/teams/{team_id}/peak"):
        text = client.get(url).text
        assert SCRIPT not in text and "&lt;script&gt;" in text, url


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"event": "christmas", "year": 2026}, "event"),
        ({"event": "double11", "year": 2026, "scenarios": ["lots"]}, "scenarios"),
        ({"event": "double11", "year": 2026, "scenarios": ["-100%"]}, "scenarios"),
    ],
)
def test_a_peak_plan_the_team_cannot_have_is_refused_by_field(
    client, history_team_dir, body, field
):
    team_id = upload_team(client, history_team_dir)
    response = client.post(f"/api/teams/{team_id}/peak", json=body)
    assert response.status_code == 422
    assert [e["file"] for e in response.json()["errors"]] == [field]
    assert client.get(f"/api/teams/{team_id}/jobs").json()["count"] == 0


def test_without_history_the_peak_page_says_so_and_nothing_starts(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    page = soup(client.get(f"/teams/{team_id}/peak?lang=en"))
    assert "history.csv" in page.select_one(".errors").text
    assert page.select_one("form.peak-form") is None
    response = client.post(f"/api/teams/{team_id}/peak", json={"event": "double11", "year": 2026})
    assert response.status_code == 422
    form = client.post(
        f"/teams/{team_id}/peak?lang=en", data={"event": "double11", "year": "twenty"}
    )
    assert form.status_code == 422
    assert "'twenty' is not a year" in soup(form).select_one(".errors").text


def test_a_bad_form_shows_the_problem_above_the_form_again(client, history_team_dir):
    team_id = upload_team(client, history_team_dir)
    response = client.post(
        f"/teams/{team_id}/peak?lang=en",
        data={"event": "double11", "year": "2026", "today": "2026-02-30"},
    )
    assert response.status_code == 422
    page = soup(response)
    assert page.select_one(".errors li b").text == "today"
    assert page.select_one("form.peak-form") is not None


def test_missing_plans_and_files_are_404(client, history_team_dir):
    team_id = upload_team(client, history_team_dir)
    assert client.get(f"/api/teams/{team_id}/peak/5").status_code == 404
    assert client.get(f"/teams/{team_id}/peak/5").status_code == 404
    assert client.get(f"/api/teams/{team_id}/peak/5/files/hires.csv").status_code == 404


@pytest.mark.parametrize(
    ("today", "proposed"),
    [
        (date(2026, 12, 6), ("double11", 2027)),
        (date(2026, 11, 11), ("double11", 2027)),
        (date(2026, 11, 10), ("double11", 2026)),
        (date(2026, 1, 2), ("double11", 2026)),
    ],
)
def test_the_peak_form_proposes_the_next_double11_after_today(history_team_dir, today, proposed):
    folder = read_demand_folder(history_team_dir)
    assert next_peak(folder, today) == proposed


def test_peak_form_puts_double11_first():
    page = peak_form_page(1, "Tiny", [], events=["618", "nianhuo", "double11"], year=2026)
    assert page.events == ("double11", "618", "nianhuo")
    assert page.event == "double11"


@dataclass(frozen=True, kw_only=True)
class Inner:
    day: date
    pairs: tuple[tuple[float, str], ...]


@dataclass(frozen=True, kw_only=True)
class Outer:
    name: str
    count: int
    share: float
    flag: bool
    maybe: Inner | None
    items: tuple[Inner, ...]


def test_snapshots_read_back_equal_and_refuse_what_changed():
    value = Outer(
        name="<b>x</b>",
        count=3,
        share=1.0,
        flag=True,
        maybe=None,
        items=(Inner(day=date(2026, 11, 11), pairs=((1.5, "a"), (2, "b"))),),
    )
    assert snapshot.loads(Outer, snapshot.dumps(value)) == value
    changed = json.loads(snapshot.dumps(value))
    del changed["flag"]
    with pytest.raises(snapshot.SnapshotError):
        snapshot.loads(Outer, json.dumps(changed))
    with pytest.raises(snapshot.SnapshotError):
        snapshot.loads(Outer, snapshot.dumps(value).replace('"count": 3', '"count": "3"'))
