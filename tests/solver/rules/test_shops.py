from dataclasses import replace

import solver
from solver.rules import (
    capacity_split_among_served_shops,
    one_primary_shop,
    primary_shop_gets_most_capacity,
    shops_per_agent_limit,
)
from tests.solver.helpers import DAY, feasible, make_problem

THREE_SHOPS = tuple(solver.Shop(name=f"S{i}", big=i == 0) for i in range(3))


def three_shop_problem(max_shops: int, special: int = 3) -> solver.Problem:
    return make_problem(
        2,
        shops=THREE_SHOPS,
        agents=(solver.Agent(name="a", shops=(0, 1, 2), max_shops=max_shops),),
        rules=solver.Rules(max_shops_special=special),
        capacity_units=10,
    )


def serve(*shops):
    def fix(b):
        for p in range(3):
            b.model.add(b.x.serves(0, p) == (p in shops))

    return fix


def test_an_agent_serves_at_most_their_limit_and_never_above_the_special_limit():
    rules = (shops_per_agent_limit,)
    assert feasible(three_shop_problem(2), rules, extra=serve(0, 1))
    assert not feasible(three_shop_problem(2), rules, extra=serve(0, 1, 2))
    assert feasible(three_shop_problem(3), rules, extra=serve(0, 1, 2))
    assert not feasible(three_shop_problem(3, special=2), rules, extra=serve(0, 1, 2))
    assert not feasible(three_shop_problem(2), rules, extra=serve())


def test_exactly_one_primary_among_the_served_shops():
    def two_primaries(b):
        b.model.add(b.x.primary(0, 0) == 1)
        b.model.add(b.x.primary(0, 1) == 1)

    def primary_not_served(b):
        b.model.add(b.x.primary(0, 2) == 1)
        b.model.add(b.x.serves(0, 2) == 0)

    assert not feasible(three_shop_problem(3), (one_primary_shop,), extra=two_primaries)
    assert not feasible(three_shop_problem(3), (one_primary_shop,), extra=primary_not_served)


def test_a_shift_gives_exactly_one_agent_of_capacity_and_only_to_served_shops():
    rules = (capacity_split_among_served_shops,)

    def split(shares, served):
        def fix(b):
            b.model.add(b.x.works(0, 0, DAY) == 1)
            for p, units in enumerate(shares):
                b.model.add(b.x.share(0, 0, DAY, p) == units)
            serve(*served)(b)

        return fix

    assert feasible(three_shop_problem(3), rules, extra=split((6, 4, 0), (0, 1)))
    assert not feasible(three_shop_problem(3), rules, extra=split((10, 10, 0), (0, 1)))
    assert not feasible(three_shop_problem(3), rules, extra=split((6, 0, 4), (0, 1)))


def test_the_primary_shop_gets_at_least_as_much_as_any_other():
    rules = (capacity_split_among_served_shops, primary_shop_gets_most_capacity)

    def more_to_secondary(b):
        b.model.add(b.x.primary(0, 0) == 1)
        b.model.add(b.x.works(0, 0, DAY) == 1)
        b.model.add(b.x.share(0, 0, DAY, 1) == 7)

    problem = replace(three_shop_problem(3), num_days=1)
    assert not feasible(problem, rules, extra=more_to_secondary)
