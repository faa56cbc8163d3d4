"""A roster version's page contexts (grid, agent month, shop chart), without HTTP."""

from __future__ import annotations

from datetime import date

from scheduler.roster.coverage import compute_coverage
from scheduler.web.contexts.rosters import agent_month_page, grid_page, shop_coverage_page
from tests.web.helpers import NOVEMBER, hand_roster, roster_record


def test_agent_month_counts_hours_evenings_weekends_and_shops(tiny_team):
    roster = hand_roster(tiny_team)
    page = agent_month_page(roster_record(), tiny_team, roster, "A1", lang="zh")
    sundays = sum(1 for d in NOVEMBER.days if d.weekday() == 6)  # 5 in November 2026
    assert page.days_worked == 30 - sundays
    assert page.paid_hours == 7 * (30 - sundays)
    assert page.evenings == sum(1 for d in NOVEMBER.days if d.day > 15 and d.weekday() != 6)
    saturdays = sum(1 for d in NOVEMBER.days if d.weekday() == 5)
    assert page.weekend_days_worked == saturdays
    assert page.weekend_days_off == sundays
    assert page.rest_days == sundays
    assert [(s.shop_id, s.role, s.percent) for s in page.shops] == [
        ("TM", "primary", 60),
        ("JD", "secondary", 40),
    ]


def test_agent_calendar_starts_on_the_right_weekday_and_shows_shift_hours(tiny_team):
    page = agent_month_page(roster_record(), tiny_team, hand_roster(tiny_team), "A1", lang="zh")
    # 2026-11-01 is a Sunday: six empty cells before it in a Monday-first week.
    assert page.weeks[0][:6] == (None,) * 6
    first = page.weeks[0][6]
    assert first is not None and first.date == date(2026, 11, 1) and first.letter == "休"
    monday = page.weeks[1][0]
    assert monday is not None
    assert (monday.letter, monday.css, monday.hours) == ("早", "day", "08:30–17:30")
    assert all(len(week) == 7 for week in page.weeks)


def test_agent_month_in_english_uses_english_letters(tiny_team):
    page = agent_month_page(roster_record(), tiny_team, hand_roster(tiny_team), "A2", lang="en")
    cells = {d.date.day: d for week in page.weeks for d in week if d}
    assert cells[3].letter == "L"
    assert cells[2].letter == "D"
    assert page.leave_days == 2


def test_grid_filter_by_shop_keeps_the_agents_serving_it(tiny_team):
    roster = hand_roster(tiny_team)
    coverage = compute_coverage(tiny_team, roster)
    grid = grid_page(roster_record(), tiny_team, roster, coverage, lang="zh", shop="JD")
    assert [r.agent_id for r in grid.page.rows] == ["A1", "A3"]
    assert [t.shop_id for t in grid.page.coverage] == ["JD"]
    assert grid.page.rows[0].href == "/teams/7/rosters/3/agents/A1"


def test_grid_filter_by_shift_dims_the_other_entries(tiny_team):
    roster = hand_roster(tiny_team)
    coverage = compute_coverage(tiny_team, roster)
    grid = grid_page(roster_record(), tiny_team, roster, coverage, lang="zh", shift="evening")
    a1 = grid.page.rows[0]
    assert a1.cells[1].css == "day dim"  # 11-02, a day shift
    assert a1.cells[16].css == "evening"  # 11-17
    assert all(len(t.rows) == 1 and t.rows[0][0] == "evening" for t in grid.page.coverage)


def test_grid_ignores_unknown_filters(tiny_team):
    roster = hand_roster(tiny_team)
    coverage = compute_coverage(tiny_team, roster)
    grid = grid_page(roster_record(), tiny_team, roster, coverage, lang="en", shop="<x>")
    assert grid.shop == ""
    assert len(grid.page.rows) == 4
    assert grid.page.rows[0].cells[1].letter == "D"


def test_shop_chart_marks_short_days_and_scales_to_the_largest_value(tiny_team):
    roster = hand_roster(tiny_team)
    page = shop_coverage_page(roster_record(), tiny_team, compute_coverage(tiny_team, roster), "TM")
    day_chart = page.charts[0]
    assert day_chart.shift == "day"
    # TM needs 1 agent on day shift. Planned: A1 60% + A2 100% on weekdays; Sundays nobody,
    # and on 11-03/04 A2 is on leave (0.6 < 1).
    bars = {b.day: b for b in day_chart.bars}
    assert day_chart.top == 2
    assert bars[1].short and bars[1].planned == 0
    assert bars[3].short and bars[3].planned == 0.6
    assert not bars[2].short and bars[2].planned == 1.6
    assert bars[2].required_y == 60.0  # 1 of a 2-agent, 120-pixel axis
    short = sum(1 for b in day_chart.bars if b.short)
    assert day_chart.shortfall == round(sum(1 - b.planned for b in day_chart.bars if b.short), 2)
    # Short: the 5 Sundays and 11-03/04; from 11-16 A2 alone gives the 1 agent needed.
    assert short == 5 + 2
