"""The half-month rotation between shift types."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver.problem import Rotation

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ortools.sat.python import cp_model

    from solver.build import Build
    from solver.problem import ShiftIdx
    from solver.variables import Lit


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
        half_shift = half_shift_choice(
            model, f"half_month_rotation[{a}]", shifts, agent.history.rotation_shift, g
        )
        for d in problem.days:
            for s in shifts:
                if (works := x.works(a, d, s)) is not None:
                    model.add_bool_or([~works, half_shift[problem.half_of(d), s]]).only_enforce_if(
                        g
                    )


def half_shift_choice(
    model: cp_model.CpModel,
    name: str,
    shifts: Sequence[ShiftIdx],
    previous: ShiftIdx | None,
    enforce: list[Lit],
) -> dict[tuple[int, ShiftIdx], cp_model.IntVar]:
    """One literal per (half, shift type): one type in each half; with two or more types a
    different one in each half, the first half not ``previous`` (last month's second half).

    The month-level plan (``solver.search.allocation``) makes the same choice with no days.
    """
    half_shift = {(h, s): model.new_bool_var(f"{name}[{h},{s}]") for h in (0, 1) for s in shifts}
    for h in (0, 1):
        model.add(sum(half_shift[h, s] for s in shifts) == 1).only_enforce_if(enforce)
    if len(shifts) >= 2:
        for s in shifts:
            model.add(half_shift[0, s] + half_shift[1, s] <= 1).only_enforce_if(enforce)
        if previous is not None and previous in shifts:
            model.add(half_shift[0, previous] == 0).only_enforce_if(enforce)
    return half_shift
