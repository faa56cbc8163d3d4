"""One agent on their own: no cover, only the agent's own rules and terms.

Every hard rule constrains one agent, so a roster exists exactly when each agent's own
month exists. Finding one is usually instant, but on long horizons (the benchmark's
182- and 364-day instances: shift counts, total minutes within a 720-minute window, runs
of work and days off, weekends) CP-SAT's default search with a cost to minimise can
spend minutes without a single roster. With nothing to minimise, no LP, no probing and
quick restarts, the same month comes in 0.1-1.3 s (instance 24, 364 days and 32 shift
types; the default search took 1.4-15 s, with every constraint in the LP 1.3-19 s).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.build import build_model
from solver.cpsat import cp_solver
from solver.readout import day_entry, served_shops

if TYPE_CHECKING:
    from solver.problem import AgentIdx, Problem, ShopIdx
    from solver.result import DayEntry


def agent_problem(problem: Problem, a: AgentIdx) -> Problem:
    """Agent ``a`` alone, with no needs: what is left is the agent's own cost."""
    return replace(
        problem,
        agents=(problem.agents[a],),
        needs=(),
        requests=tuple(replace(r, agent=0) for r in problem.requests if r.agent == a),
    )


class AgentInfeasible(Exception):
    """An agent's own hard rules cannot hold; the full model names the conflict."""


def own_roster(
    problem: Problem, a: AgentIdx, time_limit_s: float, seed: int = 0
) -> tuple[tuple[DayEntry, ...], tuple[ShopIdx, ...]] | None:
    """Some month agent ``a``'s own hard rules allow (its days and shops, primary first),
    cost ignored; None when none was found in ``time_limit_s``.

    Raises
    ------
    AgentInfeasible
        If CP-SAT proves the agent's rules cannot all hold.
    """
    alone = agent_problem(problem, a)
    b = build_model(alone)
    solver = cp_solver(max(0.01, time_limit_s), 1, seed)
    solver.parameters.linearization_level = 0
    solver.parameters.cp_model_probing_level = 0
    solver.parameters.search_branching = cp_model.PORTFOLIO_WITH_QUICK_RESTART_SEARCH
    code = solver.solve(b.model)
    if code == cp_model.INFEASIBLE:
        raise AgentInfeasible(alone.agents[0].name)
    if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    row = tuple(day_entry(b, 0, d, solver.value) for d in alone.days)
    return row, served_shops(b, 0, solver.value, row)
