"""The half-month rotation between shift types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver.problem import Rotation

if TYPE_CHECKING:
    from solver.build import Build


def half_month_rotation(b: Build) -> None:
    """Each agent works one shift type per half of the month, a different one in each half.

    An agent limited to one shift type (a fixed shift) works only that type.
    The first half differs from the last half before day 0 (``history``), so
    the rotation keeps alternating across months.
    """
    problem, x, model = b.problem, b.x, b.model
    if problem.rules.rotation != Rotation.HALF_MONTH:
        return
    for a, agent in enumerate(problem.agents):
        shifts = problem.agent_shifts(agent)
        g = b.guard("half_month_rotation", a)
        half_shift = {
            (h, s): model.new_bool_var(f"half_month_rotation[{a},{h},{s}]")
            for h in (0, 1)
            for s in shifts
        }
        for h in (0, 1):
            model.add(sum(half_shift[h, s] for s in shifts) == 1).only_enforce_if(g)
        for d in problem.days:
            for s in shifts:
                if (works := x.works(a, d, s)) is not None:
                    model.add_bool_or([~works, half_shift[problem.half_of(d), s]]).only_enforce_if(
                        g
                    )
        if len(shifts) < 2:
            continue
        for s in shifts:
            model.add(half_shift[0, s] + half_shift[1, s] <= 1).only_enforce_if(g)
        previous = agent.history.rotation_shift
        if previous in shifts:
            model.add(half_shift[0, previous] == 0).only_enforce_if(g)
