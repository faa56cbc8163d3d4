from datetime import timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import solver
from scheduler.roster.build import make_roster, write_roster_outputs
from scheduler.team.calendar import Month
from scheduler.team.model import Agent, Blackout, Leave, Requirement, Shop
from tests.checker import check_roster
from tests.helpers import tiny_team_value

MONTH = Month(2026, 2)
DAYS = MONTH.days


@st.composite
def teams(draw):
    num_shops = draw(st.integers(1, 3))
    shops = tuple(
        Shop(
            shop_id=f"P{i}",
            name=f"P{i}",
            platform="Tmall",
            tier=draw(st.sampled_from(["big", "small"])),
        )
        for i in range(num_shops)
    )
    shop_ids = [s.shop_id for s in shops]
    agents, leave = [], []
    for i in range(draw(st.integers(1, 4))):
        qualified = draw(
            st.lists(st.sampled_from(shop_ids), min_size=1, max_size=num_shops, unique=True)
        )
        hire = draw(st.one_of(st.none(), st.sampled_from(DAYS)))
        agents.append(
            Agent(
                agent_id=f"A{i}",
                name=f"A{i}",
                shops=tuple(qualified),
                max_shops=draw(st.one_of(st.none(), st.integers(1, 3))),
                hire_date=hire,
                fixed_shift=draw(st.sampled_from([None, None, "day", "evening"])),
            )
        )
        if draw(st.booleans()):
            start = draw(st.sampled_from(DAYS))
            leave.append(
                Leave(
                    agent_id=f"A{i}",
                    start=start,
                    end=start + timedelta(days=draw(st.integers(0, 6))),
                )
            )
    blackouts = ()
    if draw(st.booleans()):
        start = draw(st.sampled_from(DAYS[:-3]))
        blackouts = (Blackout(start=start, end=start + timedelta(days=draw(st.integers(0, 7)))),)
    requirements = tuple(
        Requirement(date=d, shift=s, shop_id=p, agents=draw(st.integers(0, 20)) / 10)
        for d in DAYS[::3]
        for s in ("day", "evening")
        for p in shop_ids
    )
    return tiny_team_value(
        shops=shops,
        agents=tuple(agents),
        leave=tuple(leave),
        blackouts=blackouts,
        requirements=requirements,
    )


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(teams())
def test_random_small_teams_get_a_valid_roster_or_a_named_conflict(team):
    params = solver.SolveParams(time_limit_s=3, num_workers=1, seed=0)
    outcome = make_roster(team, MONTH, params=params)
    event("infeasible" if outcome.roster is None else "roster")
    if outcome.roster is None:
        assert outcome.summary["status"] == "INFEASIBLE"
        assert "[" in outcome.explanation and "What would fix it" in outcome.explanation
        return
    with TemporaryDirectory() as tmp:
        out = Path(tmp)
        write_roster_outputs(out, team, outcome)
        assert check_roster(team, out, MONTH.year, MONTH.month) == []
