"""A team folder as the demand commands read it: the team, history, events and [staffing].

Unlike ``read_team``, requirements.csv may be missing (demand commands write it), and
history.csv is needed only by the commands that forecast.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scheduler.demand.events import EventPhase, read_events
from scheduler.demand.history import HISTORY_CSV, History, read_history
from scheduler.demand.staffing_settings import StaffingSettings, read_staffing
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.folder import (
    REQUIREMENTS_CSV,
    read_agents,
    read_leave,
    read_requirements,
    read_shops,
    read_team_toml,
)
from scheduler.team.model import Requirement, Team


@dataclass(frozen=True)
class DemandFolder:
    team: Team
    history: History | None
    """None when history.csv is absent and was not required."""
    events: tuple[EventPhase, ...]
    staffing: StaffingSettings


def read_demand_folder(folder: Path, *, history: bool = True) -> DemandFolder:
    """Read and check everything the demand commands use, reporting every problem at once.

    Parameters
    ----------
    history
        True: history.csv must exist. False: it is read when present.

    Raises
    ------
    InputErrors
        With every problem found, each as file:line: message.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise_if_any([InputError(str(folder), None, "team folder not found")])
    errors: list[InputError] = []
    name, shifts, rules, blackouts, staffing_table = read_team_toml(folder, errors)
    shops = read_shops(folder, errors)
    agents = read_agents(folder, shops, shifts, rules, errors)
    leave = read_leave(folder, agents, errors)
    requirements: tuple[Requirement, ...] = ()
    if (folder / REQUIREMENTS_CSV).exists():
        requirements = read_requirements(folder, shops, shifts, errors)
    shop_ids = {s.shop_id for s in shops}
    past = None
    if history or (folder / HISTORY_CSV).exists():
        past = read_history(folder, shop_ids, errors)
    events = read_events(folder, shop_ids, errors)
    staffing = read_staffing(staffing_table, folder, errors)
    raise_if_any(errors)
    team = Team(
        name=name,
        shifts=shifts,
        rules=rules,
        blackouts=blackouts,
        shops=shops,
        agents=agents,
        leave=leave,
        requirements=requirements,
        staffing=staffing_table,
        folder=folder,
    )
    return DemandFolder(team=team, history=past, events=events, staffing=staffing)
