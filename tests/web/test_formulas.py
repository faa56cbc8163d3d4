"""Issue 8: names a spreadsheet would run as formulas are allowed, and exported inert."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from scheduler.exports.formulas import neutralise, restore
from scheduler.roster.files import assignments_csv, read_roster, roster_csv
from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.team.workbook import read_team_workbook, write_team_workbook
from tests.web.helpers import hand_roster, upload_team

NAMES = ['=HYPERLINK("http://evil.example","点我")', "+86 138 0000 0000", "-张三", "@王芳"]


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"])
def test_formula_like_text_gets_an_apostrophe_and_reads_back(text):
    assert neutralise(text) == "'" + text
    assert restore(neutralise(text)) == text


@pytest.mark.parametrize("text", ["王芳", "A1", "TM01:60|JD:40", "", "'quoted"])
def test_other_text_is_unchanged(text):
    assert neutralise(text) == text
    assert restore(text) == text


def test_roster_csv_neutralises_ids_and_the_previous_roster_reads_them_back(tiny_team, tmp_path):
    ids = {"A1": "=A1", "A2": "+A2", "A3": "-A3", "A4": "@A4"}
    roster = hand_roster(tiny_team)
    roster = replace(
        roster,
        entries={(ids[a], d): e for (a, d), e in roster.entries.items()},
        assignments={ids[a]: s for a, s in roster.assignments.items()},
        agent_ids=tuple(ids[a] for a in roster.agent_ids),
    )
    text = roster_csv(roster)
    cells = [row[0] for row in csv.reader(io.StringIO(text))][1:]
    assert set(cells) == {"'=A1", "'+A2", "'-A3", "'@A4"}
    assignments = list(csv.reader(io.StringIO(assignments_csv(roster))))
    assert assignments[1][0] == "'=A1"
    (tmp_path / "roster.csv").write_text(text, encoding="utf-8")
    (tmp_path / "assignments.csv").write_text(assignments_csv(roster), encoding="utf-8")
    agents = tuple(replace(a, agent_id=ids[a.agent_id]) for a in tiny_team.agents)
    read = read_roster(tmp_path / "roster.csv", replace(tiny_team, agents=agents))
    assert read.agent_ids == roster.agent_ids
    assert read.entries == roster.entries
    assert read.assignments == roster.assignments


def test_names_like_formulas_are_accepted_and_the_xlsx_keeps_them_as_quoted_text(
    client, tiny_team_dir
):
    lines = (tiny_team_dir / "agents.csv").read_text(encoding="utf-8").splitlines()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(lines[0].split(","))
    for name, line in zip(NAMES, lines[1:], strict=True):
        cells = next(csv.reader([line]))
        writer.writerow([cells[0], name, *cells[2:]])
    (tiny_team_dir / "agents.csv").write_text(out.getvalue(), encoding="utf-8")
    team_id = upload_team(client, tiny_team_dir)
    app = client.app
    store = app.state.store  # type: ignore[attr-defined]
    record = store.team(team_id)
    team = store.input_team(record.input_id)
    assert [a.name for a in team.agents] == NAMES
    store.add_roster(
        team_id=team_id,
        input_id=record.input_id,
        roster=hand_roster(team),
        summary={"status": "FEASIBLE", "team": team.name, "month": "2026-11"},
    )
    response = client.get(f"/api/teams/{team_id}/rosters/1/roster.xlsx")
    assert response.status_code == 200
    grid = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = {grid.cell(row=r, column=2).value: grid.cell(row=r, column=2) for r in range(4, 8)}
    assert set(names) == set(NAMES)
    for cell in names.values():
        assert cell.data_type == "s"
        assert cell.quotePrefix
    plain = grid.cell(row=4, column=1)
    assert plain.value == "A1" and not plain.quotePrefix


def test_team_workbook_quotes_formula_like_names_and_reads_them_back(tiny_team_dir):
    texts = {n: (tiny_team_dir / n).read_text(encoding="utf-8") for n in TEAM_FILES}
    texts["agents.csv"] = texts["agents.csv"].replace("王芳", "=1+1")
    data = write_team_workbook(texts)
    sheet = load_workbook(io.BytesIO(data))["agents"]
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "=1+1")
    assert cell.data_type == "s" and cell.quotePrefix
    again = read_team_texts(read_team_workbook(data))
    assert again.agent("A1").name == "=1+1"
