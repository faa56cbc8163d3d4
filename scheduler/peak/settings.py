"""The ``[peak]`` table of team.toml: what the levers of a peak plan cost."""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from scheduler.team.csv_table import decode
from scheduler.team.errors import InputError
from scheduler.team.folder import TEAM_TOML, line_of

# Labour law: overtime at most 36 hours a month; the month's pay days (计薪天数) for a
# daily wage; the standard working day.
MAX_OVERTIME_HOURS = 36
PAY_DAYS_PER_MONTH = 21.75
STANDARD_DAY_HOURS = 8


@dataclass(frozen=True, kw_only=True)
class PeakSettings:
    """Every key of ``[peak]``, with its default (docs/peak.md explains each)."""

    temp_day_cost: float = 200
    """RMB a temp costs a day, training days included."""
    monthly_wage: float = 5000
    """An agent's monthly wage, RMB: the base of overtime pay (÷ 21.75 days ÷ 8 hours)."""
    overtime_max_hours: float = MAX_OVERTIME_HOURS
    """Overtime hours an agent may work in a month (the law's 36 at most)."""
    leave_cancel_cost: float | None = None
    """RMB per cancelled leave day; default twice the daily wage (unused annual leave is
    paid 300%, the wage itself included)."""
    blackout_day_cost: float = 0
    """RMB per agent at work on a blackout day the plan adds (a bonus, if you pay one)."""
    uncovered_cost: float = 5000
    """What an agent-shift left uncovered is taken to cost, RMB (about 100 unanswered
    chats): the plan covers a need whenever covering it costs less."""
    second_shop_cost: float = 50
    """Preference, in RMB, against giving an agent a second shop (not paid)."""
    third_shop_cost: float = 500
    """Preference against a third shop, on top of the second's."""
    lead_days: int = 7
    """The window starts this many days before the presale."""

    @property
    def hourly_wage(self) -> float:
        return self.monthly_wage / PAY_DAYS_PER_MONTH / STANDARD_DAY_HOURS

    @property
    def leave_day_cost(self) -> float:
        if self.leave_cancel_cost is not None:
            return self.leave_cancel_cost
        return 2 * self.monthly_wage / PAY_DAYS_PER_MONTH


def _non_negative(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "must be a number"
    return None if value >= 0 else "must be >= 0"


def _overtime_hours(value: Any) -> str | None:
    problem = _non_negative(value)
    if problem:
        return problem
    return None if value <= MAX_OVERTIME_HOURS else f"must be at most {MAX_OVERTIME_HOURS} (law)"


def _days(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 60:
        return "must be a whole number from 0 to 60"
    return None


CHECKS = {
    "temp_day_cost": _non_negative,
    "monthly_wage": _non_negative,
    "overtime_max_hours": _overtime_hours,
    "leave_cancel_cost": _non_negative,
    "blackout_day_cost": _non_negative,
    "uncovered_cost": _non_negative,
    "second_shop_cost": _non_negative,
    "third_shop_cost": _non_negative,
    "lead_days": _days,
}


def read_peak_settings(folder: Path, errors: list[InputError]) -> PeakSettings:
    """The ``[peak]`` table of ``folder``/team.toml (absent: the defaults)."""
    path = folder / TEAM_TOML
    try:
        text = decode(path.read_bytes())
        table = tomllib.loads(text).get("peak", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return PeakSettings()  # read_team_toml reports these
    if not isinstance(table, dict):
        errors.append(InputError(TEAM_TOML, line_of(text, r"^\s*peak"), "`peak` must be a table"))
        return PeakSettings()
    values: dict[str, Any] = {}
    for key, value in table.items():
        line = line_of(text, rf"^\s*{re.escape(key)}\s*=")
        check = CHECKS.get(key)
        if check is None:
            errors.append(InputError(TEAM_TOML, line, f"[peak] unknown key `{key}`"))
            continue
        problem = check(value)
        if problem:
            errors.append(InputError(TEAM_TOML, line, f"[peak] {key} {value!r} {problem}"))
            continue
        values[key] = value
    return replace(PeakSettings(), **values)
