"""Write a Team back out as a team folder (the format of docs/formats.md)."""

from __future__ import annotations

import csv
from pathlib import Path

from scheduler.team.folder import (
    AGENTS_CSV,
    LEAVE_CSV,
    PINS_CSV,
    REQUESTS_CSV,
    REQUIREMENTS_CSV,
    SHOPS_CSV,
    TEAM_TOML,
)
from scheduler.team.model import Team


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def team_toml(team: Team) -> str:
    lines = [f"name = {_toml_value(team.name)}", ""]
    for shift in team.shifts:
        lines += [
            "[[shift]]",
            f"id = {_toml_value(shift.id)}",
            f'start = "{shift.start:%H:%M}"',
            f'end = "{shift.end:%H:%M}"',
            f"paid_hours = {shift.paid_hours:g}",
            "",
        ]
    lines.append("[rules]")
    for key, value in vars(team.rules).items():
        lines.append(f"{key} = {_toml_value(value)}")
    lines.append("")
    for blackout in team.blackouts:
        lines += ["[[blackout]]", f'start = "{blackout.start}"', f'end = "{blackout.end}"', ""]
    if team.staffing:
        lines.append("[staffing]")
        lines += [f"{k} = {_toml_value(v)}" for k, v in team.staffing.items()]
        lines.append("")
    return "\n".join(lines)


def write_team_folder(team: Team, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / TEAM_TOML).write_text(team_toml(team), encoding="utf-8")

    def write(name: str, header: list[str], rows: list[list[object]]) -> None:
        with (folder / name).open("w", encoding="utf-8", newline="") as f:
            writer = csv.writer(f, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(rows)

    write(
        SHOPS_CSV,
        ["shop_id", "name", "platform", "tier"],
        [[s.shop_id, s.name, s.platform, s.tier] for s in team.shops],
    )
    write(
        AGENTS_CSV,
        ["agent_id", "name", "shops", "max_shops", "hire_date", "fixed_shift"],
        [
            [
                a.agent_id,
                a.name,
                "|".join(a.shops),
                a.max_shops or "",
                a.hire_date or "",
                a.fixed_shift or "",
            ]
            for a in team.agents
        ],
    )
    write(
        LEAVE_CSV,
        ["agent_id", "start", "end", "kind"],
        [[lv.agent_id, lv.start, lv.end, lv.kind] for lv in team.leave],
    )
    write(
        REQUIREMENTS_CSV,
        ["date", "shift", "shop_id", "agents"],
        [[r.date, r.shift, r.shop_id, f"{r.agents:g}"] for r in team.requirements],
    )
    write(
        PINS_CSV,
        ["agent_id", "date", "shift"],
        [[pin.agent_id, pin.date, pin.shift] for pin in team.pins],
    )
    write(
        REQUESTS_CSV,
        ["agent_id", "date", "shift", "kind", "weight"],
        [[r.agent_id, r.date, r.shift or "", r.kind, r.weight] for r in team.requests],
    )
