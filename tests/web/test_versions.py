"""Issue 34: a roster version is a draft until a lead publishes it; agents see only that one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import text

import scheduler.web.service as service
from scheduler.roster.coverage import CoverageRow
from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.web.contexts.teams import version_origin
from scheduler.web.contexts.versions import cover_changes
from scheduler.web.service.kpi import month_roster
from scheduler.web.store import Store
from tests.web.accounts import cheap_hashing, set_up_teams_and_users
from tests.web.helpers import NOVEMBER, hand_roster, publish, soup, upload_team

CHANGED_DAY = date(2026, 11, 2)  # a Monday: A1 works a day shift in the hand roster


def with_a1_off(roster: Roster) -> Roster:
    """The roster with A1 resting on CHANGED_DAY instead of working."""
    entries = dict(roster.entries) | {("A1", CHANGED_DAY): RosterEntry(shift="off", shares=())}
    return replace(roster, entries=entries)


def save_versions(store: Store, team_id: int, team) -> None:
    """v1 by hand, v2 the same with one cell changed, v3 an accepted re-plan of v1."""
    input_id = store.team(team_id).input_id
    first = hand_roster(team)
    summary = {"status": "FEASIBLE", "shortfall": 0.0}
    for roster, extra in ((first, {}), (with_a1_off(first), {}), (first, {"replan_of": 1})):
        store.add_roster(team_id=team_id, input_id=input_id, roster=roster, summary=summary | extra)


@pytest.fixture
def world(client, settings, tiny_team_dir, tiny_team, monkeypatch):
    """Teams 1 and 2 with accounts (see tests/web/accounts.py); team 1 has versions 1-3 of
    November 2026, none published."""
    cheap_hashing(monkeypatch)
    clients = set_up_teams_and_users(client, settings, tiny_team_dir)
    save_versions(client.app.state.store, 1, tiny_team)
    return clients


def published(client, team_id: int = 1) -> list[int]:
    listed = client.get(f"/api/teams/{team_id}/rosters").json()["data"]
    return [r["version"] for r in listed if r["published"]]


def a1_shift(client, day: date = CHANGED_DAY) -> tuple[int, str]:
    """(version, A1's shift on ``day``) as the agent's own schedule shows it."""
    response = client.get("/api/me/schedule?month=2026-11")
    assert response.status_code == 200, response.text
    mine = response.json()
    return mine["version"], next(d["shift"] for d in mine["days"] if d["date"] == str(day))


@pytest.mark.pg
def test_a_version_is_a_draft_until_the_lead_publishes_it(world):
    lead, agent = world["lead_this"], world["agent_this"]
    assert published(lead) == []
    missing = agent.get("/api/me/schedule?month=2026-11")
    assert missing.status_code == 404
    assert "published" in missing.json()["detail"]
    assert agent.get("/api/teams/1/rosters/1").status_code == 404
    assert agent.get("/api/teams/1/rosters").json()["count"] == 0

    answer = lead.post("/api/teams/1/rosters/2/publish")
    assert answer.status_code == 200, answer.text
    assert answer.json()["version"] == 2 and answer.json()["published"] is True
    assert published(lead) == [2]
    assert a1_shift(agent) == (2, "off")
    assert agent.get("/api/teams/1/rosters/2").status_code == 200
    assert agent.get("/api/teams/1/rosters/2/roster.csv").status_code == 200
    # The drafts do not exist for an agent, not even through the exports.
    for path in ("", "/roster.csv", "/coverage", "/ledger.csv"):
        assert agent.get(f"/api/teams/1/rosters/1{path}").status_code == 404, path
    assert agent.get("/teams/1/rosters/1").status_code == 404
    assert agent.get("/teams/1/rosters/2").status_code == 200
    assert [r["version"] for r in agent.get("/api/teams/1/rosters").json()["data"]] == [2]


@pytest.mark.pg
def test_exactly_one_version_of_a_month_is_published_and_republishing_is_the_undo(world):
    lead, agent = world["lead_this"], world["agent_this"]
    publish(lead, 1, 1)
    assert a1_shift(agent) == (1, "day")
    publish(lead, 1, 2)
    assert published(lead) == [2]
    assert a1_shift(agent) == (2, "off")
    publish(lead, 1, 1)  # undo: the older version is the published one again
    assert published(lead) == [1]
    assert a1_shift(agent) == (1, "day")
    audit = lead.get("/api/teams/1/audit").json()
    publications = [
        e for e in audit if e["action"] == "POST /api/teams/{team_id}/rosters/{version}/publish"
    ]
    assert len(publications) == 3 and {e["username"] for e in publications} == {"li"}


def test_only_a_lead_of_the_team_publishes(world):
    assert world["agent_this"].post("/api/teams/1/rosters/1/publish").status_code == 403
    assert world["lead_other"].post("/api/teams/1/rosters/1/publish").status_code == 404
    assert world["lead_this"].post("/api/teams/1/rosters/9/publish").status_code == 404
    assert published(world["lead_this"]) == []


def test_the_calendar_feed_carries_the_published_version_only(world):
    lead, agent, anonymous = world["lead_this"], world["agent_this"], world["anonymous"]
    url = agent.get("/api/me/calendar").json()["url"]
    assert "BEGIN:VEVENT" not in anonymous.get(url).text  # nothing published yet
    publish(lead, 1, 1)
    with_day = anonymous.get(url).text.count("BEGIN:VEVENT")
    publish(lead, 1, 2)
    assert anonymous.get(url).text.count("BEGIN:VEVENT") == with_day - 1


def test_the_roster_page_says_draft_and_its_publish_button_publishes(world):
    lead = world["lead_this"]
    draft = soup(lead.get("/teams/1/rosters/2?lang=en"))
    assert "Draft" in draft.select_one("div.publication").get_text()
    form = draft.select_one("form.publish")
    assert form["action"] == "/teams/1/rosters/2/publish"
    answer = lead.post(form["action"], follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/teams/1/rosters/2"
    page = soup(lead.get("/teams/1/rosters/2?lang=en"))
    assert page.select_one("div.publication p.published") is not None
    assert page.select_one("form.publish") is None
    other = soup(lead.get("/teams/1/rosters/1?lang=en"))
    assert other.select_one("div.publication a.compare")["href"] == (
        "/teams/1/rosters/1/diff?against=2"
    )


def test_the_versions_table_says_where_each_version_came_from_and_which_is_published(world):
    lead = world["lead_this"]
    publish(lead, 1, 2)
    rows = soup(lead.get("/teams/1?lang=en")).select("table.versions tbody tr")
    by_version = {r.select_one("td a").get_text(): r for r in rows}
    assert by_version["v3"].select_one("td.origin").get_text() == "re-plan of v1"
    assert by_version["v1"].select_one("td.origin").get_text() == "build"
    assert by_version["v2"]["class"] == ["published"]
    assert by_version["v1"]["class"] == ["draft"]
    assert by_version["v1"].select_one("a.compare")["href"] == "/teams/1/rosters/1/diff?against=2"
    zh = soup(lead.get("/teams/1?lang=zh")).select_one("table.versions").get_text()
    assert "v1 的重排" in zh and "已发布" in zh and "草稿" in zh


def test_the_agent_page_says_not_published_yet_until_the_lead_publishes(world):
    lead, agent = world["lead_this"], world["agent_this"]
    page = agent.get("/me?month=2026-11&lang=en")
    assert "No roster of this month is published yet." in page.text
    publish(lead, 1, 3)
    page = soup(agent.get("/me?month=2026-11&lang=en"))
    assert "v3" in page.select_one("section.month h2").get_text()


def test_without_accounts_the_newest_version_of_a_month_is_the_published_one(
    client, tiny_team_dir, tiny_team
):
    """One person on their own machine: building is publishing, as before issue 34."""
    assert upload_team(client, tiny_team_dir) == 1
    save_versions(client.app.state.store, 1, tiny_team)
    assert published(client) == [3]
    publish(client, 1, 1)
    assert published(client) == [1]


@pytest.mark.parametrize(
    ("summary", "origin"),
    [
        ({"status": "OPTIMAL"}, ("build", None)),
        ({"replan_of": 4}, ("replan", 4)),
        ({"request": 7, "replan": {"changed_days": 2}}, ("request", 7)),
    ],
)
def test_a_version_says_where_it_came_from(summary, origin):
    assert version_origin(summary) == origin


@pytest.mark.pg
def test_a_database_made_before_publishing_gains_its_table(db_url, tiny_team_dir, tiny_team):
    url = db_url
    store = Store(url)
    with store.engine.begin() as conn:  # as made before publishing, and before migrations
        conn.execute(text("DROP TABLE roster_publications"))
        conn.execute(text("DROP TABLE alembic_version"))
    store.close()
    store = Store(url)
    texts = {n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    team_id = store.create_team(texts, read_team_texts(texts), "upload").id
    save_versions(store, team_id, tiny_team)
    store.add_publication(team_id=team_id, month=NOVEMBER, version=2, by="li")
    assert {m: p.version for m, p in store.publications(team_id).items()} == {NOVEMBER: 2}
    store.close()


def test_the_diff_page_outlines_the_changed_cell_and_counts_changes_per_agent(world):
    lead = world["lead_this"]
    publish(lead, 1, 1)
    response = lead.get("/teams/1/rosters/2/diff?against=1&lang=en")
    assert response.status_code == 200, response.text
    page = soup(response)
    assert page.select_one(".changed-cells").get_text() == "1"
    assert page.select_one(".published-version").get_text() == "v1"
    counts = {
        r["data-agent"]: r.select_one("td.num").get_text()
        for r in page.select("table.agent-changes tbody tr")
    }
    assert counts == {"A1": "1"}
    a1 = page.select_one("table.grid tbody tr[data-agent=A1]")
    cells = a1.select("td")[2 : 2 + 30]  # after the name and shops columns
    outlined = [i for i, td in enumerate(cells) if "changed" in td["class"]]
    assert outlined == [CHANGED_DAY.day - 1]
    assert len(page.select("table.grid td.changed")) == 1
    # A1 served TM 60% and JD 40% that day, beside A2 on TM 100% and nobody else on days:
    # TM 1.6 -> 1.0 and JD 0.4 -> 0.
    cover = [
        (tds[2].get_text(), float(tds[4].get_text()), float(tds[5].get_text()))
        for tds in (r.select("td") for r in page.select("table.cover-changes tbody tr"))
    ]
    assert sorted(cover) == [("JD", 0.4, 0.0), ("TM", 1.6, 1.0)]
    # The same two versions the other way round, and against the published one by default.
    swapped = soup(lead.get("/teams/1/rosters/1/diff?against=2&lang=en"))
    assert swapped.select_one(".changed-cells").get_text() == "1"
    default = soup(lead.get("/teams/1/rosters/2/diff?lang=en"))
    assert "v1" in default.select_one("h1").get_text()


def test_the_diff_of_identical_versions_shows_no_change(world):
    lead = world["lead_this"]
    page = soup(lead.get("/teams/1/rosters/3/diff?against=1&lang=en"))
    assert page.select_one(".changed-cells").get_text() == "0"
    assert page.select("table.grid td.changed") == []
    assert page.select_one("table.agent-changes") is None


def test_a_diff_needs_two_versions_of_one_month(world):
    lead = world["lead_this"]
    assert lead.get("/teams/1/rosters/2/diff?against=9").status_code == 404
    nothing_published = lead.get("/teams/1/rosters/2/diff?lang=en")
    assert nothing_published.status_code == 422
    assert "published" in nothing_published.text
    assert world["agent_this"].get("/teams/1/rosters/2/diff?against=1").status_code == 403


def test_cover_changes_lists_only_the_rows_whose_planned_agents_differ():
    day = date(2026, 11, 2)
    before = [
        CoverageRow(date=day, shift="day", shop_id="TM", required=2.0, planned=1.6),
        CoverageRow(date=day, shift="evening", shop_id="TM", required=1.0, planned=1.0),
    ]
    after = [
        CoverageRow(date=day, shift="day", shop_id="TM", required=2.0, planned=1.0),
        CoverageRow(date=day, shift="evening", shop_id="TM", required=1.0, planned=1.0),
        CoverageRow(date=day, shift="evening", shop_id="JD", required=0.0, planned=0.5),
    ]
    rows = cover_changes(before, after)
    assert [(r.shift, r.shop_id) for r in rows] == [("day", "TM"), ("evening", "JD")]
    assert (rows[0].shortfall_before, rows[0].shortfall_after) == (0.4, 1.0)
    assert (rows[1].planned_before, rows[1].planned_after) == (0.0, 0.5)


def test_a_build_continues_from_the_published_version_of_the_month_before(world, client):
    store = client.app.state.store
    team = store.input_team(store.team(1).input_id)
    december = NOVEMBER.next()
    assert service.previous_roster(store, 1, team, december, "auto")[0] == 3  # newest
    publish(world["lead_this"], 1, 2)
    version, roster = service.previous_roster(store, 1, team, december, "auto")
    assert version == 2
    assert roster is not None and roster.entry("A1", CHANGED_DAY).shift == "off"


def test_the_kpi_counts_the_published_version_of_a_month_else_the_newest(world, client):
    store = client.app.state.store
    assert service.worked_roster(store, 1, NOVEMBER).version == 3  # nobody published: newest
    publish(world["lead_this"], 1, 2)
    assert service.worked_roster(store, 1, NOVEMBER).version == 2
    assert month_roster(store, 1, NOVEMBER).record.version == 2
    assert service.worked_roster(store, 1, NOVEMBER.next()) is None
