"""The current roster of a search over whole agents, and a block's own problem against it.

Every hard rule constrains one agent; agents meet only in the soft terms about cover. So
the roster is kept as one row per agent with the cover they give counted as rows change,
and a block of agents, the others fixed, is the problem of the block alone against the
needs the others leave uncovered (``block_problem``): its objective is the full
objective minus a constant.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from solver.result import DayEntry, DayKind, Plan

if TYPE_CHECKING:
    from solver.problem import AgentIdx, Problem, ShopIdx

Row = tuple[DayEntry, ...]
Cover = dict[tuple[int, int, int], int]


@dataclass
class Incumbent:
    """The current roster, one row per agent (None while the agent is not placed).

    Change rows with ``place`` only: it keeps ``cover`` (capacity units per day,
    shift and shop) in step with them.
    """

    days: list[Row | None]
    shops: list[tuple[ShopIdx, ...] | None]
    cover: Cover = field(init=False, repr=False)
    # Of the agents placed by ``construct``, those whose cost-driven month came in time,
    # and those placed with any month their rules allow instead.
    placed_by_cost: int = field(default=0, compare=False)
    placed_any_month: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        self.cover = defaultdict(int)
        for row in self.days:
            self._count(row, 1)

    @classmethod
    def of(cls, plan: Plan) -> Incumbent:
        """A complete roster as the current one."""
        return cls(days=list(plan.days), shops=list(plan.shops))

    @property
    def complete(self) -> bool:
        return all(r is not None for r in self.days)

    def plan(self) -> Plan:
        assert self.complete
        return Plan(days=tuple(self.days), shops=tuple(self.shops))  # type: ignore[arg-type]

    def place(self, a: AgentIdx, row: Row, shops: tuple[ShopIdx, ...]) -> None:
        self._count(self.days[a], -1)
        self.days[a], self.shops[a] = row, shops
        self._count(row, 1)

    def cover_of(self, block: list[AgentIdx]) -> Cover:
        """The cover the agents of ``block`` give."""
        cover: Cover = defaultdict(int)
        for a in block:
            for key, units in row_cover(self.days[a]):
                cover[key] += units
        return cover

    def cover_without(self, block: list[AgentIdx]) -> Cover:
        """The cover every agent outside ``block`` gives."""
        cover = defaultdict(int, self.cover)
        for key, units in self.cover_of(block).items():
            cover[key] -= units
        return cover

    def _count(self, row: Row | None, sign: int) -> None:
        for key, units in row_cover(row):
            self.cover[key] += sign * units


def row_cover(row: Row | None) -> list[tuple[tuple[int, int, int], int]]:
    if row is None:
        return []
    return [
        ((d, entry.shift, p), units)
        for d, entry in enumerate(row)
        if entry.kind == DayKind.SHIFT and entry.shift is not None
        for p, units in entry.shares
    ]


def block_problem(problem: Problem, current: Incumbent, block: list[AgentIdx]) -> Problem:
    """The problem of ``block`` alone, against the needs the other agents leave uncovered.

    Only the needs of the block's shops and the requests of its agents are looked at (an
    index of ``problem`` built once), and the others' cover is the running count less the
    block's own rows: the cost does not grow with the team."""
    at = _index(problem)
    index = {a: i for i, a in enumerate(block)}
    own = current.cover_of(block)
    cover = current.cover
    # Needs of shops no block agent can serve add a constant: leave them out. The needs
    # keep the problem's order, so the block's model is the same as with a full scan.
    reachable = {p for a in block for p in problem.agents[a].shops}
    positions = sorted(i for p in reachable for i in at.needs_of_shop.get(p, ()))
    needs = []
    for i in positions:
        n = problem.needs[i]
        key = (n.day, n.shift, n.shop)
        others = cover.get(key, 0) - own.get(key, 0)
        needs.append(n if others == 0 else replace(n, units=max(0, n.units - others)))
    return replace(
        problem,
        agents=tuple(problem.agents[a] for a in block),
        needs=tuple(needs),
        requests=tuple(
            replace(problem.requests[i], agent=index[problem.requests[i].agent])
            for i in sorted(i for a in block for i in at.requests_of_agent.get(a, ()))
        ),
    )


@dataclass(frozen=True)
class _Index:
    """Positions of ``problem``'s needs by shop and of its requests by agent."""

    problem: Problem
    needs_of_shop: dict[ShopIdx, list[int]]
    requests_of_agent: dict[AgentIdx, list[int]]


# The indexes of the problems in use, by id (the groups' problems and the whole team's
# are in use at once); emptied when it holds this many.
_INDEXES_KEPT = 64
_indexes: dict[int, _Index] = {}


def _index(problem: Problem) -> _Index:
    """The index of ``problem``, built on its first use."""
    known = _indexes.get(id(problem))
    if known is not None and known.problem is problem:
        return known
    needs: dict[ShopIdx, list[int]] = defaultdict(list)
    for i, n in enumerate(problem.needs):
        needs[n.shop].append(i)
    requests: dict[AgentIdx, list[int]] = defaultdict(list)
    for i, r in enumerate(problem.requests):
        requests[r.agent].append(i)
    built = _Index(problem, dict(needs), dict(requests))
    if len(_indexes) >= _INDEXES_KEPT:
        _indexes.clear()
    _indexes[id(problem)] = built
    return built
