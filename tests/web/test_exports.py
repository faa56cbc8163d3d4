"""The .xlsx grid and the .ics calendar, read back with openpyxl and icalendar."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar
from openpyxl import load_workbook

from scheduler.exports.ics import agent_calendar
from scheduler.exports.xlsx import FILLS, FIRST_DAY_COLUMN, SHORT_FILL, roster_workbook
from scheduler.roster.coverage import compute_coverage
from scheduler.roster.page import RosterPage
from tests.web.helpers import NOVEMBER, hand_roster

SHANGHAI = ZoneInfo("Asia/Shanghai")
SUMMARY = {"status": "FEASIBLE", "team": "Tiny team", "month": "2026-11", "shortfall": 9.6}


def workbook(tiny_team, lang="zh", team=None):
    team = team or tiny_team
    roster = hand_roster(team)
    page = RosterPage.from_roster(team, roster, compute_coverage(team, roster), SUMMARY, lang=lang)
    return load_workbook(io.BytesIO(roster_workbook(page, lang=lang))), roster


def test_xlsx_has_the_grid_coverage_and_status_sheets(tiny_team):
    book, _ = workbook(tiny_team)
    assert book.sheetnames == ["排班表", "覆盖", "状态"]


def test_xlsx_grid_is_agents_by_days_with_chinese_letters_and_colours(tiny_team):
    book, roster = workbook(tiny_team)
    grid = book["排班表"]
    assert [grid.cell(row=r, column=1).value for r in range(4, 8)] == ["A1", "A2", "A3", "A4"]
    assert grid.cell(row=4, column=2).value == "王芳"
    assert [grid.cell(row=2, column=FIRST_DAY_COLUMN + i).value for i in range(30)] == list(
        range(1, 31)
    )
    assert grid.cell(row=3, column=FIRST_DAY_COLUMN).value == "日"  # 11-01 is a Sunday
    letters = {"day": "早", "evening": "晚", "off": "休", "leave": "假"}
    for r, agent_id in enumerate(roster.agent_ids, start=4):
        for i, day in enumerate(NOVEMBER.days):
            cell = grid.cell(row=r, column=FIRST_DAY_COLUMN + i)
            shift = roster.entry(agent_id, day).shift
            assert cell.value == letters[shift], (agent_id, day)
            assert cell.fill.start_color.rgb[-6:] == FILLS[shift]
    # Totals after the days: days worked, evenings, weekend days off.
    totals = FIRST_DAY_COLUMN + 30
    assert grid.cell(row=4, column=totals).value == 25
    assert grid.cell(row=4, column=totals + 2).value == 5


def test_xlsx_coverage_has_required_and_planned_and_marks_shortfall(tiny_team):
    book, _ = workbook(tiny_team)
    sheet = book["覆盖"]
    rows = {
        (
            sheet.cell(row=r, column=1).value,
            sheet.cell(row=r, column=2).value,
            sheet.cell(row=r, column=3).value,
        ): r
        for r in range(2, sheet.max_row + 1)
    }
    required = rows["TM 天猫店", "早班", "需求"]
    planned = rows["TM 天猫店", "早班", "排班"]
    assert sheet.cell(row=required, column=FIRST_DAY_COLUMN + 1).value == 1
    assert sheet.cell(row=planned, column=FIRST_DAY_COLUMN + 1).value == 1.6
    # 11-03: A2 on leave, 0.6 planned of 1: red.
    short = sheet.cell(row=planned, column=FIRST_DAY_COLUMN + 2)
    assert short.value == 0.6
    assert short.fill.start_color.rgb[-6:] == SHORT_FILL
    assert sheet.cell(row=planned, column=FIRST_DAY_COLUMN + 1).fill.fill_type is None


def test_xlsx_in_english_uses_english_sheet_names_and_letters(tiny_team):
    book, _ = workbook(tiny_team, lang="en")
    assert book.sheetnames == ["Roster", "Coverage", "Status"]
    assert book["Roster"].cell(row=5, column=FIRST_DAY_COLUMN + 2).value == "L"


def test_xlsx_text_that_looks_like_a_formula_stays_text(tiny_team):
    agents = tuple(
        a.__class__(**(vars(a) | {"name": '=HYPERLINK("x")'})) if a.agent_id == "A1" else a
        for a in tiny_team.agents
    )
    team = tiny_team.__class__(**(vars(tiny_team) | {"agents": agents}))
    book, _ = workbook(tiny_team, team=team)
    cell = book["排班表"].cell(row=4, column=2)
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"


def ics_events(tiny_team, agent_id):
    roster = hand_roster(tiny_team)
    data = agent_calendar(
        tiny_team,
        roster,
        agent_id,
        stamp=datetime(2026, 10, 25, tzinfo=UTC),
        uid_prefix="t7-2026-11",
    )
    calendar = Calendar.from_ical(data)
    return calendar, sorted(calendar.walk("VEVENT"), key=lambda e: e.decoded("dtstart"))


def test_ics_has_one_event_per_shift_in_shanghai_time(tiny_team):
    calendar, events = ics_events(tiny_team, "A1")
    assert len(events) == 25  # 30 days less 5 Sundays
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Shanghai"
    first = events[0]
    assert first.decoded("dtstart") == datetime(2026, 11, 2, 8, 30, tzinfo=SHANGHAI)
    assert first.decoded("dtend") == datetime(2026, 11, 2, 17, 30, tzinfo=SHANGHAI)
    assert first.decoded("dtstart").utcoffset() == timedelta(hours=8)
    assert str(first["summary"]) == "早班"
    assert str(first["description"]) == "TM 60%, JD 40%"


def test_ics_evening_shift_ends_after_midnight_the_next_day(tiny_team):
    _, events = ics_events(tiny_team, "A1")
    evening = next(e for e in events if e.decoded("dtstart").date() == date(2026, 11, 30))
    assert evening.decoded("dtstart") == datetime(2026, 11, 30, 17, 30, tzinfo=SHANGHAI)
    assert evening.decoded("dtend") == datetime(2026, 12, 1, 0, 30, tzinfo=SHANGHAI)
    assert str(evening["summary"]) == "晚班"


def test_ics_uids_are_stable_and_leave_has_no_event(tiny_team):
    _, events = ics_events(tiny_team, "A2")
    days = {e.decoded("dtstart").date() for e in events}
    assert date(2026, 11, 3) not in days and date(2026, 11, 2) in days
    assert str(events[0]["uid"]) == "t7-2026-11-A2-2026-11-02@cs-roster"
    _, again = ics_events(tiny_team, "A2")
    assert [str(e["uid"]) for e in again] == [str(e["uid"]) for e in events]
