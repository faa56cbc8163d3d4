"""The ``[staffing]`` table of team.toml: how inquiries become agents."""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from scheduler.demand.erlang import CONCURRENCY_FACTORS, ConcurrencyMethod, ServiceTarget
from scheduler.team.csv_table import read_text
from scheduler.team.errors import InputError
from scheduler.team.folder import TEAM_TOML, line_of


class StaffMethod(StrEnum):
    RULE = "rule"
    """Inquiries in the shift ÷ ``target`` inquiries per agent per day."""
    ERLANG_C = "erlang-c"
    ERLANG_A = "erlang-a"


@dataclass(frozen=True, kw_only=True)
class StaffingSettings:
    """Every key of ``[staffing]``, with its default (docs/demand.md explains each)."""

    method: StaffMethod = StaffMethod.RULE
    low: float = 80
    """Inquiries per agent per day below which a day is flagged as overstaffed."""
    target: float = 100
    high: float = 120
    step: float = 0.1
    """Needs are rounded up to this many agents (0.1: the roster's 10% shares)."""
    aht_s: float = 600
    concurrency: int = 3
    concurrency_method: ConcurrencyMethod = ConcurrencyMethod.SLOTS
    service_level: float = 0.8
    answer_within_s: float = 30
    patience_s: float = 180
    max_occupancy: float = 0.85
    max_abandon: float = 0.05
    shrinkage: float = 0.2

    def service_target(self, method: StaffMethod) -> ServiceTarget:
        return ServiceTarget(
            level=self.service_level,
            within_s=self.answer_within_s,
            max_occupancy=self.max_occupancy,
            max_abandon=self.max_abandon if method == StaffMethod.ERLANG_A else 1.0,
        )


def _number(
    low: float, high: float, *, low_open: bool = False, high_open: bool = False
) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if (
            not isinstance(value, int | float)
            or isinstance(value, bool)
            or not math.isfinite(value)
        ):
            return "must be a number"
        above = value > low if low_open else value >= low
        below = value < high if high_open else value <= high
        if above and below:
            return None
        if math.isinf(high):
            return f"must be {'>' if low_open else '>='} {low:g}"
        left = "(" if low_open else "["
        right = ")" if high_open else "]"
        return f"must be in {left}{low:g}, {high:g}{right}"

    return check


def _choice(options: type[StrEnum]) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in {o.value for o in options}:
            return None
        return f"must be one of {', '.join(o.value for o in options)}"

    return check


def _concurrency(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return "must be a whole number >= 1"
    return None


CHECKS: dict[str, Callable[[Any], str | None]] = {
    "method": _choice(StaffMethod),
    "low": _number(0, math.inf, low_open=True),
    "target": _number(0, math.inf, low_open=True),
    "high": _number(0, math.inf, low_open=True),
    "step": _number(0, 1, low_open=True),
    "aht_s": _number(0, math.inf, low_open=True),
    "concurrency": _concurrency,
    "concurrency_method": _choice(ConcurrencyMethod),
    "service_level": _number(0, 1, low_open=True, high_open=True),
    "answer_within_s": _number(0, math.inf),
    "patience_s": _number(0, math.inf, low_open=True),
    "max_occupancy": _number(0, 1, low_open=True),
    "max_abandon": _number(0, 1, low_open=True),
    "shrinkage": _number(0, 1, high_open=True),
}


def read_staffing(
    table: Mapping[str, Any], folder: Path | None, errors: list[InputError]
) -> StaffingSettings:
    """Check the raw ``[staffing]`` table; problems go into ``errors`` with their line."""
    text = ""
    if folder is not None and (folder / TEAM_TOML).exists():
        # Problems reading the file were reported by read_team_toml already.
        text = read_text(folder / TEAM_TOML, []) or ""

    def bad(key: str, message: str) -> None:
        pattern = rf"^\s*{re.escape(key)}\s*=" if key else r"^\s*\[staffing\]"
        line = line_of(text, pattern)
        errors.append(InputError(TEAM_TOML, line, f"[staffing] {message}"))

    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in CHECKS:
            bad(key, f"unknown key `{key}`")
            continue
        problem = CHECKS[key](value)
        if problem:
            bad(key, f"{key} {value!r} {problem}")
            continue
        values[key] = value
    settings = replace(StaffingSettings(), **values)
    settings = replace(
        settings,
        method=StaffMethod(settings.method),
        concurrency_method=ConcurrencyMethod(settings.concurrency_method),
    )
    if not settings.low <= settings.target <= settings.high:
        order = f"low {settings.low:g} <= target {settings.target:g} <= high {settings.high:g}"
        bad("", f"{order} must hold")
    if (
        settings.concurrency_method == ConcurrencyMethod.FACTOR
        and settings.concurrency not in CONCURRENCY_FACTORS
    ):
        bad("concurrency", f"concurrency {settings.concurrency} has no factor (1 to 5 only)")
    return settings
