"""Whole weekends: not a rule of the problem, but a restriction the search may switch on.

``Problem.rules.whole_weekends`` turns it on (see ``solver.search.weekends`` for when);
``build_model`` adds it after ``HARD_RULES``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from solver.build import Build


def whole_weekends(b: Build) -> None:
    """Each agent with a weekend limit works every weekend on all its days or on none.

    Only where every day of the weekend can be worked; it adds no variables (the days'
    duty literals exist already for ``max_weekends``), so values of the model without it
    fit the model with it.
    """
    x = b.x
    for a, agent in enumerate(b.problem.agents):
        if agent.max_weekends is None:
            continue
        for days in b.problem.rules.weekends:
            duties = [x.duty(a, d) for d in days]
            if len(duties) < 2 or any(duty is None for duty in duties):
                continue
            first = duties[0]
            for duty in duties[1:]:
                b.model.add(first == duty)
