import random
import time
from dataclasses import replace

import solver
from solver.rules import half_month_rotation
from solver.search import blocks, by_blocks
from solver.search.allocation import MonthAllocation, guided_problem
from tests.solver.helpers import DAY, EVENING, feasible, make_problem

ROTATION = solver.Rules(rotation=solver.Rotation.HALF_MONTH, half_start=3)
SHOPS = (solver.Shop(name="X", big=True), solver.Shop(name="Y"))


def _crossed_needs() -> solver.Problem:
    """Shop X wants days then evenings, shop Y evenings then days; two agents who may serve
    either shop, one shop each: only X with days first and Y with evenings first cover it."""
    agents = tuple(solver.Agent(name=f"a{i}", shops=(0, 1), max_shops=1) for i in range(2))
    needs = tuple(
        solver.Need(day=d, shift=shift, shop=shop, units=10)
        for d in range(6)
        for shop, shift in (
            (0, DAY if d < 3 else EVENING),
            (1, EVENING if d < 3 else DAY),
        )
    )
    return make_problem(
        6, agents=agents, shops=SHOPS, needs=needs, rules=ROTATION, capacity_units=10
    )


def test_the_month_plan_matches_shops_and_phases_to_each_halfs_needs():
    plan = MonthAllocation(_crossed_needs()).solve(10.0, 1, 0)
    assert plan is not None
    shops, phases = plan
    on_x = next(a for a in (0, 1) if shops[a] == {0})
    on_y = 1 - on_x
    assert shops[on_y] == {1}
    assert phases[on_x] == (DAY, EVENING)
    assert phases[on_y] == (EVENING, DAY)


def test_the_guided_problem_holds_each_agent_to_its_shops_and_phase():
    problem = _crossed_needs()
    guided = guided_problem(problem, 10.0, 1, 0)
    assert guided is not None
    on_x = next(a for a in (0, 1) if guided.agents[a].shops == (0,))
    assert guided.agents[1 - on_x].shops == (1,)
    # The rotation rule now allows only the planned phase.
    x_row = {on_x: "DDDEEE"}
    assert feasible(guided, (half_month_rotation,), x_row)
    assert not feasible(guided, (half_month_rotation,), {on_x: "EEEDDD"})
    assert feasible(problem, (half_month_rotation,), {on_x: "EEEDDD"})


def test_the_month_plan_keeps_the_rotation_going_from_last_month():
    problem = _crossed_needs()
    # Both agents ended last month on days: both must start on evenings.
    agents = tuple(
        solver.Agent(
            name=a.name,
            shops=a.shops,
            max_shops=1,
            history=solver.History(rotation_shift=DAY),
        )
        for a in problem.agents
    )
    plan = MonthAllocation(
        make_problem(
            6, agents=agents, shops=SHOPS, needs=problem.needs, rules=ROTATION, capacity_units=10
        )
    ).solve(10.0, 1, 0)
    assert plan is not None
    assert plan[1] == {0: (EVENING, DAY), 1: (EVENING, DAY)}


def test_agents_with_pins_are_not_guided():
    problem = _crossed_needs()
    pin = solver.Pin(day=0, entry=solver.DayEntry(kind=solver.DayKind.OFF))
    pinned = solver.Agent(name="p", shops=(0, 1), max_shops=1, pins=(pin,))
    problem = make_problem(
        6,
        agents=(*problem.agents, pinned),
        shops=SHOPS,
        needs=problem.needs,
        rules=ROTATION,
        capacity_units=10,
    )
    guided = guided_problem(problem, 10.0, 1, 0)
    assert guided is not None
    assert guided.agents[2] == pinned


def test_a_plan_an_agent_cannot_keep_falls_back_to_the_unguided_start(monkeypatch):
    problem = _crossed_needs()
    # A plan under which agent 0 cannot be placed at all: more rest days than days.
    impossible = replace(
        problem, agents=(replace(problem.agents[0], rest_days=7), *problem.agents[1:])
    )
    monkeypatch.setattr(by_blocks, "BLOCK_MIN_AGENTS", 2)
    monkeypatch.setattr(by_blocks.allocation, "guided_problem", lambda *_: impossible)
    first = by_blocks.first_roster(
        problem,
        solver.SolveParams(time_limit_s=10, num_workers=1),
        time.monotonic(),
        None,
    )
    assert first is not None and first.complete


def test_a_small_teams_plan_ends_once_proven():
    # LNS alone never proves a plan and would search the whole 10 s (it did: 9.98 s); this
    # 8-agent, 3-shop plan is proven optimal in a fraction of a second.
    rng = random.Random(1)
    shops = tuple(solver.Shop(name=name, big=name == "X") for name in "XYZ")
    agents = tuple(
        solver.Agent(name=f"a{i}", shops=tuple(rng.sample(range(3), 2)), rest_days=4)
        for i in range(8)
    )
    needs = tuple(
        solver.Need(day=d, shift=s, shop=p, units=rng.randrange(5, 25))
        for d in range(14)
        for s in (DAY, EVENING)
        for p in range(3)
    )
    rules = solver.Rules(rotation=solver.Rotation.HALF_MONTH, half_start=7)
    problem = make_problem(
        14, agents=agents, shops=shops, needs=needs, rules=rules, capacity_units=10
    )
    started = time.monotonic()
    assert MonthAllocation(problem).solve(10.0, 2, 0) is not None
    assert time.monotonic() - started < 5.0


def test_a_small_team_starts_within_the_plan_and_is_swept(monkeypatch):
    calls = []
    guided = by_blocks.allocation.guided_problem

    def planned(problem, time_limit_s, *args):
        calls.append(("plan", time_limit_s))
        return guided(problem, time_limit_s, *args)

    monkeypatch.setattr(by_blocks.allocation, "guided_problem", planned)
    for name in ("sweep", "improve"):
        step = getattr(blocks, name)

        def recorded(*args, _step=step, _name=name, **kwargs):
            calls.append((_name, None))
            return _step(*args, **kwargs)

        monkeypatch.setattr(blocks, name, recorded)
    problem = _crossed_needs()
    result = solver.solve(problem, solver.SolveParams(time_limit_s=5, num_workers=1))
    assert calls == [("plan", 1.0), ("sweep", None)]
    # The plan's phases cover every need (one agent's primary shop is its second choice).
    assert result.terms["shortfall"] == 0
    assert result.status == solver.SolveStatus.OPTIMAL


def test_a_team_with_nothing_to_plan_gets_no_plan(monkeypatch):
    problem = _crossed_needs()
    single = replace(
        problem,
        rules=replace(problem.rules, rotation=solver.Rotation.NONE),
        agents=tuple(replace(a, shops=(0,)) for a in problem.agents),
    )
    assert by_blocks.allocation_seconds(single, 60.0) == 0.0
    # One agent: nothing to share out (synthetic teams' witness months are solved so).
    alone = replace(problem, agents=problem.agents[:1])
    assert by_blocks.allocation_seconds(alone, 60.0) == 0.0
    assert by_blocks.allocation_seconds(problem, 60.0) == by_blocks.SMALL_ALLOCATION_MAX_S
