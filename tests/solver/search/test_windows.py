"""Rolling horizon: a window's sub-problem carries the roster before it in, and the roster
made window by window keeps every hard rule across window borders."""

import dataclasses
import math
import time
from itertools import pairwise
from pathlib import Path

import pytest

import solver
from scheduler.bench.curtois_reader import read_instance, to_problem, write_roster
from solver.evaluate import evaluate, objective_of
from solver.result import DayEntry, DayKind
from solver.search import by_windows, windows
from solver.search.by_columns import solve_by_columns
from tests.curtois_checker import check

WORK = DayEntry(kind=DayKind.SHIFT, shift=0, shares=((0, 1),))
OFF = DayEntry(kind=DayKind.OFF)


def one_agent(num_days: int, *, wanted: bool = True, **limits: object) -> solver.Problem:
    """One agent who is wanted (or not) on every day of the horizon."""
    return solver.Problem(
        num_days=num_days,
        shifts=(solver.ShiftType(name="D", start_min=480, length_min=480),),
        shops=(solver.Shop(name="s"),),
        agents=(solver.Agent(name="a", shops=(0,), **limits),),  # type: ignore[arg-type]
        needs=tuple(
            solver.Need(day=d, shift=0, shop=0, units=1, under_weight=10) for d in range(num_days)
        )
        if wanted
        else (),
    )


def test_a_run_begun_before_the_window_ends_in_time() -> None:
    """Worked the window's last 3 days before it, at most 3 in a row: its first day is off,
    although the cover wants it worked. Dropping the history would work it (a 4th day)."""
    problem = one_agent(120, max_consecutive_workdays=3)
    rows = [[OFF] * 25 + [WORK] * 3]
    window = windows.Window(start=28, end=56, stop=63)
    sub, first = windows.sub_problem(problem, rows, window)
    params = solver.SolveParams(time_limit_s=5, num_workers=1, search=solver.Search.COLUMNS)
    plan = solver.solve(sub, params).plan
    assert plan is not None
    days = plan.days[0]
    assert [e.kind for e in days[: 28 - first]] == [DayKind.SHIFT] * 3  # the fixed tail
    assert days[28 - first].kind == DayKind.OFF
    assert days[29 - first].kind == DayKind.SHIFT  # the cover is wanted: a new run starts


def test_the_history_before_the_context_counts_the_days_worked_in_a_row() -> None:
    problem = one_agent(120, max_consecutive_workdays=6)
    row = [OFF] * 20 + [WORK] * 5
    history = windows.history_at(problem, row, 0, 25)
    assert (history.trailing_workdays, history.last_shift) == (5, 0)
    assert windows.history_at(problem, [*row, OFF], 0, 26).trailing_workdays == 0


def test_the_last_window_gets_exactly_what_is_left_of_the_horizon_limits() -> None:
    problem = one_agent(100, max_total_minutes=45 * 480, max_shifts=(45,), min_total_minutes=480)
    rows = [[WORK, OFF] * 42]  # 42 shifts on the 84 days before the last window
    [*_, last] = windows.windows(100)
    assert (last.start, last.stop) == (84, 100)
    sub, first = windows.sub_problem(problem, rows, last)
    agent = sub.agents[0]
    assert first == 83 and rows[0][83] == OFF  # one day of context: nothing worked in it
    assert agent.max_total_minutes == 3 * 480
    assert agent.max_shifts == (3,)
    assert agent.min_total_minutes == 0  # reached already


def test_an_earlier_window_gets_its_share_of_what_is_left() -> None:
    problem = one_agent(112, max_total_minutes=56 * 480, max_weekends=8, min_total_minutes=28 * 480)
    problem = solver.Problem(
        num_days=problem.num_days,
        shifts=problem.shifts,
        shops=problem.shops,
        agents=problem.agents,
        rules=solver.Rules(weekends=tuple((7 * j + 5, 7 * j + 6) for j in range(16))),
    )
    [window, *_] = windows.windows(112)
    sub, first = windows.sub_problem(problem, [[]], window)
    agent = sub.agents[0]
    assert first == 0 and sub.num_days == 35
    # 35 of 112 days, 5 of 16 weekends, and the slack.
    assert (windows.SLACK_UP, windows.SLACK_DOWN, windows.SPARE_WEEKENDS) == (0.1, 0.1, 1)
    assert agent.max_total_minutes == 9240  # 56 * 480 * 35 / 112 = 8400, + 10%
    assert agent.max_weekends == 4  # 8 * 5 / 16 = 2.5, + 10%, rounded up, + 1
    assert agent.min_total_minutes == 3780  # 28 * 480 * 35 / 112 = 4200, - 10%


def test_a_window_must_reach_what_the_days_after_it_cannot() -> None:
    """70 shifts a horizon of 112 days; the 77 after the first window hold at most 55 (5 of
    every 7 days): the first window must work the other 15, even with all that is left of
    the limits; with its share, its days' share less 10% (9450 minutes) is more."""
    problem = one_agent(
        112,
        wanted=False,
        min_total_minutes=70 * 480,
        max_consecutive_workdays=5,
        min_consecutive_days_off=2,
    )
    [window, *_] = windows.windows(112)
    relaxed, _ = windows.sub_problem(problem, [[]], window, pro_rata=False)
    assert relaxed.agents[0].min_total_minutes == (70 - 55) * 480
    sub, _ = windows.sub_problem(problem, [[]], window)
    assert sub.agents[0].min_total_minutes == 9450


def test_leave_in_a_window_lowers_its_share() -> None:
    """A week of leave in the first window: 28 of the 105 days the agent can work."""
    problem = one_agent(
        112, wanted=False, max_total_minutes=56 * 480, leave_days=frozenset(range(7, 14))
    )
    [window, *_] = windows.windows(112)
    sub, _ = windows.sub_problem(problem, [[]], window)
    assert sub.agents[0].max_total_minutes == math.ceil(56 * 480 * 28 / 105 * 1.1)
    assert sub.agents[0].leave_days == frozenset(range(7, 14))


def test_a_window_of_more_cover_may_take_more() -> None:
    """Cover wanted on the first 35 days only: the first window may use all that is left."""
    problem = one_agent(112, max_total_minutes=56 * 480)
    problem = dataclasses.replace(problem, needs=problem.needs[:35])
    [window, *_] = windows.windows(112)
    sub, _ = windows.sub_problem(problem, [[]], window)
    assert sub.agents[0].max_total_minutes == 56 * 480


def test_windows_cover_the_horizon_once() -> None:
    parts = windows.windows(364)
    assert parts[0].start == 0 and parts[-1].end == parts[-1].stop == 364
    assert all(a.end == b.start for a, b in pairwise(parts))
    assert all(w.stop - w.end == windows.LOOK_AHEAD_DAYS for w in parts[:-1])


def long_instance_text(staff: int = 10, weeks: int = 13) -> str:
    """A Curtois & Qu instance of ``weeks`` weeks: two shifts (a late may not precede an
    early), runs of 2-5 days, days off in pairs, at most half the weekends, a day off each
    month, and cover for 5 of the 10 staff every day."""
    days = 7 * weeks
    lines = ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS", "E,480,", "L,480,E", ""]
    lines.append("SECTION_STAFF")
    for i in range(staff):
        most = 54 if i % 2 else 50
        lines.append(f"S{i},E={days}|L={days // 3},{most * 480},{36 * 480},5,2,2,{weeks // 2}")
    lines += ["", "SECTION_DAYS_OFF"]
    lines += [
        f"S{i}," + ",".join(str(d) for d in range(3 * i % 28, days, 28)) for i in range(staff)
    ]
    lines += ["", "SECTION_SHIFT_ON_REQUESTS"]
    lines += [f"S{i},{(11 * i) % days},E,2" for i in range(staff)]
    lines += ["", "SECTION_SHIFT_OFF_REQUESTS"]
    lines += [f"S{i},{(17 * i + 5) % days},L,3" for i in range(staff)]
    lines += ["", "SECTION_COVER"]
    for d in range(days):
        lines.append(f"{d},E,3,100,1")
        lines.append(f"{d},L,2,100,1")
    return "\n".join(lines) + "\n"


@pytest.mark.slow
def test_a_windowed_roster_keeps_every_hard_rule_across_window_borders(tmp_path: Path) -> None:
    """13 weeks of 10 staff, four windows: the roster made window by window passes the
    independent checker (runs of work and rest, rest between shifts, minutes, shift counts
    and weekends over the whole horizon)."""
    path = tmp_path / "Instance99.txt"
    path.write_text(long_instance_text())
    instance = read_instance(path)
    problem = to_problem(instance)
    assert windows.applies(problem)
    params = solver.SolveParams(time_limit_s=6, num_workers=1, search=solver.Search.COLUMNS)
    plan = by_windows.rolling_roster(
        problem, params, time.monotonic() + 6, solve_by_columns, last_deadline=time.monotonic() + 20
    )
    assert plan is not None
    written = tmp_path / "roster.csv"
    write_roster(written, instance, plan)
    objective, broken = check(path, written)
    assert broken == []
    assert objective == objective_of(problem, evaluate(problem, plan))


@pytest.mark.slow
def test_search_windows_returns_a_checked_roster(tmp_path: Path) -> None:
    path = tmp_path / "Instance99.txt"
    path.write_text(long_instance_text())
    instance = read_instance(path)
    params = solver.SolveParams(time_limit_s=8, num_workers=1, search=solver.Search.WINDOWS)
    result = solver.solve(to_problem(instance), params)
    assert result.plan is not None
    written = tmp_path / "roster.csv"
    write_roster(written, instance, result.plan)
    assert check(path, written) == (result.objective, [])


def test_months_and_curtois_1_to_19_stay_on_the_whole_horizon_path() -> None:
    assert not windows.applies(one_agent(84))
    assert windows.applies(one_agent(85))
