"""An independent checker for Curtois & Qu rosters: the hard rules and the objective.

It parses the instance file and the written CSV (``employee,day,shift``) on its own,
from the rules in ../shared/benchmarks/curtois/README.md, and imports nothing from
``solver`` or ``scheduler``.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Parsed:
    horizon: int = 0
    length: dict[str, int] = field(default_factory=dict)
    cannot_follow: dict[str, set[str]] = field(default_factory=dict)
    staff: dict[str, list[str]] = field(default_factory=dict)
    days_off: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    on: list[tuple[str, int, str, int]] = field(default_factory=list)
    off: list[tuple[str, int, str, int]] = field(default_factory=list)
    cover: list[tuple[int, str, int, int, int]] = field(default_factory=list)


def parse(path: Path) -> Parsed:
    p = Parsed()
    section = ""
    for raw in path.read_text().splitlines():
        line = raw.rstrip("\r")
        if line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            section = line
            continue
        if not line:
            section = ""
            continue
        f = line.split(",")
        if section == "SECTION_HORIZON":
            p.horizon = int(line)
        elif section == "SECTION_SHIFTS":
            p.length[f[0]] = int(f[1])
            p.cannot_follow[f[0]] = set(f[2].split("|")) - {""}
        elif section == "SECTION_STAFF":
            p.staff[f[0]] = f[1:]
        elif section == "SECTION_DAYS_OFF":
            p.days_off[f[0]].update(int(d) for d in f[1:])
        elif section in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
            request = (f[0], int(f[1]), f[2], int(f[3]))
            (p.on if "_ON_" in section else p.off).append(request)
        elif section == "SECTION_COVER":
            p.cover.append((int(f[0]), f[1], int(f[2]), int(f[3]), int(f[4])))
    return p


def read_roster(path: Path) -> dict[str, dict[int, str]]:
    """roster[employee][day] = shift, for the worked days only."""
    roster: dict[str, dict[int, str]] = defaultdict(dict)
    with path.open(newline="") as f:
        reader = csv.reader(f)
        assert next(reader) == ["employee", "day", "shift"]
        for employee, day, shift in reader:
            assert int(day) not in roster[employee], f"{employee} has two shifts on day {day}"
            roster[employee][int(day)] = shift
    return roster


def _runs(worked: list[bool], value: bool) -> list[tuple[int, int]]:
    """(first day, length) of every maximal run of days equal to ``value``."""
    runs, start = [], None
    for d, w in enumerate([*worked, not value]):
        if w == value and start is None:
            start = d
        elif w != value and start is not None:
            runs.append((start, d - start))
            start = None
    return runs


def violations(p: Parsed, roster: dict[str, dict[int, str]]) -> list[str]:
    """Every hard rule broken by ``roster``, in words."""
    found = []
    h = p.horizon
    for e, days in roster.items():
        if e not in p.staff:
            found.append(f"unknown employee {e}")
        for d, s in days.items():
            if s not in p.length or not 0 <= d < h:
                found.append(f"{e}: bad entry day {d} shift {s}")
    for e, fields in p.staff.items():
        days = roster.get(e, {})
        limits = dict(item.split("=") for item in fields[0].split("|") if item)
        most_min, least_min, max_run, min_run, min_off, max_weekends = map(int, fields[1:])
        for s in p.length:
            count = sum(1 for x in days.values() if x == s)
            if s in limits and count > int(limits[s]):
                found.append(f"{e}: {count} x {s} above {limits[s]}")
        minutes = sum(p.length[x] for x in days.values() if x in p.length)
        if not least_min <= minutes <= most_min:
            found.append(f"{e}: {minutes} minutes outside {least_min}..{most_min}")
        for d, s in days.items():
            if days.get(d + 1) in p.cannot_follow.get(s, set()):
                found.append(f"{e}: {days[d + 1]} on day {d + 1} cannot follow {s}")
            if d in p.days_off[e]:
                found.append(f"{e}: works on day off {d}")
        worked = [d in days for d in range(h)]
        for start, length in _runs(worked, True):
            if length > max_run:
                found.append(f"{e}: {length} days in a row from day {start}")
            inside = start > 0 and start + length < h
            if inside and length < min_run:
                found.append(f"{e}: only {length} days in a row from day {start}")
        for start, length in _runs(worked, False):
            if start > 0 and start + length < h and length < min_off:
                found.append(f"{e}: only {length} days off in a row from day {start}")
        weekends = sum(1 for j in range(h // 7) if worked[7 * j + 5] or worked[7 * j + 6])
        if weekends > max_weekends:
            found.append(f"{e}: {weekends} weekends above {max_weekends}")
    return found


def objective(p: Parsed, roster: dict[str, dict[int, str]]) -> int:
    """The benchmark's objective: requests not granted plus weighted under- and over-cover."""
    total = 0
    for e, d, s, weight in p.on:
        total += weight * (roster.get(e, {}).get(d) != s)
    for e, d, s, weight in p.off:
        total += weight * (roster.get(e, {}).get(d) == s)
    for d, s, requirement, under, over in p.cover:
        n = sum(1 for days in roster.values() if days.get(d) == s)
        total += under * max(0, requirement - n) + over * max(0, n - requirement)
    return total


def check(instance: Path, written: Path) -> tuple[int, list[str]]:
    """The objective of a written roster and every hard rule it breaks."""
    p = parse(instance)
    roster = read_roster(written)
    return objective(p, roster), violations(p, roster)
