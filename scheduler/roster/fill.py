"""Fill the gaps: re-solve a lead's edited draft, holding the cells the lead edited.

The draft is every agent's reference plan (as a re-plan from the month's first day), so the
search changes as few unpinned cells as it can while it lowers the shortfall; the edited
cells are pins, next to pins.csv's.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import solver
from scheduler.roster.build import RosterOutcome, solve_planning
from scheduler.roster.edits import Cells, solver_entry, with_declared_days
from scheduler.roster.model import Roster
from scheduler.roster.replan import replan_planning, without_construction
from scheduler.team.model import Team


def make_fill(
    team: Team,
    draft: Roster,
    pins: Cells,
    *,
    previous: Roster | None = None,
    params: solver.SolveParams | None = None,
    on_progress: solver.progress.ProgressFn | None = None,
    should_stop: Callable[[], bool] | None = None,
) -> RosterOutcome:
    """Re-solve ``draft``'s unpinned cells with ``pins`` (the lead's edits) held.

    An edited cell given with its shop split keeps that split; one without lets the search
    choose it among the agent's shops.

    Raises
    ------
    InputErrors
        See ``replan_planning`` (a draft that does not fit the team, pins.csv against it).
    """
    planning = replan_planning(team, draft, draft.month.first, previous)
    days = draft.month.days
    agents = []
    for a, agent_id in enumerate(planning.agent_ids):
        agent = planning.problem.agents[a]
        edited = {d: pins[agent_id, day] for d, day in enumerate(days) if (agent_id, day) in pins}
        if edited:
            kept = [pin for pin in agent.pins if pin.day not in edited]
            held = [
                solver.Pin(day=d, entry=solver_entry(e, planning, shares=bool(e.shares)))
                for d, e in edited.items()
            ]
            agent = replace(
                with_declared_days(agent, edited),
                pins=tuple(sorted([*kept, *held], key=lambda pin: pin.day)),
            )
        agents.append(agent)
    planning = replace(planning, problem=replace(planning.problem, agents=tuple(agents)))
    return solve_planning(
        planning,
        params=without_construction(params),
        on_progress=on_progress,
        should_stop=should_stop,
    )
