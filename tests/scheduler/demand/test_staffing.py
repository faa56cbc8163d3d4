from datetime import date

import numpy as np
import pytest

from scheduler.demand.erlang import ServiceTarget, Workload, chat_agents, scheduled_agents
from scheduler.demand.folder import read_demand_folder
from scheduler.demand.hourly import HourProfile, route_shifts
from scheduler.demand.staffing import (
    DemandDays,
    merged_requirements,
    shift_inquiries,
    staff_shop,
    totals,
)
from scheduler.demand.staffing_settings import StaffingSettings, StaffMethod, read_staffing
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors
from scheduler.team.model import Requirement
from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value

MONTH = Month(2026, 11)
FLAT = np.full(24, 1 / 24)


def flat_days(per_day: float) -> DemandDays:
    profile = HourProfile(normal=FLAT, peak=FLAT, learned=False)
    return DemandDays(inquiries=dict.fromkeys(MONTH.days, per_day), profile=profile, events={})


def test_shift_inquiries_follow_the_routing():
    team = tiny_team_value()
    routing = route_shifts(team.shifts)
    days = flat_days(2400)
    # Day shift: 00:30–17:30 (the night waits for it); evening 17:30–24:00 + 00:00–00:30.
    assert shift_inquiries(days, routing, date(2026, 11, 5), "day") == pytest.approx(1700)
    assert shift_inquiries(days, routing, date(2026, 11, 5), "evening") == pytest.approx(700)


def test_rule_divides_by_the_target_and_rounds_up_to_the_step():
    team = tiny_team_value()
    needs = staff_shop(team, "TM", flat_days(2400), MONTH, StaffingSettings(), StaffMethod.RULE)
    day = next(n for n in needs if n.shift == "day")
    assert day.agents == 17.0  # 1700 / 100
    settings = StaffingSettings(target=120, step=0.5)
    needs = staff_shop(team, "TM", flat_days(2400), MONTH, settings, StaffMethod.RULE)
    evening = next(n for n in needs if n.shift == "evening")
    assert evening.agents == 6.0  # 700 / 120 = 5.83 → 6.0


@pytest.mark.parametrize("method", [StaffMethod.ERLANG_C, StaffMethod.ERLANG_A])
def test_erlang_staffs_the_busiest_hour_after_shrinkage(method):
    team = tiny_team_value()
    profile = np.full(24, 1.0)
    profile[21] = 4.0  # one busy evening hour
    profile /= profile.sum()
    days = DemandDays(
        inquiries=dict.fromkeys(MONTH.days, 1000.0),
        profile=HourProfile(normal=profile, peak=profile, learned=False),
        events={},
    )
    settings = StaffingSettings()
    needs = staff_shop(team, "TM", days, MONTH, settings, method)
    evening = next(n for n in needs if n.shift == "evening")
    assert evening.busiest_hour == 21
    expected = chat_agents(
        Workload(volume=1000 * profile[21], interval_s=3600, aht_s=settings.aht_s),
        settings.service_target(method),
        concurrency=settings.concurrency,
        patience_s=settings.patience_s if method == StaffMethod.ERLANG_A else None,
    )
    assert evening.on_duty == pytest.approx(expected)
    assert evening.agents == scheduled_agents(expected, settings.shrinkage, settings.step)


def test_erlang_a_needs_no_more_than_erlang_c():
    team = tiny_team_value()
    c = staff_shop(team, "TM", flat_days(1500), MONTH, StaffingSettings(), StaffMethod.ERLANG_C)
    a = staff_shop(team, "TM", flat_days(1500), MONTH, StaffingSettings(), StaffMethod.ERLANG_A)
    assert sum(n.agents for n in a) <= sum(n.agents for n in c)


def test_totals_sum_the_team_per_shift():
    team = tiny_team_value()
    settings = StaffingSettings()
    needs = staff_shop(team, "TM", flat_days(1000), MONTH, settings, StaffMethod.RULE)
    needs += staff_shop(team, "JD", flat_days(500), MONTH, settings, StaffMethod.RULE)
    summed = totals(needs)
    # TM: 708.3 → 7.1 day + 291.7 → 3.0 evening; JD: 354.2 → 3.6 + 145.8 → 1.5.
    assert summed["*"].agent_shifts == pytest.approx(30 * 15.2)
    assert summed["*"].busiest_shift == pytest.approx(7.1 + 3.6)


def test_staffing_keeps_other_months():
    old = [
        Requirement(date=date(2026, 10, 31), shift="day", shop_id="TM", agents=1),
        Requirement(date=date(2026, 11, 1), shift="day", shop_id="TM", agents=9),
    ]
    new = [Requirement(date=date(2026, 11, 1), shift="day", shop_id="TM", agents=2)]
    merged = merged_requirements(old, new, MONTH)
    assert [(r.date.month, r.agents) for r in merged] == [(10, 1), (11, 2)]


def test_staffing_settings_problems_name_the_line(tmp_path):
    (tmp_path / "team.toml").write_text(
        'name = "x"\n[staffing]\nmethod = "magic"\nlow = 130\nshrinkage = 1.5\nahtt_s = 3\n',
        encoding="utf-8",
    )
    errors: list[InputError] = []
    settings = read_staffing(
        {"method": "magic", "low": 130, "shrinkage": 1.5, "ahtt_s": 3}, tmp_path, errors
    )
    text = [str(e) for e in errors]
    assert "team.toml:3: [staffing] method 'magic' must be one of rule, erlang-c, erlang-a" in text
    assert "team.toml:5: [staffing] shrinkage 1.5 must be in [0, 1)" in text
    assert "team.toml:6: [staffing] unknown key `ahtt_s`" in text
    assert any("low 130 <= target 100 <= high 120 must hold" in t for t in text)
    assert settings.method == StaffMethod.RULE


def test_factor_method_needs_a_known_concurrency():
    errors: list[InputError] = []
    read_staffing({"concurrency_method": "factor", "concurrency": 6}, None, errors)
    assert "no factor" in str(errors[0])


def test_service_target_caps_abandonment_only_for_erlang_a():
    settings = StaffingSettings(max_abandon=0.02)
    assert settings.service_target(StaffMethod.ERLANG_A).max_abandon == 0.02
    assert settings.service_target(StaffMethod.ERLANG_C) == ServiceTarget(
        level=0.8, within_s=30, max_occupancy=0.85, max_abandon=1.0
    )


def test_a_staffing_value_of_the_wrong_type_is_refused(tmp_path):
    """Found by atheris: `method = []` crashed the [staffing] check (unhashable list)."""
    write_team_folder(tiny_team_value(staffing={"target": 100}), tmp_path)
    toml = tmp_path / "team.toml"
    toml.write_text(toml.read_text(encoding="utf-8") + "method = []\n", encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        read_demand_folder(tmp_path, history=False)
    assert any(
        "[staffing] method [] must be one of rule, erlang-c, erlang-a" in str(e)
        for e in caught.value.errors
    ), caught.value.errors
