"""`scheduler kpi`: hidden scores on a generated team come back as the rules give them."""

import csv
import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scheduler.bench.synthetic import generate_team
from scheduler.cli import app
from scheduler.roster.files import assignments_csv, roster_csv
from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.model import Team
from scheduler.team.writer import write_team_folder

runner = CliRunner()
NOV = Month(2026, 11)
TIERS = ((90, 3000), (80, 2000), (0, 1000))


def month_roster(team: Team, two_shops: tuple[int, int] = (60, 40)) -> Roster:
    """Every agent on day shifts (off every fourth day) over all their qualified shops,
    the first one primary; inactive before the hire date."""
    split = {1: (100,), 2: two_shops, 3: (60, 20, 20)}
    entries = {}
    for agent in team.agents:
        shares = tuple(zip(agent.shops, split[len(agent.shops)], strict=True))
        for day in NOV.days:
            if agent.hire_date is not None and day < agent.hire_date:
                entries[agent.agent_id, day] = RosterEntry(shift="inactive")
            elif day.day % 4 == 0:
                entries[agent.agent_id, day] = RosterEntry(shift="off")
            else:
                entries[agent.agent_id, day] = RosterEntry(shift="day", shares=shares)
    return Roster(
        month=NOV,
        entries=entries,
        assignments={a.agent_id: a.shops for a in team.agents},
        agent_ids=tuple(a.agent_id for a in team.agents),
    )


@pytest.fixture
def generated(tmp_path: Path) -> tuple[Team, Path, Path]:
    """A generated 12-agent team (one hired on 11-11) and its November roster.csv."""
    team = generate_team(num_agents=12, num_shops=4, month=NOV, seed=5)
    hired = replace(team.agents[0], hire_date=date(2026, 11, 11))
    team = replace(team, agents=(hired, *team.agents[1:]))
    folder = tmp_path / "team"
    write_team_folder(team, folder)
    roster = month_roster(team)
    out = tmp_path / "roster"
    out.mkdir()
    (out / "roster.csv").write_text(roster_csv(roster), encoding="utf-8")
    (out / "assignments.csv").write_text(assignments_csv(roster), encoding="utf-8")
    return team, folder, out / "roster.csv"


def run_kpi(folder: Path, roster: Path, scores: Path, out: Path):
    args = ["kpi", str(folder), "--month", "2026-11", "--roster", str(roster)]
    return runner.invoke(app, [*args, "--scores", str(scores), "--out", str(out)])


def test_hidden_scores_give_each_agent_the_rules_score_and_bonus(generated, tmp_path):
    team, folder, roster = generated
    rng = random.Random(11)
    hidden = {(a.agent_id, s): round(rng.uniform(60, 100), 1) for a in team.agents for s in a.shops}
    scores = tmp_path / "scores.csv"
    scores.write_text(
        "agent_id,shop_id,score\n" + "".join(f"{a},{s},{v}\n" for (a, s), v in hidden.items()),
        encoding="utf-8",
    )
    result = run_kpi(folder, roster, scores, tmp_path / "kpi")
    assert result.exit_code == 0, result.output
    with (tmp_path / "kpi" / "bonus.csv").open(encoding="utf-8") as f:
        written = {row["agent_id"]: row for row in csv.DictReader(f)}
    assert set(written) == {a.agent_id for a in team.agents}
    assert any(len(a.shops) > 1 for a in team.agents)
    for agent in team.agents:
        # Primary (first) shop 60%, the others share 40%; one shop 100%.
        others = len(agent.shops) - 1
        weights = [0.6] + [0.4 / others] * others if others else [1.0]
        score = sum(
            w * hidden[agent.agent_id, s] for w, s in zip(weights, agent.shops, strict=True)
        )
        base = next(b for low, b in TIERS if round(score, 2) >= low)
        employed = 20 / 30 if agent.hire_date else 1
        row = written[agent.agent_id]
        assert float(row["score"]) == pytest.approx(score, abs=0.05), agent.agent_id
        assert int(row["base"]) == base
        assert int(row["bonus"]) == pytest.approx(base * score / 100 * employed, abs=1)
        for shop, weight in zip(agent.shops, weights, strict=True):
            assert float(row[f"{shop}_weight"]) == pytest.approx(weight, abs=1e-4)
    assert (tmp_path / "kpi" / "kpi.xlsx").stat().st_size > 0
    assert "20/30" in (tmp_path / "kpi" / "kpi.html").read_text(encoding="utf-8")


def test_bad_scores_are_all_named_by_line_and_nothing_is_written(generated, tmp_path):
    team, folder, roster = generated
    one_shop = next(a for a in team.agents if len(a.shops) == 1)
    other = next(s.shop_id for s in team.shops if s.shop_id != one_shop.shops[0])
    first = team.agents[1]
    scores = tmp_path / "scores.csv"
    scores.write_text(
        "agent_id,shop_id,score\n"
        f"{first.agent_id},{first.shops[0]},105\n"
        f"{first.agent_id},{first.shops[0]},abc\n"
        f"NOBODY,{first.shops[0]},80\n"
        f"{one_shop.agent_id},NOSHOP,80\n"
        f"{one_shop.agent_id},{other},80\n",
        encoding="utf-8",
    )
    result = run_kpi(folder, roster, scores, tmp_path / "kpi")
    assert result.exit_code == 2
    lines = result.output.splitlines()
    for line in (2, 3, 4, 5, 6):
        assert any(text.startswith(f"scores.csv:{line}: ") for text in lines), line
    assert "not between 0 and 100" in result.output
    assert "'abc' is not a number" in result.output
    assert f"did not serve shop {other}" in result.output
    assert not (tmp_path / "kpi" / "bonus.csv").exists()


def test_metric_rows_are_scored_by_the_default_rubric(generated, tmp_path):
    team, folder, roster = generated
    agent = next(a for a in team.agents if len(a.shops) == 1)
    scores = tmp_path / "metrics.csv"
    # On target everywhere except conversion 2 points short: 50% × 90 + 50% × 100 = 95.
    scores.write_text(
        "agent_id,shop_id,metric,value\n"
        f"{agent.agent_id},{agent.shops[0]},conversion_rate,23\n"
        f"{agent.agent_id},{agent.shops[0]},first_response_s,8\n"
        f"{agent.agent_id},{agent.shops[0]},avg_response_s,30\n"
        f"{agent.agent_id},{agent.shops[0]},rating,4.9\n",
        encoding="utf-8",
    )
    result = run_kpi(folder, roster, scores, tmp_path / "kpi")
    assert result.exit_code == 0, result.output
    with (tmp_path / "kpi" / "bonus.csv").open(encoding="utf-8") as f:
        (row,) = csv.DictReader(f)
    assert (row["agent_id"], row["score"], row["base"], row["bonus"]) == (
        agent.agent_id,
        "95.00",
        "3000",
        "2850",
    )


def test_lead_kpi_and_capacity_weights_come_from_team_toml(generated, tmp_path):
    team, folder, roster = generated
    toml = folder / "team.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + '\n[kpi]\nshop_weights = "capacity"\nlead = "L01"\nlead_name = "主管"\n',
        encoding="utf-8",
    )
    roster.write_text(roster_csv(month_roster(team, two_shops=(70, 30))), encoding="utf-8")
    two = [a for a in team.agents if len(a.shops) == 2][:2]
    rows = [f"{a.agent_id},{s},{v}" for a in two for s, v in zip(a.shops, (90, 70), strict=True)]
    scores = tmp_path / "scores.csv"
    scores.write_text("agent_id,shop_id,score\n" + "\n".join([*rows, "L01,,100"]) + "\n")
    result = run_kpi(folder, roster, scores, tmp_path / "kpi")
    assert result.exit_code == 0, result.output
    with (tmp_path / "kpi" / "bonus.csv").open(encoding="utf-8") as f:
        written = {row["agent_id"]: row for row in csv.DictReader(f)}
    # The roster gives 70% / 30% of capacity: 0.7 × 90 + 0.3 × 70 = 84 for both agents
    # (primary weights would give 82); the lead: 0.6 × 84 + 0.4 × 100 = 90.4 -> 3000 × 0.904.
    assert [written[a.agent_id]["score"] for a in two] == ["84.00", "84.00"]
    assert (written["L01"]["score"], written["L01"]["bonus"], written["L01"]["lead"]) == (
        "90.40",
        "2712",
        "yes",
    )
