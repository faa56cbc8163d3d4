import pytest

import solver
from solver.result import DayEntry, DayKind
from solver.rules import (
    capacity_split_among_served_shops,
    max_consecutive_workdays,
    pinned_cells,
)
from tests.solver.helpers import DAY, EVENING, feasible, make_problem, solve_exact, with_agent

OFF = DayEntry(kind=DayKind.OFF)


def shift(s: int, *shares: tuple[int, int]) -> DayEntry:
    return DayEntry(kind=DayKind.SHIFT, shift=s, shares=shares)


def pinned(problem: solver.Problem, **cells: DayEntry) -> solver.Problem:
    """Pin agent 0's cells, given as d0=..., d3=... ."""
    pins = tuple(solver.Pin(day=int(k[1:]), entry=v) for k, v in cells.items())
    return with_agent(problem, pins=pins)


def test_a_pinned_shift_must_be_worked():
    problem = pinned(make_problem(3), d1=shift(EVENING))
    assert not feasible(problem, (pinned_cells,), {0: "?D?"})
    assert not feasible(problem, (pinned_cells,), {0: "?O?"})
    assert feasible(problem, (pinned_cells,), {0: "DED"})


def test_a_pinned_rest_day_must_be_rest():
    problem = pinned(make_problem(3), d2=OFF)
    assert not feasible(problem, (pinned_cells,), {0: "??D"})
    assert feasible(problem, (pinned_cells,), {0: "DDO"})


def test_a_pinned_training_day_must_be_training():
    problem = with_agent(make_problem(2), training_days=frozenset({0, 1}))
    problem = pinned(problem, d0=DayEntry(kind=DayKind.TRAINING))
    assert not feasible(problem, (pinned_cells,), {0: "O?"})
    assert feasible(problem, (pinned_cells,), {0: "TO"})


@pytest.mark.parametrize(
    ("entry", "holds"),
    [
        (shift(DAY), False),
        (OFF, False),
        (DayEntry(kind=DayKind.LEAVE), True),
        (DayEntry(kind=DayKind.INACTIVE), False),
    ],
    ids=["shift", "off", "leave", "inactive"],
)
def test_a_pin_on_a_leave_day_holds_only_as_leave(entry, holds):
    problem = with_agent(make_problem(2), leave_days=frozenset({1}))
    assert feasible(pinned(problem, d1=entry), (pinned_cells,)) == holds


def test_pinned_shares_fix_the_split_and_a_foreign_shop_cannot_hold():
    shops = (solver.Shop(name="S0", big=True), solver.Shop(name="S1"))
    agent = solver.Agent(name="a", shops=(0, 1), max_shops=2)
    base = make_problem(1, shops=shops, agents=(agent,), capacity_units=10)
    rules = (pinned_cells, capacity_split_among_served_shops)

    def split(s0: int, s1: int):
        def fix(b):
            b.model.add(b.x.share(0, 0, DAY, 0) == s0)
            b.model.add(b.x.share(0, 0, DAY, 1) == s1)

        return fix

    problem = pinned(base, d0=shift(DAY, (0, 7), (1, 3)))
    assert feasible(problem, rules, extra=split(7, 3))
    assert not feasible(problem, rules, extra=split(5, 5))
    one_shop = with_agent(base, shops=(0,), max_shops=1)
    assert not feasible(pinned(one_shop, d0=shift(DAY, (1, 10))), rules)


def test_pins_that_break_a_rule_are_named_with_that_rule():
    # Seven pinned day shifts in a row, with at most six allowed.
    problem = with_agent(make_problem(7), max_consecutive_workdays=6)
    problem = pinned(problem, **{f"d{d}": shift(DAY) for d in range(7)})
    result = solve_exact(problem)
    assert result.status == solver.SolveStatus.INFEASIBLE
    assert {(c.rule, c.agent) for c in result.conflicts} == {
        ("pinned_cells", 0),
        ("max_consecutive_workdays", 0),
    }
    assert feasible(problem, (pinned_cells,))
    assert not feasible(problem, (pinned_cells, max_consecutive_workdays))


def test_the_solved_plan_keeps_every_pin():
    problem = with_agent(make_problem(7), rest_days=2, max_consecutive_workdays=6)
    problem = pinned(problem, d0=OFF, d3=shift(EVENING), d6=shift(DAY))
    result = solve_exact(problem)
    assert result.plan is not None
    row = result.plan.days[0]
    assert row[0].kind == DayKind.OFF
    assert (row[3].kind, row[3].shift) == (DayKind.SHIFT, EVENING)
    assert (row[6].kind, row[6].shift) == (DayKind.SHIFT, DAY)


def test_a_pin_outside_the_horizon_or_twice_on_a_day_is_refused():
    with pytest.raises(ValueError, match="pin day 9 out of range"):
        pinned(make_problem(3), d9=OFF)
    with pytest.raises(ValueError, match="fix a day twice"):
        solver.Agent(
            name="a",
            shops=(0,),
            pins=(solver.Pin(day=1, entry=OFF), solver.Pin(day=1, entry=shift(DAY))),
        )
    with pytest.raises(ValueError, match="do not sum to capacity_units"):
        pinned(make_problem(3, capacity_units=10), d0=shift(DAY, (0, 7)))
