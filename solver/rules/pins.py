"""Cells a team lead fixed in advance."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver.result import DayKind

if TYPE_CHECKING:
    from solver.build import Build
    from solver.problem import Pin
    from solver.variables import LinearExpr, Lit


def pinned_cells(b: Build) -> None:
    """A pinned cell holds the entry fixed for it: that shift (and split, when given), rest,
    training, or the leave or inactive day the data already make it.

    A pin the variables cannot express (a shift on a leave day, a share of a shop the agent
    is not qualified for) is an empty clause, so in diagnose mode it names this rule and
    the agent instead of failing silently.
    """
    for a, agent in enumerate(b.problem.agents):
        if not agent.pins:
            continue
        g = b.guard("pinned_cells", a)
        for pin in agent.pins:
            held = _pin_terms(b, a, pin)
            if held is None:
                b.model.add_bool_or([]).only_enforce_if(g)
                continue
            for expr, value in held:
                b.model.add(expr == value).only_enforce_if(g)


def _pin_terms(b: Build, a: int, pin: Pin) -> list[tuple[Lit | LinearExpr, int]] | None:
    """(expression, value) pairs that hold the pin; None when it cannot hold."""
    x, agent, d, entry = b.x, b.problem.agents[a], pin.day, pin.entry
    if entry.kind == DayKind.LEAVE:
        return [] if d in agent.leave_days else None
    if entry.kind == DayKind.INACTIVE:
        return [] if d in agent.inactive_days else None
    if entry.kind == DayKind.OFF:
        off = x.off(a, d)
        return None if off is None else [(off, 1)]
    if entry.kind == DayKind.TRAINING:
        train = x.training(a, d)
        return None if train is None else [(train, 1)]
    assert entry.shift is not None  # Problem checks that a shift entry names its shift
    works = x.works(a, d, entry.shift)
    given = dict(entry.shares)
    if works is None or any(p not in agent.shops for p in given):
        return None
    held: list[tuple[Lit | LinearExpr, int]] = [(works, 1)]
    for p in agent.shops if given else ():
        share = x.share(a, d, entry.shift, p)
        assert share is not None  # a share exists for every shift the agent may work
        held.append((share, given.get(p, 0)))
    return held
