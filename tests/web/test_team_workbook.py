"""The team folder as one workbook: round trip, and problems named by sheet and row."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from openpyxl import load_workbook

from scheduler.team.errors import InputErrors
from scheduler.team.files import TEAM_FILES, read_team_texts
from scheduler.team.workbook import read_team_workbook, write_team_workbook
from scheduler.web.service import check_team


def folder_texts(folder):
    return {
        n: (folder / n).read_text(encoding="utf-8") for n in TEAM_FILES if (folder / n).exists()
    }


def test_workbook_round_trip_reads_the_same_team(tiny_team_dir):
    texts = folder_texts(tiny_team_dir)
    data = write_team_workbook(texts)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "team",
        "shops",
        "agents",
        "leave",
        "requirements",
        "pins",
        "requests",
    ]
    # Numbers are numbers for Excel users, ids stay text.
    assert book["requirements"]["D2"].value == 1
    assert book["requirements"]["D3"].value == 0.5
    back = read_team_workbook(data)
    assert read_team_texts(back) == read_team_texts(texts)


def test_demo_team_round_trips(demo_team_dir):
    texts = folder_texts(demo_team_dir)
    assert read_team_texts(read_team_workbook(write_team_workbook(texts))) == read_team_texts(texts)


def test_problems_in_a_workbook_name_the_sheet_and_row(tiny_team_dir):
    texts = folder_texts(tiny_team_dir)
    texts["agents.csv"] = texts["agents.csv"].replace("A3,张敏,JD|TM", "A3,张敏,JD|XX")
    data = write_team_workbook(texts)
    with pytest.raises(InputErrors) as refused:
        check_team(read_team_workbook(data, "my team.xlsx"), "my team.xlsx")
    error = refused.value.errors[0]
    assert (error.file, error.line) == ("my team.xlsx [agents]", 4)
    assert "unknown shop(s) XX" in error.message


def test_not_a_workbook_is_refused():
    with pytest.raises(InputErrors) as refused:
        read_team_workbook(b"PK\x03\x04 not really", "x.xlsx")
    assert "not an .xlsx workbook" in refused.value.errors[0].message


def test_excel_dates_and_numbers_are_read_as_text(tiny_team_dir):
    texts = folder_texts(tiny_team_dir)
    book = load_workbook(io.BytesIO(write_team_workbook(texts)))
    book["leave"]["B2"].value = datetime(2026, 11, 3)
    book["leave"]["C2"].value = datetime(2026, 11, 4)
    out = io.BytesIO()
    book.save(out)
    assert (
        read_team_workbook(out.getvalue())["leave.csv"].splitlines()[1]
        == "A2,2026-11-03,2026-11-04,annual"
    )
