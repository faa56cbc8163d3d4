"""A month-level plan for a team: which shops each agent serves, which shift each half.

Placed one by one, agents take the shops and shift that suit them best, and the last ones
find the cover they could give already given: on a generated 600-agent, 60-shop team the
first roster missed 414 agent-shifts, 223 of them on shops short over the whole month
while other shops had cover to spare. Summed over each half of the month, cover per shop
and shift is a small model (no days, no rest), solved first; the agent-by-agent start then
places each agent within the shops and rotation phase it gives them. It guides the start
only: the search that follows may change both. On a small team it decides which agents
work days in which half, which the full model's search from a roster seldom changes.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import replace
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.cpsat import cp_solver
from solver.hints import hint_values, solution_values
from solver.problem import Rotation
from solver.rules.rotation import half_shift_choice
from solver.terms import same_tier_pair_flags, several_shops_flags

if TYPE_CHECKING:
    from solver.problem import Agent, AgentIdx, Problem, ShiftIdx, ShopIdx

Half = int

# From this many agents the plan's second stage searches with LNS only (the plan is used
# under 30 agents and from 300 on: any value in between splits them the same way).
LNS_ONLY_MIN_AGENTS = 30


def guided_problem(
    problem: Problem, time_limit_s: float, num_workers: int, seed: int
) -> Problem | None:
    """``problem`` with each agent limited to the shops, and under the half-month rotation
    the phase, that the month-level plan gives them; None when no plan came in time.

    Agents with pins or a reference plan are left as they are: their own days decide.
    """
    plan = MonthAllocation(problem).solve(time_limit_s, num_workers, seed)
    if plan is None:
        return None
    shops, phases = plan
    agents = []
    for a, agent in enumerate(problem.agents):
        if agent.pins or agent.reference is not None:
            agents.append(agent)
            continue
        guided = replace(agent, shops=tuple(p for p in agent.shops if p in shops[a]))
        if a in phases:
            first, second = phases[a]
            # The rotation rule keeps the first half off the shift worked before day 0.
            guided = replace(
                guided,
                shifts=(first, second),
                history=replace(agent.history, rotation_shift=second),
            )
        agents.append(guided)
    return replace(problem, agents=tuple(agents))


class MonthAllocation:
    """Capacity units per agent, shop, half and shift against each half's summed needs."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.model = cp_model.CpModel()
        self.serves: dict[tuple[AgentIdx, ShopIdx], cp_model.IntVar] = {}
        self.half_shift: dict[tuple[AgentIdx, Half, ShiftIdx], cp_model.IntVar] = {}
        given: dict[tuple[ShopIdx, Half, ShiftIdx], list[cp_model.IntVar]] = defaultdict(list)
        self.shop_costs: list[cp_model.LinearExprT] = []
        for a, agent in enumerate(problem.agents):
            self.shop_costs += self._agent(a, agent, given)
        self.shortfall_costs = self._shortfall(given)

    def _agent(
        self,
        a: AgentIdx,
        agent: Agent,
        given: dict[tuple[ShopIdx, Half, ShiftIdx], list[cp_model.IntVar]],
    ) -> list[cp_model.LinearExprT]:
        problem, model = self.problem, self.model
        weights = problem.weights
        for p in agent.shops:
            self.serves[a, p] = model.new_bool_var(f"serves[{a},{p}]")
        served = [self.serves[a, p] for p in agent.shops]
        limit = min(agent.max_shops, problem.rules.max_shops_special, len(served))
        model.add(sum(served) >= 1)
        model.add(sum(served) <= limit)
        shifts = problem.agent_shifts(agent)
        rotating = problem.rules.rotation == Rotation.HALF_MONTH and len(shifts) >= 2
        if rotating:
            choice = half_shift_choice(
                model, f"half_shift[{a}]", shifts, agent.history.rotation_shift, []
            )
            self.half_shift.update({(a, h, s): var for (h, s), var in choice.items()})
        for h in (0, 1):
            units = _work_units(problem, agent, h)
            flows = {}
            for p in agent.shops:
                for s in shifts:
                    flow = model.new_int_var(0, units, f"flow[{a},{p},{h},{s}]")
                    model.add(flow <= units * self.serves[a, p])
                    flows[p, s] = flow
                    given[p, h, s].append(flow)
            if rotating:
                for s in shifts:
                    model.add(
                        sum(flows[p, s] for p in agent.shops) <= units * self.half_shift[a, h, s]
                    )
            else:
                model.add(sum(flows.values()) <= units)
        two, three = several_shops_flags(model, a, sum(served), limit)
        costs: list[cp_model.LinearExprT] = []
        if two is not None:
            costs.append(weights.second_shop * two)
        if three is not None:
            costs.append(weights.third_shop * three)
        pairs = same_tier_pair_flags(model, problem, a, lambda p: self.serves[a, p])
        costs += [weights.same_tier_pair * pair for pair in pairs]
        return costs

    def _shortfall(
        self, given: dict[tuple[ShopIdx, Half, ShiftIdx], list[cp_model.IntVar]]
    ) -> list[cp_model.LinearExprT]:
        problem = self.problem
        needed: dict[tuple[ShopIdx, Half, ShiftIdx], int] = defaultdict(int)
        for need in problem.needs:
            if need.under_weight:
                needed[need.shop, problem.half_of(need.day), need.shift] += need.units
        costs: list[cp_model.LinearExprT] = []
        for key, units in needed.items():
            short = self.model.new_int_var(0, units, f"short{key}")
            self.model.add(short >= units - sum(given.get(key, [])))
            costs.append(problem.weights.shortfall * short)
        return costs

    def solve(
        self, time_limit_s: float, num_workers: int, seed: int
    ) -> tuple[list[set[ShopIdx]], dict[AgentIdx, tuple[ShiftIdx, ShiftIdx]]] | None:
        """Each agent's shops, and each rotating agent's (first half, second half) shifts.

        Cover first, then shop costs from that cover: on 600 agents (12 s, 2 workers) the
        plan searched at once still missed 17.5 agent-shifts over the halves; cover alone is
        proven in about 4.5 s, and the rest of the time then lowers shop costs from there.
        """
        started = time.monotonic()
        self.model.minimize(sum(self.shortfall_costs))
        solver = cp_solver(time_limit_s / 2, num_workers, seed)
        if solver.solve(self.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        self._hint_from(solver)
        self.model.minimize(cp_model.LinearExpr.sum([*self.shortfall_costs, *self.shop_costs]))
        left = time_limit_s - (time.monotonic() - started)
        if left > 0:
            full = cp_solver(left, num_workers, seed)
            # Every worker on LNS: on 600 agents, 12 s and 2 workers, an objective of 15660
            # and 18220 (two seeds) against 90050 with the default portfolio. One LNS
            # worker alone does no better than the default. A small team's plan is proven
            # optimal by the default portfolio (demo team: 0.8 s), which LNS never does.
            large = len(self.problem.agents) >= LNS_ONLY_MIN_AGENTS
            full.parameters.use_lns_only = num_workers >= 2 and large
            if full.solve(self.model) in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                solver = full
        shops: list[set[ShopIdx]] = [set() for _ in self.problem.agents]
        for (a, p), var in self.serves.items():
            if solver.boolean_value(var):
                shops[a].add(p)
        on: dict[tuple[AgentIdx, Half], ShiftIdx] = {
            (a, h): s for (a, h, s), var in self.half_shift.items() if solver.boolean_value(var)
        }
        phases = {a: (on[a, 0], on[a, 1]) for a, h in on if h == 0}
        return shops, phases

    def _hint_from(self, solver: cp_model.CpSolver) -> None:
        self.model.clear_hints()  # type: ignore[no-untyped-call]
        hint_values(self.model, solution_values(self.model, solver))


def _work_units(problem: Problem, agent: Agent, half: Half) -> int:
    """Capacity units ``agent`` can give in ``half``: working days less a fair share of
    rest days, training days not counted."""
    available = [d for d in problem.days if agent.available(d)]
    in_half = [d for d in available if problem.half_of(d) == half]
    if not in_half:
        return 0
    rest = (agent.rest_days or 0) * len(in_half) / len(available)
    training = sum(1 for d in in_half if d in agent.training_days)
    days = max(0.0, len(in_half) - rest - training)
    return int(problem.capacity_units * days)
