"""Changes to a valid input that a team lead's files (or an attacker's) might have.

The mutations take their choices from a ``Chooser``, so the same code is driven by
hypothesis (tests/fuzz/test_readers.py, in ``make test``) and by atheris's coverage-guided
byte stream (tests/fuzz/atheris_readers.py, the longer run).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from typing import Protocol, TypeVar

T = TypeVar("T")

# Cell values that have broken readers elsewhere: numbers at the edges, impossible dates,
# formulas, markup, separators of our own formats, control characters, Chinese text.
CELLS = (
    "",
    " ",
    "-1",
    "0",
    "3.5",
    "1e309",
    "-1e309",
    "nan",
    "inf",
    "99999999999999999999999",
    "2026-02-30",
    "2026-13-01",
    "0001-01-01",
    "9999-12-31",
    "2026/11/31",
    "2026-11-01",
    "2026-11-30",
    "1900-01-01",
    '=HYPERLINK("http://x")',
    "+1",
    "@SUM(1)",
    "-A1",
    "<script>alert(1)</script>",
    "王芳",
    "天猫店",
    "TM|TM",
    "TM|JD|TM",
    "TM:50",
    "|",
    ":",
    "day",
    "evening",
    "off",
    "leave",
    "A1",
    "A9",
    "TM",
    "JD",
    "XX",
    "big",
    "4",
    "25:00",
    "08:30",
    "\x00",
    "\x1f",
    "x\x1c",
    "\t",
    '"',
    "\n",
    "\r",
    "x" * 300,
    "\u202e",
    "\ufeff",
)
TOML_VALUES = (
    "[]",
    "{}",
    '"x"',
    '""',
    "-1",
    "0",
    "1",
    "4",
    "1e400",
    "nan",
    "inf",
    "true",
    "1979-05-27",
    "08:30:00",
    '"25:00"',
    '"08:30"',
    '"00:30"',
    "[[1]]",
    "[1, 2]",
    '{ start = "2026-11-01" }',
    "99999999999999999999",
    '"2026-11-31"',
    '"9999-12-31"',
    '"0001-01-01"',
    "3.5",
    '"erlang-a"',
    '"none"',
    '"off"',
    '"=1+1"',
)
TOML_LINES = (
    "[[shift]]",
    "[[blackout]]",
    "[rules]",
    "[staffing]",
    "rules = 5",
    "shift = 1",
    "blackout = 2",
    "blackout = [1]",
    "shift = [1, 2]",
    "staffing = []",
    'name = ["x"]',
    "[[shift]]\nid = 5",
    '[[blackout]]\nstart = 1\nend = "x"',
    "[rules.x]",
    "unknown = 1",
    '"a(b" = 1',
    '[peak]\n"x[" = 2',
)
CODECS = ("gbk", "gb18030", "utf-8-sig", "utf-16", "big5", "latin-1")


class Chooser(Protocol):
    def integer(self, low: int, high: int) -> int: ...
    def text(self) -> str: ...
    def raw(self) -> bytes: ...


def pick(choose: Chooser, items: Sequence[T]) -> T:
    return items[choose.integer(0, len(items) - 1)]


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def _cell_value(choose: Chooser) -> str:
    return pick(choose, CELLS) if choose.integer(0, 3) else choose.text()


def replace_cell(data: bytes, choose: Chooser) -> bytes:
    """One CSV cell (header included) becomes another value."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8", "replace"), newline="")))
    except csv.Error:  # an earlier change broke the CSV itself
        return data
    if not rows:
        return data
    row = rows[choose.integer(0, len(rows) - 1)]
    value = _cell_value(choose)
    if row:
        row[choose.integer(0, len(row) - 1)] = value
    else:
        row.append(value)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def add_row(data: bytes, choose: Chooser) -> bytes:
    """A row of chosen cells, a copy of another row, or a row of a different width."""
    lines = _lines(data)
    if choose.integer(0, 1) and lines:
        return data + b"\n" + pick(choose, lines)
    cells = [_cell_value(choose) for _ in range(choose.integer(0, 8))]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return data.rstrip(b"\n") + b"\n" + out.getvalue().encode("utf-8")


def delete_line(data: bytes, choose: Chooser) -> bytes:
    lines = _lines(data)
    if lines:
        del lines[choose.integer(0, len(lines) - 1)]
    return b"\n".join(lines)


def replace_toml_value(data: bytes, choose: Chooser) -> bytes:
    """In a `key = value` line, the value becomes another TOML value (maybe another type)."""
    lines = _lines(data)
    keyed = [i for i, line in enumerate(lines) if b"=" in line]
    if not keyed:
        return data
    i = pick(choose, keyed)
    key = lines[i].split(b"=", 1)[0]
    value = pick(choose, TOML_VALUES) if choose.integer(0, 3) else repr(choose.text())
    lines[i] = key + b"= " + value.encode("utf-8")
    return b"\n".join(lines)


def add_toml_line(data: bytes, choose: Chooser) -> bytes:
    lines = _lines(data)
    at = choose.integer(0, len(lines))
    lines.insert(at, pick(choose, TOML_LINES).encode("utf-8"))
    return b"\n".join(lines)


def reencode(data: bytes, choose: Chooser) -> bytes:
    """The same text saved in another encoding (Excel on a Chinese Windows writes GBK)."""
    text = data.decode("utf-8", "replace")
    return text.encode(pick(choose, CODECS), "replace")


def splice_bytes(data: bytes, choose: Chooser) -> bytes:
    at = choose.integer(0, len(data))
    cut = choose.integer(0, min(16, len(data) - at))
    return data[:at] + choose.raw() + data[at + cut :]


def truncate(data: bytes, choose: Chooser) -> bytes:
    return data[: choose.integer(0, len(data))]


def replace_whole(data: bytes, choose: Chooser) -> bytes:
    return choose.raw()


def huge_cell(data: bytes, choose: Chooser) -> bytes:
    """A cell longer than the csv module takes (the file size limit has its own test)."""
    return data.rstrip(b"\n") + b"\n" + b"x" * (140_000 + choose.integer(0, 9)) + b",1\n"


Mutation = Callable[[bytes, Chooser], bytes]
TEXT_MUTATIONS: tuple[Mutation, ...] = (
    replace_cell,
    replace_cell,
    replace_cell,
    add_row,
    delete_line,
    replace_toml_value,
    replace_toml_value,
    add_toml_line,
    reencode,
    splice_bytes,
    truncate,
    replace_whole,
    huge_cell,
)
BINARY_MUTATIONS: tuple[Mutation, ...] = (splice_bytes, truncate, replace_whole)


def mutate(files: dict[str, bytes], choose: Chooser, steps: int) -> dict[str, bytes]:
    """``steps`` changes, each to one file (or a file removed, or a stray file added)."""
    files = dict(files)
    for _ in range(steps):
        kind = choose.integer(0, 19)
        if kind == 0 and files:
            del files[pick(choose, sorted(files))]
            continue
        if kind == 1:
            files[pick(choose, ("notes.txt", "team.xlsx", "Agents.CSV", "leave.csv"))] = (
                choose.raw()
            )
            continue
        if not files:
            continue
        name = pick(choose, sorted(files))
        binary = name.endswith(".xlsx")
        mutation = pick(choose, BINARY_MUTATIONS if binary else TEXT_MUTATIONS)
        files[name] = mutation(files[name], choose)
    return files
