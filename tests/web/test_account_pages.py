"""Issue 33: the login page, the agent's page and the inbox, as pages (and their contexts)."""

from __future__ import annotations

from datetime import date

import pytest
from fastapi.testclient import TestClient

from scheduler.team.calendar import Month
from scheduler.web.contexts.accounts import describe, month_view
from scheduler.web.service.accounts import Schedule, ScheduleDay
from tests.web.accounts import PASSWORD, cheap_hashing, set_up_teams_and_users
from tests.web.helpers import soup


@pytest.fixture
def world(client, settings, tiny_team_dir, monkeypatch):
    cheap_hashing(monkeypatch)
    return set_up_teams_and_users(client, settings, tiny_team_dir)


def test_a_page_asked_for_anonymously_leads_to_the_login_and_back(world, client):
    browser = TestClient(client.app)
    first = browser.get("/teams/1?lang=en", follow_redirects=False)
    assert first.status_code == 303
    assert first.headers["location"] == "/login?next=%2Fteams%2F1%3Flang%3Den"
    login = browser.get(first.headers["location"])
    assert soup(login).select_one("input[name=next]")["value"] == "/teams/1?lang=en"
    wrong = browser.post("/login", data={"username": "li", "password": "nope", "next": "/"})
    assert wrong.status_code == 401
    assert soup(wrong).select_one("[role=alert]") is not None
    done = browser.post(
        "/login",
        data={"username": "li", "password": PASSWORD, "next": "/teams/1?lang=en"},
        headers={"Origin": "http://testserver"},
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == "/teams/1?lang=en"
    team = browser.get("/teams/1")
    assert team.status_code == 200
    assert soup(team).select_one("a.inbox")["href"] == "/teams/1/inbox"


def test_the_login_never_sends_a_user_to_another_site(world, client):
    browser = TestClient(client.app)
    done = browser.post(
        "/login",
        data={"username": "wang", "password": PASSWORD, "next": "//evil.example/"},
        follow_redirects=False,
    )
    assert done.headers["location"] == "/me"


def test_a_forbidden_page_is_a_page_in_the_visitors_language(world):
    response = world["agent_this"].get("/teams/1?lang=en")
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("text/html")
    assert soup(response).select_one("h1").get_text() == "Not allowed"
    other = world["lead_this"].get("/teams/2/inbox?lang=en")
    assert other.status_code == 404


def test_the_agent_page_without_a_roster_says_so_and_offers_the_calendar(world):
    page = soup(world["agent_this"].get("/me?month=2026-11&lang=en"))
    months = page.select("section.month")
    assert [m["data-month"] for m in months] == ["2026-11", "2026-12"]
    assert "No roster of this month is published yet." in months[0].get_text()
    assert page.select_one("a.button")["href"].startswith("webcal://testserver/api/calendar/")


def test_a_request_filed_on_the_page_shows_in_the_lead_inbox(world):
    agent, lead = world["agent_this"], world["lead_this"]
    filed = agent.post(
        "/me/requests",
        data={"kind": "wish", "date": "2026-11-14", "shift": "off", "month": "2026-11"},
        follow_redirects=False,
    )
    assert filed.status_code == 303 and filed.headers["location"] == "/me?month=2026-11"
    mine = soup(agent.get("/me?month=2026-11&lang=en")).select("ul.requests li")
    assert [li.get_text(" ", strip=True) for li in mine] == ["wish 2026-11-14 off · pending"]
    inbox = soup(lead.get("/teams/1/inbox?lang=en"))
    legend = inbox.select_one("fieldset.request legend").get_text(" ", strip=True)
    assert legend == "#1 A1 · wish 2026-11-14 off"
    rejected = lead.post("/teams/1/inbox/1/reject", data={"reason": "peak week"})
    assert rejected.status_code == 200
    decided = soup(rejected).select("section")[-2].get_text(" ", strip=True)
    assert "rejected" in decided or "已驳回" in decided


def test_the_month_view_marks_today_and_weekends():
    days = tuple(
        ScheduleDay(date=date(2026, 11, d), shift="day" if d % 7 else "off", shops=("TM",))
        for d in range(1, 31)
    )
    schedule = Schedule(agent_id="A1", team_id=1, version=3, month=Month(2026, 11), days=days)
    view = month_view(Month(2026, 11), schedule, date(2026, 11, 6), "zh")
    assert [d.date.day for d in view.days if d.today] == [6]
    assert view.days[0].weekend  # 2026-11-01 is a Sunday
    assert view.days[0].label == "早" and view.days[6].label == "休"
    assert view.worked == 26
    assert month_view(Month(2026, 12), None, date(2026, 11, 6), "en").days == ()


def test_describe_says_a_request_in_a_few_words():
    from scheduler.web.store import RequestRecord

    base = {
        "id": 1,
        "team_id": 1,
        "agent_id": "A1",
        "username": "wang",
        "state": "pending",
        "created_at": "2026-11-01T08:00:00+00:00",
        "decided_at": None,
        "decided_by": None,
        "answer": "",
        "version": None,
    }
    swap = RequestRecord(
        **base,
        kind="swap",
        fields={"date": "2026-11-05", "with_agent": "A3", "with_date": "2026-11-06"},
    )
    assert describe(swap) == "2026-11-05 ⇄ A3 2026-11-06"
    leave = RequestRecord(
        **base, kind="leave", fields={"start": "2026-11-20", "end": "2026-11-21", "reason": ""}
    )
    assert describe(leave) == "2026-11-20..2026-11-21"
