import time
from dataclasses import replace

import pytest
from ortools.sat.python import cp_model

import solver
from solver import hints
from solver.build import build_model
from solver.cpsat import cp_solver
from solver.evaluate import evaluate, objective_of
from solver.objective import add_objective
from solver.readout import read_plan
from solver.result import DayEntry, DayKind
from solver.search import blocks
from tests.solver.helpers import DAY, EVENING, make_problem, solve_exact, with_agent

pytestmark = pytest.mark.slow

OFF = DayEntry(kind=DayKind.OFF)


def shift(s: int, *shares: tuple[int, int]) -> DayEntry:
    return DayEntry(kind=DayKind.SHIFT, shift=s, shares=shares)


@pytest.mark.parametrize(
    ("units", "changed", "objective"),
    [
        # Keeping the reference leaves day 1 short by `units` (100 each); moving the rest
        # day from 1 to 0 changes two days (300 each, 600) and covers it.
        (5, 0, 500),
        (10, 2, 600),
    ],
    ids=["keep-when-cheaper", "change-when-shortfall-costs-more"],
)
def test_changes_are_made_only_when_they_cost_less_than_the_shortfall(units, changed, objective):
    reference = solver.Reference(days=(shift(DAY, (0, 10)), OFF), shops=(0,))
    problem = make_problem(
        2, needs=(solver.Need(day=1, shift=DAY, shop=0, units=units),), capacity_units=10
    )
    problem = with_agent(problem, rest_days=1, reference=reference)
    result = solve_exact(problem)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.terms["changed_days"] == changed
    assert result.objective == objective


def test_leave_on_a_reference_work_day_is_one_forced_change_and_the_rest_is_kept():
    # The published week of a 2-shift agent; day 2 becomes sick leave. Rest days stay
    # exact (2, leave does not use them), so only day 2 changes.
    days = (shift(DAY), shift(DAY), shift(DAY), OFF, shift(DAY), shift(DAY), OFF)
    problem = with_agent(
        make_problem(7),
        rest_days=2,
        max_consecutive_workdays=6,
        leave_days=frozenset({2}),
        reference=solver.Reference(days=days, shops=(0,)),
    )
    result = solve_exact(problem)
    assert result.plan is not None
    assert result.terms["changed_days"] == 1
    row = [(e.kind, e.shift) for e in result.plan.days[0]]
    assert row == [(e.kind, e.shift) for e in days[:2]] + [(DayKind.LEAVE, None)] + [
        (e.kind, e.shift) for e in days[3:]
    ]


def test_a_new_split_and_a_new_shop_are_counted_as_changes():
    shops = (solver.Shop(name="S0", big=True), solver.Shop(name="S1"))
    agent = solver.Agent(name="a", shops=(0, 1), max_shops=2)
    reference = solver.Reference(days=(shift(DAY, (0, 10)),), shops=(0,))
    problem = make_problem(
        1,
        shops=shops,
        agents=(replace(agent, reference=reference),),
        needs=(solver.Need(day=0, shift=DAY, shop=1, units=5),),
        capacity_units=10,
    )
    # Splitting 5/5 covers S1 but changes the day's split (300), adds a shop (300) and a
    # second shop (50): 650 against 500 of shortfall, so the reference is kept.
    kept = solve_exact(problem)
    assert kept.objective == 500
    assert (kept.terms["changed_days"], kept.terms["changed_shops"]) == (0, 0)
    # With changes at 100 each the split pays: 100 + 100 + 50 = 250.
    cheap = replace(problem.weights, changed_day=100, changed_shop=100)
    changed = solve_exact(replace(problem, weights=cheap))
    assert changed.objective == 250
    assert (changed.terms["changed_days"], changed.terms["changed_shops"]) == (1, 1)
    assert changed.plan is not None
    assert dict(changed.plan.days[0][0].shares) == {0: 5, 1: 5}


def _busy_problem() -> solver.Problem:
    shops = (solver.Shop(name="big", big=True), solver.Shop(name="small"))
    agents = tuple(
        solver.Agent(name=f"a{i}", shops=(i % 2, 1 - i % 2), max_shops=2, rest_days=1)
        for i in range(4)
    )
    needs = tuple(
        solver.Need(day=d, shift=s, shop=p, units=7 if p == 0 else 4)
        for d in range(5)
        for s in range(2)
        for p in range(2)
    )
    return make_problem(
        5,
        shops=shops,
        agents=agents,
        needs=needs,
        capacity_units=10,
        rules=solver.Rules(weekend_days=frozenset({3, 4}), forbidden_successions=frozenset()),
    )


@pytest.fixture(scope="module")
def busy_plan() -> solver.Plan:
    """An optimal plan of the busy problem, to serve as the published one."""
    first = solve_exact(_busy_problem())
    assert first.plan is not None
    return first.plan


def _with_reference(problem: solver.Problem, plan: solver.Plan) -> solver.Problem:
    agents = tuple(
        replace(agent, reference=solver.Reference(days=plan.days[a], shops=plan.shops[a]))
        for a, agent in enumerate(problem.agents)
    )
    return replace(problem, agents=agents)


def test_the_evaluator_matches_the_model_on_every_term(busy_plan):
    """Each term's value in the solved CP-SAT model equals evaluate() on the plan read back."""
    base = _busy_problem()
    # The reference is the first plan with agent 0 off sick on days 2-3 and agent 1
    # pinned to evenings on day 4, so the optimum has to change some cells.
    problem = _with_reference(base, busy_plan)
    problem = with_agent(problem, 0, leave_days=frozenset({2, 3}))
    problem = with_agent(problem, 1, pins=(solver.Pin(day=4, entry=shift(EVENING)),))
    b = build_model(problem)
    terms = add_objective(b)
    cp = cp_solver(30, 1, seed=1)
    assert cp.solve(b.model) == cp_model.OPTIMAL
    values = evaluate(problem, read_plan(b, cp))
    assert {t.name: int(cp.value(t.expr)) for t in terms} == values
    assert round(cp.objective_value) == objective_of(problem, values)
    assert values["changed_days"] >= 2  # the two sick days at least


def test_a_block_keeps_its_agents_pins_and_reference_and_the_constant_offset(busy_plan):
    problem = _with_reference(_busy_problem(), busy_plan)
    problem = with_agent(problem, 0, leave_days=frozenset({2}))
    problem = with_agent(problem, 3, pins=(solver.Pin(day=0, entry=OFF),))
    current = blocks.construct(problem, time.monotonic() + 30, 0)
    assert current.complete
    block = [0, 3]
    sub = blocks.block_problem(problem, current, block)
    assert [a.pins for a in sub.agents] == [problem.agents[a].pins for a in block]
    assert [a.reference for a in sub.agents] == [problem.agents[a].reference for a in block]
    before_full = objective_of(problem, evaluate(problem, current.plan()))
    sub_plan = solver.Plan(
        days=tuple(current.days[a] for a in block), shops=tuple(current.shops[a] for a in block)
    )
    before_sub = objective_of(sub, evaluate(sub, sub_plan))
    result = blocks.solve_block(problem, current, block, 5.0, 1, 0)
    assert result is not None
    for a, row, served in zip(block, result.days, result.shops, strict=True):
        current.place(a, row, served)
    after_full = objective_of(problem, evaluate(problem, current.plan()))
    assert after_full - result.after == before_full - before_sub
    assert current.days[3][0].kind == DayKind.OFF


def test_a_reference_of_the_wrong_length_is_refused():
    reference = solver.Reference(days=(OFF,), shops=(0,))
    with pytest.raises(ValueError, match="reference has 1 days, not num_days 3"):
        with_agent(make_problem(3), reference=reference)


def test_the_search_starts_from_the_agents_start_plan_when_given():
    # Reference: work day 0, rest day 1; start: the other way round. The hint follows start.
    reference = solver.Reference(days=(shift(DAY, (0, 10)), OFF), shops=(0,))
    start = solver.Reference(days=(OFF, shift(DAY, (0, 10))), shops=(0,))
    problem = with_agent(
        make_problem(2, capacity_units=10), rest_days=1, reference=reference, start=start
    )
    b = build_model(problem)
    hints.add_reference_hint(b)
    hinted = dict(
        zip(b.model.proto.solution_hint.vars, b.model.proto.solution_hint.values, strict=True)
    )
    works = {d: b.x.works(0, d, DAY) for d in (0, 1)}
    assert {d: hinted[w.index] for d, w in works.items()} == {0: 0, 1: 1}
    b = build_model(replace(problem, agents=(replace(problem.agents[0], start=None),)))
    hints.add_reference_hint(b)
    hinted = dict(
        zip(b.model.proto.solution_hint.vars, b.model.proto.solution_hint.values, strict=True)
    )
    assert {d: hinted[b.x.works(0, d, DAY).index] for d in (0, 1)} == {0: 1, 1: 0}
