"""What the JSON API and the pages both total over a roster agree with each other."""

from __future__ import annotations

import pytest

from scheduler.roster.coverage import compute_coverage
from scheduler.roster.totals import agent_days, agent_month, shop_shortfall
from scheduler.web.contexts.rosters import agent_month_page, shop_coverage_page
from scheduler.web.schemas import AgentMonthPublic, ShopCoveragePublic
from tests.web.helpers import NOVEMBER, hand_roster, roster_record


def test_an_agents_month_totals_are_the_pages(tiny_team):
    roster = hand_roster(tiny_team)
    totals = agent_month(tiny_team, roster, "A1")
    page = agent_month_page(roster_record(), tiny_team, roster, "A1", lang="en")
    for name in ("days_worked", "paid_hours", "evenings", "rest_days", "leave_days"):
        assert getattr(totals, name) == getattr(page, name), name
    assert [(s.shop_id, s.role, s.percent) for s in totals.shops] == [
        (s.shop_id, s.role, s.percent) for s in page.shops
    ]
    assert len(totals.days) == len(NOVEMBER.days)


def test_an_unknown_agent_is_a_key_error(tiny_team):
    with pytest.raises(KeyError):
        agent_month(tiny_team, hand_roster(tiny_team), "NOPE")


def test_the_agents_json_is_built_from_the_totals_not_the_page(tiny_team):
    roster = hand_roster(tiny_team)
    public = AgentMonthPublic.model_validate(
        agent_month(tiny_team, roster, "A2"), from_attributes=True
    )
    assert public.month == "2026-11"
    assert public.leave_days == 2
    assert public.days[2].shift == roster.row("A2")[2].shift
    assert [d.date for d in public.days] == [d.date for d in agent_days(roster, "A2")]


def test_a_shops_shortfall_is_the_sum_of_its_charts(tiny_team):
    roster = hand_roster(tiny_team)
    coverage = compute_coverage(tiny_team, roster)
    page = shop_coverage_page(roster_record(), tiny_team, coverage, "TM")
    assert shop_shortfall(tiny_team, NOVEMBER, coverage, "TM") == page.shortfall > 0
    public = ShopCoveragePublic.of(tiny_team, NOVEMBER, coverage, "TM")
    assert (public.shortfall, public.name) == (page.shortfall, page.name)
    assert {r.shop_id for r in public.rows} == {"TM"}
    with pytest.raises(KeyError):
        ShopCoveragePublic.of(tiny_team, NOVEMBER, coverage, "NOPE")
