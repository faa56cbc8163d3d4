"""The Curtois & Qu reader, its translation into a solver Problem, and written rosters."""

import pytest

import solver
from scheduler.bench.curtois_reader import (
    BEST_KNOWN,
    instance_path,
    read_instance,
    to_problem,
    weekends,
    write_roster,
)
from scheduler.team.errors import InputErrors
from tests import curtois_checker

# (staff, days, shift types) per instance, as counted in the data folder's README.
SIZES = {
    1: (8, 14, 1), 2: (14, 14, 2), 3: (20, 14, 3), 4: (10, 28, 2), 5: (16, 28, 2),
    6: (18, 28, 3), 7: (20, 28, 3), 8: (30, 28, 4), 9: (36, 28, 4), 10: (40, 28, 5),
    11: (50, 28, 6), 12: (60, 28, 10), 13: (120, 28, 18), 14: (32, 42, 4), 15: (45, 42, 6),
    16: (20, 56, 3), 17: (32, 56, 4), 18: (22, 84, 3), 19: (40, 84, 5), 20: (50, 182, 6),
    21: (100, 182, 8), 22: (50, 364, 10), 23: (100, 364, 16), 24: (150, 364, 32),
}  # fmt: skip

INSTANCE1_HEAD = """\
SECTION_HORIZON
14

SECTION_SHIFTS
D,480,
"""


@pytest.mark.parametrize("number", range(1, 25))
def test_every_instance_reads_with_its_published_size(number):
    instance = read_instance(instance_path(number))
    staff, days, shift_types = SIZES[number]
    assert (len(instance.employees), instance.horizon, len(instance.shifts)) == (
        staff,
        days,
        shift_types,
    )
    # Every instance has one cover line per (day, shift) and one days-off line per employee.
    assert len(instance.cover) == days * shift_types
    assert set(instance.days_off) == {e.id for e in instance.employees}
    assert number in BEST_KNOWN


def test_instance1_fields_are_read_as_the_readme_shows():
    instance = read_instance(instance_path(1))
    a = instance.employees[0]
    assert (a.id, a.max_shifts, a.max_total_min, a.min_total_min) == ("A", {"D": 14}, 4320, 3360)
    assert (a.max_consecutive_shifts, a.min_consecutive_shifts) == (5, 2)
    assert (a.min_consecutive_days_off, a.max_weekends) == (2, 1)
    assert instance.days_off["A"] == {0}
    assert (instance.on_requests[0].employee, instance.on_requests[0].day) == ("A", 2)
    assert instance.on_requests[0].weight == 2
    assert (instance.off_requests[0].employee, instance.off_requests[0].day) == ("C", 12)
    cover = instance.cover[0]
    assert (cover.day, cover.shift, cover.requirement) == (0, "D", 5)
    assert (cover.weight_under, cover.weight_over) == (100, 1)


def test_a_shift_that_forbids_itself_and_ids_shared_by_shifts_and_employees(tmp_path):
    path = tmp_path / "Tiny.txt"
    path.write_text(
        "SECTION_HORIZON\n7\n\nSECTION_SHIFTS\nD,480,\nN,720,D|N\n\n"
        "SECTION_STAFF\nD,D=7|N=0,3360,0,5,1,1,1\nE,,3360,0,5,1,1,1\n\n"
        "SECTION_DAYS_OFF\n\nSECTION_SHIFT_ON_REQUESTS\n\nSECTION_SHIFT_OFF_REQUESTS\n\n"
        "SECTION_COVER\n0,N,1,100,1\n",
        newline="\r\n",  # the original files use CRLF
    )
    instance = read_instance(path)
    problem = to_problem(instance)
    assert problem.rules.forbidden_successions == {(1, 0), (1, 1)}
    assert problem.agents[0].name == "D"
    assert problem.agents[0].max_shifts == (7, 0)
    assert problem.agents[1].max_shifts == (None, None)  # a missing shift has no limit
    assert [(n.day, n.shift, n.units) for n in problem.needs] == [(0, 1, 1)]


def test_every_error_is_reported_with_its_line(tmp_path):
    path = tmp_path / "Broken.txt"
    path.write_text(
        INSTANCE1_HEAD
        + "\nSECTION_STAFF\n"
        + "A,D=14,4320,3360,5,2,2,1\n"  # line 8: fine
        + "B,X=3,4320,3360,5,2,2,1\n"  # line 9: unknown shift
        + "C,D=14,lots,3360,5,2,2,1\n"  # line 10: not an integer
        + "A,D=14,4320,3360,5,2,2\n"  # line 11: one field short
        + "\nSECTION_DAYS_OFF\nA,0,14\nZ,3\n"  # lines 14, 15: outside horizon, unknown employee
        + "\nSECTION_SHIFT_ON_REQUESTS\nA,2,E,2\n"  # line 18: unknown shift
        + "\nSECTION_SHIFT_OFF_REQUESTS\n"
        + "\nSECTION_COVER\n0,D,5,100,1\n0,D,4,100,1\n"  # line 24: (day, shift) twice
        + "SECTION_WEEKENDS\n"  # line 25
    )
    with pytest.raises(InputErrors) as raised:
        read_instance(path)
    messages = [str(e) for e in raised.value.errors]
    assert messages == [
        "Broken.txt:9: MaxShifts names unknown shift 'X'",
        "Broken.txt:10: MaxTotalMinutes 'lots' is not an integer",
        "Broken.txt:11: expected 8 fields (ID,MaxShifts,MaxTotalMinutes,MinTotalMinutes,"
        "MaxConsecutiveShifts,MinConsecutiveShifts,MinConsecutiveDaysOff,MaxWeekends), found 7",
        "Broken.txt:14: day 14 is outside the horizon 0..13",
        "Broken.txt:15: unknown employee 'Z'",
        "Broken.txt:18: unknown shift 'E'",
        "Broken.txt:24: cover for day 0, shift 'D' already on line 23",
        "Broken.txt:25: unknown section 'SECTION_WEEKENDS'",
    ]


def test_missing_sections_and_a_bad_horizon_are_reported(tmp_path):
    path = tmp_path / "Short.txt"
    path.write_text("SECTION_HORIZON\n10\n\nSECTION_SHIFTS\nD,480,\n")
    with pytest.raises(InputErrors) as raised:
        read_instance(path)
    messages = [str(e) for e in raised.value.errors]
    assert "Short.txt:2: horizon 10 is not a whole number of weeks" in messages
    assert "Short.txt: section SECTION_COVER is missing" in messages


def test_weekends_are_saturday_and_sunday_of_every_week():
    assert weekends(14) == ((5, 6), (12, 13))


def test_instance1_is_solved_to_its_proven_optimum_607():
    problem = to_problem(read_instance(instance_path(1)))
    result = solver.solve(
        problem, solver.SolveParams(time_limit_s=30, num_workers=1, seed=1, lns=False)
    )
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == 607


@pytest.mark.slow
def test_written_roster_recomputes_to_the_reported_objective(tmp_path):
    """The independent checker reads the CSV and the instance file, not the engine's data."""
    instance = read_instance(instance_path(2))
    result = solver.solve(
        to_problem(instance),
        solver.SolveParams(time_limit_s=3, num_workers=1, seed=1, lns=False, diagnose=False),
    )
    assert result.plan is not None and result.objective is not None
    out = tmp_path / "Instance2.csv"
    write_roster(out, instance, result.plan)
    objective, broken = curtois_checker.check(instance_path(2), out)
    assert broken == []
    assert objective == result.objective


def test_checker_finds_a_broken_roster(tmp_path):
    """The checker can fail: one worker too many on a day off, and a run of one day."""
    out = tmp_path / "bad.csv"
    out.write_text("employee,day,shift\nA,0,D\nB,3,D\n")
    objective, broken = curtois_checker.check(instance_path(1), out)
    assert "A: works on day off 0" in broken
    assert "B: only 1 days in a row from day 3" in broken
    assert objective > 0


def test_instance1_column_search_proves_607_and_its_bound_holds():
    problem = to_problem(read_instance(instance_path(1)))
    params = solver.SolveParams(
        time_limit_s=20, num_workers=1, seed=1, search=solver.Search.COLUMNS, diagnose=False
    )
    result = solver.solve(problem, params)
    assert result.status == solver.SolveStatus.OPTIMAL
    assert result.objective == result.best_bound == 607
