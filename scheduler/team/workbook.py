"""A team folder as one .xlsx workbook: one sheet per file, row numbers as line numbers."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import Cell

from scheduler.exports.formulas import is_formula_like
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.files import TEAM_FILES, TeamTexts
from scheduler.team.folder import TEAM_TOML

# A workbook unpacking to more than this is refused before openpyxl reads it (zip bombs).
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
# Sheet name (lower case) for each file; "team.toml" and the like are accepted too.
SHEETS = {name: name.split(".")[0] for name in TEAM_FILES}
_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def sheet_label(workbook: str, file_name: str) -> str:
    """How a problem in ``file_name`` read from ``workbook`` is named to the user."""
    return f"{workbook} [{SHEETS[file_name]}]"


def read_team_workbook(data: bytes, workbook: str = "team.xlsx") -> dict[str, str]:
    """The team files found in a workbook, by sheet name, as the texts of those files.

    The ``team`` sheet holds team.toml one line per row in column A; the other
    sheets are the CSV files with their header in row 1. Sheets with other names
    are ignored.

    Raises
    ------
    InputErrors
        When the file is not a readable workbook or holds no team sheet.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputErrors([InputError(workbook, None, f"not an .xlsx workbook ({exc})")]) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise_if_any([InputError(workbook, None, "the workbook is too large once unpacked")])
    try:
        texts = _sheet_texts(data)
    except Exception as exc:
        # openpyxl reading a damaged file can fail in any of its layers (zip, zlib, XML,
        # its own model); all of them mean the same to the user.
        message = f"not a readable .xlsx workbook ({type(exc).__name__}: {exc})"
        raise InputErrors([InputError(workbook, None, message[:300])]) from None
    if not texts:
        names = ", ".join(SHEETS.values())
        raise_if_any([InputError(workbook, None, f"no sheet named {names}")])
    return {name: texts[name] for name in TEAM_FILES if name in texts}


def _sheet_texts(data: bytes) -> dict[str, str]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    by_sheet = {name: file for file, name in SHEETS.items()}
    texts: dict[str, str] = {}
    try:
        for sheet in book.worksheets:
            key = sheet.title.strip().lower()
            file_name = by_sheet.get(key) or (key if key in SHEETS else None)
            if file_name is None:
                continue
            rows = [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            texts[file_name] = _toml_text(rows) if file_name == TEAM_TOML else _csv_text(rows)
    finally:
        book.close()
    return texts


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _toml_text(rows: list[list[str]]) -> str:
    return "\n".join(row[0] if row else "" for row in rows) + "\n"


def _csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in rows:
        while row and not row[-1].strip():
            row = row[:-1]
        writer.writerow(row)
    return out.getvalue()


def write_team_workbook(texts: TeamTexts) -> bytes:
    """The team files as a workbook that ``read_team_workbook`` reads back unchanged."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for file_name, text in texts.items():
        sheet = book.create_sheet(SHEETS[file_name])
        if file_name == TEAM_TOML:
            rows: list[list[str]] = [[line] for line in text.splitlines()]
        else:
            rows = list(csv.reader(io.StringIO(text)))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                set_text(sheet.cell(row=r, column=c), value, numbers=file_name != TEAM_TOML)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def set_text(cell: Cell, value: str, *, numbers: bool = False) -> None:
    """Write ``value`` as text (never as a formula), or as a number when it reads back the same."""
    if numbers and _NUMBER.fullmatch(value):
        number = float(value)
        if _text(number) == value:
            cell.value = int(number) if number.is_integer() else number
            return
    cell.value = value
    cell.data_type = "s"  # a text starting with "=" stays text, not a formula
    if is_formula_like(value):
        # Excel's own mark for text typed after an apostrophe: it stays text when edited.
        cell.quotePrefix = True
