"""Rules about which shops an agent serves and how their capacity is split."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.build import Build


def shops_per_agent_limit(b: Build) -> None:
    """Each agent serves 1 to ``max_shops`` shops, never more than the special-case limit."""
    x = b.x
    special = b.problem.rules.max_shops_special
    for a, agent in enumerate(b.problem.agents):
        serves = [x.serves(a, p) for p in agent.shops]
        g = b.guard("shops_per_agent_limit", a)
        b.model.add(sum(serves) >= 1).only_enforce_if(g)
        limit = min(agent.max_shops, special)
        if limit < len(serves):
            b.model.add(sum(serves) <= limit).only_enforce_if(g)


def one_primary_shop(b: Build) -> None:
    """Each agent has exactly one primary shop, among the shops they serve."""
    x = b.x
    for a, agent in enumerate(b.problem.agents):
        g = b.guard("one_primary_shop", a)
        b.model.add(sum(x.primary(a, p) for p in agent.shops) == 1).only_enforce_if(g)
        for p in agent.shops:
            b.model.add_bool_or([~x.primary(a, p), x.serves(a, p)]).only_enforce_if(g)


def capacity_split_among_served_shops(b: Build) -> None:
    """A working agent's capacity is split among the shops they serve, counted once.

    Chats from all of an agent's shops reach one console, so the shares of one
    shift add up to one agent's capacity, never to one per shop.
    """
    x, cap = b.x, b.problem.capacity_units
    for a, agent in enumerate(b.problem.agents):
        if len(agent.shops) == 1:
            continue  # the share is the shift itself
        g = b.guard("capacity_split_among_served_shops", a)
        for (d, s), works in b.x.agent_works(a).items():
            shares = [x.share(a, d, s, p) for p in agent.shops]
            b.model.add(sum(shares) == cap * works).only_enforce_if(g)  # type: ignore[arg-type]
            for p, share in zip(agent.shops, shares, strict=True):
                b.model.add(share <= cap * x.serves(a, p)).only_enforce_if(g)


def primary_shop_gets_most_capacity(b: Build) -> None:
    """Over the month, an agent gives their primary shop at least as much as any other shop."""
    x = b.x
    for a, agent in enumerate(b.problem.agents):
        if len(agent.shops) == 1:
            continue
        shifts = b.x.agent_works(a)
        if not shifts:
            continue
        total = {p: sum(x.share(a, d, s, p) for d, s in shifts) for p in agent.shops}  # type: ignore[misc]
        g = b.guard("primary_shop_gets_most_capacity", a)
        for p in agent.shops:
            for q in agent.shops:
                if p != q:
                    b.model.add(total[p] >= total[q]).only_enforce_if([x.primary(a, p), *g])
