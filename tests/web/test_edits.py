"""Issue 34 item 1: a lead edits a cell of the grid; the edit is checked against every hard
rule and saved as a new draft version, or refused with the rule in words."""

from __future__ import annotations

import pytest

import solver
from scheduler.roster.build import make_roster
from scheduler.roster.coverage import compute_coverage, total_shortfall
from scheduler.team.calendar import Month
from tests.helpers import tiny_team_value
from tests.web.accounts import cheap_hashing, set_up_teams_and_users
from tests.web.helpers import soup, wait_for_job

MONTH = Month(2026, 11)
PARAMS = solver.SolveParams(time_limit_s=5, num_workers=1, seed=1)


@pytest.fixture(scope="module")
def november():
    """The tiny team's November roster, built once for the module."""
    outcome = make_roster(tiny_team_value(), MONTH, params=PARAMS)
    assert outcome.roster is not None
    return outcome.roster, outcome.summary


@pytest.fixture
def world(client, settings, tiny_team_dir, november, monkeypatch):
    """Team 1 with accounts (tests/web/accounts.py) and the built roster as its draft v1."""
    cheap_hashing(monkeypatch)
    clients = set_up_teams_and_users(client, settings, tiny_team_dir)
    store = client.app.state.store
    roster, summary = november
    store.add_roster(team_id=1, input_id=store.team(1).input_id, roster=roster, summary=summary)
    return clients, roster


def evening_to_day(roster):
    """(agent, date): a cell whose agent works an evening the day before and that day."""
    for agent_id in roster.agent_ids:
        for before, day in zip(MONTH.days, MONTH.days[1:], strict=False):
            if (
                roster.entry(agent_id, before).shift
                == roster.entry(agent_id, day).shift
                == "evening"
            ):
                return agent_id, day
    raise AssertionError("no two evenings in a row")


def working_day(roster, agent_id):
    """The first day ``agent_id`` works a shift."""
    return next(d for d in MONTH.days if roster.entry(agent_id, d).is_shift)


def test_an_edit_into_a_rule_break_is_refused_with_the_rule_and_nothing_saved(world):
    clients, roster = world
    lead = clients["lead_this"]
    agent_id, day = evening_to_day(roster)
    body = {"agent_id": agent_id, "date": str(day), "shift": "day"}
    response = lead.post("/api/teams/1/rosters/1/cells", json=body)
    assert response.status_code == 409, response.text
    refused = response.json()
    assert refused["rules"] == ["min_rest_between_shifts"]
    assert "11 h of rest between shifts" in refused["reasons"][0]
    assert [r["version"] for r in lead.get("/api/teams/1/rosters").json()["data"]] == [1]


def test_the_grid_form_shows_the_refusal_in_the_lead_s_language(world):
    clients, roster = world
    lead = clients["lead_this"]
    agent_id, day = evening_to_day(roster)
    form = {"agent_id": agent_id, "date": str(day), "shift": "day"}
    zh = lead.post("/teams/1/rosters/1/cells?lang=zh", data=form, follow_redirects=False)
    assert zh.status_code == 409
    refusal = soup(zh).select_one(".edit-refusal")
    assert "两班之间休息不足" in refusal.get_text()
    assert refusal.select_one("li.rule")["data-rule"] == "min_rest_between_shifts"
    # The rule's full sentence too, with the agent and the two shifts in Chinese.
    reason = refusal.select_one("ul.reasons li").get_text()
    assert f"{agent_id} " in reason
    assert "两班之间须休息 11 小时" in reason
    assert "rest" not in reason
    en = lead.post("/teams/1/rosters/1/cells?lang=en", data=form, follow_redirects=False)
    assert "Too little rest between two shifts" in soup(en).select_one(".edit-refusal").get_text()


def test_a_valid_edit_is_a_new_draft_holding_the_edited_cells(world):
    clients, roster = world
    lead = clients["lead_this"]
    away = working_day(roster, "A3")
    # Leave on a working day keeps every rule: the month's rest days stay as they are.
    leave = {"agent_id": "A3", "date": str(away), "shift": "leave", "kind": "annual"}
    response = lead.post("/api/teams/1/rosters/1/cells", json=leave)
    assert response.status_code == 201, response.text
    assert response.json()["version"] == 2
    assert response.json()["published"] is False
    split_day = working_day(roster, "A1")
    shift = roster.entry("A1", split_day).shift
    split = {
        "agent_id": "A1",
        "date": str(split_day),
        "shift": shift,
        "shares": {"TM": 70, "JD": 30},
    }
    assert lead.post("/api/teams/1/rosters/2/cells", json=split).status_code == 201
    detail = lead.get("/api/teams/1/rosters/3").json()
    days = {(a["agent_id"], d["date"]): d for a in detail["agents"] for d in a["days"]}
    assert days["A3", str(away)]["shift"] == "leave"
    assert days["A1", str(split_day)]["shops"] == {"TM": 70, "JD": 30}
    summary = lead.app.state.store.roster(1, 3).summary
    assert summary["edits_of"] == 2
    assert {(p["agent_id"], p["date"], p.get("kind")) for p in summary["pins"]} == {
        ("A3", str(away), "annual"),
        ("A1", str(split_day), None),
    }
    grid = soup(lead.get("/teams/1/rosters/3?lang=en"))
    marked = {
        (td.find_parent("tr")["data-agent"], td["data-date"]) for td in grid.select("td.pinned")
    }
    assert marked == {("A3", str(away)), ("A1", str(split_day))}
    zh = soup(lead.get("/teams/1/rosters/3?lang=zh"))
    leave_cell = zh.select_one(f"tr[data-agent=A3] td[data-date='{away}']")
    assert leave_cell["title"].endswith("(年假)")
    assert "编辑自 v2" in soup(lead.get("/teams/1?lang=zh")).get_text()


def test_a_rest_day_alone_turned_into_work_is_refused_naming_the_rest_days(world):
    clients, roster = world
    row = roster.row("A1")
    # A rest day between two shifts of the same type: only the count of rest days breaks.
    d = next(
        d for d in range(1, 29) if row[d].shift == "off" and row[d - 1].shift == row[d + 1].shift
    )
    body = {"agent_id": "A1", "date": str(MONTH.days[d]), "shift": row[d - 1].shift}
    response = clients["lead_this"].post("/api/teams/1/rosters/1/cells", json=body)
    assert response.status_code == 409
    assert "rest_days_per_month" in response.json()["rules"]


def moved_rest_day(roster):
    """(agent, rest day, next day): a rest day between two day shifts that can move one day
    later without a run of more than six working days."""
    for agent_id in roster.agent_ids:
        row = roster.row(agent_id)
        for d in range(6, len(MONTH.days) - 1):
            window = [e.shift for e in row[d - 6 : d + 2]]
            blackout = MONTH.days[d + 1].day in (10, 11)  # the tiny team's blackout
            if window[5:] == ["day", "off", "day"] and "off" in window[:5] and not blackout:
                return agent_id, MONTH.days[d], MONTH.days[d + 1]
    raise AssertionError("no rest day between day shifts")


def test_a_rest_day_moves_with_two_cells_checked_together(world):
    clients, roster = world
    lead = clients["lead_this"]
    agent_id, rest, next_day = moved_rest_day(roster)
    body = {
        "agent_id": agent_id,
        "date": str(rest),
        "shift": "day",
        "also": [{"date": str(next_day), "shift": "off"}],
    }
    response = lead.post("/api/teams/1/rosters/1/cells", json=body)
    assert response.status_code == 201, response.text
    detail = lead.get("/api/teams/1/rosters/2").json()
    days = {(a["agent_id"], d["date"]): d["shift"] for a in detail["agents"] for d in a["days"]}
    assert (days[agent_id, str(rest)], days[agent_id, str(next_day)]) == ("day", "off")
    # The grid's form does the same with its "together with another day" fields.
    form = {
        "agent_id": agent_id,
        "date": str(next_day),
        "shift": "day",
        "also_date": str(rest),
        "also_shift": "off",
    }
    moved_back = lead.post("/teams/1/rosters/2/cells", data=form, follow_redirects=False)
    assert moved_back.status_code == 303
    assert moved_back.headers["location"] == "/teams/1/rosters/3"


def test_a_split_that_is_not_ten_percent_steps_is_bad_input(world):
    clients, roster = world
    day = next(d for d in MONTH.days if roster.entry("A1", d).is_shift)
    body = {
        "agent_id": "A1",
        "date": str(day),
        "shift": roster.entry("A1", day).shift,
        "shares": {"TM": 55, "JD": 45},
    }
    response = clients["lead_this"].post("/api/teams/1/rosters/1/cells", json=body)
    assert response.status_code == 422
    assert "10% step" in response.text


def test_agents_do_not_get_the_editor(world):
    clients, _ = world
    clients["lead_this"].post("/api/teams/1/rosters/1/publish")
    lead = soup(clients["lead_this"].get("/teams/1/rosters/1"))
    agent = soup(clients["agent_this"].get("/teams/1/rosters/1"))
    assert lead.select_one("dialog#cell-editor") is not None
    assert lead.select("td[tabindex]")
    assert agent.select_one("dialog#cell-editor") is None
    assert not agent.select("td[tabindex]")


@pytest.mark.slow
def test_fill_the_gaps_holds_the_edits_and_does_not_add_shortfall(world, november):
    clients, roster = world
    lead = clients["lead_this"]
    agent_id, day = next(
        (a, d) for a in ("A1", "A2", "A3") for d in MONTH.days if roster.entry(a, d).shift == "day"
    )
    edit = {"agent_id": agent_id, "date": str(day), "shift": "leave"}
    assert lead.post("/api/teams/1/rosters/1/cells", json=edit).status_code == 201
    draft = lead.app.state.store
    draft_shortfall = draft.roster(1, 2).summary["shortfall"]
    response = lead.post("/api/teams/1/rosters/2/fill", json={"time_limit_s": 5})
    assert response.status_code == 202, response.text
    job = wait_for_job(lead, 1, response.json()["id"])
    assert job["state"] == "done", job
    filled = draft.roster(1, job["roster_version"])
    assert filled.summary["fill_of"] == 2
    assert filled.summary["pins"] == draft.roster(1, 2).summary["pins"]
    value = draft.roster_value(filled)
    assert value.entry(agent_id, day).shift == "leave"
    team = draft.input_team(filled.input_id)
    assert total_shortfall(compute_coverage(team, value)) <= draft_shortfall + 1e-9


def test_an_edit_of_a_version_made_before_an_agent_joined_is_bad_input(world, tiny_team_dir):
    clients, roster = world
    lead = clients["lead_this"]
    agents = (tiny_team_dir / "agents.csv").read_text(encoding="utf-8")
    joined = agents + "A9,新人,TM,,,\n"
    response = lead.put("/api/teams/1/files/agents.csv", json={"content": joined})
    assert response.status_code == 200, response.text
    day = working_day(roster, "A3")
    body = {"agent_id": "A3", "date": str(day), "shift": "leave"}
    refused = lead.post("/api/teams/1/rosters/1/cells", json=body)
    assert refused.status_code == 422
    assert "A9 joined the team after v1" in refused.text
