"""Large-neighbourhood search over blocks of agents.

Every hard rule constrains one agent; agents meet only in the soft terms
about cover. So fixing all agents but a block and re-solving the block
against the cover the others leave (the residual needs) is exact: the
block's objective is the full objective minus a constant. A greedy pass
builds a first roster agent by agent; then blocks of agents that share
shops, biased to shops with shortfall, are re-solved while time remains.
The block size adapts: it grows while blocks are solved to optimality
quickly and shrinks while they run out of time.
"""

from __future__ import annotations

import random
import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from ortools.sat.python import cp_model

from solver.cpsat import cp_solver
from solver.evaluate import evaluate, objective_of, plan_cover
from solver.readout import read_plan
from solver.result import Plan
from solver.search.agent_model import model_for
from solver.search.alone import AgentInfeasible, own_roster

# The roster and a block's problem live in solver.search.incumbent; blocks.Incumbent and
# blocks.block_problem stay the names the searches use.
from solver.search.incumbent import Cover as Cover
from solver.search.incumbent import Incumbent as Incumbent
from solver.search.incumbent import Row as Row
from solver.search.incumbent import block_problem as block_problem
from solver.tasks import POLL_S, executor_or_threads

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from solver.problem import AgentIdx, Problem, ShopIdx
    from solver.tasks import TaskExecutor

# A first roster places one agent at a time; one agent's month solves in milliseconds,
# but proving it optimal can take far longer than finding it: stop near the bound.
CONSTRUCT_AGENT_S = 1.0
CONSTRUCT_GAP = 0.02
# When a cost-driven month does not come in time, any month the agent's rules allow is
# searched for this long (a 364-day month with 32 shift types takes 0.1-1.3 s).
ANY_MONTH_S = 3.0
# After this many agents, construct judges whether cost-driven months come in time.
HARD_MONTHS_AFTER = 4
# One agent re-solved against all the others, every agent in turn (a sweep): on the
# generated 600-agent team three sweeps (45 s) took the first roster from 475 agent-shifts
# short to 11.7, where 60 s of blocks left 113.5. Sweeps end once one lowers the objective
# by less than this share: what is left needs several agents to move at once (there, the
# 4th and 5th sweeps gained 12% and 2% in 17 s each; blocks do more with the time).
SWEEP_MIN_GAIN = 0.2
# Time for one block; the block size adapts so that most blocks finish within it. After
# the sweeps, from 11.7 agent-shifts short, 60 s of 30-agent, 2 s blocks left 0.2 short;
# 60-agent, 5 s blocks 1.9 and 15-agent, 1 s blocks 1.3.
BLOCK_S = 2.0
FIRST_BLOCK_AGENTS = 30
MIN_BLOCK_AGENTS = 3
MAX_BLOCK_AGENTS = 150
# Blocks this large are searched by CP-SAT's LNS on every worker: proving them optimal is
# out of reach, and the LP worker would only slow the search for better rosters.
LNS_ONLY_BLOCK_AGENTS = 30
# Share of blocks seeded at a shop that is short (the rest at a random shop).
SHORT_SHOP_BIAS = 0.8
# One agent's month is a small model (about 250 variables): CP-SAT's symmetry detection,
# repeated presolve and LP cuts cost more there than they save. On the generated
# 600-agent team (200 months re-solved against a first roster, one worker) they took
# 21.5 ms a month with them and 13.6 ms without, every month still proven optimal at the
# same objective. Big teams' sweeps ask for it (``light``); the first roster's months,
# stopped within CONSTRUCT_GAP, came out worse with it (see ``construct``), and the long
# Curtois horizons, whose one-agent months are harder, keep CP-SAT's defaults.
LIGHT_PARAMETERS = {
    "symmetry_level": 0,
    "max_presolve_iterations": 1,
    "add_cg_cuts": False,
    "add_mir_cuts": False,
    "add_zero_half_cuts": False,
}


@dataclass(frozen=True)
class BlockResult:
    """A re-solved block: its objective before (on the incumbent) and after, and its rows."""

    before: int | None
    after: int
    optimal: bool
    days: list[Row]
    shops: list[tuple[ShopIdx, ...]]


class BlockInfeasible(Exception):
    """Some agent's hard rules cannot hold; the full model will say which."""


@dataclass(frozen=True, kw_only=True)
class SubSolve:
    """One block's own problem and how long and how to search it: all a worker needs,
    plain data, so an executor may run it in another process."""

    block: tuple[AgentIdx, ...]
    problem: Problem
    """The block alone, against the needs the other agents leave uncovered."""
    hint: Plan | None
    """The block's rows on the incumbent; None while agents are being placed."""
    time_limit_s: float
    num_workers: int
    seed: int
    relative_gap: float = 0.0
    lns_only: bool = False
    light: bool = False
    """One agent's month on a big team: CP-SAT with ``LIGHT_PARAMETERS``, on the agent's
    kept model (``solver.search.agent_model``)."""


def sub_solve(
    problem: Problem,
    current: Incumbent,
    block: list[AgentIdx],
    time_limit_s: float,
    num_workers: int,
    seed: int,
    relative_gap: float = 0.0,
    lns_only: bool = False,
    light: bool = False,
) -> SubSolve:
    """The sub-solve of ``block`` against the others, as the roster is now; ``light``
    applies to a one-agent block only."""
    hint = None
    if all(current.days[a] is not None for a in block):
        hint = Plan(
            days=tuple(current.days[a] for a in block),  # type: ignore[misc]
            shops=tuple(current.shops[a] for a in block),  # type: ignore[misc]
        )
    return SubSolve(
        block=tuple(block),
        problem=block_problem(problem, current, block),
        hint=hint,
        time_limit_s=time_limit_s,
        num_workers=num_workers,
        seed=seed,
        relative_gap=relative_gap,
        lns_only=lns_only,
        light=light and len(block) == 1,
    )


def solve_sub(task: SubSolve) -> BlockResult | None:
    """Re-solve a block on its own; None when no solution came in time.

    Raises
    ------
    BlockInfeasible
        If the block's hard rules cannot hold.
    """
    sub = task.problem
    before = None
    if task.hint is not None:
        before = objective_of(sub, evaluate(sub, task.hint))
    # Without a hint (placing agents one by one) the search starts from the agents'
    # published rows, if any.
    with model_for(sub, task.hint, keep=task.light) as b:
        solver = cp_solver(task.time_limit_s, task.num_workers, task.seed)
        # Probing pays off on big models; on a block it can cost more than the whole search.
        solver.parameters.cp_model_probing_level = 0
        solver.parameters.relative_gap_limit = task.relative_gap
        solver.parameters.use_lns_only = task.lns_only
        if task.light:
            for name, value in LIGHT_PARAMETERS.items():
                setattr(solver.parameters, name, value)
        code = solver.solve(b.model)
        if code == cp_model.INFEASIBLE:
            raise BlockInfeasible(list(task.block))
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        plan = read_plan(b, solver)
    return BlockResult(
        before=before,
        after=objective_of(sub, evaluate(sub, plan)),
        optimal=code == cp_model.OPTIMAL and task.relative_gap == 0,
        days=list(plan.days),
        shops=list(plan.shops),
    )


def solve_block(
    problem: Problem,
    current: Incumbent,
    block: list[AgentIdx],
    time_limit_s: float,
    num_workers: int,
    seed: int,
    relative_gap: float = 0.0,
    lns_only: bool = False,
) -> BlockResult | None:
    """Re-solve ``block`` against the others; None when no solution came in time."""
    return solve_sub(
        sub_solve(problem, current, block, time_limit_s, num_workers, seed, relative_gap, lns_only)
    )


def construct(
    problem: Problem,
    deadline: float,
    seed: int,
    should_stop: Callable[[], bool] | None = None,
    num_workers: int = 1,
    executor: TaskExecutor | None = None,
    current: Incumbent | None = None,
) -> Incumbent:
    """A first roster, placing agents one by one against what is still uncovered.

    Agents with no shop in common do not meet in any term, so up to
    ``num_workers`` such agents are solved at once, each in its own thread (or as
    tasks of ``executor``); each reads the roster as it is when it starts, so the
    roster is one that placing them one by one gives (with several at once, in an order
    that depends on which finishes first). Agents not placed
    when the deadline comes (or whose month finds no solution in time) keep a None
    row: the result is then partial. Once most agents' cost-driven months have not come in
    time (long horizons), the rest get any month their rules allow straight away. Given
    ``current`` (a partial roster), only its unplaced agents are placed, against the cover
    its placed ones give (``solver.search.groups``). Months here stop within
    ``CONSTRUCT_GAP`` of their bound, so they are never ``light``: on the 600-agent team
    light months so stopped gave a first roster 569.1 agent-shifts short, against 386.3.
    """
    n = len(problem.agents)
    if current is None:
        current = Incumbent(days=[None] * n, shops=[None] * n)
    # Agents with the fewest choices first: the flexible ones fill what is left.
    queue = sorted(
        (a for a in range(n) if current.days[a] is None),
        key=lambda a: (len(problem.agents[a].shops), a),
    )

    def place(a: AgentIdx, limit: float) -> tuple[SubSolve, bool]:
        return sub_solve(problem, current, [a], limit, 1, seed, CONSTRUCT_GAP), not hard_months(
            current
        )

    for a, placed in _in_turn(
        problem, queue, _place_one, place, deadline, num_workers, should_stop, executor
    ):
        if placed is None:
            continue
        row, shops, costed = placed
        current.place(a, row, shops)
        if costed:
            current.placed_by_cost += 1
        else:
            current.placed_any_month += 1
    return current


def hard_months(current: Incumbent) -> bool:
    """Whether most agents' cost-driven months did not come in time (after a few tries):
    one agent's month is then too hard for searches that weigh cover or its duals."""
    tried = current.placed_by_cost + current.placed_any_month
    return tried >= HARD_MONTHS_AFTER and current.placed_any_month > tried / 2


def _place_one(task: SubSolve, by_cost: bool) -> tuple[Row, tuple[ShopIdx, ...], bool] | None:
    """One agent's month (``task``) against the cover still missing; failing that in time
    (a long horizon can keep the cost-driven search from finding one at all), or without
    ``by_cost``, any month its rules allow, so the first roster stays complete. The flag
    says whether the month weighed the cover."""
    if by_cost:
        result = solve_sub(task)
        if result is not None:
            return result.days[0], result.shops[0], True
    try:
        found = own_roster(task.problem, 0, max(task.time_limit_s, ANY_MONTH_S), task.seed)
    except AgentInfeasible as error:
        raise BlockInfeasible(list(task.block)) from error
    return (*found, False) if found is not None else None


# What one agent's solve gives, in ``_in_turn``.
T = TypeVar("T")

# A sub-solve may end this long after its deadline (the any-month fallback of
# ``_place_one``, building the model); no longer is waited for, so that a lost worker
# cannot hold the search.
LATE_S = ANY_MONTH_S + 1.0

# How far down the queue to look for an agent that shares no shop with those running.
_LOOKAHEAD = 30


def _next_apart(problem: Problem, queue: list[AgentIdx], busy: set[ShopIdx]) -> AgentIdx | None:
    """Take the first agent near the front of ``queue`` that serves none of ``busy``."""
    for i, a in enumerate(queue[:_LOOKAHEAD]):
        if busy.isdisjoint(problem.agents[a].shops):
            return queue.pop(i)
    return None


def _in_turn(
    problem: Problem,
    queue: list[AgentIdx],
    solve_one: Callable[..., T],
    args_of: Callable[[AgentIdx, float], tuple[Any, ...]],
    deadline: float,
    num_workers: int,
    should_stop: Callable[[], bool] | None,
    executor: TaskExecutor | None = None,
) -> Iterator[tuple[AgentIdx, T]]:
    """``solve_one(*args_of(agent, time limit))`` for the agents of ``queue``, up to
    ``num_workers`` at once that share no shop (they meet in no term), each on its own
    thread or as a task of ``executor``. Each result is yielded as it comes, and the next
    agent is started only once the caller has taken it in: an agent reads the roster as
    it is when it starts, and no agent running beside it changes a cover it reads. No
    worker waits for another (the batches of old waited for their slowest agent). Ends
    early, agents left in ``queue``, at ``deadline`` or ``should_stop``; agents started
    whose result did not come by ``deadline`` plus ``LATE_S`` (or before a stop) are
    left out."""
    slots = max(1, num_workers)
    running: dict[Future[T], AgentIdx] = {}
    busy: set[ShopIdx] = set()
    with executor_or_threads(executor, slots) as pool:
        while not (should_stop is not None and should_stop()):
            remaining = deadline - time.monotonic()
            while remaining > 0 and len(running) < slots:
                a = _next_apart(problem, queue, busy)
                if a is None:
                    break
                # One agent's model is tiny: one CP-SAT worker each.
                limit = min(CONSTRUCT_AGENT_S, remaining)
                running[pool.submit(solve_one, *args_of(a, limit))] = a
                busy.update(problem.agents[a].shops)
            wait_s = min(POLL_S, deadline + LATE_S - time.monotonic())
            if not running or wait_s <= 0:
                break
            done, _ = wait(running, timeout=wait_s, return_when=FIRST_COMPLETED)
            for future in [f for f in running if f in done]:  # in the order started
                a = running.pop(future)
                busy.difference_update(problem.agents[a].shops)
                yield a, future.result()
        for future in running:
            future.cancel()


class Neighbourhoods:
    """Picks blocks of agents linked by shops, seeded mostly at shops that are short."""

    def __init__(self, problem: Problem, rng: random.Random) -> None:
        self.problem = problem
        self.rng = rng
        self.qualified: dict[ShopIdx, list[AgentIdx]] = defaultdict(list)
        for a, agent in enumerate(problem.agents):
            for p in agent.shops:
                self.qualified[p].append(a)

    def short_shops(self, plan: Plan) -> dict[ShopIdx, int]:
        """Units missing per shop."""
        cover = plan_cover(self.problem, plan)
        short: dict[ShopIdx, int] = defaultdict(int)
        for n in self.problem.needs:
            missing = n.units - cover.get((n.day, n.shift, n.shop), 0)
            if missing > 0:
                short[n.shop] += missing * n.under_weight
        return short

    def pick(self, plan: Plan, size: int) -> list[AgentIdx]:
        n = len(self.problem.agents)
        if n <= size:
            return list(range(n))
        rng = self.rng
        short = self.short_shops(plan)
        shops = sorted(self.qualified)
        if short and rng.random() < SHORT_SHOP_BIAS:
            seed = rng.choices(sorted(short), [short[p] for p in sorted(short)])[0]
        else:
            seed = rng.choice(shops)
        block: list[AgentIdx] = []
        chosen: set[AgentIdx] = set()
        frontier, seen = [seed], {seed}
        # Breadth-first over shops: the agents of a shop, then the other shops of those agents.
        while frontier and len(block) < size:
            p = frontier.pop(0)
            candidates = [a for a in self.qualified[p] if a not in chosen]
            rng.shuffle(candidates)
            for a in candidates[: size - len(block)]:
                block.append(a)
                chosen.add(a)
                for q in self.problem.agents[a].shops:
                    if q not in seen:
                        seen.add(q)
                        frontier.append(q)
        if len(block) < size:
            rest = [a for a in range(n) if a not in chosen]
            block += rng.sample(rest, size - len(block))
        return block


def sweep(
    problem: Problem,
    current: Incumbent,
    deadline: float,
    num_workers: int,
    seed: int,
    on_improvement: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    executor: TaskExecutor | None = None,
    light: bool = False,
) -> Incumbent:
    """Re-solve one agent at a time against all the others, every agent in turn, keeping
    rows no worse than before, until a whole sweep gains less than ``SWEEP_MIN_GAIN`` of
    the objective or ``deadline`` comes. Agents sharing no shop are solved at once (as
    tasks of ``executor`` when given); ``light`` as for ``construct``."""
    rng = random.Random(seed)
    before = objective_of(problem, evaluate(problem, current.plan()))

    def re_solve(a: AgentIdx, limit: float) -> tuple[SubSolve]:
        return (sub_solve(problem, current, [a], limit, 1, seed, light=light),)

    while True:
        queue = list(range(len(problem.agents)))
        rng.shuffle(queue)
        for a, result in _in_turn(
            problem, queue, solve_sub, re_solve, deadline, num_workers, should_stop, executor
        ):
            if result is None or result.before is None or result.after > result.before:
                continue
            current.place(a, result.days[0], result.shops[0])
        if queue:
            return current  # the deadline came, or a stop, before the sweep's end
        terms = evaluate(problem, current.plan())
        after = objective_of(problem, terms)
        if on_improvement is not None and after < before:
            on_improvement(after, terms["shortfall"])
        # "<=": a roster already at 0 is swept once, not until the deadline.
        if before - after <= SWEEP_MIN_GAIN * before:
            return current
        before = after


def improve(
    problem: Problem,
    current: Incumbent,
    deadline: float,
    num_workers: int,
    seed: int,
    on_improvement: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> Incumbent:
    """Re-solve blocks of agents until ``deadline``, keeping every block no worse than before."""
    rng = random.Random(seed)
    picker = Neighbourhoods(problem, rng)
    size = min(FIRST_BLOCK_AGENTS, len(problem.agents))
    plan = current.plan()
    while (remaining := deadline - time.monotonic()) > 0.2:
        if should_stop is not None and should_stop():
            break
        block = picker.pick(plan, size)
        started = time.monotonic()
        limit = min(BLOCK_S, remaining)
        result = solve_block(
            problem,
            current,
            block,
            limit,
            num_workers,
            rng.randrange(2**31),
            lns_only=size >= LNS_ONLY_BLOCK_AGENTS,
        )
        took = time.monotonic() - started
        if result is not None and result.optimal and took < limit / 3:
            size = min(MAX_BLOCK_AGENTS, len(problem.agents), size + max(1, size // 4))
        elif result is None:
            size = max(MIN_BLOCK_AGENTS, size - max(1, size // 6))
        if result is None or result.before is None or result.after > result.before:
            continue
        # Equal moves are taken too: they let the search walk across plateaus.
        for a, row, served in zip(block, result.days, result.shops, strict=True):
            current.place(a, row, served)
        plan = current.plan()
        if on_improvement is not None and result.after < result.before:
            terms = evaluate(problem, plan)
            on_improvement(objective_of(problem, terms), terms["shortfall"])
    return current
