from datetime import date

from scheduler.demand.headcount import headcount
from scheduler.demand.staffing_settings import StaffingSettings
from scheduler.team.calendar import Month
from tests.helpers import tiny_team_value

MONTH = Month(2026, 11)


def test_headcount_counts_rest_leave_and_training():
    # 4 agents, 8 rest days each, A2 on leave 2 days: 4 × 30 − 32 − 2 = 86 shifts.
    team = tiny_team_value()
    result = headcount(team, MONTH, StaffingSettings())
    assert result.required == 30 * 2.5
    assert result.shifts_per_agent == 22
    assert result.agents_needed == 4  # 75 / 22 = 3.4
    assert result.can_give == 86
    assert (result.leave, result.training, result.rest) == (2, 0, 32)
    assert "spare" in result.summary()


def test_days_outside_the_band_are_flagged():
    team = tiny_team_value()
    inquiries = dict.fromkeys(MONTH.days, 300.0)
    inquiries[date(2026, 11, 11)] = 900.0
    inquiries[date(2026, 11, 20)] = 100.0
    result = headcount(team, MONTH, StaffingSettings(), inquiries)
    flagged = {d.date: d for d in result.flagged()}
    # In the blackout (11-10, 11-11) all four work: 900 / 4 = 225 per agent.
    assert flagged[date(2026, 11, 11)].on_duty == 4
    assert flagged[date(2026, 11, 11)].per_agent == 225
    assert date(2026, 11, 20) in flagged
    assert date(2026, 11, 5) not in flagged  # 300 / ~3 agents is inside 80–120
    summary = result.summary()
    assert "2026-11-11" in summary and "above: add people" in summary
    assert "below: could cut" in summary
