"""The ``[kpi]`` table of team.toml: shop weights, bonus tiers, the rubric, the lead."""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scheduler.people.rubric import DEFAULT_RUBRIC, Direction, Metric
from scheduler.team.csv_table import read_text
from scheduler.team.errors import InputError
from scheduler.team.folder import TEAM_TOML, line_of

PRIMARY, CAPACITY = "primary", "capacity"
DEFAULT_TIERS: tuple[tuple[float, int], ...] = ((90, 3000), (80, 2000), (0, 1000))


@dataclass(frozen=True, kw_only=True)
class KpiSettings:
    """How scores become a bonus (docs/kpi.md explains each key)."""

    shop_weights: str | Mapping[str, float] = PRIMARY
    """"primary", "capacity", or explicit weights per shop_id."""
    primary_weight: float = 0.6
    """The primary shop's weight under "primary" (the others share the rest equally)."""
    tiers: tuple[tuple[float, int], ...] = DEFAULT_TIERS
    """(lowest score, bonus base in yuan), highest tier first."""
    rubric: tuple[Metric, ...] = DEFAULT_RUBRIC
    lead: str | None = None
    """The team lead's id: their KPI is 60% the team's average, 40% their own score."""
    lead_name: str = ""
    lead_team_share: float = 0.6


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def read_kpi_settings(folder: Path, errors: list[InputError]) -> KpiSettings:
    """The ``[kpi]`` table of ``folder``'s team.toml (defaults when absent); problems go into
    ``errors`` with their line."""
    text = read_text(folder / TEAM_TOML, errors, name=TEAM_TOML)
    if text is None:
        return KpiSettings()
    return kpi_settings_from_text(text, errors)


def kpi_settings_from_text(text: str, errors: list[InputError]) -> KpiSettings:
    """The ``[kpi]`` table of a team.toml's text."""
    try:
        table = tomllib.loads(text).get("kpi", {})
    except tomllib.TOMLDecodeError as exc:
        errors.append(InputError(TEAM_TOML, None, f"not valid TOML: {exc}"))
        return KpiSettings()
    return parse_kpi_table(table, text, errors)


def parse_kpi_table(table: Any, text: str, errors: list[InputError]) -> KpiSettings:
    """Check a raw ``[kpi]`` table; ``text`` is team.toml's, to find each key's line."""

    def bad(key: str, message: str) -> None:
        line = line_of(text, rf"^\s*{re.escape(key)}\s*=" if key else r"^\s*\[kpi\]")
        errors.append(InputError(TEAM_TOML, line, f"[kpi] {message}"))

    if not isinstance(table, dict):
        bad("", "`kpi` must be a table")
        return KpiSettings()
    values: dict[str, Any] = {}
    for key, value in table.items():
        reader = _READERS.get(key)
        if reader is None:
            bad(key, f"unknown key `{key}`")
            continue
        parsed = reader(value)
        if isinstance(parsed, _Problem):
            bad(key, f"{key}: {parsed.message}")
            continue
        values[key] = parsed
    if "metric" in values:
        values["rubric"] = values.pop("metric")
    return KpiSettings(**values)


@dataclass(frozen=True)
class _Problem:
    message: str


def _shop_weights(value: Any) -> str | dict[str, float] | _Problem:
    if value in (PRIMARY, CAPACITY):
        return str(value)
    if isinstance(value, dict) and value and all(_is_number(w) and w > 0 for w in value.values()):
        return {str(k): float(w) for k, w in value.items()}
    return _Problem(f'{value!r} must be "primary", "capacity" or a table of shop_id = weight (> 0)')


def _fraction(value: Any) -> float | _Problem:
    if _is_number(value) and 0 < value < 1:
        return float(value)
    return _Problem(f"{value!r} must be a number between 0 and 1")


def _tiers(value: Any) -> tuple[tuple[float, int], ...] | _Problem:
    message = _Problem(f"{value!r} must be [[lowest score, base yuan], …] from high to low")
    if not isinstance(value, list) or not value:
        return message
    tiers = []
    for tier in value:
        if not (isinstance(tier, list) and len(tier) == 2 and all(map(_is_number, tier))):
            return message
        low, base = tier
        if not 0 <= low <= 100 or base < 0:
            return message
        tiers.append((float(low), round(base)))
    lows = [low for low, _ in tiers]
    if lows != sorted(lows, reverse=True) or len(set(lows)) != len(lows) or lows[-1] != 0:
        return _Problem(f"{value!r}: lowest scores must fall from high to low and end at 0")
    return tuple(tiers)


def _text(value: Any) -> str | _Problem:
    if isinstance(value, str) and value.strip():
        return value.strip()
    return _Problem(f"{value!r} must be a non-empty text")


def _metrics(value: Any) -> tuple[Metric, ...] | _Problem:
    if not isinstance(value, list) or not value:
        return _Problem("must be [[kpi.metric]] tables")
    metrics = []
    for entry in value:
        try:
            metric = Metric(
                name=str(entry["name"]),
                weight=float(entry["weight"]),
                target=float(entry["target"]),
                direction=Direction(entry["direction"]),
                points_per_unit=float(entry["points_per_unit"]),
            )
        except (KeyError, TypeError) as exc:
            return _Problem(
                f"each [[kpi.metric]] needs name, weight, target, direction and "
                f"points_per_unit ({exc})"
            )
        except ValueError as exc:
            return _Problem(str(exc))
        metrics.append(metric)
    names = [m.name for m in metrics]
    if len(set(names)) != len(names):
        return _Problem(f"metric names {names} repeat")
    return tuple(metrics)


_READERS = {
    "shop_weights": _shop_weights,
    "primary_weight": _fraction,
    "tiers": _tiers,
    "metric": _metrics,
    "lead": _text,
    "lead_name": _text,
    "lead_team_share": _fraction,
}
