"""Generated teams for benchmarks and examples, whose requirements a roster can meet.

The requirements come from a witness roster: every agent's month is solved
alone under all hard rules (with random wishes so patterns vary), shops are
assigned, and the cover that witness gives becomes the requirement. So a
roster with zero shortfall is known to exist.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import replace
from datetime import date, time, timedelta

import solver
from scheduler.roster.to_problem import UNITS_PER_AGENT, build_planning
from scheduler.team.calendar import Month
from scheduler.team.model import (
    Agent,
    Blackout,
    Leave,
    Requirement,
    ShiftDef,
    Shop,
    Team,
    TeamRules,
)

PLATFORMS = ("Tmall", "Taobao", "JD", "Douyin", "PDD")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"

DAY_SHIFT = ShiftDef(id="day", start=time(8, 30), end=time(17, 30), paid_hours=7)
EVENING_SHIFT = ShiftDef(id="evening", start=time(17, 30), end=time(0, 30), paid_hours=7)


def generate_team(
    *,
    num_agents: int,
    num_shops: int,
    month: Month,
    seed: int,
    name: str = "Generated team",
    blackout: tuple[date, date] | None = None,
    slack: float = 0.0,
) -> Team:
    """A team of ``num_agents`` on ``num_shops`` shops whose requirements a roster can meet.

    ``slack`` lowers every requirement by that fraction of the witness cover.
    """
    rng = random.Random(seed)
    shops = _shops(num_shops, rng)
    agents = _agents(num_agents, shops, month, rng)
    leave = _leave(agents, month, rng)
    team = Team(
        name=name,
        shifts=(DAY_SHIFT, EVENING_SHIFT),
        rules=TeamRules(),
        blackouts=(Blackout(start=blackout[0], end=blackout[1]),) if blackout else (),
        shops=shops,
        agents=agents,
        leave=leave,
    )
    return replace(team, requirements=_witness_requirements(team, month, rng, slack))


def _shops(num_shops: int, rng: random.Random) -> tuple[Shop, ...]:
    big = max(1, num_shops // 4)
    return tuple(
        Shop(
            shop_id=f"S{i + 1:02d}",
            name=f"{PLATFORMS[i % len(PLATFORMS)]} shop {i + 1}",
            platform=PLATFORMS[i % len(PLATFORMS)],
            tier="big" if i < big else "small",
        )
        for i in range(num_shops)
    )


def _agents(
    num_agents: int, shops: tuple[Shop, ...], month: Month, rng: random.Random
) -> tuple[Agent, ...]:
    # Big shops get three times the people of small ones.
    weights = [3 if s.tier == "big" else 1 for s in shops]
    agents = []
    for i in range(num_agents):
        primary = rng.choices(shops, weights)[0]
        others = [s for s in shops if s is not primary]
        extra = rng.choices([0, 1, 2], [0.3, 0.5, 0.2])[0]
        # Prefer the other tier as a second shop: a big shop pairs with a small one.
        others.sort(key=lambda s: (s.tier == primary.tier, rng.random()))
        qualified = (primary.shop_id, *(s.shop_id for s in others[:extra]))
        roll = rng.random()
        agents.append(
            Agent(
                agent_id=f"A{i + 1:03d}",
                name=rng.choice(SURNAMES)
                + rng.choice(GIVEN)
                + (rng.choice(GIVEN) if rng.random() < 0.5 else ""),
                shops=qualified,
                max_shops=3 if len(qualified) == 3 and rng.random() < 0.3 else None,
                hire_date=month.first + timedelta(days=rng.randrange(3, 20))
                if roll < 0.04
                else None,
                fixed_shift=("day" if rng.random() < 0.5 else "evening")
                if 0.04 <= roll < 0.1
                else None,
            )
        )
    return tuple(agents)


def _leave(agents: tuple[Agent, ...], month: Month, rng: random.Random) -> tuple[Leave, ...]:
    leave = []
    for agent in agents:
        if agent.hire_date is None and rng.random() < 0.15:
            start = month.first + timedelta(days=rng.randrange(month.num_days - 4))
            length = rng.randrange(1, 5)
            kind = rng.choice(("annual", "sick", "personal"))
            leave.append(
                Leave(
                    agent_id=agent.agent_id,
                    start=start,
                    end=start + timedelta(days=length - 1),
                    kind=kind,
                )
            )
    return tuple(leave)


def _witness_requirements(
    team: Team, month: Month, rng: random.Random, slack: float
) -> tuple[Requirement, ...]:
    planning = build_planning(team, month)
    problem = planning.problem
    cover: dict[tuple[int, int, int], int] = defaultdict(int)
    params = solver.SolveParams(time_limit_s=10, num_workers=1, seed=rng.randrange(10**6))
    for agent in problem.agents:
        first_half = rng.randrange(len(problem.shifts))
        wishes = tuple(
            solver.Request(
                agent=0,
                day=d,
                shift=first_half if problem.half_of(d) == 0 else 1 - first_half,
                on=True,
                weight=rng.randrange(1, 4),
            )
            for d in problem.days
            if rng.random() < 0.5
        )
        single = replace(
            problem,
            agents=(replace(agent, shops=agent.shops[:1], max_shops=1),),
            needs=(),
            requests=wishes,
        )
        result = solver.solve(single, params)
        if result.plan is None:
            continue  # this agent's rules cannot hold alone; their month gives no cover
        split = len(agent.shops) > 1 and rng.random() < 0.3
        for d, entry in enumerate(result.plan.days[0]):
            if entry.kind != solver.DayKind.SHIFT or entry.shift is None:
                continue
            if split:
                cover[d, entry.shift, agent.shops[0]] += UNITS_PER_AGENT * 6 // 10
                cover[d, entry.shift, agent.shops[1]] += UNITS_PER_AGENT * 4 // 10
            else:
                cover[d, entry.shift, agent.shops[0]] += UNITS_PER_AGENT
    days = month.days
    return tuple(
        Requirement(
            date=days[d],
            shift=planning.shift_ids[s],
            shop_id=planning.shop_ids[p],
            agents=int(units * (1 - slack)) / UNITS_PER_AGENT,
        )
        for (d, s, p), units in sorted(cover.items())
    )
