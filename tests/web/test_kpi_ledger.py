"""Issue 35 on the web: the KPI page (upload, table, xlsx) and the fairness ledger on the
roster and agent pages (this month, year to date)."""

import csv
import io

from openpyxl import load_workbook

from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.web.service.ledger import chain_worked_before
from tests.web.helpers import hand_roster, soup, upload_team

OCTOBER = Month(2026, 10)


def october_roster() -> Roster:
    """Everyone on day shifts at TM every day of October 2026 (9 weekend days, 3 holidays)."""
    agents = ("A1", "A2", "A3", "A4")
    return Roster(
        month=OCTOBER,
        entries={
            (a, d): RosterEntry(shift="day", shares=(("TM", 100),))
            for a in agents
            for d in OCTOBER.days
        },
        assignments={a: ("TM",) for a in agents},
        agent_ids=agents,
    )


def team_with_rosters(client, tiny_team_dir) -> int:
    """The tiny team with an October roster (v1) and the hand-written November one (v2)."""
    team_id = upload_team(client, tiny_team_dir)
    store = client.app.state.store
    record = store.team(team_id)
    team = store.input_team(record.input_id)
    for roster in (october_roster(), hand_roster(team)):
        store.add_roster(
            team_id=team_id,
            input_id=record.input_id,
            roster=roster,
            summary={"status": "FEASIBLE", "team": team.name, "month": str(roster.month)},
        )
    return team_id


def ledger_cells(page) -> dict[str, list[str]]:
    rows = page.select("table.ledger-table tbody tr")
    return {r.td.text.split()[0]: [td.text for td in r.find_all("td")[1:]] for r in rows}


def test_roster_and_agent_pages_show_this_month_and_year_to_date(client, tiny_team_dir):
    team_id = team_with_rosters(client, tiny_team_dir)
    response = client.get(f"/teams/{team_id}/rosters/2?lang=en")
    assert response.status_code == 200
    cells = ledger_cells(soup(response))
    assert set(cells) == {"A1", "A2", "A3", "A4"}
    # A1 in November: evenings on 16..30 except Sunday 22 and 29 = 13; weekends worked are
    # the 8 Saturdays and Sundays minus 5 Sundays = 4 Saturdays (7, 14, 21, 28).
    # Blackout 11-10..11-11 worked: 2. October adds 9 weekend days and 3 holidays.
    assert cells["A1"] == ["13 / 13", "4 / 13", "0 / 3", "2 / 2"]
    # A3: evenings every day but Sundays (25); 4 Saturdays in November.
    assert cells["A3"] == ["25 / 25", "4 / 13", "0 / 3", "2 / 2"]
    assert "2026-10 … 2026-11" in response.text
    agent = client.get(f"/teams/{team_id}/rosters/2/agents/A1?lang=en")
    assert agent.status_code == 200
    assert ledger_cells(soup(agent)) == {"A1": cells["A1"]}
    zh = client.get(f"/teams/{team_id}/rosters/2?lang=zh")
    assert "公平台账" in zh.text


def test_kpi_page_refuses_bad_scores_by_line_then_shows_and_exports_good_ones(
    client, tiny_team_dir
):
    team_id = team_with_rosters(client, tiny_team_dir)
    url = f"/teams/{team_id}/kpi/2026-11"
    empty = client.get(url + "?lang=en")
    assert empty.status_code == 200
    assert "No scores uploaded for this month yet." in empty.text
    bad = b"agent_id,shop_id,score\nA1,TM,105\nA1,JD,abc\nA2,JD,80\n"
    refused = client.post(url + "?lang=en", files={"scores": ("scores.csv", bad, "text/csv")})
    assert refused.status_code == 422
    problems = [li.text for li in soup(refused).select(".errors li")]
    assert [p.split(":")[0:2] for p in problems[:2]] == [["scores.csv", "2"], ["scores.csv", "3"]]
    assert any(p.startswith("scores.csv:4") and "did not serve shop JD" in p for p in problems)
    assert client.get(f"/api/teams/{team_id}/kpi/2026-11/kpi.xlsx").status_code == 404
    good = b"agent_id,shop_id,score\nA1,TM,95\nA1,JD,80\nA2,TM,89\nA3,JD,70\nA4,TM,90\n"
    taken = client.post(url, files={"scores": ("scores.csv", good, "text/csv")})
    assert taken.status_code == 200  # after the 303 to the page
    page = soup(client.get(url + "?lang=en"))
    rows = [
        [td.text.strip() for td in tr.find_all("td")] for tr in page.select("table.kpi tbody tr")
    ]
    # A1: 0.6 × 95 + 0.4 × 80 = 89 -> 2000 × 0.89 = 1780; A4 90 -> 2700; A2 89 -> 1780.
    assert [(r[1].split()[0], r[3], r[5]) for r in rows] == [
        ("A4", "90.00", "2700"),
        ("A1", "89.00", "1780"),
        ("A2", "89.00", "1780"),
        ("A3", "70.00", "700"),
    ]
    xlsx = client.get(f"/api/teams/{team_id}/kpi/2026-11/kpi.xlsx")
    assert xlsx.status_code == 200
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    assert [sheet.cell(row=r, column=2).value for r in range(2, 6)] == ["A4", "A1", "A2", "A3"]
    assert [sheet.cell(row=r, column=6).value for r in range(2, 6)] == [2700, 1780, 1780, 700]


def test_kpi_page_of_a_month_without_roster_is_not_found(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    assert client.get(f"/teams/{team_id}/kpi/2026-11").status_code == 404
    assert client.get(f"/teams/{team_id}/kpi/2026-13").status_code == 422


def test_a_build_after_a_version_starts_from_its_chained_ledger(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    store = client.app.state.store
    record = store.team(team_id)
    team = store.input_team(record.input_id)
    october = store.add_roster(
        team_id=team_id, input_id=record.input_id, roster=october_roster(), summary={}
    )
    november = store.add_roster(
        team_id=team_id,
        input_id=record.input_id,
        roster=hand_roster(team),
        summary={},
        previous_version=october.version,
    )
    before = chain_worked_before(store, november)
    # A1: October 9 weekend days + 3 holidays, November 4 Saturdays; two months.
    assert (before.days["A1"], before.months["A1"]) == (16, 2)
    # Without the link, November stands alone.
    alone = store.add_roster(
        team_id=team_id, input_id=record.input_id, roster=hand_roster(team), summary={}
    )
    assert (chain_worked_before(store, alone).days["A1"], before.months["A2"]) == (4, 2)


def test_ledger_csv_of_a_version_is_cumulative_over_its_previous_versions(client, tiny_team_dir):
    team_id = upload_team(client, tiny_team_dir)
    store = client.app.state.store
    record = store.team(team_id)
    team = store.input_team(record.input_id)
    october = store.add_roster(
        team_id=team_id, input_id=record.input_id, roster=october_roster(), summary={}
    )
    store.add_roster(
        team_id=team_id,
        input_id=record.input_id,
        roster=hand_roster(team),
        summary={},
        previous_version=october.version,
    )
    response = client.get(f"/api/teams/{team_id}/rosters/2/ledger.csv")
    assert response.status_code == 200
    rows = {r["agent_id"]: r for r in csv.DictReader(io.StringIO(response.text))}
    a1 = rows["A1"]
    assert (a1["weekend_days_worked"], a1["holiday_days_worked"], a1["evenings"]) == (
        "13",
        "3",
        "13",
    )
    assert (a1["month_weekend_days_worked"], a1["months"], a1["since"]) == ("4", "2", "2026-10")


def test_kpi_api_takes_scores_and_returns_the_ranking(client, tiny_team_dir):
    team_id = team_with_rosters(client, tiny_team_dir)
    url = f"/api/teams/{team_id}/kpi/2026-11"
    assert client.get(url).status_code == 404
    bad = b"agent_id,shop_id,score\nA1,TM,105\nA1,JD,abc\n"
    refused = client.post(url + "/scores", files={"scores": ("scores.csv", bad, "text/csv")})
    assert refused.status_code == 422
    assert [(e["file"], e["line"]) for e in refused.json()["errors"]][:2] == [
        ("scores.csv", 2),
        ("scores.csv", 3),
    ]
    good = b"agent_id,shop_id,score\nA1,TM,95\nA1,JD,80\nA4,TM,90\n"
    taken = client.post(url + "/scores", files={"scores": ("scores.csv", good, "text/csv")})
    assert taken.status_code == 201, taken.text
    body = client.get(url).json()
    assert [(r["agent_id"], r["score"], r["bonus"]) for r in body["rows"]] == [
        ("A4", 90.0, 2700),
        ("A1", 89.0, 1780),
    ]
    assert body["rows"][1]["shops"] == [
        {"shop_id": "TM", "score": 95.0, "weight": 0.6},
        {"shop_id": "JD", "score": 80.0, "weight": 0.4},
    ]
