"""Soft terms: each returns an expression to keep small; only objective.py weighs them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from functools import partial
from itertools import combinations
from typing import TYPE_CHECKING

from solver.floor import day_floor
from solver.result import DayKind

if TYPE_CHECKING:
    from collections.abc import Callable

    from ortools.sat.python import cp_model

    from solver.build import Build
    from solver.problem import AgentIdx, DayIdx, Problem, ShiftIdx, ShopIdx
    from solver.result import DayEntry
    from solver.variables import LinearExpr, Lit

    IntVar = cp_model.IntVar


@dataclass(frozen=True)
class Term:
    """A named soft term; ``weight_name`` is its field in ``Weights``."""

    name: str
    expr: LinearExpr
    weight_name: str


def planned_cover(b: Build) -> dict[tuple[DayIdx, ShiftIdx, ShopIdx], list[LinearExpr]]:
    """The shares that cover each (day, shift, shop)."""
    cover: dict[tuple[DayIdx, ShiftIdx, ShopIdx], list[LinearExpr]] = defaultdict(list)
    for a, d, s, p in b.x.share_keys():
        share = b.x.share(a, d, s, p)
        if share is not None:
            cover[d, s, p].append(share)
    return cover


def coverage_shortfall(b: Build) -> Term:
    """Cover missing below each need, in capacity units, times the need's under-weight."""
    cover = planned_cover(b)
    parts: list[LinearExpr] = []
    shorts = b.shortfalls
    for need in b.problem.needs:
        if need.units == 0 or need.under_weight == 0:
            continue
        if (need.day, need.shift, need.shop) not in cover:
            # Nobody can cover it: a constant, not a variable the search must settle.
            parts.append(need.under_weight * need.units)
            continue
        short = b.model.new_int_var(
            0, need.units, f"shortfall[{need.day},{need.shift},{need.shop}]"
        )
        b.model.add(short >= need.units - sum(cover[need.day, need.shift, need.shop]))
        parts.append(need.under_weight * short)
        shorts[need.day, need.shift, need.shop] = (need.units, short)
    return Term("shortfall", sum(parts), "shortfall")


def shortfall_cuts(b: Build) -> None:
    """Redundant facts that help CP-SAT prove the shortfall (``docs/model.md``, "The
    shortfall floor"); no roster loses by them, since each holds for every roster. They
    apply to the shortfall variables ``coverage_shortfall`` made (none before it runs).

    Per day, shift and shop, and per day and shift for all its shops together (the floor's
    Hall cuts on a single shop and on all), the cover cannot exceed the capacity of the
    agents on that shift qualified for one of the shops; agents come whole, hence also the
    rounding cut. Per day, the shortfall is at least the day's own floor (a max-flow of its
    able agents to its needs). The short cells may always take their whole need, so the
    cuts never make a model infeasible. (The month model also takes pairs and every subset
    of a few shops; here they would cost building time on every block of a large team.)
    """
    problem, shorts = b.problem, b.shortfalls
    by_shift: dict[tuple[DayIdx, ShiftIdx], dict[ShopIdx, tuple[int, IntVar]]] = defaultdict(dict)
    for (d, s, p), cell in shorts.items():
        by_shift[d, s][p] = cell
    for (d, s), cells in sorted(by_shift.items()):
        by_shop: dict[ShopIdx, list[Lit]] = defaultdict(list)
        anyone: list[Lit] = []
        for a, agent in enumerate(problem.agents):
            lit = b.x.works(a, d, s)
            if lit is None:
                continue
            wanted = [p for p in agent.shops if p in cells]
            for p in wanted:
                by_shop[p].append(lit)
            if wanted:
                anyone.append(lit)
        for p, (need, short) in sorted(cells.items()):
            hall_cut(b, need, short, by_shop[p])
        if len(cells) > 1:
            total = sum(need for need, _ in cells.values())
            hall_cut(b, total, sum(short for _, short in cells.values()), anyone)
    needs = tuple(n for n in problem.needs if (n.day, n.shift, n.shop) in shorts)
    covered = replace(problem, needs=needs)
    by_day: dict[DayIdx, list[IntVar]] = defaultdict(list)
    for (d, _, _), (_, short) in shorts.items():
        by_day[d].append(short)
    for d, day_shorts in sorted(by_day.items()):
        units, _ = day_floor(covered, d)
        if units:
            b.model.add(sum(day_shorts) >= units)


def hall_cut(b: Build, need: int, short: LinearExpr, agents: list[Lit]) -> None:
    """``short >= need - capacity x agents`` and, agents being whole, the rounding cut
    ``short >= r (k - agents)`` with k = ceil(need / capacity), r = need - capacity (k - 1)."""
    cap = b.problem.capacity_units
    on_duty = sum(agents)
    b.model.add(short >= need - cap * on_duty)
    k = -(-need // cap)
    r = need - cap * (k - 1)
    if r < cap:
        b.model.add(short >= r * (k - on_duty))


def coverage_overcover(b: Build) -> Term:
    """Cover planned above each need, times the need's over-weight (0 for most teams)."""
    cover = planned_cover(b)
    parts = []
    for need in b.problem.needs:
        planned = cover.get((need.day, need.shift, need.shop), [])
        if need.over_weight == 0 or not planned:
            continue
        most = b.problem.capacity_units * len(planned)
        over = b.model.new_int_var(0, most, f"overcover[{need.day},{need.shift},{need.shop}]")
        b.model.add(over >= sum(planned) - need.units)
        parts.append(need.over_weight * over)
    return Term("overcover", sum(parts), "overcover")


def several_shops_flags(
    model: cp_model.CpModel, a: AgentIdx, served: LinearExpr, limit: int
) -> tuple[Lit | None, Lit | None]:
    """Literals forced on when agent ``a`` serves 2 or more shops, and when 3 (``served``
    counts them); None where ``limit`` rules that out."""
    two = three = None
    if limit >= 2:
        two = model.new_bool_var(f"agents_2_shops[{a}]")
        model.add(served <= 1 + (limit - 1) * two)
    if limit >= 3:
        three = model.new_bool_var(f"agents_3_shops[{a}]")
        model.add(served <= 2 + (limit - 2) * three)
    return two, three


def same_tier_pair_flags(
    model: cp_model.CpModel, problem: Problem, a: AgentIdx, serves: Callable[[ShopIdx], Lit]
) -> list[Lit]:
    """One literal per pair of agent ``a``'s shops of the same tier, forced on when both
    are served."""
    agent = problem.agents[a]
    if min(agent.max_shops, problem.rules.max_shops_special) < 2:
        return []
    pairs = []
    for p, q in combinations(agent.shops, 2):
        if problem.shops[p].big != problem.shops[q].big:
            continue
        both = model.new_bool_var(f"same_tier_pairs[{a},{p},{q}]")
        model.add(both >= serves(p) + serves(q) - 1)
        pairs.append(both)
    return pairs


def _shop_count_terms(b: Build) -> tuple[Term, Term]:
    second, third = [], []
    special = b.problem.rules.max_shops_special
    for a, agent in enumerate(b.problem.agents):
        limit = min(len(agent.shops), agent.max_shops, special)
        served = sum(b.x.serves(a, p) for p in agent.shops)
        two, three = several_shops_flags(b.model, a, served, limit)
        second += [two] if two is not None else []
        third += [three] if three is not None else []
    return (
        Term("agents_2_shops", sum(second), "second_shop"),
        Term("agents_3_shops", sum(third), "third_shop"),
    )


def agents_on_several_shops(b: Build) -> tuple[Term, Term]:
    """Agents serving two or more shops, and agents serving three (each counted once)."""
    return _shop_count_terms(b)


def same_tier_pairs(b: Build) -> Term:
    """Pairs of served shops of the same tier (big with big, small with small)."""
    pairs = []
    for a in range(len(b.problem.agents)):
        pairs += same_tier_pair_flags(b.model, b.problem, a, partial(b.x.serves, a))
    return Term("same_tier_pairs", sum(pairs), "same_tier_pair")


def weekend_rest_fairness(b: Build) -> Term:
    """How far each agent's weekend rest days are from their fair share of weekends."""
    weekend = b.problem.rules.weekend_days
    deviations = []
    for a, agent in enumerate(b.problem.agents):
        if agent.rest_days is None or not weekend:
            continue
        offs = {d: off for d in b.problem.days if (off := b.x.off(a, d)) is not None}
        candidates = [off for d, off in offs.items() if d in weekend]
        if not offs or not candidates:
            continue
        target = round(agent.rest_days * len(candidates) / len(offs))
        dev = b.model.new_int_var(0, len(offs), f"weekend_rest_fairness[{a}]")
        b.model.add(dev >= sum(candidates) - target)
        b.model.add(dev >= target - sum(candidates))
        deviations.append(dev)
    return Term("weekend_rest_deviation", sum(deviations), "weekend_rest_fairness")


def weekend_holiday_days(problem: Problem) -> list[DayIdx]:
    """Weekend days, then public holidays: a holiday on a weekend is listed (counted) twice,
    as the ledger counts it in both columns."""
    return sorted(problem.rules.weekend_days) + sorted(problem.rules.holiday_days)


def weekend_holiday_excess(b: Build) -> Term:
    """Weekend and holiday days worked over the months so far above the agent's fair share
    (agents with ``weekend_days_fair_share``)."""
    days = weekend_holiday_days(b.problem)
    excesses = []
    for a, agent in enumerate(b.problem.agents):
        if agent.weekend_days_fair_share is None or not days:
            continue
        worked = [lit for d in days for lit in b.x.shift_lits(a, d)]
        most = max(0, agent.weekend_days_worked_before + len(days))
        excess = b.model.new_int_var(0, most, f"weekend_holiday_excess[{a}]")
        b.model.add(
            excess >= agent.weekend_days_worked_before + sum(worked) - agent.weekend_days_fair_share
        )
        excesses.append(excess)
    return Term("weekend_holiday_excess", sum(excesses), "weekend_holiday_fairness")


def primary_change(b: Build) -> Term:
    """Agents whose primary shop differs from last month's."""
    changed = [
        1 - b.x.primary(a, agent.previous_primary)
        for a, agent in enumerate(b.problem.agents)
        if agent.previous_primary is not None and agent.previous_primary in agent.shops
    ]
    return Term("primary_changes", sum(changed), "primary_change")


def primary_preference(b: Build) -> Term:
    """How far down their preference list each agent's primary shop is."""
    ranks = [
        rank * b.x.primary(a, p)
        for a, agent in enumerate(b.problem.agents)
        for rank, p in enumerate(agent.shops)
        if rank > 0
    ]
    return Term("primary_rank", sum(ranks), "primary_preference")


def shift_requests(b: Build) -> Term:
    """Weights of the shift-on requests not granted and the shift-off requests not granted."""
    parts: list[LinearExpr] = []
    for r in b.problem.requests:
        works = b.x.works(r.agent, r.day, r.shift)
        if r.on:
            parts.append(r.weight if works is None else r.weight * (1 - works))
        elif works is not None:
            parts.append(r.weight * works)
    return Term("requests", sum(parts), "requests")


def changes_from_reference(b: Build) -> tuple[Term, Term]:
    """Agent-days whose entry differs from the reference plan, and changed shop assignments.

    A day differs when its kind or shift differs, or, on the same shift, its split among
    shops (when the reference gives one). Shop changes count each shop served or dropped
    against the reference, and a moved primary shop.
    """
    days: list[LinearExpr] = []
    shops: list[LinearExpr] = []
    for a, agent in enumerate(b.problem.agents):
        if agent.reference is None:
            continue
        for d, ref in enumerate(agent.reference.days):
            days.append(_day_changed(b, a, d, ref))
        ref_shops = agent.reference.shops
        for p in agent.shops:
            serves = b.x.serves(a, p)
            shops.append(1 - serves if p in ref_shops else serves)
        shops.append(sum(1 for p in ref_shops if p not in agent.shops))
        if ref_shops:
            primary = ref_shops[0]
            shops.append(1 - b.x.primary(a, primary) if primary in agent.shops else 1)
    return (
        Term("changed_days", sum(days), "changed_day"),
        Term("changed_shops", sum(shops), "changed_shop"),
    )


def _day_changed(b: Build, a: AgentIdx, d: DayIdx, ref: DayEntry) -> LinearExpr:
    """1 when agent ``a``'s day ``d`` differs from ``ref``, as an expression."""
    x, agent, cap = b.x, b.problem.agents[a], b.problem.capacity_units
    if not agent.available(d):
        now = DayKind.LEAVE if d in agent.leave_days else DayKind.INACTIVE
        return 0 if ref.kind == now else 1
    if ref.kind == DayKind.OFF:
        same = x.off(a, d)
    elif ref.kind == DayKind.TRAINING:
        same = x.training(a, d)
    elif ref.kind == DayKind.SHIFT and ref.shift is not None:
        same = x.works(a, d, ref.shift)
    else:
        same = None  # the reference had leave or inactive here; now the agent is available
    if same is None:
        return 1
    if ref.kind != DayKind.SHIFT or not ref.shares or ref.shift is None:
        return 1 - same
    given = dict(ref.shares)
    if any(p not in agent.shops for p in given):
        return 1  # that split cannot be given again
    if len(agent.shops) == 1:
        return 1 - same  # the only split there is
    # `split` must be 1 when the shift is the same but a share is not; the (1 - same) slack
    # frees it when the shift differs, which that day already counts.
    split = b.model.new_bool_var(f"changes_from_reference[{a},{d}]")
    for p in agent.shops:
        share = x.share(a, d, ref.shift, p)
        assert share is not None  # a share exists for every shift the agent may work
        want = given.get(p, 0)
        b.model.add(share - want <= cap * split)
        b.model.add(want - share <= cap * split + want * (1 - same))
    return 1 - same + split
