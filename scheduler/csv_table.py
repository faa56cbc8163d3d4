"""Reading the team folder's CSV files: BOM, GBK, missing columns, line numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from scheduler.errors import InputError

# Larger files are certainly not a team folder; refuse before reading them whole.
MAX_FILE_BYTES = 20 * 1024 * 1024

Row = dict[str, str]


def decode(data: bytes) -> str:
    """UTF-8 (with or without Excel's BOM), else GB18030, the superset of GBK."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030")


def read_rows(
    path: Path, required: tuple[str, ...], errors: list[InputError]
) -> list[tuple[int, Row]]:
    """The data rows of a CSV file as (line number, row) pairs, cells stripped.

    Problems (unreadable file, missing columns) go into ``errors``; the rows
    read so far are returned so that every problem can be reported at once.
    """
    name = path.name
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            errors.append(InputError(name, None, f"file is larger than {MAX_FILE_BYTES} bytes"))
            return []
        text = decode(path.read_bytes())
    except FileNotFoundError:
        errors.append(InputError(name, None, "file not found"))
        return []
    except (OSError, UnicodeDecodeError) as exc:
        errors.append(InputError(name, None, f"cannot read the file: {exc}"))
        return []
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader, None)
    if header is None:
        errors.append(InputError(name, 1, f"empty file; expected columns {','.join(required)}"))
        return []
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        errors.append(
            InputError(name, 1, f"missing column(s) {', '.join(missing)} in header {header}")
        )
        return []
    rows = []
    for cells in reader:
        line = reader.line_num
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
    return rows
