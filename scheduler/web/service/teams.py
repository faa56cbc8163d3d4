"""Teams and their files: uploads (files or a workbook), edits, leave, and the examples."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from scheduler.demand.folder import read_demand_folder
from scheduler.demand.history import HISTORY_CSV
from scheduler.team.csv_table import not_text_message
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.files import (
    DEMAND_FILES,
    STORED_FILES,
    TEAM_FILES,
    TeamTexts,
    decode_upload,
    file_name_of,
    merge,
    read_team_texts,
    written_folder,
)
from scheduler.team.folder import LEAVE_CSV, SHOPS_CSV, TEAM_TOML, parse_date
from scheduler.team.model import Team
from scheduler.team.workbook import read_team_workbook, sheet_label
from scheduler.web.service.common import NotFound
from scheduler.web.settings import Settings
from scheduler.web.store import Store, TeamRecord


@dataclass(frozen=True, kw_only=True)
class Upload:
    """An uploaded file: the name the browser gave (used only to recognise it) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class TeamView:
    record: TeamRecord
    team: Team


# Teams


def team_view(store: Store, team_id: int) -> TeamView:
    try:
        record = store.team(team_id)
    except KeyError:
        raise NotFound(f"There is no team {team_id}.") from None
    return TeamView(record=record, team=store.input_team(record.input_id))


def team_texts(store: Store, team_id: int) -> dict[str, str]:
    return store.input_texts(team_view(store, team_id).record.input_id)


def upload_limit(name: str, settings: Settings) -> int:
    """The most bytes an uploaded file of this name may have (history.csv may be larger)."""
    if file_name_of(name) == HISTORY_CSV:
        return settings.max_history_bytes
    return settings.max_upload_bytes


def texts_from_uploads(uploads: Sequence[Upload], settings: Settings) -> tuple[dict[str, str], str]:
    """The team files in some uploaded files (CSV/TOML files, or one .xlsx workbook).

    Returns the texts and, for a workbook, its name (to label problems by sheet).

    Raises
    ------
    InputErrors
        For an unknown, empty or too large file, or an unreadable workbook.
    """
    errors: list[InputError] = []
    texts: dict[str, str] = {}
    workbook = ""
    uploads = [u for u in uploads if u.name or u.data]
    if not uploads:
        raise_if_any([InputError("upload", None, "no file was chosen")])
    for upload in uploads:
        label = upload.name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
        max_bytes = upload_limit(upload.name, settings)
        if len(upload.data) > max_bytes:
            errors.append(InputError(label, None, f"file is larger than {max_bytes} bytes"))
            continue
        if label.lower().endswith(".xlsx"):
            if len(uploads) > 1:
                errors.append(InputError(label, None, "upload a workbook alone, not with files"))
                continue
            workbook = label
            texts = read_team_workbook(upload.data, label)
            continue
        name = file_name_of(upload.name)
        if name is None:
            expected = ", ".join(STORED_FILES)
            errors.append(InputError(label, None, f"not a team file; expected {expected} or .xlsx"))
            continue
        try:
            texts[name] = decode_upload(name, upload.data)
        except UnicodeDecodeError as exc:
            errors.append(InputError(name, None, not_text_message(exc)))
    raise_if_any(errors)
    return texts, workbook


def check_team(texts: TeamTexts, workbook: str = "") -> Team:
    """Read the team from its files; problems in a workbook's sheets are named by sheet."""
    try:
        return read_team_texts(texts)
    except InputErrors as refused:
        if not workbook:
            raise
        raise InputErrors(
            [
                InputError(sheet_label(workbook, e.file), e.line, e.message)
                if e.file in TEAM_FILES
                else e
                for e in refused.errors
            ]
        ) from None


# Files whose change may make a stored history.csv or events.csv wrong (shop ids, [staffing]).
DEMAND_INPUTS = frozenset({*DEMAND_FILES, SHOPS_CSV, TEAM_TOML})


def check_demand(texts: TeamTexts, changed: Iterable[str]) -> None:
    """Check history.csv, events.csv and [staffing] as the demand commands read them, when
    the team has any of those files and a change could affect them (a leave edit cannot).

    Raises
    ------
    InputErrors
        Every problem, as file:line: message.
    """
    if not any(n in texts for n in DEMAND_FILES) or not DEMAND_INPUTS.intersection(changed):
        return
    with written_folder(texts) as folder:
        read_demand_folder(folder, history=False)


def create_team(store: Store, uploads: Sequence[Upload], settings: Settings) -> TeamRecord:
    texts, workbook = texts_from_uploads(uploads, settings)
    team = check_team(texts, workbook)
    check_demand(texts, texts)
    return store.create_team(texts, team, "workbook" if workbook else "upload")


def replace_files(
    store: Store, team_id: int, uploads: Sequence[Upload], settings: Settings
) -> TeamRecord:
    """Replace some of a team's files; checked whole first, nothing stored if any problem."""
    current = team_texts(store, team_id)
    given, workbook = texts_from_uploads(uploads, settings)
    texts = merge(current, given)
    team = check_team(texts, workbook)
    check_demand(texts, given)
    return store.add_input(team_id, texts, team, "workbook" if workbook else "upload")


def save_file(store: Store, team_id: int, name: str, text: str, source: str = "edit") -> TeamRecord:
    if name not in STORED_FILES:
        raise NotFound(f"{name} is not a team file.")
    texts = merge(team_texts(store, team_id), {name: text.replace("\r\n", "\n")})
    team = read_team_texts(texts)
    check_demand(texts, [name])
    return store.add_input(team_id, texts, team, source)


LEAVE_HEADER = "agent_id,start,end,kind\n"


def add_leave(
    store: Store, team_id: int, agent_id: str, start: date, end: date, kind: str
) -> TeamRecord:
    """Append one leave row to leave.csv (checked like any edit)."""
    current = team_texts(store, team_id).get(LEAVE_CSV, "") or LEAVE_HEADER
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([agent_id, start, end, kind])
    text = current if current.endswith("\n") else current + "\n"
    return save_file(store, team_id, LEAVE_CSV, text + out.getvalue())


def remove_leave(store: Store, team_id: int, agent_id: str, start: date, end: date) -> TeamRecord:
    """Remove the first leave row for this agent and these dates."""
    text = team_texts(store, team_id).get(LEAVE_CSV, "")
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        cells = next(csv.reader([line]), [])
        if number == 0 or len(cells) < 3:
            continue
        try:
            same = cells[0].strip() == agent_id and (
                parse_date(cells[1]),
                parse_date(cells[2]),
            ) == (start, end)
        except ValueError:
            continue
        if same:
            return save_file(
                store, team_id, LEAVE_CSV, "".join(lines[:number] + lines[number + 1 :])
            )
    raise NotFound(f"No leave for {agent_id} from {start} to {end}.")


def example_names(settings: Settings) -> list[str]:
    folder = settings.examples_dir
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "team.toml").is_file())


def load_example(store: Store, settings: Settings, name: str) -> TeamRecord:
    # The name only selects among the folders listed; it is never joined into a path.
    found = {n: settings.examples_dir / n for n in example_names(settings)}
    if name not in found:
        raise NotFound(f"There is no example {name!r}.")
    folder: Path = found[name]
    texts = {
        n: (folder / n).read_text(encoding="utf-8-sig")
        for n in STORED_FILES
        if (folder / n).is_file()
    }
    return store.create_team(texts, read_team_texts(texts), "example")
