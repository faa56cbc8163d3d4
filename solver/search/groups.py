"""A first roster by groups of agents and shops, the groups solved side by side.

Agents meet only in the cover of the shops they share. So the shops split into groups
by the agent-shop qualification graph: its connected components, and a component with
more agents than a group may hold split greedily into groups of shops that few agents
span. Each agent belongs to the group of their first shop. Each group's agents, limited
to its shops, are placed one by one against its shops' needs and swept there, as one task
(on the executor when given), all groups at once: no two groups share a shop then, so
each shop's cover comes from one group and is counted once. The agents cut from shops of
other groups are then re-solved with all their shops against the cover everyone else
gives. The block and cell searches then work on the whole roster, as after
``solver.search.blocks.construct``.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from solver.search import blocks
from solver.tasks import executor_or_threads, results_until

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from solver.problem import AgentIdx, Problem, ShopIdx
    from solver.search.blocks import Row
    from solver.tasks import TaskExecutor

# The most agents (by their first shop) a group of shops may hold: on the generated
# 1,200-agent team this gives about two groups per worker and slot, enough to keep both
# busy; larger groups cut fewer agents, smaller ones finish more evenly.
MAX_GROUP_AGENTS = 150
# A group's task may end this long after its time limit (its last agent's solve, the
# sweep's last batch); no longer is waited for.
GROUP_LATE_S = blocks.LATE_S


@dataclass(frozen=True)
class Group:
    """Shops, and the agents whose first shop is among them."""

    shops: tuple[ShopIdx, ...]
    agents: tuple[AgentIdx, ...]


@dataclass(frozen=True)
class Partition:
    """Groups that share no shop, and the agents also qualified for other groups' shops."""

    groups: tuple[Group, ...]
    cut: tuple[AgentIdx, ...]


def shop_components(problem: Problem) -> list[list[ShopIdx]]:
    """The connected components of the shops some agent serves, two shops linked when
    one agent serves both; each sorted, in order of their first shop."""
    parent: dict[ShopIdx, ShopIdx] = {}

    def root(p: ShopIdx) -> ShopIdx:
        while parent[p] != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for agent in problem.agents:
        for p in agent.shops:
            parent.setdefault(p, p)
        first = root(agent.shops[0])
        for p in agent.shops[1:]:
            other = root(p)
            if other != first:
                parent[max(first, other)] = min(first, other)
                first = min(first, other)
    components: dict[ShopIdx, list[ShopIdx]] = defaultdict(list)
    for p in sorted(parent):
        components[root(p)].append(p)
    return sorted(components.values())


def split_shops(problem: Problem, shops: Iterable[ShopIdx], max_agents: int) -> list[list[ShopIdx]]:
    """``shops`` in groups of at most ``max_agents`` agents each (counted by their first
    shop; a shop with more is a group alone), grown greedily: from the unplaced shop with
    the most agents, add the shop that the most agents link to the group while it fits."""
    todo = set(shops)
    load: dict[ShopIdx, int] = defaultdict(int)
    links: dict[ShopIdx, dict[ShopIdx, int]] = defaultdict(lambda: defaultdict(int))
    for agent in problem.agents:
        if agent.shops[0] in todo:
            load[agent.shops[0]] += 1
        inside = [p for p in agent.shops if p in todo]
        for p in inside:
            for q in inside:
                if p != q:
                    links[p][q] += 1
    groups = []
    while todo:
        seed = max(todo, key=lambda p: (load[p], -p))
        group, held = [seed], load[seed]
        todo.remove(seed)
        pull: dict[ShopIdx, int] = defaultdict(int)
        for q, n in links[seed].items():
            if q in todo:
                pull[q] += n
        while True:
            fits = [q for q in pull if q in todo and held + load[q] <= max_agents]
            if not fits:
                break
            best = max(fits, key=lambda q: (pull[q], -load[q], -q))
            group.append(best)
            held += load[best]
            todo.remove(best)
            del pull[best]
            for q, n in links[best].items():
                if q in todo:
                    pull[q] += n
        groups.append(sorted(group))
    return groups


def partition(problem: Problem, max_agents: int | None = None) -> Partition:
    """Groups of shops (components, split where they hold more than ``max_agents``, by
    default ``MAX_GROUP_AGENTS``), each with the agents whose first shop is among them:
    every agent in exactly one group. Agents qualified for shops of other groups too are
    listed as ``cut``."""
    if max_agents is None:
        max_agents = MAX_GROUP_AGENTS
    first: dict[ShopIdx, int] = defaultdict(int)
    for agent in problem.agents:
        first[agent.shops[0]] += 1
    shop_groups: list[list[ShopIdx]] = []
    for component in shop_components(problem):
        if sum(first[p] for p in component) <= max_agents:
            shop_groups.append(component)
        else:
            shop_groups += split_shops(problem, component, max_agents)
    group_of = {p: g for g, shops in enumerate(shop_groups) for p in shops}
    members: list[list[AgentIdx]] = [[] for _ in shop_groups]
    cut = []
    for a, agent in enumerate(problem.agents):
        own = group_of[agent.shops[0]]
        members[own].append(a)
        if any(group_of[p] != own for p in agent.shops):
            cut.append(a)
    groups = tuple(
        Group(shops=tuple(shops), agents=tuple(agents))
        for shops, agents in zip(shop_groups, members, strict=True)
        if agents
    )
    return Partition(groups=groups, cut=tuple(cut))


def within_groups(problem: Problem, parts: Partition) -> Problem:
    """``problem`` with every agent limited to the shops of their own group (agents with
    pins or a reference plan keep theirs: their own days decide, and a pin may name any of
    their shops)."""
    group_of = {p: g for g, group in enumerate(parts.groups) for p in group.shops}
    agents = list(problem.agents)
    for a in parts.cut:
        agent = agents[a]
        if agent.pins or agent.reference is not None:
            continue
        own = tuple(p for p in agent.shops if group_of[p] == group_of[agent.shops[0]])
        agents[a] = replace(agent, shops=own, max_shops=min(agent.max_shops, len(own)))
    return replace(problem, agents=tuple(agents))


@dataclass(frozen=True, kw_only=True)
class GroupSolve:
    """One group's own problem (its agents against its shops' needs less the cover others
    already give) and its times: plain data, so an executor may run it elsewhere."""

    agents: tuple[AgentIdx, ...]
    problem: Problem
    sweep_s: float
    """Sweeps end this long after the task starts."""
    time_limit_s: float
    """Placing the group's agents ends this long after the task starts."""
    seed: int
    light: bool = False
    """The sweep's one-agent months with ``blocks.LIGHT_PARAMETERS`` (a big team's)."""


def solve_group(task: GroupSolve) -> list[tuple[Row, tuple[ShopIdx, ...]] | None]:
    """The group's agents placed one by one, then swept until ``sweep_s``; one row and
    shops per agent, None for an agent not placed in time.

    Raises
    ------
    blocks.BlockInfeasible
        If some agent's hard rules cannot hold.
    """
    started = time.monotonic()
    current = blocks.construct(task.problem, started + task.time_limit_s, task.seed)
    if current.complete:
        current = blocks.sweep(
            task.problem, current, started + task.sweep_s, 1, task.seed, light=task.light
        )
    return [
        (row, shops) if row is not None and shops is not None else None
        for row, shops in zip(current.days, current.shops, strict=True)
    ]


def construct_by_groups(
    problem: Problem,
    deadline: float,
    groups_s: float,
    seed: int,
    should_stop: Callable[[], bool] | None = None,
    num_workers: int = 1,
    executor: TaskExecutor | None = None,
    on_roster: Callable[[blocks.Incumbent], None] | None = None,
    light: bool = False,
) -> blocks.Incumbent:
    """A first roster: the groups of ``partition`` side by side (``num_workers`` at once,
    or as tasks of ``executor``), each agent within their own group's shops, each group
    swept for its share of ``groups_s``; then any agent a group did not place in time, one
    by one against the whole team; then the cut agents re-solved with all their shops
    against the whole team (``solver.search.blocks.sweep``), until ``deadline`` (partial
    if it comes first). ``on_roster`` is called with the roster once it is complete,
    before the cut agents are re-solved. ``light``: the sweeps' one-agent months with
    ``blocks.LIGHT_PARAMETERS``.

    Raises
    ------
    blocks.BlockInfeasible
        If some agent's hard rules cannot hold.
    """
    n = len(problem.agents)
    current = blocks.Incumbent(days=[None] * n, shops=[None] * n)
    parts = partition(problem)
    inside = within_groups(problem, parts)
    slots = max(1, num_workers)
    # Each group sweeps for an even share of the slots' time; placing its agents may take
    # longer (a busy machine), up to the deadline.
    rounds = -(-len(parts.groups) // slots)
    sweep_s = groups_s / max(1, rounds)
    tasks = [
        GroupSolve(
            agents=group.agents,
            problem=blocks.block_problem(inside, current, list(group.agents)),
            sweep_s=sweep_s,
            time_limit_s=max(0.0, deadline - time.monotonic()),
            seed=seed + g,
            light=light,
        )
        for g, group in enumerate(parts.groups)
    ]
    with executor_or_threads(executor, slots) as pool:
        futures = [pool.submit(solve_group, task) for task in tasks]
        done = results_until(futures, deadline + GROUP_LATE_S, should_stop)
    for i, rows in done:
        for a, placed in zip(tasks[i].agents, rows, strict=True):
            if placed is not None:
                current.place(a, *placed)
                current.placed_by_cost += 1
    current = blocks.construct(
        problem, deadline, seed, should_stop, num_workers, executor, current=current
    )
    if current.complete and on_roster is not None:
        on_roster(current)  # a complete roster already: report it before opening the cut
    if current.complete and parts.cut:
        _open_cut(problem, current, list(parts.cut), deadline, seed, num_workers, executor, light)
    return current


def _open_cut(
    problem: Problem,
    current: blocks.Incumbent,
    cut: list[AgentIdx],
    deadline: float,
    seed: int,
    num_workers: int,
    executor: TaskExecutor | None,
    light: bool = False,
) -> None:
    """Re-solve the cut agents with all their shops, against the cover every other agent
    gives (each shop's counted once, whichever group gave it); keep rows no worse."""
    sub = blocks.block_problem(problem, current, cut)
    rows = blocks.Incumbent(
        days=[current.days[a] for a in cut], shops=[current.shops[a] for a in cut]
    )
    rows = blocks.sweep(sub, rows, deadline, num_workers, seed, executor=executor, light=light)
    for i, a in enumerate(cut):
        row, shops = rows.days[i], rows.shops[i]
        assert row is not None and shops is not None
        current.place(a, row, shops)
