"""The first roster by groups of agents and shops (issue 37, part 2)."""

from __future__ import annotations

import time
from datetime import date

import pytest

import solver
from scheduler.bench.synthetic import generate_team
from scheduler.roster.to_problem import build_planning
from scheduler.team.calendar import Month
from solver.evaluate import evaluate, objective_of
from solver.search import blocks, by_blocks, groups
from tests.helpers import rules_broken_by_plan
from tests.solver.helpers import make_problem, two_shop_problem

MONTH = Month(2026, 11)


def shops_problem(shops_of: list[tuple[int, ...]], num_shops: int) -> solver.Problem:
    """One agent per entry, qualified for those shops (the first is their own)."""
    return make_problem(
        7,
        shops=tuple(solver.Shop(name=f"S{p}") for p in range(num_shops)),
        agents=tuple(
            solver.Agent(name=f"a{i}", shops=shops, max_shops=len(shops))
            for i, shops in enumerate(shops_of)
        ),
    )


def test_shops_linked_by_an_agent_fall_in_one_component():
    problem = shops_problem([(0, 1), (1,), (2,), (4, 3), (4,), (5, 1)], 7)
    # Shop 6 has no agent: it is in no component.
    assert groups.shop_components(problem) == [[0, 1, 5], [2], [3, 4]]


def test_components_small_enough_are_groups_and_no_agent_is_cut():
    problem = shops_problem([(0, 1), (1,), (2,), (3, 4), (4,)], 5)
    parts = groups.partition(problem, max_agents=10)
    assert [(g.shops, g.agents) for g in parts.groups] == [
        ((0, 1), (0, 1)),
        ((2,), (2,)),
        ((3, 4), (3, 4)),
    ]
    assert parts.cut == ()


def test_a_split_component_keeps_every_agent_exactly_once_and_cuts_the_weak_link():
    # Shops 0-1 and 2-3 are pairs linked by three agents each; one agent links 1 and 2.
    shops_of = [(0, 1), (1, 0), (0, 1), (0,), (1,), (2, 3), (3, 2), (2, 3), (2,), (3,), (1, 2)]
    problem = shops_problem(shops_of, 4)
    parts = groups.partition(problem, max_agents=6)
    placed = [a for g in parts.groups for a in g.agents]
    assert sorted(placed) == list(range(len(shops_of)))
    assert [g.shops for g in parts.groups] == [(0, 1), (2, 3)]
    # Agent 10's first shop is 1: it belongs to the first group and is cut from shop 2.
    assert parts.groups[0].agents == (0, 1, 2, 3, 4, 10)
    assert parts.cut == (10,)
    inside = groups.within_groups(problem, parts)
    assert inside.agents[10].shops == (1,)
    assert inside.agents[:10] == problem.agents[:10]


def test_a_shop_with_more_agents_than_a_group_holds_is_split_off_alone():
    # Five agents of shop 0 also serve shop 1: shop 0 alone is over the limit, so it is a
    # group of its own; its agents span both groups, and a group with no agent is dropped.
    problem = shops_problem([(0, 1)] * 5 + [(1,)], 2)
    assert groups.split_shops(problem, [0, 1], 3) == [[0], [1]]
    parts = groups.partition(problem, max_agents=3)
    assert [(g.shops, g.agents) for g in parts.groups] == [((0,), (0, 1, 2, 3, 4)), ((1,), (5,))]
    assert parts.cut == (0, 1, 2, 3, 4)


def test_the_cut_agent_covers_what_the_groups_left_on_the_shared_shops():
    # Shop 0 wants two agents on every day shift, shop 1 one; each has one agent of its own,
    # and agent 2 (first shop 1) may serve either. In its group it can only add to shop 1;
    # re-solved against both groups' cover, counted once, it finds shop 0 one agent short
    # and shop 1 met: it goes to shop 0.
    needs = tuple(
        solver.Need(day=d, shift=0, shop=p, units=2 if p == 0 else 1)
        for d in range(7)
        for p in (0, 1)
    )
    problem = make_problem(
        7,
        shops=(solver.Shop(name="S0"), solver.Shop(name="S1")),
        agents=(
            solver.Agent(name="a0", shops=(0,), shifts=(0,), rest_days=0),
            solver.Agent(name="a1", shops=(1,), shifts=(0,), rest_days=0),
            solver.Agent(name="a2", shops=(1, 0), shifts=(0,), rest_days=0),
        ),
        needs=needs,
    )
    saved = groups.MAX_GROUP_AGENTS
    try:
        groups.MAX_GROUP_AGENTS = 1
        assert groups.partition(problem, 1).cut == (2,)
        reported = []
        current = groups.construct_by_groups(
            problem,
            time.monotonic() + 30,
            10,
            0,
            on_roster=lambda roster: reported.append(list(roster.shops)),
        )
    finally:
        groups.MAX_GROUP_AGENTS = saved
    # The roster reported first has agent 2 within its own group's shop.
    assert reported == [[(0,), (1,), (1,)]]
    assert current.complete
    assert current.shops == [(0,), (1,), (0,)]
    assert evaluate(problem, current.plan())["shortfall"] == 0


@pytest.fixture(scope="module")
def planted():
    """A generated 60-agent, 8-shop month whose requirements come from a planted roster."""
    team = generate_team(
        num_agents=60,
        num_shops=8,
        month=MONTH,
        seed=7,
        blackout=(date(2026, 11, 10), date(2026, 11, 12)),
        slack=0.05,
    )
    return team, build_planning(team, MONTH)


@pytest.mark.slow
def test_the_grouped_first_roster_keeps_every_hard_rule_and_is_no_shorter_staffed(
    planted, tmp_path, monkeypatch
):
    _, planning = planted
    problem = planning.problem
    monkeypatch.setattr(groups, "MAX_GROUP_AGENTS", 20)
    assert len(groups.partition(problem).groups) >= 2
    grouped = groups.construct_by_groups(problem, time.monotonic() + 60, 8, 0, None, 2)
    assert grouped.complete
    assert rules_broken_by_plan(planning, grouped.plan(), tmp_path) == []
    one_by_one = blocks.construct(problem, time.monotonic() + 60, 0, None, 2)
    assert one_by_one.complete
    by_groups = evaluate(problem, grouped.plan())["shortfall"]
    assert by_groups <= evaluate(problem, one_by_one.plan())["shortfall"]


@pytest.mark.slow
def test_a_team_from_groups_min_agents_on_gets_its_first_roster_by_groups(monkeypatch):
    monkeypatch.setattr(by_blocks, "BLOCK_MIN_AGENTS", 2)
    monkeypatch.setattr(by_blocks, "GROUPS_MIN_AGENTS", 2)
    monkeypatch.setattr(by_blocks.allocation, "guided_problem", lambda *_: None)
    monkeypatch.setattr(groups, "MAX_GROUP_AGENTS", 3)
    built = []
    original = groups.construct_by_groups

    def recorded(*args, **kwargs):
        built.append(original(*args, **kwargs))
        return built[-1]

    monkeypatch.setattr(groups, "construct_by_groups", recorded)
    problem = two_shop_problem()
    result = solver.solve(problem, solver.SolveParams(time_limit_s=4, num_workers=1, seed=3))
    assert len(built) == 1 and built[0].complete
    assert result.plan is not None
    assert result.objective == objective_of(problem, evaluate(problem, result.plan))
    first = objective_of(problem, evaluate(problem, built[0].plan()))
    assert result.objective <= first
