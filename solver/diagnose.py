"""Find which hard rules, for which agents, cannot hold together."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.build import build_model
from solver.cpsat import make_solver
from solver.result import Conflict

if TYPE_CHECKING:
    from solver.problem import Problem
    from solver.solve import SolveParams

# Each trial of the shrinking loop is a small feasibility check; cap their time.
_TRIAL_SECONDS = 5.0
_MAX_TRIALS = 40


def find_conflicts(problem: Problem, params: SolveParams) -> tuple[Conflict, ...]:
    """A small set of (rule, agent) pairs that cannot all hold, or () if none is found.

    Every (rule, agent) gets an enforcement literal passed as an assumption;
    CP-SAT returns a sufficient set of them, which is then shrunk by dropping
    one at a time and re-solving (the set CP-SAT returns need not be minimal).
    """
    b = build_model(problem, diagnose=True)
    keys = {lit.index: key for key, lit in b.guards.items()}
    b.model.add_assumptions(list(b.guards.values()))
    solver = make_solver(params)
    solver.parameters.num_workers = 1  # the core is read from the single-thread search
    if solver.solve(b.model) != cp_model.INFEASIBLE:
        return ()
    core = [keys[i] for i in solver.sufficient_assumptions_for_infeasibility()]
    for key in list(core)[:_MAX_TRIALS]:
        trial = [k for k in core if k != key]
        b.model.clear_assumptions()
        b.model.add_assumptions([b.guards[k] for k in trial])
        check = make_solver(params, time_limit_s=_TRIAL_SECONDS)
        check.parameters.num_workers = 1
        if check.solve(b.model) == cp_model.INFEASIBLE:
            core = trial
    return tuple(Conflict(rule=rule, agent=agent) for rule, agent in core)
