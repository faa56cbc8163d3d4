"""The team page's context, without HTTP."""

from __future__ import annotations

from datetime import date

from scheduler.team.calendar import Month
from scheduler.web.contexts.teams import TeamPage
from scheduler.web.service import default_month
from scheduler.web.store import TeamRecord
from tests.web.helpers import NOVEMBER, roster_record


def test_default_build_month_is_the_first_with_requirements_and_no_roster(tiny_team):
    today = date(2026, 8, 15)
    assert default_month(tiny_team, [], today) == NOVEMBER
    assert default_month(tiny_team, [NOVEMBER], today) == Month(2026, 12)
    no_needs = tiny_team.__class__(**(vars(tiny_team) | {"requirements": ()}))
    assert default_month(no_needs, [], today) == Month(2026, 9)
    # A roster of a month long past does not pull the form back there: next month.
    assert default_month(no_needs, [Month(2026, 3)], today) == Month(2026, 9)
    assert default_month(no_needs, [Month(2026, 9)], today) == Month(2026, 10)


def test_team_page_counts_agents_per_shop_and_lists_versions(tiny_team):
    team_record = TeamRecord(
        id=7, name=tiny_team.name, created_at="x", updated_at="2026-11-01T08:00:00", input_id=1
    )
    page = TeamPage.build_page(
        team_record,
        tiny_team,
        [roster_record()],
        [],
        build_month=Month(2026, 12),
        time_limit_s=30,
        files=["team.toml", "agents.csv"],
    )
    assert [(s.shop_id, s.agents) for s in page.shops] == [("TM", 4), ("JD", 2)]
    assert page.leave[0].days == 2
    assert page.needs[0].month == "2026-11" and page.needs[0].agent_shifts == 75
    assert page.build.month == "2026-12"
    assert page.build.previous_options == (("3", "v3 · 2026-11"),)
    assert page.files == ("team.toml", "agents.csv")
