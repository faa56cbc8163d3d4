"""Recompute a plan's soft terms and objective in plain Python, from the plan alone."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

from solver.result import DayEntry, DayKind, Plan

if TYPE_CHECKING:
    from solver.problem import DayIdx, Problem, ShiftIdx, ShopIdx


def plan_cover(problem: Problem, plan: Plan) -> dict[tuple[DayIdx, ShiftIdx, ShopIdx], int]:
    """Capacity units the plan gives each (day, shift, shop)."""
    cover: dict[tuple[DayIdx, ShiftIdx, ShopIdx], int] = defaultdict(int)
    for row in plan.days:
        for d, entry in enumerate(row):
            if entry.kind == DayKind.SHIFT and entry.shift is not None:
                for p, units in entry.shares:
                    cover[d, entry.shift, p] += units
    return cover


def evaluate(problem: Problem, plan: Plan) -> dict[str, int]:
    """Each soft term's value for ``plan``, named as in terms.py."""
    cover = plan_cover(problem, plan)
    shortfall = sum(
        n.under_weight * max(0, n.units - cover.get((n.day, n.shift, n.shop), 0))
        for n in problem.needs
    )
    overcover = sum(
        n.over_weight * max(0, cover.get((n.day, n.shift, n.shop), 0) - n.units)
        for n in problem.needs
    )
    requests = 0
    for r in problem.requests:
        entry = plan.days[r.agent][r.day]
        works = entry.kind == DayKind.SHIFT and entry.shift == r.shift
        requests += r.weight * (works != r.on)
    two = three = same_tier = weekend_dev = changes = rank = 0
    for a, agent in enumerate(problem.agents):
        served = plan.shops[a]
        limit = min(len(agent.shops), agent.max_shops, problem.rules.max_shops_special)
        if limit >= 2:
            two += len(served) >= 2
            same_tier += sum(
                1
                for p, q in combinations(served, 2)
                if problem.shops[p].big == problem.shops[q].big
            )
        if limit >= 3:
            three += len(served) >= 3
        primary = served[0] if served else None
        if agent.previous_primary is not None and agent.previous_primary in agent.shops:
            changes += primary != agent.previous_primary
        if primary is not None:
            rank += agent.shops.index(primary)
        weekend_dev += _weekend_deviation(problem, plan, a)
    return {
        "shortfall": shortfall,
        "overcover": overcover,
        "requests": requests,
        "agents_2_shops": two,
        "agents_3_shops": three,
        "same_tier_pairs": same_tier,
        "weekend_rest_deviation": weekend_dev,
        "weekend_holiday_excess": _weekend_holiday_excess(problem, plan),
        "primary_changes": changes,
        "primary_rank": rank,
        **_changes_from_reference(problem, plan),
    }


TERM_WEIGHTS = {
    "shortfall": "shortfall",
    "overcover": "overcover",
    "requests": "requests",
    "agents_2_shops": "second_shop",
    "agents_3_shops": "third_shop",
    "same_tier_pairs": "same_tier_pair",
    "weekend_rest_deviation": "weekend_rest_fairness",
    "weekend_holiday_excess": "weekend_holiday_fairness",
    "primary_changes": "primary_change",
    "primary_rank": "primary_preference",
    "changed_days": "changed_day",
    "changed_shops": "changed_shop",
}


def objective_of(problem: Problem, terms: dict[str, int]) -> int:
    return sum(getattr(problem.weights, TERM_WEIGHTS[name]) * v for name, v in terms.items())


def _changes_from_reference(problem: Problem, plan: Plan) -> dict[str, int]:
    days = shops = 0
    for a, agent in enumerate(problem.agents):
        ref = agent.reference
        if ref is None:
            continue
        for entry, before in zip(plan.days[a], ref.days, strict=True):
            days += not _same_entry(entry, before)
        served = plan.shops[a]
        shops += len(set(served) ^ set(ref.shops))
        if ref.shops:
            shops += not served or served[0] != ref.shops[0]
    return {"changed_days": days, "changed_shops": shops}


def _same_entry(entry: DayEntry, ref: DayEntry) -> bool:
    """The same kind and shift, and the same split when the reference gives one."""
    if entry.kind != ref.kind or entry.shift != ref.shift:
        return False
    given = {p: units for p, units in ref.shares if units}
    return not given or dict(entry.shares) == given


def _weekend_deviation(problem: Problem, plan: Plan, a: int) -> int:
    agent = problem.agents[a]
    weekend = problem.rules.weekend_days
    if agent.rest_days is None or not weekend:
        return 0
    available = [d for d in problem.days if agent.available(d)]
    candidates = [d for d in available if d in weekend]
    if not available or not candidates:
        return 0
    target = round(agent.rest_days * len(candidates) / len(available))
    taken = sum(1 for d in candidates if plan.days[a][d].kind == DayKind.OFF)
    return abs(taken - target)


def _weekend_holiday_excess(problem: Problem, plan: Plan) -> int:
    days = sorted(problem.rules.weekend_days) + sorted(problem.rules.holiday_days)
    total = 0
    for a, agent in enumerate(problem.agents):
        if agent.weekend_days_fair_share is None or not days:
            continue
        worked = sum(1 for d in days if plan.days[a][d].kind == DayKind.SHIFT)
        before = agent.weekend_days_worked_before
        total += max(0, before + worked - agent.weekend_days_fair_share)
    return total
