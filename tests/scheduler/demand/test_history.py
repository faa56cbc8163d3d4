from datetime import date

import pytest

from scheduler.demand.history import HISTORY_CSV, read_history
from scheduler.team.errors import InputError

SHOPS = {"TM", "JD"}


def read(folder, text: str, encoding: str = "utf-8"):
    (folder / HISTORY_CSV).write_bytes(text.encode(encoding))
    errors: list[InputError] = []
    history = read_history(folder, SHOPS, errors)
    return history, [str(e) for e in errors]


def test_daily_and_hourly_rows_are_read(tmp_path):
    history, errors = read(
        tmp_path,
        "\ufeffdate,shop_id,inquiries,hour\n"
        "2026-01-05,TM,120,\n"
        "2026/01/06,TM,130,\n"
        "2026-01-05,JD,10,9\n"
        "2026-01-05,JD,15,10\n",
    )
    assert errors == []
    assert history.shop("TM").daily.tolist() == [120.0, 130.0]
    jd = history.shop("JD")
    assert jd.daily.tolist() == [25.0]  # hourly rows add up to the day
    assert jd.hourly.loc["2026-01-05", 9] == 10
    assert jd.hourly.loc["2026-01-05", 0] == 0  # missing hours count as 0
    assert history.last_day == date(2026, 1, 6)


def test_every_problem_is_reported_with_its_line(tmp_path):
    _, errors = read(
        tmp_path,
        "date,shop_id,inquiries,hour\n"
        "2026-02-30,TM,1,\n"  # 2
        "2026-01-01,XX,1,\n"  # 3
        "2026-01-01,TM,-4,\n"  # 4
        "2026-01-01,TM,many,\n"  # 5
        "2026-01-01,JD,1,24\n"  # 6
        "2026-01-02,TM,1,\n"  # 7
        "2026-01-02,TM,2,\n"  # 8
        "2026-01-02,TM,2,5\n"  # 9
        "2026-01-03,JD,1,5\n"  # 10
        "2026-01-03,JD,1,5\n",  # 11
    )
    expected = [
        ("history.csv:2:", "2026-02-30"),
        ("history.csv:3:", "unknown shop_id 'XX'"),
        ("history.csv:4:", ">= 0"),
        ("history.csv:5:", "not a number"),
        ("history.csv:6:", "0 to 23"),
        ("history.csv:8:", "already given on line 7"),
        ("history.csv:9:", "daily total on line 7 and hourly rows"),
        ("history.csv:11:", "hour 5 is already given on line 10"),
    ]
    for where, what in expected:
        assert any(e.startswith(where) and what in e for e in errors), (where, errors)
    assert len(errors) == len(expected)


def test_gbk_file_without_rows_says_so(tmp_path):
    _, errors = read(tmp_path, "date,shop_id,inquiries\n", encoding="gbk")
    assert errors == ["history.csv: no history rows"]


def test_missing_column_is_named(tmp_path):
    _, errors = read(tmp_path, "day,shop_id,inquiries\n2026-01-01,TM,1\n")
    assert len(errors) == 1 and "missing column(s) date" in errors[0]


@pytest.mark.parametrize("cut", [date(2026, 1, 6), date(2026, 1, 7)])
def test_before_keeps_only_earlier_days(tmp_path, cut):
    history, _ = read(tmp_path, "date,shop_id,inquiries\n2026-01-05,TM,1\n2026-01-06,TM,2\n")
    kept = history.before(cut).shop("TM").daily
    assert kept.index.max().date() < cut
