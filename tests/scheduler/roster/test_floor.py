"""The floor under a roster's shortfall on generated teams, shortfall.csv and the status line."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import date, timedelta

import pytest

import solver
from scheduler.bench.synthetic import generate_team
from scheduler.roster.build import make_roster
from scheduler.roster.fixes import temp_plan
from scheduler.roster.floor import (
    FloorReport,
    ShortfallRow,
    floor_problem,
    shortfall_csv,
)
from scheduler.roster.page import (
    CoverageCell,
    RosterPage,
    cause_label,
    render_roster_page,
    unavoidable_cells,
)
from scheduler.roster.to_problem import build_planning
from scheduler.team.calendar import Month
from scheduler.team.model import Team
from solver.floor import able_agents, shortfall_floor

MONTH = Month(2026, 11)
BLACKOUT = (date(2026, 11, 10), date(2026, 11, 12))


def planted_team(seed: int) -> Team:
    """Eight agents on two shops whose needs a roster meets in full (the bench's witness)."""
    return generate_team(num_agents=8, num_shops=2, month=MONTH, seed=seed, blackout=BLACKOUT)


def with_blackout_excess(team: Team, excess: float) -> Team:
    """``team`` with each blackout day's need raised to its able agents plus ``excess``
    (on the day's first requirement)."""
    problem = build_planning(team, MONTH).problem
    requirements = list(team.requirements)
    for d, day in enumerate(MONTH.days):
        if not team.in_blackout(day):
            continue
        wanted = sum(r.agents for r in requirements if r.date == day)
        extra = len(able_agents(problem, d)) - wanted + excess
        first = next(i for i, r in enumerate(requirements) if r.date == day)
        requirements[first] = replace(
            requirements[first], agents=round(requirements[first].agents + extra, 1)
        )
    return replace(team, requirements=tuple(requirements))


@pytest.mark.parametrize("seed", [1, 2])
def test_a_team_a_full_cover_is_known_for_has_floor_zero(seed):
    floor = shortfall_floor(
        floor_problem(build_planning(planted_team(seed), MONTH)), time_limit_s=1
    )
    assert floor.units == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_need_planted_beyond_the_able_agents_on_blackout_days_is_in_the_floor(seed):
    # 1.5 agent-shifts beyond the able agents on each of the 3 blackout days: 4.5 at least.
    team = with_blackout_excess(planted_team(seed), 1.5)
    floor = shortfall_floor(floor_problem(build_planning(team, MONTH)), time_limit_s=1)
    assert floor.units >= 45


@pytest.mark.slow
def test_the_roster_on_a_planted_excess_is_never_below_its_floor_and_says_why():
    team = with_blackout_excess(planted_team(3), 1.0)
    params = solver.SolveParams(time_limit_s=4, num_workers=1)
    outcome = make_roster(team, MONTH, params=params)
    assert outcome.floor is not None
    assert outcome.summary["shortfall_floor"] >= 3.0
    assert outcome.summary["shortfall_floor"] <= outcome.summary["shortfall"] + 1e-9
    causes = {r.cause for r in outcome.floor.rows if team.in_blackout(r.date)}
    assert "all able agents on duty (blackout)" in causes
    assert sum(r.unavoidable for r in outcome.floor.rows) == pytest.approx(
        outcome.summary["shortfall_floor"]
    )
    assert outcome.roster is not None
    page = RosterPage.from_roster(team, outcome.roster, outcome.coverage, outcome.summary)
    html = render_roster_page(page)
    assert 'class="short unavoidable"' in html
    assert "unavoidable with this team" in html
    # The temps for the planted excess are proposed on the page with what they remove.
    assert 'class="shortfall-fixes"' in html
    assert "temps on" in html


def test_needs_are_rounded_down_for_the_floor():
    team = planted_team(1)
    first = team.requirements[0]
    team = replace(team, requirements=(replace(first, agents=1.25), *team.requirements[1:]))
    planning = build_planning(team, MONTH)
    d, s = MONTH.index(first.date), planning.shift_ids.index(first.shift)
    units = {(n.day, n.shift, n.shop): n.units for n in floor_problem(planning).needs}
    assert units[d, s, planning.shop_ids.index(first.shop_id)] == 12
    assert any(n.units == 13 for n in planning.problem.needs)


def report(floor: float, *shortfalls: tuple[str, float]) -> FloorReport:
    rows = tuple(
        ShortfallRow(
            date=date(2026, 11, 11),
            shift="day",
            shop_id=f"S{i}",
            shortfall=v,
            unavoidable=0,
            cause=cause,
        )
        for i, (cause, v) in enumerate(shortfalls)
    )
    return FloorReport(floor=floor, seconds=0.5, rows=rows)


def test_the_status_line_gives_the_shortfall_and_the_floor():
    r = report(2.5, ("all able agents on duty (blackout)", 2.0), ("leave: A05", 1.0))
    assert r.status_line() == "shortfall 3 agent-shifts (at least 2.5 unavoidable with this team)"
    assert not r.proven_best
    assert r.top_causes() == [("all able agents on duty (blackout)", 2.0), ("leave: A05", 1.0)]


def test_a_shortfall_equal_to_its_floor_is_the_best_cover():
    r = report(3.0, ("all able agents on duty (blackout)", 2.0), ("leave: A05", 1.0))
    assert r.proven_best
    assert r.summary()["cover_proven_best"] is True


def test_shortfall_csv_has_the_issue_columns():
    text = shortfall_csv(report(1.0, ("=cmd", 1.5)))
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["date", "shift", "shop_id", "shortfall", "unavoidable", "cause"]
    assert rows[1][:4] == ["2026-11-11", "day", "S0", "1.5"]
    assert rows[1][5].startswith("'")  # a formula-looking text is neutralised


def test_the_page_reads_each_cells_unavoidable_part_from_the_summary():
    summary = {"shortfall_unavoidable": [["2026-11-11", "day", "TM01", 2.2]]}
    assert unavoidable_cells(summary) == {(date(2026, 11, 11), "day", "TM01"): 2.2}
    assert unavoidable_cells({}) == {}


def test_only_a_cell_short_by_its_unavoidable_part_alone_is_the_darker_red():
    def cell(short: float, unavoidable: float) -> CoverageCell:
        return CoverageCell(
            required="3", planned="1", short=short > 0, shortfall=short, unavoidable=unavoidable
        )

    assert cell(2.0, 2.0).all_unavoidable
    assert not cell(2.0, 1.5).all_unavoidable
    assert not cell(0.0, 0.0).all_unavoidable


@pytest.mark.parametrize("seed", [1, 2])
def test_temps_for_a_planted_blackout_excess_remove_it_as_the_floor_measures(seed):
    team = with_blackout_excess(planted_team(seed), 1.5)
    planning = build_planning(team, MONTH)
    problem = floor_problem(planning)
    floor = shortfall_floor(problem, time_limit_s=0)
    plan = temp_plan(planning, floor, problem)
    assert plan is not None
    assert plan.removes == pytest.approx(floor.day_units / 10)
    assert plan.removes >= 4.5
    assert plan.left == 0
    assert all(t.hire_by == t.days[0] - timedelta(days=15) for t in plan.temps)


def test_no_temps_are_proposed_without_a_blackout_shortfall():
    planning = build_planning(planted_team(1), MONTH)
    problem = floor_problem(planning)
    assert temp_plan(planning, shortfall_floor(problem, time_limit_s=0), problem) is None


@pytest.mark.parametrize(
    ("cause", "zh"),
    [
        ("all able agents on duty (blackout)", "所有可排客服均已上班（禁休日）"),
        ("rest days", "休息日"),
        ("only 1 agent qualified for DY01", "仅 1 名客服可接 DY01"),
        ("rotation: 5 agents on evening shifts this half", "轮班：本半月 5 人上晚班"),
        ("leave: A05, A07", "请假：A05, A07"),
        ("training: A11", "培训：A11"),
    ],
)
def test_every_cause_reads_in_chinese_on_zh_pages(cause, zh):
    assert cause_label(cause, "zh") == zh
    assert cause_label(cause, "en") == cause
    assert cause_label(cause, "both") == f"{zh} {cause}"
