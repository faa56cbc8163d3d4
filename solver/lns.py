"""Large-neighbourhood search over blocks of agents.

Every hard rule constrains one agent; agents meet only in the soft terms
about cover. So fixing all agents but a block and re-solving the block
against the cover the others leave (the residual needs) is exact: the
block's objective is the full objective minus a constant. A greedy pass
builds a first roster block by block, then random blocks, biased to shops
with shortfall, are re-solved while time remains.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from solver.build import build_model
from solver.evaluate import evaluate, objective_of
from solver.hints import add_plan_hint
from solver.objective import add_objective
from solver.result import DayEntry, DayKind, Plan

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import AgentIdx, Problem, ShopIdx

Row = tuple[DayEntry, ...]

# A block's model is small: a good solution comes fast, a proof of optimality may never.
CONSTRUCT_BLOCK_S = 2.0
IMPROVE_BLOCK_S = 0.5


@dataclass
class Incumbent:
    """The current roster, one row per agent (None while the agent is not placed)."""

    days: list[Row | None]
    shops: list[tuple[ShopIdx, ...] | None]

    def plan(self) -> Plan:
        assert all(r is not None for r in self.days)
        return Plan(days=tuple(self.days), shops=tuple(self.shops))  # type: ignore[arg-type]


class BlockInfeasible(Exception):
    """Some agent's hard rules cannot hold; the full model will say which."""


def block_problem(problem: Problem, current: Incumbent, block: list[AgentIdx]) -> Problem:
    """The problem of ``block`` alone, against the needs the other agents leave uncovered."""
    in_block = set(block)
    cover: dict[tuple[int, int, int], int] = defaultdict(int)
    for a, row in enumerate(current.days):
        if row is None or a in in_block:
            continue
        for d, entry in enumerate(row):
            if entry.kind == DayKind.SHIFT and entry.shift is not None:
                for p, units in entry.shares:
                    cover[d, entry.shift, p] += units
    index = {a: i for i, a in enumerate(block)}
    return replace(
        problem,
        agents=tuple(problem.agents[a] for a in block),
        needs=tuple(
            replace(n, units=max(0, n.units - cover.get((n.day, n.shift, n.shop), 0)))
            for n in problem.needs
        ),
        requests=tuple(
            replace(r, agent=index[r.agent]) for r in problem.requests if r.agent in index
        ),
    )


def solve_block(
    problem: Problem,
    current: Incumbent,
    block: list[AgentIdx],
    time_limit_s: float,
    num_workers: int,
    seed: int,
) -> tuple[int, int | None, list[Row], list[tuple[ShopIdx, ...]]] | None:
    """Re-solve ``block``: (objective of the hint, new objective, rows, shops), or None."""
    from ortools.sat.python import cp_model

    from solver.solve import read_plan

    sub = block_problem(problem, current, block)
    b = build_model(sub)
    terms = add_objective(b)
    hinted = all(current.days[a] is not None for a in block)
    before = None
    if hinted:
        add_plan_hint(b, [current.days[a] for a in block], [current.shops[a] for a in block])
        sub_plan = Plan(
            days=tuple(current.days[a] for a in block),  # type: ignore[misc]
            shops=tuple(current.shops[a] for a in block),  # type: ignore[misc]
        )
        before = objective_of(sub, evaluate(sub, sub_plan))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = time_limit_s
    solver.parameters.num_workers = num_workers
    solver.parameters.random_seed = seed
    code = solver.solve(b.model)
    if code == cp_model.INFEASIBLE:
        raise BlockInfeasible(block)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    del terms
    plan = read_plan(b, solver)
    after = objective_of(sub, evaluate(sub, plan))
    return (before if before is not None else after + 1), after, list(plan.days), list(plan.shops)


def construct(
    problem: Problem, deadline: float, num_workers: int, seed: int, block_size: int = 1
) -> Incumbent | None:
    """A first roster, placing agents block by block against what is still uncovered."""
    n = len(problem.agents)
    current = Incumbent(days=[None] * n, shops=[None] * n)
    # Agents with the fewest choices first: the flexible ones fill what is left.
    order = sorted(range(n), key=lambda a: (len(problem.agents[a].shops), a))
    for start in range(0, n, block_size):
        block = order[start : start + block_size]
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return None
        result = solve_block(
            problem, current, block, min(CONSTRUCT_BLOCK_S, remaining), num_workers, seed
        )
        if result is None:
            return None
        _, _, rows, shops = result
        for a, row, served in zip(block, rows, shops, strict=True):
            current.days[a], current.shops[a] = row, served
    return current


def pick_block(
    problem: Problem, current: Incumbent, rng: random.Random, size: int
) -> list[AgentIdx]:
    """A block of agents: mostly around a shop that is short, sometimes at random."""
    n = len(problem.agents)
    if n <= size:
        return list(range(n))
    short_shops = _short_shops(problem, current)
    if short_shops and rng.random() < 0.8:
        shop = rng.choice(short_shops)
        qualified = [a for a, agent in enumerate(problem.agents) if shop in agent.shops]
        rng.shuffle(qualified)
        block = qualified[: size // 2 + 1]
        neighbours = {
            b
            for a in block
            for p in problem.agents[a].shops
            for b, other in enumerate(problem.agents)
            if p in other.shops and b not in block
        }
        extra = sorted(neighbours)
        rng.shuffle(extra)
        block += extra[: size - len(block)]
        if len(block) < size:
            rest = [a for a in range(n) if a not in block]
            block += rng.sample(rest, size - len(block))
        return block
    return rng.sample(range(n), size)


def _short_shops(problem: Problem, current: Incumbent) -> list[ShopIdx]:
    cover: dict[tuple[int, int, int], int] = defaultdict(int)
    for row in current.days:
        for d, entry in enumerate(row or ()):
            if entry.kind == DayKind.SHIFT and entry.shift is not None:
                for p, units in entry.shares:
                    cover[d, entry.shift, p] += units
    return sorted(
        {n.shop for n in problem.needs if cover.get((n.day, n.shift, n.shop), 0) < n.units}
    )


def improve(
    problem: Problem,
    current: Incumbent,
    deadline: float,
    num_workers: int,
    seed: int,
    on_improvement: Callable[[int], None] | None = None,
    block_size: int = 8,
) -> Incumbent:
    """Re-solve blocks of agents until ``deadline``, keeping every improvement."""
    rng = random.Random(seed)
    while (remaining := deadline - time.monotonic()) > 0.2:
        block = pick_block(problem, current, rng, block_size)
        result = solve_block(
            problem,
            current,
            block,
            min(IMPROVE_BLOCK_S, remaining),
            num_workers,
            rng.randrange(2**31),
        )
        if result is None:
            continue
        before, after, rows, shops = result
        # Equal moves are taken too: they let the search walk across plateaus.
        if after is not None and after <= before:
            for a, row, served in zip(block, rows, shops, strict=True):
                current.days[a], current.shops[a] = row, served
            if on_improvement is not None and after < before:
                on_improvement(objective_of(problem, evaluate(problem, current.plan())))
    return current
