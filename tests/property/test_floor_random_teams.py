"""Property: on random small teams the floor never exceeds the best shortfall found."""

from dataclasses import replace

import pytest
from hypothesis import HealthCheck, event, given, settings

import solver
from scheduler.roster.coverage import compute_coverage, total_shortfall
from scheduler.roster.floor import floor_problem
from scheduler.roster.to_problem import UNITS_PER_AGENT, build_planning, roster_from_plan
from solver.floor import shortfall_floor
from tests.property.test_random_teams import MONTH, teams

COVER_ONLY = solver.Weights(
    shortfall=1,
    overcover=0,
    second_shop=0,
    third_shop=0,
    same_tier_pair=0,
    weekend_rest_fairness=0,
    primary_change=0,
    primary_preference=0,
    requests=0,
)


@pytest.mark.slow
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams())
def test_the_floor_never_exceeds_the_shortfall_of_the_best_roster_found(team):
    planning = build_planning(team, MONTH)
    floor = shortfall_floor(floor_problem(planning), time_limit_s=2)
    # The best cover the solver finds: the shortfall is the only thing it minimises.
    problem = replace(planning.problem, weights=COVER_ONLY)
    result = solver.solve(problem, solver.SolveParams(time_limit_s=6, num_workers=1))
    event(str(result.status))
    if result.plan is None:
        return  # no roster keeps every hard rule: there is nothing to stay below
    roster = roster_from_plan(planning, result.plan)
    shortfall = total_shortfall(compute_coverage(team, roster))
    assert floor.units / UNITS_PER_AGENT <= shortfall + 1e-9
    if result.status == solver.SolveStatus.OPTIMAL and floor.proven_optimal:
        event("floor equals the optimum" if floor.units == result.objective else "floor below")
