"""Peak planning on the team's side: window, scenarios, the team's cover, and the plan's rules."""

import tempfile
from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

import pytest

import solver
from scheduler.demand.events import PhaseKind, event_calendar, read_events
from scheduler.demand.folder import read_demand_folder
from scheduler.peak.cover import UNITS_PER_AGENT, agent_days, overtime_pct
from scheduler.peak.files import hires_file_name, main_plan, summary_text
from scheduler.peak.page import PeakPage, render_peak_page
from scheduler.peak.plan import PeakOutcome, plan_peak
from scheduler.peak.scenarios import EventWindow, event_window, parse_scenario, scenarios_from
from scheduler.peak.settings import PeakSettings, read_peak_settings
from scheduler.team.calendar import Month, public_calendar
from scheduler.team.model import Agent, Blackout, Leave
from tests.demand_data import write_demand_team
from tests.helpers import ROOT, tiny_team_value

FAST = solver.PeakParams(time_limit_s=3, num_workers=1, seed=0)
BEFORE = date(2026, 9, 1)
AFTER = date(2026, 11, 23)


@cache
def planned(today: date, scenarios: tuple[str, ...] = ()) -> PeakOutcome:
    """The tiny demand team's Double 11 2026, planned as of ``today``."""
    folder = write_demand_team(Path(tempfile.mkdtemp(prefix="peak-tests-")) / "team")
    chosen = scenarios_from(scenarios) if scenarios else scenarios_from()
    if today == AFTER:
        chosen = tuple(s for s in chosen if s.label in ("as forecast", "+50%"))
    return plan_peak(
        read_demand_folder(folder),
        "double11",
        2026,
        scenarios=chosen,
        today=today,
        settings=PeakSettings(),
        params=FAST,
    )


def test_scenarios_parse_and_sort_from_the_smallest_volume():
    assert parse_scenario("+20%").factor == pytest.approx(1.2)
    assert parse_scenario("-20%").label == "-20%"
    assert parse_scenario("0%").label == "as forecast"
    labels = [s.label for s in scenarios_from(["+35%", "+20%"])]
    assert labels == ["-20%", "as forecast", "+20%", "+35%", "+50%"]
    with pytest.raises(ValueError, match="percent"):
        parse_scenario("double")
    with pytest.raises(ValueError, match="no volume"):
        parse_scenario("-100%")


def test_window_runs_from_a_week_before_the_presale_to_the_end_of_the_aftersale():
    public = public_calendar(range(2026, 2027))
    built_in = event_window(event_calendar([2026], public), ["TM"], "double11", 2026, 7)
    assert (built_in.first, built_in.last, built_in.peak) == (
        date(2026, 10, 13),
        date(2026, 11, 18),
        date(2026, 11, 11),
    )
    assert built_in.phases[date(2026, 11, 11)] == PhaseKind.PEAK
    assert built_in.months == [Month(2026, 10), Month(2026, 11)]
    demo = ROOT / "examples" / "demo-team"
    custom = event_calendar([2026], public, read_events(demo, {"TM01", "TB01"}, []))
    window = event_window(custom, ["TM01", "TB01"], "double11", 2026, 7)
    assert (window.first, window.last) == (date(2026, 10, 8), date(2026, 11, 20))


def test_an_unknown_event_names_the_known_ones():
    public = public_calendar(range(2026, 2027))
    with pytest.raises(ValueError, match="known events: 618, double11"):
        event_window(event_calendar([2026], public), ["TM"], "black-friday", 2026, 7)


@pytest.mark.parametrize(
    ("day", "pct"),
    [
        (date(2026, 10, 1), 300),  # National Day, statutory
        (date(2026, 10, 3), 300),  # statutory although a Saturday
        (date(2026, 10, 5), 200),  # a day off moved by 调休
        (date(2026, 10, 10), 150),  # a Saturday made a working day
        (date(2026, 11, 14), 200),  # an ordinary Saturday
        (date(2026, 11, 11), 150),  # a Wednesday
    ],
)
def test_overtime_is_paid_by_the_public_calendars_day_type(day, pct):
    assert overtime_pct(public_calendar(range(2026, 2027)), day) == pct


def window_nov() -> EventWindow:
    return EventWindow(
        event="x",
        year=2026,
        first=date(2026, 11, 1),
        last=date(2026, 11, 30),
        presale=date(2026, 11, 1),
        peak=date(2026, 11, 11),
        phases={},
    )


def test_rest_days_spread_over_the_month_but_never_in_the_teams_blackout():
    team = tiny_team_value()  # blackout 11-10..11-11, 8 rest days in November
    days = agent_days(
        team, team.agents[0], window_nov(), public_calendar(range(2026, 2027)), PeakSettings()
    )
    # 8 rest days over the 28 days outside the blackout: 29 hundredths rest each.
    assert days.on_duty[date(2026, 11, 10)] == UNITS_PER_AGENT
    assert days.rest[date(2026, 11, 10)] == 0
    assert days.rest[date(2026, 11, 2)] == round(100 * 8 / 28)
    assert sum(days.on_duty.values()) + sum(days.rest.values()) == 30 * UNITS_PER_AGENT
    # November 2026 has 21 working days (168 h); 22 shifts of 7 h are 154 h, so the law's
    # 36 h allow 5 shifts, but one rest day a week keeps 4 of the 8: 4 shifts of overtime.
    assert days.overtime_limit[Month(2026, 11)] == 4 * UNITS_PER_AGENT


def test_regular_hours_above_the_standard_count_towards_the_36_hours():
    # 8-hour shifts: 22 shifts are 176 h against November's 168 h standard, so 8 h are
    # overtime already and 28 h are left: 3.5 shifts (one rest day a week would allow 4).
    tiny = tiny_team_value()
    team = replace(tiny, shifts=tuple(replace(s, paid_hours=8) for s in tiny.shifts))
    days = agent_days(
        team, team.agents[0], window_nov(), public_calendar(range(2026, 2027)), PeakSettings()
    )
    assert days.overtime_limit[Month(2026, 11)] == 350
    # With 4 rest days a month, every one is the week's rest: no overtime at all.
    team = replace(tiny, rules=replace(tiny.rules, days_off_per_month=4))
    days = agent_days(
        team, team.agents[0], window_nov(), public_calendar(range(2026, 2027)), PeakSettings()
    )
    assert days.overtime_limit[Month(2026, 11)] == 0


def test_trainees_leave_and_sick_leave():
    team = replace(
        tiny_team_value(),
        agents=(Agent(agent_id="N", name="新人", shops=("TM",), hire_date=date(2026, 11, 1)),),
        leave=(
            Leave(agent_id="N", start=date(2026, 11, 20), end=date(2026, 11, 21), kind="annual"),
            Leave(agent_id="N", start=date(2026, 11, 25), end=date(2026, 11, 25), kind="sick"),
        ),
        blackouts=(Blackout(start=date(2026, 11, 20), end=date(2026, 11, 20)),),
    )
    days = agent_days(
        team, team.agents[0], window_nov(), public_calendar(range(2026, 2027)), PeakSettings()
    )
    assert date(2026, 11, 15) not in days.at_work  # training: 11-01..11-15
    assert days.on_duty.get(date(2026, 11, 16), 0) > 0
    assert days.leave == {date(2026, 11, 20), date(2026, 11, 21)}  # sick leave stays


def test_peak_settings_are_checked_with_their_line(tmp_path):
    folder = write_demand_team(tmp_path / "t")
    toml = folder / "team.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        + "\n[peak]\ntemp_day_cost = 250\novertime_max_hours = 40\n",
        encoding="utf-8",
    )
    errors: list = []
    settings = read_peak_settings(folder, errors)
    assert settings.temp_day_cost == 250
    assert [str(e) for e in errors] == [
        f"team.toml:{len(toml.read_text(encoding='utf-8').splitlines())}: "
        "[peak] overtime_max_hours 40 must be at most 36 (law)"
    ]


def test_no_agent_works_more_than_36_hours_of_overtime_in_a_month():
    outcome = planned(BEFORE)
    planning = outcome.planning
    for plan in outcome.plans:
        assert plan.plan is not None
        for agent_plan in plan.plan.agents:
            hours: dict[Month, float] = {}
            for day, units in agent_plan.overtime:
                shift = planning.agents[agent_plan.agent].shift[day]
                assert shift is not None
                month = Month(planning.days[day].year, planning.days[day].month)
                paid = planning.team.shifts[shift].paid_hours
                hours[month] = hours.get(month, 0.0) + units / UNITS_PER_AGENT * paid
                # Overtime is worked on rest days only: never more than the day's rest.
                assert units <= planning.agents[agent_plan.agent].rest[day]
            assert all(h <= 36 + 1e-9 for h in hours.values()), hours


def test_more_volume_never_lowers_the_cost_or_the_temps():
    plans = [p.plan for p in planned(BEFORE).plans]
    assert all(p is not None for p in plans)
    costs = [p.total_money for p in plans if p]
    temps = [p.temp_count for p in plans if p]
    assert costs == sorted(costs)
    assert temps == sorted(temps)
    assert temps[-1] > 0  # the tiny team's Double 11 needs temps


def test_each_cell_adds_up_and_the_plan_never_widens_the_gap():
    for plan in planned(BEFORE).plans:
        assert plan.plan is not None
        for c in plan.plan.cover:
            assert c.uncovered == max(0, c.need - c.planned)
            assert c.uncovered <= c.gap
        totals = plan.totals()
        assert totals["gap_after"] <= totals["gap_before"]


def test_temps_are_hired_15_days_before_they_start_and_not_before_today():
    outcome = planned(BEFORE)
    hires = [h for p in outcome.plans for h in p.hires()]
    assert hires
    for h in hires:
        assert (h.start_date - h.hire_by).days == 15
        assert h.hire_by >= BEFORE
        assert outcome.window.first <= h.start_date <= outcome.window.last


def test_a_plan_after_the_hire_by_dates_says_so_and_has_no_temps():
    outcome = planned(AFTER)
    assert outcome.planning.past_starts()
    assert all(p.plan is not None and p.plan.temp_count == 0 for p in outcome.plans)
    # Planned free of hire-by dates, the +50% scenario would have hired temps in time.
    assert max(len(p.too_late) for p in outcome.plans) > 0
    text = summary_text(outcome)
    assert "are past" in text
    assert "no temp can be trained in time" in text
    assert "planned without them" in text


def test_summary_names_gaps_temps_overtime_and_cost_per_scenario():
    text = summary_text(planned(BEFORE))
    for word in ("gap before", "gap after", "temps", "overtime h", "cost RMB", "hire by"):
        assert word in text
    for label in ("-20%", "as forecast", "+20%", "+50%"):
        assert f"\n{label}" in text


def test_hires_files_are_named_after_their_scenario():
    outcome = planned(BEFORE)
    main = main_plan(outcome).scenario
    assert main.label == "as forecast"
    names = [hires_file_name(p.scenario, main) for p in outcome.plans]
    assert names == ["hires-minus20.csv", "hires.csv", "hires-plus20.csv", "hires-plus50.csv"]


def test_peak_page_context_has_a_line_per_scenario_the_phases_and_the_costs():
    outcome = planned(BEFORE)
    page = PeakPage.from_outcome(outcome, lang="en")
    labels = [line.label for line in page.chart.lines]
    assert labels == [
        "required -20%",
        "required as forecast",
        "required +20%",
        "required +50%",
        "available",
        "planned as forecast",
    ]
    assert [b.label for b in page.chart.bands] == ["presale", "balance", "peak", "aftersale"]
    assert [s.label for s in page.scenarios] == ["-20%", "as forecast", "+20%", "+50%"]
    assert sum(h.count for h in page.hires) == sum(
        p.plan.temp_count for p in outcome.plans if p.plan
    )
    assert all(not h.past for h in page.hires)
    html = render_peak_page(page)
    assert "<svg" in html
    assert html.count('class="series"') == 6


def test_peak_page_marks_past_hire_by_dates():
    page = PeakPage.from_outcome(planned(AFTER), lang="zh")
    assert page.notes[0].startswith("Hire-by dates before today")
    assert page.too_late and all(h.past for h in page.too_late)
    assert "招聘日已过" in render_peak_page(page)
