"""The Curtois & Qu staff-rostering benchmark: read its text format, translate it into a
solver Problem, and write a solved roster as CSV.

The format and the rules are in ../shared/benchmarks/curtois/README.md. The reader is
strict: every problem is reported as ``file:line: message`` and all of them are raised
together (``InputErrors``).
"""

from __future__ import annotations

import csv
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import solver
from scheduler.team.errors import InputError, raise_if_any

SECTIONS = (
    "SECTION_HORIZON",
    "SECTION_SHIFTS",
    "SECTION_STAFF",
    "SECTION_DAYS_OFF",
    "SECTION_SHIFT_ON_REQUESTS",
    "SECTION_SHIFT_OFF_REQUESTS",
    "SECTION_COVER",
)
STAFF_FIELDS = 8
DAYS_PER_WEEK = 7
SATURDAY, SUNDAY = 5, 6
# The benchmark's objective is the plain sum of its weighted parts.
BENCHMARK_WEIGHTS = solver.Weights(shortfall=1, overcover=1, requests=1)
# Best-known objective values (UB) of instances 1-24, from the README of the data folder.
BEST_KNOWN = {
    1: 607, 2: 828, 3: 1001, 4: 1716, 5: 1143, 6: 1950, 7: 1056, 8: 1300, 9: 439, 10: 4631,
    11: 3443, 12: 4040, 13: 1348, 14: 1278, 15: 3829, 16: 3225, 17: 5746, 18: 4459, 19: 3149,
    20: 4769, 21: 21133, 22: 30241, 23: 17428, 24: 42463,
}  # fmt: skip
DATA_DIR_ENV = "CURTOIS_DIR"
_ID = re.compile(r"[A-Za-z0-9_]+")
_INT = re.compile(r"-?\d+")


@dataclass(frozen=True, kw_only=True)
class Shift:
    id: str
    length_min: int
    cannot_follow: tuple[str, ...]
    line: int


@dataclass(frozen=True, kw_only=True)
class Employee:
    id: str
    max_shifts: dict[str, int]
    """Shift id -> most shifts of that type; a shift not listed has no limit."""
    max_total_min: int
    min_total_min: int
    max_consecutive_shifts: int
    min_consecutive_shifts: int
    min_consecutive_days_off: int
    max_weekends: int
    line: int


@dataclass(frozen=True, kw_only=True)
class ShiftRequest:
    employee: str
    day: int
    shift: str
    weight: int
    line: int


@dataclass(frozen=True, kw_only=True)
class Cover:
    day: int
    shift: str
    requirement: int
    weight_under: int
    weight_over: int
    line: int


@dataclass(frozen=True, kw_only=True)
class Instance:
    """One benchmark instance, with the ids of the file."""

    name: str
    horizon: int
    shifts: tuple[Shift, ...]
    employees: tuple[Employee, ...]
    days_off: dict[str, frozenset[int]] = field(default_factory=dict)
    on_requests: tuple[ShiftRequest, ...] = ()
    off_requests: tuple[ShiftRequest, ...] = ()
    cover: tuple[Cover, ...] = ()


def data_dir() -> Path:
    """The folder of Instance1.txt … Instance24.txt: $CURTOIS_DIR, else the copy in the
    checkout's benchmarks/curtois (so a clean clone can run the benchmark and its tests)."""
    if env := os.environ.get(DATA_DIR_ENV):
        return Path(env)
    return Path(__file__).resolve().parents[2] / "benchmarks" / "curtois"


def instance_path(number: int, folder: Path | None = None) -> Path:
    return (folder or data_dir()) / f"Instance{number}.txt"


class _Reader:
    """Parses one file, collecting every problem instead of stopping at the first."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.errors: list[InputError] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(InputError(self.name, line, message))

    def integer(self, line: int, what: str, text: str, minimum: int = 0) -> int | None:
        if not _INT.fullmatch(text):
            self.error(line, f"{what} {text!r} is not an integer")
            return None
        value = int(text)
        if value < minimum:
            self.error(line, f"{what} {value} must be >= {minimum}")
            return None
        return value

    def ident(self, line: int, what: str, text: str) -> str | None:
        if not _ID.fullmatch(text):
            self.error(line, f"{what} {text!r} is not an id (letters, digits, _)")
            return None
        return text

    def fields(self, line: int, text: str, count: int, columns: str) -> list[str] | None:
        parts = text.split(",")
        if len(parts) != count:
            self.error(line, f"expected {count} fields ({columns}), found {len(parts)}")
            return None
        return parts


def _sections(reader: _Reader, text: str) -> dict[str, list[tuple[int, str]]]:
    """Data lines per section, each with its 1-based line number."""
    sections: dict[str, list[tuple[int, str]]] = {}
    current: list[tuple[int, str]] | None = None
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            if line not in SECTIONS:
                reader.error(number, f"unknown section {line!r}")
                current = None
            elif line in sections:
                reader.error(number, f"section {line} appears twice")
                current = None
            else:
                current = sections[line] = []
            continue
        if not line.strip():
            current = None  # a section's data ends at the first empty line
            continue
        if current is None:
            reader.error(number, f"data line outside a section: {line[:40]!r}")
            continue
        current.append((number, line))
    for name in SECTIONS:
        if name not in sections:
            reader.error(None, f"section {name} is missing")
    return sections


def _horizon(reader: _Reader, lines: list[tuple[int, str]]) -> int | None:
    if len(lines) != 1:
        where = lines[1][0] if len(lines) > 1 else None
        reader.error(where, f"SECTION_HORIZON needs exactly one line, found {len(lines)}")
        if not lines:
            return None
    number, text = lines[0]
    horizon = reader.integer(number, "horizon", text, minimum=1)
    if horizon is not None and horizon % DAYS_PER_WEEK:
        reader.error(number, f"horizon {horizon} is not a whole number of weeks")
        return None
    return horizon


def _shifts(reader: _Reader, lines: list[tuple[int, str]]) -> list[Shift]:
    shifts: list[Shift] = []
    seen: set[str] = set()
    for number, text in lines:
        parts = reader.fields(number, text, 3, "ShiftID,LengthInMinutes,CannotFollow")
        if parts is None:
            continue
        shift_id = reader.ident(number, "shift id", parts[0])
        length = reader.integer(number, "shift length", parts[1], minimum=1)
        follow = tuple(parts[2].split("|")) if parts[2] else ()
        bad = [f for f in follow if not _ID.fullmatch(f)]
        if bad:
            reader.error(number, f"CannotFollow has a bad shift id {bad[0]!r}")
        if shift_id is not None and shift_id in seen:
            reader.error(number, f"shift {shift_id!r} is defined twice")
            continue
        if shift_id is None or length is None or bad:
            continue
        seen.add(shift_id)
        shifts.append(Shift(id=shift_id, length_min=length, cannot_follow=follow, line=number))
    return shifts


# The integer columns of SECTION_STAFF and their least valid values.
_STAFF_INTEGERS = (
    ("MaxTotalMinutes", 0),
    ("MinTotalMinutes", 0),
    ("MaxConsecutiveShifts", 1),
    ("MinConsecutiveShifts", 1),
    ("MinConsecutiveDaysOff", 1),
    ("MaxWeekends", 0),
)


def _employees(reader: _Reader, lines: list[tuple[int, str]]) -> list[Employee]:
    columns = (
        "ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,MaxConsecutiveShifts,"
        "MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends"
    )
    employees: list[Employee] = []
    seen: set[str] = set()
    for number, text in lines:
        parts = reader.fields(number, text, STAFF_FIELDS, columns)
        if parts is None:
            continue
        employee_id = reader.ident(number, "employee id", parts[0])
        max_shifts: dict[str, int] = {}
        ok = True
        for pair in parts[1].split("|") if parts[1] else ():
            shift_id, eq, count = pair.partition("=")
            if not eq:
                reader.error(number, f"MaxShifts entry {pair!r} is not ShiftID=count")
                ok = False
                continue
            if shift_id in max_shifts:
                reader.error(number, f"MaxShifts lists shift {shift_id!r} twice")
                ok = False
            limit = reader.integer(number, f"MaxShifts of {shift_id!r}", count)
            if limit is None:
                ok = False
                continue
            max_shifts[shift_id] = limit
        values = [
            reader.integer(number, what, value, minimum)
            for (what, minimum), value in zip(_STAFF_INTEGERS, parts[2:], strict=True)
        ]
        if employee_id is not None and employee_id in seen:
            reader.error(number, f"employee {employee_id!r} is defined twice")
            continue
        if employee_id is None or not ok or any(v is None for v in values):
            continue
        most, least, max_run, min_run, min_off, weekends = (int(v) for v in values)  # type: ignore[arg-type]
        if least > most:
            reader.error(number, f"MinTotalMinutes {least} is above MaxTotalMinutes {most}")
            continue
        seen.add(employee_id)
        employees.append(
            Employee(
                id=employee_id,
                max_shifts=max_shifts,
                max_total_min=most,
                min_total_min=least,
                max_consecutive_shifts=max_run,
                min_consecutive_shifts=min_run,
                min_consecutive_days_off=min_off,
                max_weekends=weekends,
                line=number,
            )
        )
    return employees


def _days_off(
    reader: _Reader, lines: list[tuple[int, str]], employees: set[str], horizon: int | None
) -> dict[str, frozenset[int]]:
    days_off: dict[str, set[int]] = defaultdict(set)
    for number, text in lines:
        parts = text.split(",")
        employee = parts[0]
        if employee not in employees:
            reader.error(number, f"unknown employee {employee!r}")
            continue
        for part in parts[1:]:
            day = reader.integer(number, "day", part)
            if day is not None and horizon is not None and day >= horizon:
                reader.error(number, f"day {day} is outside the horizon 0..{horizon - 1}")
            elif day is not None:
                days_off[employee].add(day)
    return {e: frozenset(days) for e, days in days_off.items()}


def _requests(
    reader: _Reader,
    lines: list[tuple[int, str]],
    employees: set[str],
    shifts: set[str],
    horizon: int | None,
) -> list[ShiftRequest]:
    requests = []
    for number, text in lines:
        parts = reader.fields(number, text, 4, "EmployeeID,Day,ShiftID,Weight")
        if parts is None:
            continue
        employee, day_text, shift, weight_text = parts
        ok = True
        if employee not in employees:
            reader.error(number, f"unknown employee {employee!r}")
            ok = False
        if shift not in shifts:
            reader.error(number, f"unknown shift {shift!r}")
            ok = False
        day = _day(reader, number, day_text, horizon)
        weight = reader.integer(number, "weight", weight_text)
        if ok and day is not None and weight is not None:
            requests.append(
                ShiftRequest(employee=employee, day=day, shift=shift, weight=weight, line=number)
            )
    return requests


def _day(reader: _Reader, number: int, text: str, horizon: int | None) -> int | None:
    day = reader.integer(number, "day", text)
    if day is not None and horizon is not None and day >= horizon:
        reader.error(number, f"day {day} is outside the horizon 0..{horizon - 1}")
        return None
    return day


def _cover(
    reader: _Reader, lines: list[tuple[int, str]], shifts: set[str], horizon: int | None
) -> list[Cover]:
    cover = []
    seen: dict[tuple[int, str], int] = {}
    columns = "Day,ShiftID,Requirement,WeightForUnder,WeightForOver"
    for number, text in lines:
        parts = reader.fields(number, text, 5, columns)
        if parts is None:
            continue
        day = _day(reader, number, parts[0], horizon)
        shift = parts[1]
        if shift not in shifts:
            reader.error(number, f"unknown shift {shift!r}")
        values = [
            reader.integer(number, what, value)
            for what, value in zip(
                ("requirement", "WeightForUnder", "WeightForOver"), parts[2:], strict=True
            )
        ]
        if day is None or shift not in shifts or any(v is None for v in values):
            continue
        if (day, shift) in seen:
            reader.error(
                number, f"cover for day {day}, shift {shift!r} already on line {seen[day, shift]}"
            )
            continue
        seen[day, shift] = number
        requirement, under, over = (int(v) for v in values)  # type: ignore[arg-type]
        cover.append(
            Cover(
                day=day,
                shift=shift,
                requirement=requirement,
                weight_under=under,
                weight_over=over,
                line=number,
            )
        )
    return cover


def read_instance(path: Path) -> Instance:
    """Read one benchmark file; raises ``InputErrors`` listing every problem found."""
    reader = _Reader(path.name)
    try:
        text = path.read_bytes().decode("ascii")
    except FileNotFoundError:
        raise_if_any([InputError(path.name, None, "file not found")])
        raise AssertionError from None  # raise_if_any raised
    except UnicodeDecodeError as exc:
        line = path.read_bytes()[: exc.start].count(b"\n") + 1
        raise_if_any([InputError(path.name, line, "not plain ASCII")])
        raise AssertionError from None
    sections = _sections(reader, text)
    horizon = _horizon(reader, sections.get("SECTION_HORIZON", []))
    shifts = _shifts(reader, sections.get("SECTION_SHIFTS", []))
    shift_ids = {s.id for s in shifts}
    for shift in shifts:
        for other in shift.cannot_follow:
            if other not in shift_ids:
                reader.error(shift.line, f"CannotFollow names unknown shift {other!r}")
    employees = _employees(reader, sections.get("SECTION_STAFF", []))
    for employee in employees:
        for shift_id in employee.max_shifts:
            if shift_id not in shift_ids:
                reader.error(employee.line, f"MaxShifts names unknown shift {shift_id!r}")
    employee_ids = {e.id for e in employees}
    days_off = _days_off(reader, sections.get("SECTION_DAYS_OFF", []), employee_ids, horizon)
    on = _requests(
        reader, sections.get("SECTION_SHIFT_ON_REQUESTS", []), employee_ids, shift_ids, horizon
    )
    off = _requests(
        reader, sections.get("SECTION_SHIFT_OFF_REQUESTS", []), employee_ids, shift_ids, horizon
    )
    cover = _cover(reader, sections.get("SECTION_COVER", []), shift_ids, horizon)
    if not shifts and "SECTION_SHIFTS" in sections:
        reader.error(None, "SECTION_SHIFTS has no shift")
    # In file order, the whole-file problems first.
    raise_if_any(sorted(reader.errors, key=lambda e: (e.line is not None, e.line or 0)))
    assert horizon is not None
    return Instance(
        name=path.stem,
        horizon=horizon,
        shifts=tuple(shifts),
        employees=tuple(employees),
        days_off=days_off,
        on_requests=tuple(on),
        off_requests=tuple(off),
        cover=tuple(cover),
    )


def weekends(horizon: int) -> tuple[tuple[int, ...], ...]:
    """Saturday and Sunday of every week; day 0 is a Monday in every instance."""
    return tuple(
        (DAYS_PER_WEEK * j + SATURDAY, DAYS_PER_WEEK * j + SUNDAY)
        for j in range(horizon // DAYS_PER_WEEK)
    )


def to_problem(instance: Instance) -> solver.Problem:
    """The solver Problem of an instance: one shop, everyone in it, the benchmark's weights.

    Days off become leave days (no work, and they count as days off for the run rules);
    employees and shifts keep the order of the file.
    """
    shift_index = {s.id: i for i, s in enumerate(instance.shifts)}
    agent_index = {e.id: i for i, e in enumerate(instance.employees)}
    agents = tuple(
        solver.Agent(
            name=e.id,
            shops=(0,),
            leave_days=instance.days_off.get(e.id, frozenset()),
            max_consecutive_workdays=e.max_consecutive_shifts,
            min_consecutive_workdays=e.min_consecutive_shifts,
            min_consecutive_days_off=e.min_consecutive_days_off,
            max_weekends=e.max_weekends,
            max_shifts=tuple(e.max_shifts.get(s.id) for s in instance.shifts),
            min_total_minutes=e.min_total_min,
            max_total_minutes=e.max_total_min,
        )
        for e in instance.employees
    )
    requests = tuple(
        solver.Request(
            agent=agent_index[r.employee],
            day=r.day,
            shift=shift_index[r.shift],
            on=on,
            weight=r.weight,
        )
        for on, group in ((True, instance.on_requests), (False, instance.off_requests))
        for r in group
    )
    needs = tuple(
        solver.Need(
            day=c.day,
            shift=shift_index[c.shift],
            shop=0,
            units=c.requirement,
            under_weight=c.weight_under,
            over_weight=c.weight_over,
        )
        for c in instance.cover
    )
    forbidden = frozenset(
        (shift_index[s.id], shift_index[t]) for s in instance.shifts for t in s.cannot_follow
    )
    return solver.Problem(
        num_days=instance.horizon,
        # Start times are not part of the benchmark; CannotFollow gives the successions.
        shifts=tuple(
            solver.ShiftType(name=s.id, start_min=0, length_min=s.length_min)
            for s in instance.shifts
        ),
        shops=(solver.Shop(name="all"),),
        agents=agents,
        needs=needs,
        requests=requests,
        rules=solver.Rules(forbidden_successions=forbidden, weekends=weekends(instance.horizon)),
        weights=BENCHMARK_WEIGHTS,
    )


def roster_rows(instance: Instance, plan: solver.Plan) -> list[tuple[str, int, str]]:
    """(employee, day, shift) for every worked day of ``plan``, with the file's ids."""
    rows = []
    for e, row in zip(instance.employees, plan.days, strict=True):
        for d, entry in enumerate(row):
            if entry.kind == solver.DayKind.SHIFT and entry.shift is not None:
                rows.append((e.id, d, instance.shifts[entry.shift].id))
    return rows


def write_roster(path: Path, instance: Instance, plan: solver.Plan) -> None:
    """DIR/InstanceN.csv: header ``employee,day,shift``, one row per worked day (day 0-based)."""
    with path.open("w", newline="", encoding="ascii") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(("employee", "day", "shift"))
        writer.writerows(roster_rows(instance, plan))
