"""Folders of generated teams for the batch tests, and the check every built team passes."""

from __future__ import annotations

import json
from pathlib import Path

from scheduler.bench.synthetic import generate_team
from scheduler.team.calendar import Month
from scheduler.team.folder import read_team
from scheduler.team.writer import write_team_folder
from tests.checker import check_roster

NOVEMBER = Month.parse("2026-11")


def write_generated_teams(root: Path, sizes: tuple[tuple[int, int], ...]) -> list[str]:
    """One folder per (agents, shops) under ``root``: planted teams, zero shortfall reachable."""
    names = []
    for seed, (agents, shops) in enumerate(sizes):
        name = f"team-{seed}"
        team = generate_team(
            num_agents=agents, num_shops=shops, month=NOVEMBER, seed=seed, name=f"Team {seed}"
        )
        write_team_folder(team, root / name)
        names.append(name)
    return names


def batch_args(teams: Path, out: Path, *extra: str, time_limit: float = 20) -> list[str]:
    return [
        "batch",
        str(teams),
        "--month",
        "2026-11",
        "--out",
        str(out),
        "--time-limit",
        str(time_limit),
        "--seed",
        "1",
        *extra,
    ]


def assert_every_team_checked_with_zero_shortfall(teams: Path, out: Path, names: list[str]):
    """batch.json lists each team once as built with zero shortfall, and the written roster
    passes the independent checker."""
    report = json.loads((out / "batch.json").read_text(encoding="utf-8"))
    assert sorted(t["team"] for t in report["teams"]) == sorted(names)
    for entry in report["teams"]:
        assert entry["status"] == "built", entry
        assert entry["shortfall"] == 0, entry
        team = read_team(teams / entry["team"])
        assert check_roster(team, out / entry["team"], 2026, 11) == []
        summary = json.loads((out / entry["team"] / "summary.json").read_text(encoding="utf-8"))
        assert summary["shortfall"] == 0
    return report
