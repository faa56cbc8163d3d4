"""Last month's roster for a build, checked to be the month before."""

from __future__ import annotations

from pathlib import Path

from scheduler.roster.files import read_roster
from scheduler.roster.model import Roster
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors
from scheduler.team.model import Team


def read_previous(path: Path, team: Team, month: Month) -> Roster:
    """The roster.csv at ``path``, which must be the roster of the month before ``month``.

    Raises
    ------
    InputErrors
        With file:line for every problem.
    """
    prev = read_roster(path, team)
    if prev.month != month.previous():
        message = f"is the roster of {prev.month}, expected {month.previous()}"
        raise InputErrors([InputError(str(path), None, message)])
    return prev
