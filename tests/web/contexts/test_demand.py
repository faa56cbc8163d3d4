"""The demand pages' contexts, without HTTP."""

from __future__ import annotations

from scheduler.web.contexts.demand import requirements_page


def test_requirements_page_totals_by_day_and_column(tiny_team):
    page = requirements_page(7, tiny_team, None)
    assert page.month == "2026-11"
    assert page.columns == (("day", "TM"), ("day", "JD"), ("evening", "TM"), ("evening", "JD"))
    assert page.days[0].cells == ("1", "0.5", "0.5", "0.5")
    assert page.days[0].total == "2.5"
    assert page.column_totals == ("30", "15", "15", "15")
    assert page.total == "75"
