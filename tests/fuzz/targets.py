"""Every reader of user files, each with a valid input to start from: the fuzzing table.

A target is a name, the files of one valid input (name -> bytes) and a function that
reads a folder holding such files. Fuzzing changes the files and calls the reader; the
only exception a reader may raise is ``InputErrors`` (each problem as file:line: message).
Adding a reader is one line in ``TARGETS``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from scheduler.bench.curtois_reader import data_dir, instance_path, read_instance, to_problem
from scheduler.demand.events import EVENTS_CSV
from scheduler.demand.folder import read_demand_folder
from scheduler.demand.forecast import read_forecast
from scheduler.demand.history import HISTORY_CSV
from scheduler.peak.settings import read_peak_settings
from scheduler.peak.temps import read_hires, with_temps
from scheduler.roster.files import (
    ASSIGNMENTS_CSV,
    ROSTER_CSV,
    assignments_csv,
    read_roster,
    roster_csv,
)
from scheduler.roster.model import Roster, RosterEntry
from scheduler.roster.to_problem import build_planning, previous_month
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.files import STORED_FILES, TEAM_FILES
from scheduler.team.folder import REQUESTS_CSV, TEAM_TOML, read_team
from scheduler.team.workbook import write_team_workbook
from scheduler.team.writer import write_team_folder
from scheduler.web.service import Upload, check_demand, check_team, texts_from_uploads
from scheduler.web.settings import Settings
from tests.helpers import tiny_team_value

MONTH = Month(2026, 11)
WORKBOOK = "team.xlsx"
UPLOAD_LIMIT = 1_000_000
UPLOAD_SETTINGS = Settings(max_upload_bytes=UPLOAD_LIMIT, max_history_bytes=UPLOAD_LIMIT)
WORKBOOK_SETTINGS = Settings(max_upload_bytes=10 * UPLOAD_LIMIT)

Files = dict[str, bytes]


@dataclass(frozen=True)
class Target:
    name: str
    seed: Callable[[], Files]
    """The files of a valid input."""
    read: Callable[[Path], object]
    """Reads a folder holding the (changed) files; may raise InputErrors only."""


@cache
def team_files() -> Files:
    """The tiny team's folder, a history and an events file (small, so fuzzing is fast)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        team = tiny_team_value(staffing={"method": "rule", "target": 100})
        write_team_folder(team, folder)
        files = {p.name: p.read_bytes() for p in folder.iterdir()}
    files[REQUESTS_CSV] = (
        b"agent_id,date,shift,kind,weight\nA1,2026-11-05,evening,on,3\nA2,2026-11-06,,off,\n"
    )
    files[HISTORY_CSV] = (
        b"date,shop_id,inquiries,hour\n2026-10-01,TM,300,\n2026-10-02,TM,12,9\n"
        b"2026-10-02,TM,30,10\n2026-10-01,JD,80,\n"
    )
    files[EVENTS_CSV] = (
        b"name,kind,start,end,shop_id\ndouble11,presale,2026-10-20,2026-10-31,\n"
        b"double11,peak,2026-11-11,2026-11-11,TM\n"
    )
    return files


def _only(*names: str) -> Callable[[], Files]:
    return lambda: {n: b for n, b in team_files().items() if n in names}


def read_team_and_plan(folder: Path) -> object:
    """The CLI's path: read the folder, then translate it into the solver's problem."""
    team = read_team(folder)
    return build_planning(team, MONTH)


def read_demand(folder: Path) -> object:
    return read_demand_folder(folder, history=False)


def forecast_files() -> Files:
    text = (
        "date,shop_id,inquiries,low,high,day_share,event\n"
        "2026-11-01,TM,300,250,350,0.6,\n2026-11-11,JD,900,700,1100,0.55,double11 peak\n"
    )
    return {"forecast.csv": text.encode()}


def read_forecast_file(folder: Path) -> object:
    errors: list[InputError] = []
    rows = read_forecast(folder / "forecast.csv", {"TM", "JD"}, errors)
    raise_if_any(errors)
    return rows


def previous_roster_files() -> Files:
    """A roster of 2026-10 for the tiny team, as `scheduler roster` writes it."""
    team = tiny_team_value()
    month = Month(2026, 10)
    pattern = ["day"] * 5 + ["off"] * 2
    entries = {}
    for agent in team.agents:
        for i, day in enumerate(month.days):
            shift = pattern[i % 7] if agent.fixed_shift is None else agent.fixed_shift
            shares = ((agent.shops[0], 100),) if shift != "off" else ()
            entries[agent.agent_id, day] = RosterEntry(shift=shift, shares=shares)
    roster = Roster(
        month=month,
        entries=entries,
        assignments={a.agent_id: (a.shops[0],) for a in team.agents},
        agent_ids=tuple(a.agent_id for a in team.agents),
    )
    return {
        ROSTER_CSV: roster_csv(roster).encode(),
        ASSIGNMENTS_CSV: assignments_csv(roster).encode(),
    }


def read_previous(folder: Path) -> object:
    """--previous: read last month's roster, then carry its last days into the plan."""
    team = tiny_team_value()
    roster = read_roster(folder / ROSTER_CSV, team)
    if roster.month != MONTH.previous():
        return roster
    return build_planning(team, MONTH, previous_month(team, roster))


def peak_files() -> Files:
    """The demand folder with a [peak] table in team.toml."""
    files = _only(*TEAM_FILES, HISTORY_CSV, EVENTS_CSV)()
    peak = b"\n[peak]\ntemp_day_cost = 300\novertime_max_hours = 36\nlead_days = 14\n"
    return files | {TEAM_TOML: files[TEAM_TOML] + peak}


def read_peak(folder: Path) -> object:
    """What `scheduler peak` reads: the demand folder and the [peak] table."""
    errors: list[InputError] = []
    settings = read_peak_settings(folder, errors)
    raise_if_any(errors)
    read_demand_folder(folder, history=False)
    return settings


def hires_files() -> Files:
    return {
        "hires.csv": b"shop_id,count,start_date,hire_by,shift\nTM,2,2026-11-01,2026-10-20,day\n"
        b"JD,1,2026-11-05,2026-10-25,\n"
    }


def read_team_with_hires(folder: Path) -> object:
    """`scheduler roster --hires`: a peak plan's temps join the tiny team, then the plan."""
    team = tiny_team_value()
    team = with_temps(team, read_hires(folder / "hires.csv", team), "hires.csv")
    return build_planning(team, MONTH)


def curtois_files() -> Files:
    """Instance 1 of the Curtois & Qu benchmark (the smallest)."""
    return {"Instance1.txt": instance_path(1, data_dir()).read_bytes()}


def read_curtois(folder: Path) -> object:
    """`scheduler bench curtois`: read the instance, then translate it for the solver."""
    return to_problem(read_instance(folder / "Instance1.txt"))


def workbook_files() -> Files:
    texts = {n: b.decode() for n, b in team_files().items() if n in TEAM_FILES}
    return {WORKBOOK: write_team_workbook(texts)}


def read_uploaded(folder: Path) -> object:
    """The web app's upload path: the files as a browser sends them (history.csv and
    events.csv too), checked whole."""
    uploads = [Upload(name=p.name, data=p.read_bytes()) for p in sorted(folder.iterdir())]
    texts, workbook = texts_from_uploads(uploads, UPLOAD_SETTINGS)
    team = check_team(texts, workbook)
    check_demand(texts, texts)
    return team


def read_texts_then_workbook(folder: Path) -> object:
    """An accepted team, exported as a workbook (the team page's link) and uploaded again."""
    texts = {p.name: p.read_bytes().decode("utf-8", "replace") for p in folder.iterdir()}
    texts = {n: texts[n] for n in TEAM_FILES if n in texts}
    team = check_team(texts)
    uploads = [Upload(name=WORKBOOK, data=write_team_workbook(texts))]
    again = check_team(*texts_from_uploads(uploads, WORKBOOK_SETTINGS))
    assert again == team, "the workbook export did not read back as the same team"
    return again


TARGETS = (
    Target("team folder", _only(*TEAM_FILES), read_team_and_plan),
    Target("demand folder", _only(*TEAM_FILES, HISTORY_CSV, EVENTS_CSV), read_demand),
    Target("forecast.csv", forecast_files, read_forecast_file),
    Target("previous roster", previous_roster_files, read_previous),
    Target("upload", _only(*STORED_FILES), read_uploaded),
    Target("workbook upload", workbook_files, read_uploaded),
    Target("workbook round trip", _only(*TEAM_FILES), read_texts_then_workbook),
    Target("peak settings", peak_files, read_peak),
    Target("hires.csv", hires_files, read_team_with_hires),
    Target("Curtois instance", curtois_files, read_curtois),
)


def check_reader(target: Target, folder: Path) -> InputErrors | None:
    """Run the reader; None when it accepts the files, the refusal when it refuses them.

    Any other exception is a crash and propagates. A refusal must name a file and a
    message for every problem.
    """
    try:
        target.read(folder)
    except InputErrors as refused:
        assert refused.errors, "InputErrors with no problem listed"
        for error in refused.errors:
            assert error.file and error.message.strip(), repr(error)
            assert error.line is None or error.line >= 1, repr(error)
        return refused
    return None


def write_files(folder: Path, files: Files) -> None:
    for old in folder.iterdir():
        old.unlink()
    for name, data in files.items():
        (folder / name).write_bytes(data)
