"""Rules about what each day is for an agent: one entry, rest days, blackout."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.build import Build


def one_entry_per_day(b: Build) -> None:
    """Every agent has exactly one entry per day: a shift, training or rest.

    Leave and inactive days have no variables, so they are that entry already.
    Not guarded in diagnose mode: it states what the variables mean, not a policy.
    """
    x = b.x
    for a in range(len(b.problem.agents)):
        for d in b.problem.days:
            off = x.off(a, d)
            if off is None:
                continue
            b.model.add(sum(x.duty_lits(a, d)) + off == 1)


def rest_days_per_month(b: Build) -> None:
    """Each agent takes exactly their number of rest days (leave does not use them up)."""
    x = b.x
    for a, agent in enumerate(b.problem.agents):
        if agent.rest_days is None:
            continue
        offs = [off for d in b.problem.days if (off := x.off(a, d)) is not None]
        g = b.guard("rest_days_per_month", a)
        b.model.add(sum(offs) == agent.rest_days).only_enforce_if(g)


def no_rest_in_blackout(b: Build) -> None:
    """Nobody takes a rest day on a blackout day (peak days: all hands)."""
    x = b.x
    for a in range(len(b.problem.agents)):
        offs = [
            off for d in sorted(b.problem.rules.blackout_days) if (off := x.off(a, d)) is not None
        ]
        if offs:
            g = b.guard("no_rest_in_blackout", a)
            b.model.add(sum(offs) == 0).only_enforce_if(g)
