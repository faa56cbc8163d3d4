"""The KPI rules one by one: shop weights, tiers, bonus, the lead, the rubric."""

from datetime import date

import pytest

from scheduler.people.kpi import (
    active_share,
    bonus,
    capacity_weights,
    explicit_weights,
    lead_kpi,
    points_to_next_tier,
    primary_weights,
    tier_base,
    weighted_score,
)
from scheduler.people.kpi_settings import DEFAULT_TIERS, KpiSettings, parse_kpi_table
from scheduler.people.rubric import DEFAULT_RUBRIC, Direction, Metric, metric_points, rubric_score
from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError
from tests.helpers import tiny_team_value

NOV = Month(2026, 11)


def test_primary_shop_weighs_60_and_the_others_share_40():
    assert primary_weights(("TM",)) == {"TM": 1.0}
    assert primary_weights(("TM", "JD")) == {"TM": 0.6, "JD": pytest.approx(0.4)}
    assert primary_weights(("TM", "JD", "DY")) == {
        "TM": 0.6,
        "JD": pytest.approx(0.2),
        "DY": pytest.approx(0.2),
    }


@pytest.mark.parametrize(
    ("score", "base", "amount"),
    [(90, 3000, 2700), (89, 2000, 1780), (80, 2000, 1600), (79.99, 1000, 800), (100, 3000, 3000)],
)
def test_bonus_is_the_tier_base_times_score_over_100(score, base, amount):
    assert tier_base(score, DEFAULT_TIERS) == base
    assert bonus(base, score) == amount


def test_a_hire_gets_the_bonus_in_proportion_to_days_employed():
    # 20 of November's 30 days employed: 3000 × 95 / 100 × 20/30 = 1900.
    assert bonus(3000, 95, 20 / 30) == 1900


def test_points_to_next_tier():
    assert points_to_next_tier(89, DEFAULT_TIERS) == 1
    assert points_to_next_tier(79.6, DEFAULT_TIERS) == pytest.approx(0.4)
    assert points_to_next_tier(92, DEFAULT_TIERS) is None


def test_weighted_score_rounds_to_hundredths():
    assert weighted_score({"TM": 92.5, "JD": 80.1}, {"TM": 0.6, "JD": 0.4}) == 87.54


def test_lead_kpi_is_60_percent_team_average_and_40_own():
    assert lead_kpi(85, 95) == 89
    assert lead_kpi(85, None) == 85


def test_capacity_weights_follow_the_roster_shares():
    days = NOV.days
    entries = {("A1", d): RosterEntry(shift="day", shares=(("TM", 70), ("JD", 30))) for d in days}
    entries |= {("A1", d): RosterEntry(shift="off") for d in days[:10]}
    roster = Roster(month=NOV, entries=entries, assignments={"A1": ("TM", "JD")}, agent_ids=("A1",))
    assert capacity_weights(roster, "A1") == {"TM": pytest.approx(0.7), "JD": pytest.approx(0.3)}


def test_explicit_weights_are_normalised_over_the_shops_served():
    assert explicit_weights(("TM", "JD"), {"TM": 3, "JD": 1, "DY": 5}) == {"TM": 0.75, "JD": 0.25}


def test_active_share_counts_days_from_the_hire_date():
    team = tiny_team_value()
    agents = (
        *team.agents[:3],
        team.agents[3].__class__(
            agent_id="A4", name="新人", shops=("TM",), hire_date=date(2026, 11, 11)
        ),
    )
    team = tiny_team_value(agents=agents)
    entries = {(a.agent_id, d): RosterEntry(shift="off") for a in agents for d in NOV.days}
    roster = Roster(
        month=NOV, entries=entries, assignments={}, agent_ids=tuple(a.agent_id for a in agents)
    )
    assert active_share(team, roster, "A1") == 1
    assert active_share(team, roster, "A4") == 20 / 30


def test_metric_points_lose_points_per_unit_short_of_target():
    conversion = Metric(
        name="c", weight=1, target=25, direction=Direction.HIGHER, points_per_unit=5
    )
    response = Metric(name="r", weight=1, target=10, direction=Direction.LOWER, points_per_unit=2)
    assert metric_points(conversion, 27) == 100
    assert metric_points(conversion, 23) == 90
    assert metric_points(conversion, 0) == 0
    assert metric_points(response, 13) == 94


def test_default_rubric_weighs_conversion_most():
    weights = {m.name: m.weight for m in DEFAULT_RUBRIC}
    assert max(weights, key=weights.__getitem__) == "conversion_rate"
    on_target = {m.name: m.target for m in DEFAULT_RUBRIC}
    assert rubric_score(DEFAULT_RUBRIC, on_target) == 100
    # Conversion 2 points short: 90 points × 50% weight, the rest 100: 95.
    assert rubric_score(DEFAULT_RUBRIC, on_target | {"conversion_rate": 23}) == 95


def test_kpi_table_is_read_and_checked_with_lines():
    text = '[kpi]\nshop_weights = "capacity"\ntiers = [[95, 5000], [0, 500]]\nbogus = 1\n'
    errors: list[InputError] = []
    settings = parse_kpi_table(
        {"shop_weights": "capacity", "tiers": [[95, 5000], [0, 500]], "bogus": 1}, text, errors
    )
    assert settings == KpiSettings(shop_weights="capacity", tiers=((95, 5000), (0, 500)))
    assert [str(e) for e in errors] == ["team.toml:4: [kpi] unknown key `bogus`"]
    errors.clear()
    parse_kpi_table({"tiers": [[80, 1], [90, 2], [0, 0]]}, "[kpi]\ntiers = 1\n", errors)
    assert [e.line for e in errors] == [2]
