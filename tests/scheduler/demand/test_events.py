from datetime import date

import pytest

from scheduler.demand.events import (
    EVENTS_CSV,
    EventPhase,
    PhaseKind,
    event_calendar,
    read_events,
)
from scheduler.team.calendar import public_calendar
from scheduler.team.errors import InputError

PUBLIC = public_calendar(range(2024, 2027))


def test_public_calendar_has_makeup_working_days_and_the_spring_festival():
    # 2025: National Day week paid back on Sunday 09-28 and Saturday 10-11 (调休).
    assert date(2025, 9, 28) in PUBLIC.makeup_workdays
    assert PUBLIC.is_working_day(date(2025, 9, 28))
    assert not PUBLIC.is_working_day(date(2025, 10, 1))
    assert PUBLIC.spring_festival[2026] == date(2026, 2, 17)


def test_double11_has_presale_balance_peak_and_aftersale():
    days = event_calendar([2025], PUBLIC).days("TM")
    assert days[date(2025, 10, 20)].kind == PhaseKind.PRESALE
    assert days[date(2025, 11, 1)].kind == PhaseKind.BALANCE
    assert days[date(2025, 11, 1)].index == 0
    assert days[date(2025, 11, 11)].kind == PhaseKind.PEAK
    assert days[date(2025, 11, 14)].kind == PhaseKind.AFTERSALE
    assert days[date(2025, 11, 14)].index == 2
    assert date(2025, 11, 25) not in days


def test_new_year_goods_festival_follows_the_spring_festival():
    days = event_calendar([2026], PUBLIC).days("TM")
    peak = [d for d, e in days.items() if e.name == "nianhuo" and e.kind == PhaseKind.PEAK]
    assert peak == [date(2026, 1, 18)]  # 30 days before 2026-02-17


def test_events_csv_replaces_that_years_builtin_occurrence_only():
    moved = [
        EventPhase(
            name="double11", kind=PhaseKind.PEAK, start=date(2025, 11, 10), end=date(2025, 11, 11)
        )
    ]
    calendar = event_calendar([2024, 2025], PUBLIC, moved)
    days = calendar.days("TM")
    assert days[date(2025, 11, 10)].kind == PhaseKind.PEAK
    assert date(2025, 10, 20) not in days  # the built-in 2025 presale is gone
    assert days[date(2024, 10, 20)].kind == PhaseKind.PRESALE  # 2024 untouched


def test_a_shops_own_event_applies_to_that_shop_only():
    own = [
        EventPhase(
            name="anniversary",
            kind=PhaseKind.PEAK,
            start=date(2025, 9, 9),
            end=date(2025, 9, 9),
            shop_id="TB",
        )
    ]
    calendar = event_calendar([2025], PUBLIC, own)
    assert calendar.days("TB")[date(2025, 9, 9)].name == "anniversary"
    assert date(2025, 9, 9) not in calendar.days("TM")


def test_events_csv_problems_are_all_reported_with_lines(tmp_path):
    (tmp_path / EVENTS_CSV).write_text(
        "name,kind,start,end,shop_id\n"
        "sale,peak,2025-09-09,2025-09-09,\n"
        "sale,megapeak,2025-09-10,2025-09-10,\n"
        "sale,aftersale,2025-09-31,2025-10-02,\n"
        "sale,presale,2025-09-08,2025-09-01,\n"
        "sale,presale,2025-09-01,2025-09-02,XX\n"
        "other,peak,2025-05-01,2025-05-01,\n"
        "other,peak,2025-05-02,2025-05-02,\n",
        encoding="utf-8",
    )
    errors: list[InputError] = []
    read_events(tmp_path, {"TM", "TB"}, errors)
    text = [str(e) for e in errors]
    assert any(t.startswith("events.csv:3:") and "megapeak" in t for t in text)
    assert any(t.startswith("events.csv:4:") and "2025-09-31" in t for t in text)
    assert any(t.startswith("events.csv:5:") and "before start" in t for t in text)
    assert any(t.startswith("events.csv:6:") and "XX" in t for t in text)
    assert any("other 2025 has more than one peak row" in t for t in text)


def test_overlapping_phases_of_one_occurrence_are_an_error(tmp_path):
    (tmp_path / EVENTS_CSV).write_text(
        "name,kind,start,end\nsale,presale,2025-09-01,2025-09-09\nsale,peak,2025-09-09,2025-09-09\n",
        encoding="utf-8",
    )
    errors: list[InputError] = []
    read_events(tmp_path, set(), errors)
    assert [e.message for e in errors] == [
        "sale 2025: presale 2025-09-01..2025-09-09 overlaps peak 2025-09-09..2025-09-09"
    ]


def test_phase_must_not_end_before_it_starts():
    with pytest.raises(ValueError, match="ends"):
        EventPhase(name="x", kind=PhaseKind.PEAK, start=date(2025, 1, 2), end=date(2025, 1, 1))
