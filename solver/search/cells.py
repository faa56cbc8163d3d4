"""Large-neighbourhood search over (agent, day) cells of the full model.

The full model is built once. Each step frees a set of cells (some agents over all
days, all agents over a window of days, a box of both, or all agents around some
weekends), fixes every other cell to the current roster, and lets CP-SAT re-solve what
is free, starting from the current roster. A step that is no worse is kept.
Neighbourhood sizes adapt per kind: they grow while steps are solved to optimality
quickly and shrink while they run out of time.

Weekends get a kind of their own because a weekend limit couples all of an agent's
weekends: on Curtois & Qu instance 8, a roster no window or box improved (1404) became
1310 when all agents were freed from Friday to Monday of every weekend at once (0.5 s on
one worker); three of its four weekends, or Saturday and Sunday alone, improved nothing.

Unlike ``solver.search.blocks`` (blocks of whole agents, a new model per block), a window frees
every agent's days at once, which is what moves cover between agents and days.

With several workers, each worker re-solves a neighbourhood of its own (one CP-SAT worker
each) from the same roster, and the best result is kept: more neighbourhoods per second than
one step on all workers, whose portfolio mostly repeats itself on a small model. Given an
executor (``SolveParams.executor``), each neighbourhood is a task of it instead: the task
gets the problem (OR-Tools 9.15's model does not pickle), builds the full model once per
process and re-solves the neighbourhood there.
"""

from __future__ import annotations

import math
import random
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model, cp_model_helper

from solver.build import build_model
from solver.cpsat import cp_solver
from solver.evaluate import plan_cover
from solver.objective import add_objective
from solver.readout import plan_of
from solver.result import DayKind
from solver.tasks import results_until

if TYPE_CHECKING:
    from collections.abc import Callable

    from solver.build import Build
    from solver.problem import AgentIdx, DayIdx, Problem
    from solver.result import Plan
    from solver.tasks import TaskExecutor

Cell = tuple["AgentIdx", "DayIdx"]

# Time for one step; sizes adapt so that most steps finish well within it.
STEP_S = 2.0
# First sizes: agents freed over all days, a share of the days freed for all agents, and
# a box of a share of the agents over twice that share of the days.
FIRST_AGENTS = 3.0
FIRST_DAY_SHARE = 0.2
FIRST_BOX_SHARE = 0.3
GROW, SHRINK = 1.15, 0.7
# Kinds are picked by a moving average of their improvements, never below MIN_SCORE.
SCORE_RATE, MIN_SCORE = 0.2, 0.1
# Share of windows placed around a day with cover missing.
SHORT_DAY_BIAS = 0.5
# A step given to an executor may come this long after its time limit (building the full
# model in a fresh worker process, moving it there); no longer is waited for.
LATE_S = 30.0
# The weekends kind frees each chosen weekend and this many days either side of it
# (Friday and Monday).
WEEKEND_SIDE_DAYS = 1


@dataclass
class _Kind:
    """A neighbourhood kind, its current size (agents, days) and how well it has done.

    For the weekends kind ``days`` counts weekends.
    """

    name: str
    agents: float
    days: float
    most_days: int
    tried: int = 0
    improved: int = 0
    score: float = 0.5
    """Moving average of improvements: kinds that improve are picked more often."""


class CellSearch:
    """The full model, and re-solves of it with all but some cells fixed."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.b: Build = build_model(problem)
        add_objective(self.b)
        x = self.b.x
        # The variables of each cell: its shift, rest and training choices and shares.
        self.cell_vars: dict[Cell, list[int]] = {}
        for a, agent in enumerate(problem.agents):
            for d in problem.days:
                indices = [lit.index for lit in x.shift_lits(a, d)]
                for lit in (x.off(a, d), x.training(a, d)):
                    if lit is not None:
                        indices.append(lit.index)
                for s in range(len(problem.shifts)):
                    for p in agent.shops:
                        share = x.share(a, d, s, p)
                        if isinstance(share, cp_model.IntVar):
                            indices.append(share.index)
                if indices:
                    self.cell_vars[a, d] = indices
        # Shop choices belong to the agent: free only with all of the agent's days.
        self.agent_vars: dict[AgentIdx, list[int]] = {
            a: [x.serves(a, p).index for p in agent.shops]
            + [x.primary(a, p).index for p in agent.shops]
            for a, agent in enumerate(problem.agents)
        }

    def values_of(self, plan: Plan, time_limit_s: float) -> list[int] | None:
        """Every variable's value for ``plan`` (the auxiliary ones computed by CP-SAT)."""
        model = self.b.model.clone()
        x = self.b.x
        for a, row in enumerate(plan.days):
            for d, entry in enumerate(row):
                for s in range(len(self.problem.shifts)):
                    lit = x.works(a, d, s)
                    if lit is not None:
                        on = entry.kind == DayKind.SHIFT and entry.shift == s
                        _fix(model, lit.index, int(on))
                if (off := x.off(a, d)) is not None:
                    _fix(model, off.index, int(entry.kind == DayKind.OFF))
                if (train := x.training(a, d)) is not None:
                    _fix(model, train.index, int(entry.kind == DayKind.TRAINING))
            for p in self.problem.agents[a].shops:
                _fix(model, x.serves(a, p).index, int(p in plan.shops[a]))
                primary = bool(plan.shops[a]) and plan.shops[a][0] == p
                _fix(model, x.primary(a, p).index, int(primary))
        solver = cp_solver(time_limit_s, 1)
        if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return list(solver.response_proto.solution)

    def step(
        self,
        values: list[int],
        free: set[Cell],
        time_limit_s: float,
        num_workers: int,
        seed: int,
    ) -> tuple[list[int], int, bool] | None:
        """Re-solve the ``free`` cells, the rest fixed to ``values``.

        Returns the new values, their objective and whether they are optimal for the
        step, or None when CP-SAT found nothing in time.
        """
        model = self.b.model.clone()
        free_agents = {a for a in range(len(self.problem.agents))}
        for (a, d), indices in self.cell_vars.items():
            if (a, d) in free:
                continue
            free_agents.discard(a)
            for index in indices:
                _fix(model, index, values[index])
        for a, indices in self.agent_vars.items():
            if a not in free_agents:
                for index in indices:
                    _fix(model, index, values[index])
        proto = model.proto
        proto.solution_hint.vars.extend(range(len(values)))
        proto.solution_hint.values.extend(values)
        solver = cp_solver(time_limit_s, num_workers, seed)
        # With most cells fixed, the LP of every constraint (not only the linear ones)
        # pays: runs of 4 agents x 28 days went from timing out to optimal in about 1 s.
        solver.parameters.linearization_level = 2
        code = solver.solve(model)
        if code not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        return (
            list(solver.response_proto.solution),
            round(solver.objective_value),
            code == cp_model.OPTIMAL,
        )

    def plan(self, values: list[int]) -> Plan:
        return plan_of(self.b, lambda expr: _value(expr, values))


def _fix(model: cp_model.CpModel, index: int, value: int) -> None:
    domain = model.proto.variables[index].domain
    domain.clear()
    domain.extend([value, value])


def _value(expr: object, values: list[int]) -> int:
    """The value of a variable or of ``k * variable`` (single-shop shares)."""
    if isinstance(expr, cp_model.IntVar):
        return values[expr.index]
    # A single-shop share is `capacity * works`: an affine expression of one variable.
    if isinstance(expr, cp_model_helper.IntAffine) and isinstance(expr.expression, cp_model.IntVar):
        return int(expr.coefficient * values[expr.expression.index] + expr.offset)
    raise TypeError(f"cannot evaluate {expr!r}")


def improve(
    problem: Problem,
    plan: Plan,
    deadline: float,
    num_workers: int,
    seed: int,
    on_improvement: Callable[[Plan], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    search: CellSearch | None = None,
    executor: TaskExecutor | None = None,
) -> tuple[Plan, bool]:
    """Re-solve neighbourhoods of ``plan`` until ``deadline``, ``num_workers`` at once (as
    tasks of ``executor`` when given).

    Returns the best roster and whether it is proven optimal: when a neighbourhood has
    grown to every cell and CP-SAT solved it to optimality, it was the whole problem.
    ``on_improvement`` gets every better roster as it is found.
    """
    search = search or CellSearch(problem)
    values = search.values_of(plan, max(1.0, deadline - time.monotonic()))
    if values is None:
        return plan, False
    rng = random.Random(seed)
    n, h = len(problem.agents), problem.num_days
    kinds = [
        _Kind("agents", agents=min(n, FIRST_AGENTS), days=h, most_days=h),
        _Kind("days", agents=n, days=max(1.0, FIRST_DAY_SHARE * h), most_days=h),
        _Kind(
            "box",
            agents=max(1.0, FIRST_BOX_SHARE * n),
            days=max(1.0, 2 * FIRST_DAY_SHARE * h),
            most_days=h,
        ),
    ]
    around_weekends = weekend_windows(problem)
    if around_weekends:
        # All weekends at first: that is where the move of instance 8 was.
        count = len(around_weekends)
        kinds.append(_Kind("weekends", agents=n, days=count, most_days=count))
    objective = _objective(search, values)
    current = plan
    short_days = _short_days(problem, current)
    # A step takes its limit plus cloning and presolving the model, seconds on the largest
    # instances (24: the last step ended 12 s after the deadline): keep the most seen.
    overhead = 0.0
    parallel = max(1, num_workers)
    with ThreadPoolExecutor(max_workers=parallel) as pool:
        while (remaining := deadline - time.monotonic() - overhead) > 0.1:
            if should_stop is not None and should_stop():
                break
            limit = min(STEP_S, remaining)
            steps = [
                _Step(
                    kind,
                    _neighbourhood(kind, n, h, rng, short_days, around_weekends),
                    rng.randrange(2**31),
                )
                for kind in (_pick(kinds, rng) for _ in range(parallel))
            ]
            started = time.monotonic()
            if executor is None:
                list(pool.map(_Step.run, steps, repeat(search), repeat(values), repeat(limit)))
            else:
                _run_on(executor, steps, problem, values, limit, should_stop)
            overhead = max(overhead, time.monotonic() - started - limit)
            for step in steps:
                step.kind.tried += 1
                _adapt(step.kind, step.easy(limit), n)
                better = step.objective < objective
                step.kind.score = max(
                    MIN_SCORE, (1 - SCORE_RATE) * step.kind.score + SCORE_RATE * better
                )
            best = min(steps, key=lambda step: step.objective)
            if best.result is None or best.objective > objective:
                continue
            if best.result[2] and search.cell_vars.keys() <= best.free:
                return search.plan(best.result[0]), True
            improved = best.result[1] < objective
            values, objective = best.result[0], best.result[1]
            if improved:
                current = search.plan(values)
                short_days = _short_days(problem, current)
                best.kind.improved += 1
                if on_improvement is not None:
                    on_improvement(current)
    return search.plan(values), False


@dataclass
class _Step:
    """One neighbourhood re-solved on one CP-SAT worker, and what came of it."""

    kind: _Kind
    free: set[Cell]
    seed: int
    result: tuple[list[int], int, bool] | None = None
    took: float = 0.0

    def run(self, search: CellSearch, values: list[int], limit: float) -> None:
        started = time.monotonic()
        self.result = search.step(values, self.free, limit, 1, self.seed)
        self.took = time.monotonic() - started

    @property
    def objective(self) -> float:
        """The objective of what the step found; infinite when it found nothing."""
        return self.result[1] if self.result is not None else math.inf

    def easy(self, limit: float) -> bool:
        """Solved to optimality in under half the limit: the kind's size may grow."""
        return self.result is not None and self.result[2] and self.took < limit / 2


def _run_on(
    executor: TaskExecutor,
    steps: list[_Step],
    problem: Problem,
    values: list[int],
    limit: float,
    should_stop: Callable[[], bool] | None,
) -> None:
    """The steps as tasks of ``executor``; a step whose task did not come back in time (or
    before a stop) found nothing."""
    futures = [
        executor.submit(step_anywhere, problem, values, step.free, limit, step.seed)
        for step in steps
    ]
    for i, (result, took) in results_until(futures, time.monotonic() + limit + LATE_S, should_stop):
        steps[i].result, steps[i].took = result, took


# The full model of the last problem a worker process stepped on: built once per process.
_BUILT: list[CellSearch] = []


def step_anywhere(
    problem: Problem, values: list[int], free: set[Cell], limit: float, seed: int
) -> tuple[tuple[list[int], int, bool] | None, float]:
    """One step in whatever process runs it, on one CP-SAT worker: the step's result and
    the seconds it took. The model's variables are numbered as in the caller's, since
    ``build_model`` builds the same problem the same way."""
    if not _BUILT or _BUILT[0].problem != problem:
        _BUILT[:] = [CellSearch(problem)]
    started = time.monotonic()
    result = _BUILT[0].step(values, free, limit, 1, seed)
    return result, time.monotonic() - started


def _objective(search: CellSearch, values: list[int]) -> int:
    proto = search.b.model.proto.objective
    total = sum(c * values[v] for v, c in zip(proto.vars, proto.coeffs, strict=True))
    total += proto.offset
    return int(total) if float(total).is_integer() else round(total)


def _pick(kinds: list[_Kind], rng: random.Random) -> _Kind:
    return rng.choices(kinds, [k.score for k in kinds])[0]


def _short_days(problem: Problem, plan: Plan) -> list[DayIdx]:
    """Days with cover missing, each once per unit missing (so worse days weigh more)."""
    cover = plan_cover(problem, plan)
    days = []
    for need in problem.needs:
        if need.under_weight:
            days += [need.day] * max(
                0, need.units - cover.get((need.day, need.shift, need.shop), 0)
            )
    return days


def weekend_windows(problem: Problem) -> list[list[DayIdx]]:
    """Each weekend's days with WEEKEND_SIDE_DAYS either side, within the horizon; none
    when no agent has a weekend limit (then weekends couple nothing)."""
    if all(agent.max_weekends is None for agent in problem.agents):
        return []
    last = problem.num_days - 1
    return [
        list(
            range(
                max(0, min(days) - WEEKEND_SIDE_DAYS), min(last, max(days) + WEEKEND_SIDE_DAYS) + 1
            )
        )
        for days in problem.rules.weekends
        if days
    ]


def _neighbourhood(
    kind: _Kind,
    n: int,
    h: int,
    rng: random.Random,
    short_days: list[DayIdx],
    around_weekends: list[list[DayIdx]],
) -> set[Cell]:
    k = min(n, max(1, round(kind.agents)))
    w = min(kind.most_days, max(1, round(kind.days)))
    agents = rng.sample(range(n), k)
    if kind.name == "weekends":
        days = {d for window in rng.sample(around_weekends, w) for d in window}
        return {(a, d) for a in agents for d in days}
    if short_days and rng.random() < SHORT_DAY_BIAS:
        # A window around a day that is short: that is where a better roster differs.
        day = rng.choice(short_days)
        first = min(h - w, max(0, day - rng.randrange(w)))
    else:
        first = rng.randrange(h - w + 1)
    return {(a, d) for a in agents for d in range(first, first + w)}


def _adapt(kind: _Kind, easy: bool, n: int) -> None:
    """Grow a kind's free part while its steps are easy, shrink it while they are not.
    Windows and weekends always free every agent; "agents" always frees all days."""
    factor = GROW if easy else SHRINK
    if kind.name not in ("days", "weekends"):
        kind.agents = min(n, max(1.0, kind.agents * factor))
    if kind.name != "agents":
        kind.days = min(kind.most_days, max(1.0, kind.days * factor))
