"""Per-agent limits on how much and which work: shift counts, minutes, weekends."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.build import Build


def max_shifts_per_type(b: Build) -> None:
    """An agent works each shift type at most their limit for that type."""
    x = b.x
    for a, agent in enumerate(b.problem.agents):
        if agent.max_shifts is None:
            continue
        g = b.guard("max_shifts_per_type", a)
        for s, limit in enumerate(agent.max_shifts):
            lits = [lit for d in b.problem.days if (lit := x.works(a, d, s)) is not None]
            if limit is not None and len(lits) > limit:
                b.model.add(sum(lits) <= limit).only_enforce_if(g)


def total_minutes(b: Build) -> None:
    """An agent's worked minutes lie between their minimum and maximum."""
    x, shifts = b.x, b.problem.shifts
    for a, agent in enumerate(b.problem.agents):
        if agent.min_total_minutes <= 0 and agent.max_total_minutes is None:
            continue
        minutes = sum(shifts[s].length_min * lit for (_, s), lit in x.agent_works(a).items())
        g = b.guard("total_minutes", a)
        if agent.min_total_minutes > 0:
            b.model.add(minutes >= agent.min_total_minutes).only_enforce_if(g)
        if agent.max_total_minutes is not None:
            b.model.add(minutes <= agent.max_total_minutes).only_enforce_if(g)


def max_weekends(b: Build) -> None:
    """An agent works at most their number of weekends (a weekend counts if any day is worked)."""
    x, model = b.x, b.model
    for a, agent in enumerate(b.problem.agents):
        if agent.max_weekends is None:
            continue
        worked = []
        for j, days in enumerate(b.problem.rules.weekends):
            lits = [lit for d in days if (lit := x.duty(a, d)) is not None]
            if not lits:
                continue
            weekend = model.new_bool_var(f"max_weekends[{a},{j}]")
            # `weekend >= each day` suffices: the limit only pushes `weekend` down.
            for lit in lits:
                model.add_implication(lit, weekend)
            worked.append(weekend)
        if len(worked) > agent.max_weekends:
            g = b.guard("max_weekends", a)
            model.add(sum(worked) <= agent.max_weekends).only_enforce_if(g)
