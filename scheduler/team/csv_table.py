"""Reading the team folder's files: size, encoding (UTF-8, BOM, GBK), CSV rows with line numbers."""

from __future__ import annotations

import codecs
import csv
import io
import re
from pathlib import Path

from scheduler.team.errors import InputError

# Larger files are certainly not a team folder; refuse before reading them whole.
MAX_FILE_BYTES = 20 * 1024 * 1024
# The csv module's own limit on one cell; a longer cell is refused with its line.
MAX_CELL_CHARS = csv.field_size_limit()
# Control characters (tab and newlines aside) that no cell of ours has a use for; they
# break spreadsheets (openpyxl refuses them) and hide text on pages.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

Row = dict[str, str]


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), UTF-16 with a BOM, else GB18030 (a superset of GBK).

    Raises
    ------
    UnicodeDecodeError
        When the bytes are none of these; ``not_text_message`` words it for a team lead.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def not_text_message(exc: UnicodeDecodeError) -> str:
    byte = exc.object[exc.start : exc.start + 1].hex()
    return (
        f"not a text file in UTF-8 or GBK (byte 0x{byte} at offset {exc.start}); "
        "save it as CSV UTF-8"
    )


def read_text(path: Path, errors: list[InputError], *, name: str | None = None) -> str | None:
    """The text of a file, or None with the reason in ``errors`` (missing, too large, not text)."""
    name = name or path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            errors.append(InputError(name, None, f"file is larger than {MAX_FILE_BYTES} bytes"))
            return None
        return decode(path.read_bytes())
    except FileNotFoundError:
        errors.append(InputError(name, None, "file not found"))
    except UnicodeDecodeError as exc:
        errors.append(InputError(name, None, not_text_message(exc)))
    except OSError as exc:
        errors.append(InputError(name, None, f"cannot read the file: {exc.strerror or exc}"))
    return None


def read_rows(
    path: Path, required: tuple[str, ...], errors: list[InputError]
) -> list[tuple[int, Row]]:
    """The data rows of a CSV file as (line number, row) pairs, cells stripped.

    Problems (unreadable file, missing columns, a broken row) go into ``errors``; the
    rows read so far are returned so that every problem can be reported at once.
    """
    name = path.name
    text = read_text(path, errors)
    if text is None:
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        errors.append(InputError(name, 1, f"the header is not CSV: {_csv_problem(exc)}"))
        return []
    if header is None:
        errors.append(InputError(name, 1, f"empty file; expected columns {','.join(required)}"))
        return []
    found = next((m for h in header if (m := CONTROL.search(h))), None)
    if found is not None:
        message = f"the header contains the control character U+{ord(found[0]):04X}"
        errors.append(InputError(name, 1, message))
        return []
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        errors.append(
            InputError(name, 1, f"missing column(s) {', '.join(missing)} in header {header}")
        )
        return []
    rows: list[tuple[int, Row]] = []
    while True:
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            errors.append(InputError(name, reader.line_num, _csv_problem(exc)))
            return rows
        if cells is None:
            return rows
        line = reader.line_num
        # Checked first, on the cells as written: str.strip() takes U+001C..U+001F away as
        # white space, but the stored text (and a workbook made from it) would keep them.
        control = next(
            ((i, found[0]) for i, c in enumerate(cells) if (found := CONTROL.search(c))), None
        )
        if control is not None:
            index, char = control
            column = header[index] if index < len(header) else f"cell {index + 1}"
            message = f"{column}: contains the control character U+{ord(char):04X}"
            errors.append(InputError(name, line, message))
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            extra = cells[len(header) :]
            if any(c.strip() for c in extra):
                errors.append(
                    InputError(name, line, f"{len(cells)} cells, header has {len(header)}")
                )
                continue
        padded = cells + [""] * (len(header) - len(cells))
        rows.append((line, {h: c.strip() for h, c in zip(header, padded, strict=False)}))


def _csv_problem(exc: csv.Error) -> str:
    if "field larger than field limit" in str(exc):
        return f"a cell is longer than {MAX_CELL_CHARS} characters"
    return f"not valid CSV ({exc})"
