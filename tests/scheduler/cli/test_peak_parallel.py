import json
from dataclasses import dataclass

import pytest
from typer.testing import CliRunner

from scheduler.cli import app
from scheduler.peak.plan import meets_floors
from tests.demand_data import write_demand_team

runner = CliRunner()


def plan(team_dir, out, *extra: str) -> dict:
    result = runner.invoke(app, [
        "peak", str(team_dir), "--event", "double11", "--year", "2026", "--today", "2026-09-01",
        "--out", str(out), "--time-limit", "10", "--workers", "1", "--seed", "1", *extra,
    ])  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads((out / "peak.json").read_text(encoding="utf-8"))


def outcome(data: dict) -> list[tuple]:
    """What must agree; which shop and day a temp starts may differ between equally cheap
    plans (the solves start from different models)."""
    return [
        (s["scenario"], s["status"], s["objective"], s["cost_rmb"], s["temps"])
        for s in data["scenarios"]
    ]


@pytest.mark.slow
def test_scenarios_side_by_side_give_the_plans_of_one_after_another(tmp_path):
    team_dir = write_demand_team(tmp_path / "team")
    one_by_one = plan(team_dir, tmp_path / "one", "--jobs", "1")
    side_by_side = plan(team_dir, tmp_path / "pool", "--jobs", "2")
    # Every scenario is proven optimal both ways: objectives, costs and temp counts agree.
    assert {s["status"] for s in one_by_one["scenarios"]} == {"OPTIMAL"}
    assert outcome(side_by_side) == outcome(one_by_one)
    hires = [s["temps"] for s in side_by_side["scenarios"]]
    assert hires == sorted(hires)


@dataclass(frozen=True)
class Plan:
    total_money: int
    temp_count: int


def test_a_plan_side_by_side_is_kept_only_when_it_meets_the_previous_floors():
    previous = Plan(total_money=100, temp_count=3)
    assert meets_floors(Plan(100, 3), previous)
    assert meets_floors(Plan(150, 4), None)
    assert not meets_floors(Plan(99, 5), previous)
    assert not meets_floors(Plan(200, 2), previous)
    assert not meets_floors(None, previous)
