"""Read a team folder (team.toml and CSV files), reporting every problem as file:line."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import fields
from datetime import date, time
from pathlib import Path
from typing import Any

from scheduler.team.calendar import FIRST_YEAR, LAST_YEAR
from scheduler.team.csv_table import CONTROL, read_rows, read_text
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.model import (
    Agent,
    Blackout,
    Leave,
    Pin,
    Requirement,
    ShiftDef,
    ShiftRequest,
    Shop,
    Team,
    TeamRules,
)

TEAM_TOML = "team.toml"
SHOPS_CSV = "shops.csv"
AGENTS_CSV = "agents.csv"
LEAVE_CSV = "leave.csv"
REQUIREMENTS_CSV = "requirements.csv"
REQUESTS_CSV = "requests.csv"
REQUEST_KINDS = ("on", "off")
PINS_CSV = "pins.csv"
# Entries a pin may fix besides the team's shifts (leave comes from leave.csv).
PINNABLE = ("off", "training")

ROTATIONS = ("half-month", "none")
TIERS = ("big", "small")
RESERVED_SHIFT_IDS = ("off", "leave", "training", "inactive")
# A leave of years would be expanded day by day; it is a typing mistake anyway.
MAX_LEAVE_DAYS = 366
# Upper limits of [rules]: a month has at most 31 days, a roster looks back one month.
RULE_LIMITS = {
    "days_off_per_month": 31,
    "max_consecutive_workdays": 366,
    "min_rest_hours": 48,
    "max_shops": 3,
    "max_shops_special": 3,
    "training_days": 366,
}


def parse_date(text: str) -> date:
    """YYYY-MM-DD, also with '/' or '.' (as Excel may write it)."""
    match = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text.strip())
    if not match:
        raise ValueError(f"date {text!r} is not YYYY-MM-DD")
    try:
        day = date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError as exc:
        raise ValueError(f"date {text!r} is not a calendar date ({exc})") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise ValueError(f"date {text!r} is not between {FIRST_YEAR} and {LAST_YEAR}")
    return day


def id_problem(kind: str, value: str, *, separators: str = "") -> str | None:
    """Why ``value`` cannot be an id (control characters, our files' separators), or None."""
    if CONTROL.search(value) or "\n" in value or "\t" in value:
        return f"{kind} {value!r} contains a control character"
    used = [c for c in separators if c in value]
    if used:
        return f"{kind} {value!r} may not contain {' or '.join(used)} (a separator in our files)"
    return None


def parse_time(text: str) -> time:
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(text).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"time {text!r} is not HH:MM")
    return time(int(match[1]), int(match[2]))


def line_of(text: str, pattern: str) -> int | None:
    """1-based line of the first match of ``pattern`` in a TOML text, for messages."""
    for number, line in enumerate(text.splitlines(), start=1):
        if re.search(pattern, line):
            return number
    return None


def read_team_toml(
    folder: Path, errors: list[InputError]
) -> tuple[str, tuple[ShiftDef, ...], TeamRules, tuple[Blackout, ...], dict[str, Any]]:
    """name, shifts, rules, blackouts and the raw [staffing] table of team.toml."""
    path = folder / TEAM_TOML
    empty: tuple[str, tuple[ShiftDef, ...], TeamRules, tuple[Blackout, ...], dict[str, Any]]
    empty = ("", (), TeamRules(), (), {})
    text = read_text(path, errors, name=TEAM_TOML)
    if text is None:
        return empty
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line = re.search(r"line (\d+)", str(exc))
        errors.append(
            InputError(TEAM_TOML, int(line[1]) if line else None, f"not valid TOML: {exc}")
        )
        return empty
    except RecursionError:
        errors.append(InputError(TEAM_TOML, None, "not valid TOML: nested too deeply"))
        return empty

    def err(pattern: str, message: str) -> None:
        errors.append(InputError(TEAM_TOML, line_of(text, pattern), message))

    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        err(r"^\s*name\s*=", "`name` is missing or empty")
        name = ""
    elif CONTROL.search(name):
        err(r"^\s*name\s*=", "`name` contains a control character")
        name = ""
    shifts = _read_shifts(data.get("shift", []), err)
    rules = _read_rules(data.get("rules", {}), err)
    blackouts = []
    entries = data.get("blackout", [])
    if not isinstance(entries, list):
        err(r"^\s*blackout", "`blackout` must be [[blackout]] tables with start and end")
        entries = []
    for entry in entries:
        if not isinstance(entry, dict):
            err(r"^\s*blackout", "`blackout` must be [[blackout]] tables with start and end")
            continue
        try:
            start, end = parse_date(str(entry["start"])), parse_date(str(entry["end"]))
        except KeyError as exc:
            err(r"^\s*\[\[blackout\]\]", f"[[blackout]]: `{exc.args[0]}` is missing")
            continue
        except ValueError as exc:
            err(r"^\s*\[\[blackout\]\]", f"[[blackout]]: {exc}")
            continue
        if end < start:
            err(r"^\s*\[\[blackout\]\]", f"[[blackout]] ends {end} before it starts {start}")
            continue
        blackouts.append(Blackout(start=start, end=end))
    staffing = data.get("staffing", {})
    if not isinstance(staffing, dict):
        err(r"staffing", "`staffing` must be a table")
        staffing = {}
    return name, shifts, rules, tuple(blackouts), staffing


def _read_shifts(entries: Any, err: Any) -> tuple[ShiftDef, ...]:
    shifts: list[ShiftDef] = []
    if not isinstance(entries, list) or not entries:
        err(r"^\s*\[\[shift\]\]", "no [[shift]] table: define at least one shift")
        return ()
    for i, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            err(r"^\s*shift\s*=", f"[[shift]] #{i}: must be a table with id, start and end")
            continue
        raw_id = entry.get("id", "")
        if not isinstance(raw_id, str):
            err(r"^\s*id\s*=", f"[[shift]] #{i}: `id` {raw_id!r} must be text")
            continue
        shift_id = raw_id.strip()
        where = f"[[shift]] #{i}" + (f" ({shift_id})" if shift_id else "")
        pattern = rf"id\s*=\s*[\"']{re.escape(shift_id)}[\"']" if shift_id else r"\[\[shift\]\]"
        if not shift_id:
            err(pattern, f"{where}: `id` is missing")
            continue
        if shift_id in RESERVED_SHIFT_IDS:
            err(pattern, f"{where}: `{shift_id}` is reserved for roster entries; pick another id")
            continue
        problem = id_problem("shift id", shift_id, separators="|:")
        if problem:
            err(pattern, f"{where}: {problem}")
            continue
        if any(s.id == shift_id for s in shifts):
            err(pattern, f"{where}: shift id `{shift_id}` defined twice")
            continue
        try:
            start, end = parse_time(entry["start"]), parse_time(entry["end"])
            paid = entry.get("paid_hours", 0)
            if isinstance(paid, bool) or not isinstance(paid, int | float):
                raise ValueError(f"paid_hours {paid!r} is not a number")
        except KeyError as exc:
            err(pattern, f"{where}: `{exc.args[0]}` is missing")
            continue
        except (TypeError, ValueError) as exc:
            err(pattern, f"{where}: {exc}")
            continue
        if not 0 < paid <= 24:
            err(pattern, f"{where}: paid_hours {paid} must be between 0 and 24")
            continue
        shifts.append(ShiftDef(id=shift_id, start=start, end=end, paid_hours=paid))
    return tuple(shifts)


def _read_rules(table: Any, err: Any) -> TeamRules:
    defaults = TeamRules()
    values: dict[str, Any] = {}
    if not isinstance(table, dict):
        err(r"^\s*rules", "`rules` must be a table")
        return defaults
    known = {f.name for f in fields(TeamRules)}
    for key in table:
        if key not in known:
            err(rf"^\s*{re.escape(key)}\s*=", f"[rules]: unknown key `{key}`")
    for f in fields(TeamRules):
        if f.name not in table:
            continue
        value = table[f.name]
        pattern = rf"^\s*{f.name}\s*="
        if f.name == "rotation":
            if value not in ROTATIONS:
                err(pattern, f"[rules] rotation {value!r} must be one of {', '.join(ROTATIONS)}")
                continue
        elif f.name == "min_rest_hours":
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not 0 <= value <= RULE_LIMITS[f.name]
            ):
                limit = RULE_LIMITS[f.name]
                err(pattern, f"[rules] min_rest_hours {value!r} must be a number from 0 to {limit}")
                continue
        elif (
            not isinstance(value, int)
            or isinstance(value, bool)
            or not 0 <= value <= RULE_LIMITS[f.name]
        ):
            limit = RULE_LIMITS[f.name]
            err(pattern, f"[rules] {f.name} {value!r} must be a whole number from 0 to {limit}")
            continue
        values[f.name] = value
    rules = TeamRules(**values)
    if rules.max_shops_special > 3:
        err(r"max_shops_special", "[rules] max_shops_special above 3: never more than 3 shops")
    if not 1 <= rules.max_shops <= rules.max_shops_special:
        err(r"max_shops\s*=", "[rules] max_shops must be between 1 and max_shops_special")
    if rules.max_consecutive_workdays < 1:
        err(r"max_consecutive_workdays", "[rules] max_consecutive_workdays must be at least 1")
    return rules


def read_shops(folder: Path, errors: list[InputError]) -> tuple[Shop, ...]:
    shops: list[Shop] = []
    for line, row in read_rows(folder / SHOPS_CSV, ("shop_id", "name", "platform", "tier"), errors):
        shop_id = row["shop_id"]
        if not shop_id:
            errors.append(InputError(SHOPS_CSV, line, "shop_id is empty"))
            continue
        problem = id_problem("shop_id", shop_id, separators="|:/")
        if problem:
            errors.append(InputError(SHOPS_CSV, line, problem))
            continue
        if any(s.shop_id == shop_id for s in shops):
            errors.append(InputError(SHOPS_CSV, line, f"shop_id {shop_id!r} appears twice"))
            continue
        tier = row["tier"].lower()
        if tier not in TIERS:
            errors.append(
                InputError(SHOPS_CSV, line, f"tier {row['tier']!r} must be `big` or `small`")
            )
            continue
        shops.append(
            Shop(shop_id=shop_id, name=row["name"] or shop_id, platform=row["platform"], tier=tier)
        )
    if not shops and not any(e.file == SHOPS_CSV for e in errors):
        errors.append(InputError(SHOPS_CSV, None, "no shops listed"))
    return tuple(shops)


def read_agents(
    folder: Path,
    shops: tuple[Shop, ...],
    shifts: tuple[ShiftDef, ...],
    rules: TeamRules,
    errors: list[InputError],
) -> tuple[Agent, ...]:
    columns = ("agent_id", "name", "shops", "max_shops", "hire_date", "fixed_shift")
    shop_ids = {s.shop_id for s in shops}
    shift_ids = {s.id for s in shifts}
    agents: list[Agent] = []
    seen: dict[str, int] = {}
    for line, row in read_rows(folder / AGENTS_CSV, columns, errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(AGENTS_CSV, line, message))

        agent_id = row["agent_id"]
        if not agent_id:
            bad("agent_id is empty")
            continue
        problem = id_problem("agent_id", agent_id, separators="/")
        if problem:
            bad(problem)
            continue
        if agent_id in seen:
            bad(f"agent_id {agent_id!r} appears twice (first on line {seen[agent_id]})")
            continue
        seen[agent_id] = line
        qualified = tuple(s.strip() for s in row["shops"].split("|") if s.strip())
        if not qualified:
            bad(f"agent {agent_id} is qualified for no shop (shops is empty)")
            continue
        unknown = [s for s in qualified if s not in shop_ids]
        if unknown and shop_ids:
            bad(f"agent {agent_id}: unknown shop(s) {', '.join(unknown)} (not in {SHOPS_CSV})")
            continue
        if len(set(qualified)) != len(qualified):
            bad(f"agent {agent_id}: a shop is listed twice in {row['shops']!r}")
            continue
        max_shops = None
        if row["max_shops"]:
            try:
                max_shops = int(row["max_shops"])
            except ValueError:
                bad(f"max_shops {row['max_shops']!r} is not a whole number")
                continue
            if not 1 <= max_shops <= rules.max_shops_special:
                bad(
                    f"agent {agent_id}: max_shops {max_shops} must be between 1 and "
                    f"{rules.max_shops_special} (never more than {rules.max_shops_special} shops)"
                )
                continue
        hire_date = None
        if row["hire_date"]:
            try:
                hire_date = parse_date(row["hire_date"])
            except ValueError as exc:
                bad(f"hire_date: {exc}")
                continue
        fixed = row["fixed_shift"] or None
        if fixed is not None and shift_ids and fixed not in shift_ids:
            bad(
                f"fixed_shift {fixed!r} is not a shift in {TEAM_TOML} "
                f"({', '.join(sorted(shift_ids))})"
            )
            continue
        agents.append(
            Agent(
                agent_id=agent_id,
                name=row["name"] or agent_id,
                shops=qualified,
                max_shops=max_shops,
                hire_date=hire_date,
                fixed_shift=fixed,
            )
        )
    if not agents and not any(e.file == AGENTS_CSV for e in errors):
        errors.append(InputError(AGENTS_CSV, None, "no agents listed"))
    return tuple(agents)


def read_leave(
    folder: Path, agents: tuple[Agent, ...], errors: list[InputError]
) -> tuple[Leave, ...]:
    path = folder / LEAVE_CSV
    if not path.exists():
        return ()
    agent_ids = {a.agent_id for a in agents}
    leave: list[Leave] = []
    for line, row in read_rows(path, ("agent_id", "start", "end"), errors):
        if row["agent_id"] not in agent_ids:
            errors.append(InputError(LEAVE_CSV, line, f"unknown agent_id {row['agent_id']!r}"))
            continue
        try:
            start, end = parse_date(row["start"]), parse_date(row["end"])
        except ValueError as exc:
            errors.append(InputError(LEAVE_CSV, line, str(exc)))
            continue
        if end < start:
            errors.append(InputError(LEAVE_CSV, line, f"end {end} is before start {start}"))
            continue
        if (end - start).days >= MAX_LEAVE_DAYS:
            errors.append(
                InputError(LEAVE_CSV, line, f"leave {start}..{end} is longer than a year")
            )
            continue
        leave.append(
            Leave(agent_id=row["agent_id"], start=start, end=end, kind=row.get("kind", ""))
        )
    return tuple(leave)


def read_pins(
    folder: Path,
    agents: tuple[Agent, ...],
    shifts: tuple[ShiftDef, ...],
    errors: list[InputError],
) -> tuple[Pin, ...]:
    """pins.csv (optional): cells fixed before building, one per agent and date."""
    path = folder / PINS_CSV
    if not path.exists():
        return ()
    agent_ids = {a.agent_id for a in agents}
    allowed = [s.id for s in shifts] + list(PINNABLE)
    seen: dict[tuple[str, date], int] = {}
    pins: list[Pin] = []
    for line, row in read_rows(path, ("agent_id", "date", "shift"), errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(PINS_CSV, line, message))

        if agents and row["agent_id"] not in agent_ids:
            bad(f"unknown agent_id {row['agent_id']!r}")
            continue
        try:
            day = parse_date(row["date"])
        except ValueError as exc:
            bad(str(exc))
            continue
        if shifts and row["shift"] not in allowed:
            bad(f"shift {row['shift']!r} cannot be pinned; use one of {', '.join(allowed)}")
            continue
        key = (row["agent_id"], day)
        if key in seen:
            bad(f"{row['agent_id']} {day} is already pinned on line {seen[key]}")
            continue
        seen[key] = line
        pins.append(Pin(agent_id=row["agent_id"], date=day, shift=row["shift"]))
    return tuple(pins)


def read_requests(
    folder: Path,
    agents: tuple[Agent, ...],
    shifts: tuple[ShiftDef, ...],
    errors: list[InputError],
) -> tuple[ShiftRequest, ...]:
    """requests.csv (optional): agent_id,date,shift,kind[,weight]."""
    path = folder / REQUESTS_CSV
    if not path.exists():
        return ()
    agent_ids = {a.agent_id for a in agents}
    shift_ids = {s.id for s in shifts}
    requests: list[ShiftRequest] = []
    for line, row in read_rows(path, ("agent_id", "date", "shift", "kind"), errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(REQUESTS_CSV, line, message))

        if row["agent_id"] not in agent_ids:
            bad(f"unknown agent_id {row['agent_id']!r}")
            continue
        try:
            day = parse_date(row["date"])
        except ValueError as exc:
            bad(str(exc))
            continue
        kind = row["kind"].lower()
        if kind not in REQUEST_KINDS:
            bad(f"kind {row['kind']!r} must be on or off")
            continue
        shift = row["shift"] or None
        if shift is None and kind == "on":
            bad("an on request needs a shift")
            continue
        if shift is not None and shift not in shift_ids:
            bad(f"unknown shift {shift!r} (team.toml has {', '.join(sorted(shift_ids))})")
            continue
        weight_text = row.get("weight") or "1"
        if not weight_text.isdigit() or int(weight_text) < 1:
            bad(f"weight {weight_text!r} must be a whole number >= 1")
            continue
        requests.append(
            ShiftRequest(
                agent_id=row["agent_id"], date=day, shift=shift, kind=kind, weight=int(weight_text)
            )
        )
    return tuple(requests)


def read_requirements(
    folder: Path,
    shops: tuple[Shop, ...],
    shifts: tuple[ShiftDef, ...],
    errors: list[InputError],
) -> tuple[Requirement, ...]:
    shop_ids = {s.shop_id for s in shops}
    shift_ids = {s.id for s in shifts}
    seen: dict[tuple[date, str, str], int] = {}
    requirements: list[Requirement] = []
    path = folder / REQUIREMENTS_CSV
    for line, row in read_rows(path, ("date", "shift", "shop_id", "agents"), errors):

        def bad(message: str, line: int = line) -> None:
            errors.append(InputError(REQUIREMENTS_CSV, line, message))

        try:
            day = parse_date(row["date"])
        except ValueError as exc:
            bad(str(exc))
            continue
        if shift_ids and row["shift"] not in shift_ids:
            bad(f"unknown shift {row['shift']!r} (team.toml has {', '.join(sorted(shift_ids))})")
            continue
        if shop_ids and row["shop_id"] not in shop_ids:
            bad(f"unknown shop_id {row['shop_id']!r} (not in {SHOPS_CSV})")
            continue
        try:
            agents = float(row["agents"])
        except ValueError:
            bad(f"agents {row['agents']!r} is not a number")
            continue
        if not math.isfinite(agents) or agents < 0:
            bad(f"agents {row['agents']!r} must be a number >= 0")
            continue
        key = (day, row["shift"], row["shop_id"])
        if key in seen:
            bad(f"{day} {row['shift']} {row['shop_id']} is already given on line {seen[key]}")
            continue
        seen[key] = line
        requirements.append(
            Requirement(date=day, shift=row["shift"], shop_id=row["shop_id"], agents=agents)
        )
    return tuple(requirements)


def read_team(folder: Path) -> Team:
    """Read and check a whole team folder.

    Raises
    ------
    InputErrors
        With every problem found, each as file:line: message.
    """
    folder = Path(folder)
    errors: list[InputError] = []
    if not folder.is_dir():
        raise_if_any([InputError(str(folder), None, "team folder not found")])
    name, shifts, rules, blackouts, staffing = read_team_toml(folder, errors)
    shops = read_shops(folder, errors)
    agents = read_agents(folder, shops, shifts, rules, errors)
    leave = read_leave(folder, agents, errors)
    requirements = read_requirements(folder, shops, shifts, errors)
    requests = read_requests(folder, agents, shifts, errors)
    pins = read_pins(folder, agents, shifts, errors)
    raise_if_any(errors)
    return Team(
        name=name,
        shifts=shifts,
        rules=rules,
        blackouts=blackouts,
        shops=shops,
        agents=agents,
        leave=leave,
        requirements=requirements,
        requests=requests,
        staffing=staffing,
        folder=folder,
        pins=pins,
    )
