"""Temps from a peak plan's hires.csv, added to a team as extra agents for its roster."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from scheduler.peak.plan import Hire
from scheduler.team.csv_table import read_rows
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.folder import parse_date
from scheduler.team.model import Agent, Team

HIRES_COLUMNS = ("shop_id", "count", "start_date", "hire_by", "shift")
# Each temp becomes an agent of the roster; more than this in one row is a typing mistake.
MAX_TEMPS_PER_ROW = 1000


def read_hires(path: Path, team: Team) -> list[Hire]:
    """A hires.csv written by ``scheduler peak`` (or by hand), checked against ``team``.

    Raises
    ------
    InputErrors
        With every problem found, each as file:line: message.
    """
    name = path.name
    if not path.exists():
        raise_if_any([InputError(name, None, "file not found")])
    shop_ids = {s.shop_id for s in team.shops}
    shift_ids = {s.id for s in team.shifts}
    errors: list[InputError] = []
    hires = []
    for line, row in read_rows(path, HIRES_COLUMNS[:4], errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(name, line, message))

        if row["shop_id"] not in shop_ids:
            bad(f"unknown shop_id {row['shop_id']!r} (not in shops.csv)")
            continue
        try:
            count = int(row["count"])
            start, hire_by = parse_date(row["start_date"]), parse_date(row["hire_by"])
        except ValueError as exc:
            bad(str(exc))
            continue
        if not 0 <= count <= MAX_TEMPS_PER_ROW:
            bad(f"count {count} must be from 0 to {MAX_TEMPS_PER_ROW}")
            continue
        if hire_by > start:
            bad(f"hire_by {hire_by} is after start_date {start}")
            continue
        shift = row.get("shift", "") or ""
        if shift and shift not in shift_ids:
            bad(f"unknown shift {shift!r} (team.toml has {', '.join(sorted(shift_ids))})")
            continue
        hire = Hire(
            shop_id=row["shop_id"], count=count, start_date=start, hire_by=hire_by, shift=shift
        )
        hires.append(hire)
    raise_if_any(errors)
    return hires


def temp_agents(hires: list[Hire]) -> tuple[Agent, ...]:
    """One agent per temp: ``T-<shop>-<n>``, qualified for that shop only, hired on the
    hire-by date (so the team's ``training_days`` from then are training), on the plan's
    shift when it names one."""
    count: dict[str, int] = {}
    agents = []
    for hire in sorted(hires, key=lambda h: (h.hire_by, h.shop_id, h.shift)):
        for _ in range(hire.count):
            count[hire.shop_id] = count.get(hire.shop_id, 0) + 1
            agent_id = f"T-{hire.shop_id}-{count[hire.shop_id]}"
            agents.append(
                Agent(
                    agent_id=agent_id,
                    name=f"临时工 Temp {hire.shop_id}-{count[hire.shop_id]}",
                    shops=(hire.shop_id,),
                    max_shops=1,
                    hire_date=hire.hire_by,
                    fixed_shift=hire.shift or None,
                )
            )
    return tuple(agents)


def with_temps(team: Team, hires: list[Hire], source: str = "hires.csv") -> Team:
    """``team`` with the temps of ``hires`` added after its own agents.

    Raises
    ------
    InputErrors
        When a temp's id is already an agent of the team.
    """
    temps = temp_agents(hires)
    taken = {a.agent_id for a in team.agents}
    clashes = [t.agent_id for t in temps if t.agent_id in taken]
    if clashes:
        message = f"temp ids {', '.join(clashes)} are already agents in agents.csv"
        raise_if_any([InputError(source, None, message)])
    return replace(team, agents=team.agents + temps)
