"""The default search (``Search.BLOCKS``): a first roster agent by agent, then sweeps,
block search or CP-SAT's own large-neighbourhood search by team size, then the full model.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import TYPE_CHECKING

from solver.evaluate import evaluate, objective_of
from solver.problem import Rotation
from solver.progress import Reporter
from solver.result import SolveStatus
from solver.search import allocation, blocks, groups
from solver.search.full import LNS_MIN_AGENTS, solve_full, stopped

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.problem import Problem
    from solver.progress import ProgressFn
    from solver.result import Plan, SolveResult
    from solver.solve import SolveParams

# Teams this large first get our own block search (solver.search.blocks): a model of a few hundred
# agents takes CP-SAT long to presolve for every neighbourhood of its own LNS.
BLOCK_MIN_AGENTS = 300
# The most of the time limit the first roster may take: it is the sure way to a roster
# (the full model alone may find none in time on a busy machine), so it may take most.
CONSTRUCT_SHARE = 0.8
# Share of the time limit kept for the last, bound-proving run of the full model (the
# LNS-only polish or block search gets the time before it).
BOUND_SHARE = 0.2
# From BLOCK_MIN_AGENTS on, the month-level plan of shops and phases that guides the
# first roster (solver.search.allocation) may take this share of the time limit.
ALLOCATION_SHARE = 0.04
# Under LNS_MIN_AGENTS the plan gets this share, at most SMALL_ALLOCATION_MAX_S (it ends
# sooner when proven: demo team 0.9 s), and sweeps (solver.search.blocks.sweep) then run
# until SMALL_SWEEP_SHARE. Which agents work days in which half decides much of a small team's
# shortfall, and the full model's search from a roster seldom changes it: demo team, 5 s,
# seeds 0-15, mean objective 35733 before, 33025 with a plan alone (LNS-only second
# stage), 30263 with a proven plan and sweeps.
SMALL_ALLOCATION_SHARE = 0.2
SMALL_ALLOCATION_MAX_S = 2.0
SMALL_SWEEP_SHARE = 0.5
# From BLOCK_MIN_AGENTS on the bound run is short: the LP of such a model proves
# little in the time a team lead waits (600 agents: a bound of 0 in 30 s, and no better
# roster than the block search's), and the block search does more with the time.
HUGE_BOUND_SHARE = 0.03
# From GROUPS_MIN_AGENTS on, the first roster is built by groups of agents and shops side
# by side (solver.search.groups); the groups' sweeps get this share of the time limit.
# 0 places all agents one by one instead. On the generated 1,200-agent team (600 s, one
# run each on a busy machine) groups gave a first roster after 65.5 s instead of 109.9 s
# and 75.8 agent-shifts short at 300 s instead of 1548.4 (47.1 and 38.2 at 600 s); on the
# 600-agent team (300 s) one by one was better: 42.7 short at 60 s and zero at 226 s,
# against 311.0 and 0.2 at 300 s by groups (docs/experiments/2026-12-07-agent-groups.md).
GROUPS_SHARE = 0.06
GROUPS_MIN_AGENTS = 1000


def solve_by_blocks(
    problem: Problem,
    params: SolveParams,
    on_progress: ProgressFn | None,
    should_stop: Callable[[], bool] | None,
) -> SolveResult:
    """A first roster, improved by team size, then the full model (see ``solver.solve``)."""
    started = time.monotonic()
    limit = params.time_limit_s
    deadline = started + limit
    reporter = Reporter(on_progress, started)
    incumbent = None
    if params.lns:
        incumbent = first_roster(problem, params, started, should_stop, reporter)
    large = len(problem.agents) >= LNS_MIN_AGENTS
    if incumbent is not None and incumbent.complete:
        terms = evaluate(problem, incumbent.plan())
        reporter(objective_of(problem, terms), terms["shortfall"])
        huge = len(problem.agents) >= BLOCK_MIN_AGENTS
        steps: tuple[Callable[..., blocks.Incumbent], ...] = ()
        until = deadline
        if huge:
            # Sweeps of one agent at a time do the early work; blocks move several at once.
            steps, until = (blocks.sweep, blocks.improve), deadline - HUGE_BOUND_SHARE * limit
        elif _small_team(problem):
            # On a small team one agent's month takes milliseconds: sweeps, for a while.
            steps, until = (blocks.sweep,), started + SMALL_SWEEP_SHARE * limit
        for step in steps:
            incumbent = _run_step(step, problem, incumbent, until, params, reporter, should_stop)
        if large and not huge and not stopped(should_stop):
            polish_until = deadline - BOUND_SHARE * limit
            if polish_until - time.monotonic() > 1.0:
                polished = solve_full(
                    problem, params, polish_until, incumbent, reporter, should_stop, lns_only=True
                )
                if polished.plan is not None and _better(problem, polished.plan, incumbent.plan()):
                    incumbent = blocks.Incumbent.of(polished.plan)
    result = solve_full(problem, params, deadline, incumbent, reporter, should_stop)
    hint = incumbent.plan() if incumbent is not None and incumbent.complete else None
    if reporter.first is not None:
        result = replace(result, first_solution_seconds=reporter.first)
    if hint is not None and (result.plan is None or _better(problem, hint, result.plan)):
        terms = evaluate(problem, hint)
        result = replace(
            result,
            status=SolveStatus.FEASIBLE,
            objective=objective_of(problem, terms),
            plan=hint,
            terms=terms,
        )
    return replace(
        result, wall_seconds=time.monotonic() - started, solutions_found=reporter.solutions
    )


def first_roster(
    problem: Problem,
    params: SolveParams,
    started: float,
    should_stop: Callable[[], bool] | None,
    reporter: Reporter | None = None,
) -> blocks.Incumbent | None:
    """Agent by agent, within a month-level plan of shops and rotation phases first
    (teams under LNS_MIN_AGENTS and from BLOCK_MIN_AGENTS on), by groups of agents and
    shops from GROUPS_MIN_AGENTS on (a complete roster is reported to ``reporter`` before
    its cut agents are re-solved). None when some agent's rules cannot hold."""
    limit = params.time_limit_s
    deadline = started + CONSTRUCT_SHARE * limit
    guided = None
    if (plan_s := allocation_seconds(problem, limit)) > 0:
        guided = allocation.guided_problem(problem, plan_s, params.num_workers, params.seed)
    for start in (guided, problem):
        if start is None or stopped(should_stop):
            continue
        try:
            if GROUPS_SHARE > 0 and len(problem.agents) >= GROUPS_MIN_AGENTS:
                return groups.construct_by_groups(
                    start,
                    deadline,
                    GROUPS_SHARE * limit,
                    params.seed,
                    should_stop,
                    params.at_once,
                    params.executor,
                    on_roster=None if reporter is None else _report(problem, reporter),
                    light=_light(problem),
                )
            return blocks.construct(
                start, deadline, params.seed, should_stop, params.at_once, params.executor
            )
        except blocks.BlockInfeasible:
            # The plan's limits, or the agent's own rules: retry without the plan; if
            # that fails too, the full model names the conflict.
            continue
    return None


def _report(problem: Problem, reporter: Reporter) -> Callable[[blocks.Incumbent], None]:
    """Report a complete roster, scored on ``problem``."""

    def report(current: blocks.Incumbent) -> None:
        terms = evaluate(problem, current.plan())
        reporter(objective_of(problem, terms), terms["shortfall"])

    return report


def _run_step(
    step: Callable[..., blocks.Incumbent],
    problem: Problem,
    incumbent: blocks.Incumbent,
    until: float,
    params: SolveParams,
    reporter: Reporter,
    should_stop: Callable[[], bool] | None,
) -> blocks.Incumbent:
    """Sweeps run ``params.at_once`` one-agent sub-solves at a time (on the executor when
    given); a block is one sub-solve here, on ``num_workers`` CP-SAT workers."""
    if step is blocks.sweep:
        return blocks.sweep(
            problem,
            incumbent,
            until,
            params.at_once,
            params.seed,
            reporter,
            should_stop,
            params.executor,
            light=_light(problem),
        )
    return step(problem, incumbent, until, params.num_workers, params.seed, reporter, should_stop)


def allocation_seconds(problem: Problem, limit: float) -> float:
    """Time for the month-level plan; 0 when it has nothing to decide or is not used."""
    rotates = problem.rules.rotation == Rotation.HALF_MONTH
    if not rotates and all(len(agent.shops) == 1 for agent in problem.agents):
        return 0.0
    if _small_team(problem):
        return min(SMALL_ALLOCATION_SHARE * limit, SMALL_ALLOCATION_MAX_S)
    if len(problem.agents) >= BLOCK_MIN_AGENTS:
        return ALLOCATION_SHARE * limit
    return 0.0


def _light(problem: Problem) -> bool:
    """Whether one-agent months get ``blocks.LIGHT_PARAMETERS``: from BLOCK_MIN_AGENTS on."""
    return len(problem.agents) >= BLOCK_MIN_AGENTS


def _small_team(problem: Problem) -> bool:
    """Under LNS_MIN_AGENTS, but more than one agent: one agent alone has nothing to plan or
    sweep (the full model is that agent's month, e.g. synthetic.py's witnesses)."""
    return 1 < len(problem.agents) < LNS_MIN_AGENTS


def _better(problem: Problem, plan: Plan, than: Plan) -> bool:
    return objective_of(problem, evaluate(problem, plan)) < objective_of(
        problem, evaluate(problem, than)
    )
