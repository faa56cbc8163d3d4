"""A team folder held as named texts (for storage and uploads), checked by the folder reader."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from scheduler.demand.events import EVENTS_CSV
from scheduler.demand.history import HISTORY_CSV
from scheduler.exports.formulas import is_formula_like
from scheduler.team.csv_table import decode
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.folder import (
    AGENTS_CSV,
    LEAVE_CSV,
    PINS_CSV,
    REQUESTS_CSV,
    REQUIREMENTS_CSV,
    SHOPS_CSV,
    TEAM_TOML,
    read_team,
)
from scheduler.team.model import Team

TEAM_FILES = (
    TEAM_TOML,
    SHOPS_CSV,
    AGENTS_CSV,
    LEAVE_CSV,
    REQUIREMENTS_CSV,
    PINS_CSV,
    REQUESTS_CSV,
)
REQUIRED_FILES = (TEAM_TOML, SHOPS_CSV, AGENTS_CSV, REQUIREMENTS_CSV)
# What the demand commands read besides the team (forecast, staff, peak); both optional.
DEMAND_FILES = (HISTORY_CSV, EVENTS_CSV)
# Every file the web app keeps of a team, in this order.
STORED_FILES = TEAM_FILES + DEMAND_FILES

TeamTexts = Mapping[str, str]


def file_name_of(upload_name: str) -> str | None:
    """The team file an uploaded file stands for, by its base name; None if it is none of them.

    The result is always one of STORED_FILES, so an upload's own name never becomes a path.
    """
    base = upload_name.replace("\\", "/").rsplit("/", 1)[-1].strip().lower()
    return base if base in STORED_FILES else None


def decode_upload(name: str, data: bytes) -> str:
    """Text of an uploaded file (UTF-8 with or without BOM, or GBK/GB18030), newlines unified."""
    text = decode(data)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def merge(current: TeamTexts, replacing: TeamTexts) -> dict[str, str]:
    """The current files with some replaced; the order of STORED_FILES."""
    merged = dict(current) | dict(replacing)
    return {name: merged[name] for name in STORED_FILES if name in merged}


@contextmanager
def written_folder(texts: TeamTexts, names: Iterable[str] = STORED_FILES) -> Iterator[Path]:
    """A temporary team folder holding ``texts`` (those named in ``names``), for the readers
    that read folders; removed afterwards."""
    keep = set(names)
    with tempfile.TemporaryDirectory(prefix="team-") as tmp:
        folder = Path(tmp)
        for name, text in texts.items():
            if name not in STORED_FILES:
                raise ValueError(f"not a team file: {name!r}")
            if name in keep:
                (folder / name).write_text(text, encoding="utf-8")
        yield folder


def read_team_texts(texts: TeamTexts) -> Team:
    """Check and read a team given as file texts, exactly as the folder reader would
    (history.csv and events.csv, if given, are not read: see ``read_demand_folder``).

    Raises
    ------
    InputErrors
        Every problem, as file:line: message.
    """
    missing = [name for name in REQUIRED_FILES if name not in texts]
    raise_if_any([InputError(name, None, "file not given") for name in missing])
    with written_folder(texts, TEAM_FILES) as folder:
        team = read_team(folder)
    raise_if_any(formula_like_ids(team, texts))
    return replace(team, folder=None)


def formula_like_ids(team: Team, texts: TeamTexts) -> list[InputError]:
    """Ids that a spreadsheet would run as a formula when it opens an exported roster.csv."""
    errors = []
    for shift in team.shifts:
        if is_formula_like(shift.id):
            line = _line_with(texts.get(TEAM_TOML, ""), shift.id)
            errors.append(InputError(TEAM_TOML, line, f"shift id {shift.id!r}: {FORMULA_HINT}"))
    for name, ids in (
        (SHOPS_CSV, [s.shop_id for s in team.shops]),
        (AGENTS_CSV, [a.agent_id for a in team.agents]),
    ):
        for bad in (i for i in ids if is_formula_like(i)):
            line = _line_with(texts.get(name, ""), bad)
            errors.append(InputError(name, line, f"id {bad!r}: {FORMULA_HINT}"))
    return errors


FORMULA_HINT = "an id may not start with =, +, - or @ (a spreadsheet would run it as a formula)"


def _line_with(text: str, value: str) -> int | None:
    for number, line in enumerate(text.splitlines(), start=1):
        if value in line:
            return number
    return None
