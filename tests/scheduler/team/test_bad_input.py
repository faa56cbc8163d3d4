"""Issue 8: each kind of bad input is refused as `file:line: message`, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.demand.folder import read_demand_folder
from scheduler.peak.settings import read_peak_settings
from scheduler.team import csv_table
from scheduler.team.errors import InputError, InputErrors
from scheduler.team.folder import read_team
from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        read_team(folder)
    return [str(e) for e in caught.value.errors]


def set_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


# (file, line replaced, its new text, the message expected for that file and line)
BAD_LINES = [
    ("shops.csv", 1, "shop,name,platform,tier", "shops.csv:1: missing column(s) shop_id"),
    ("shops.csv", 3, "TM,again,Tmall,big", "shops.csv:3: shop_id 'TM' appears twice"),
    ("shops.csv", 3, "J|D,x,JD,small", "shops.csv:3: shop_id 'J|D' may not contain |"),
    ("shops.csv", 3, "JD,x,JD,huge", "shops.csv:3: tier 'huge' must be `big` or `small`"),
    ("agents.csv", 2, "A1,王芳,TM|XX,,,", "agents.csv:2: agent A1: unknown shop(s) XX"),
    ("agents.csv", 2, "A1,王芳,,,,", "agents.csv:2: agent A1 is qualified for no shop"),
    ("agents.csv", 3, "A1,李娜,TM,,,", "agents.csv:3: agent_id 'A1' appears twice"),
    ("agents.csv", 2, "A1,王芳,TM|JD,4,,", "agents.csv:2: agent A1: max_shops 4 must be"),
    ("agents.csv", 2, "A1,王芳,TM|JD,two,,", "agents.csv:2: max_shops 'two' is not a whole"),
    ("agents.csv", 2, "A1,王芳,TM,,2026-02-30,", "agents.csv:2: hire_date: date '2026-02-30'"),
    ("agents.csv", 2, "A/1,王芳,TM,,,", "agents.csv:2: agent_id 'A/1' may not contain /"),
    ("agents.csv", 2, "A1,王\x07芳,TM,,,", "agents.csv:2: name: contains the control character"),
    ("leave.csv", 2, "A9,2026-11-03,2026-11-04,x", "leave.csv:2: unknown agent_id 'A9'"),
    ("leave.csv", 2, "A2,2026-11-04,2026-11-03,x", "leave.csv:2: end 2026-11-03 is before start"),
    ("leave.csv", 2, "A2,2026-13-01,2026-11-03,x", "leave.csv:2: date '2026-13-01' is not a"),
    ("leave.csv", 2, "A2,2026-11-01,2099-11-03,x", "leave.csv:2: leave 2026-11-01..2099-11-03"),
    ("leave.csv", 2, "A2,1026-11-01,2026-11-03,x", "leave.csv:2: date '1026-11-01' is not betw"),
    ("requirements.csv", 2, "2026-11-01,day,TM,-1", "requirements.csv:2: agents '-1' must be"),
    ("requirements.csv", 2, "2026-11-01,day,TM,many", "requirements.csv:2: agents 'many' is not"),
    ("requirements.csv", 2, "2026-11-01,day,TM,inf", "requirements.csv:2: agents 'inf' must be"),
    ("requirements.csv", 2, "2026-11-01,night,TM,1", "requirements.csv:2: unknown shift 'night'"),
    ("requirements.csv", 2, "2026-11-01,day,XX,1", "requirements.csv:2: unknown shop_id 'XX'"),
    ("requirements.csv", 3, "2026-11-01,day,TM,1", "requirements.csv:3: 2026-11-01 day TM is"),
    ("requirements.csv", 2, "2026-11-01,day,TM,1,9", "requirements.csv:2: 5 cells, header has 4"),
]


@pytest.mark.parametrize(("name", "number", "text", "expected"), BAD_LINES)
def test_a_bad_line_is_named_by_file_and_line(tiny_team_dir, name, number, text, expected):
    if name == "requirements.csv" and number == 3:
        # Line 2 is 2026-11-01,day,TM: give line 3 the same key.
        set_line(tiny_team_dir / name, 2, "2026-11-01,day,TM,1")
    set_line(tiny_team_dir / name, number, text)
    errors = errors_of(tiny_team_dir)
    assert any(e.startswith(expected) for e in errors), errors


# (text of team.toml replaced, its replacement, the message expected)
BAD_TOML = [
    ("max_shops_special = 3", "max_shops_special = 4", "[rules] max_shops_special 4 must be"),
    ("days_off_per_month = 8", "days_off_per_month = 99999999999", "days_off_per_month 9999"),
    ("min_rest_hours = 11", "min_rest_hours = -1", "[rules] min_rest_hours -1 must be a number"),
    ("[rules]", "[rules]\nweekly = true", "[rules]: unknown key `weekly`"),
    ('end = "2026-11-11"', 'end = "2026-11-09"', "[[blackout]] ends 2026-11-09 before"),
    ('end = "2026-11-11"', "", "[[blackout]]: `end` is missing"),
    ('start = "2026-11-10"', 'start = "2026-11-31"', "date '2026-11-31' is not a calendar"),
    ('end = "17:30"', 'end = "25:00"', "time '25:00' is not HH:MM"),
    ('id = "day"', "id = 5", "`id` 5 must be text"),
    ('id = "day"', 'id = "off"', "`off` is reserved for roster entries"),
    ("paid_hours = 7", 'paid_hours = "seven"', "paid_hours 'seven' is not a number"),
    ('name = "Tiny team"', 'name = "Tiny team"\n[[[', "not valid TOML"),
]


@pytest.mark.parametrize(("old", "new", "expected"), BAD_TOML)
def test_a_bad_team_toml_is_refused_with_its_reason(tiny_team_dir, old, new, expected):
    toml = tiny_team_dir / "team.toml"
    text = toml.read_text(encoding="utf-8")
    assert old in text
    toml.write_text(text.replace(old, new, 1), encoding="utf-8")
    errors = errors_of(tiny_team_dir)
    assert any(e.startswith("team.toml") and expected in e for e in errors), errors


def test_shifts_and_blackouts_that_are_not_tables_are_refused(tiny_team_dir):
    toml = tiny_team_dir / "team.toml"
    text = toml.read_text(encoding="utf-8").replace("[[shift]]", "[[old]]")
    text = text.replace("[[blackout]]", "[[older]]")
    toml.write_text("shift = [1, 2]\nblackout = 3\n" + text, encoding="utf-8")
    errors = errors_of(tiny_team_dir)
    assert "team.toml:1: [[shift]] #1: must be a table with id, start and end" in errors
    assert "team.toml:2: `blackout` must be [[blackout]] tables with start and end" in errors


def test_gbk_files_are_read_and_other_bytes_are_named_exactly(tiny_team_dir):
    agents = tiny_team_dir / "agents.csv"
    agents.write_bytes(agents.read_text(encoding="utf-8").encode("gbk"))
    assert read_team(tiny_team_dir).agent("A1").name == "王芳"
    agents.write_bytes(b"agent_id,name\n\x80\xff\n")
    expected = "agents.csv: not a text file in UTF-8 or GBK (byte 0x80 at offset 14)"
    assert f"{expected}; save it as CSV UTF-8" in errors_of(tiny_team_dir)


def test_utf16_from_excel_unicode_text_is_read(tiny_team_dir):
    shops = tiny_team_dir / "shops.csv"
    shops.write_bytes(shops.read_text(encoding="utf-8").encode("utf-16"))
    assert read_team(tiny_team_dir).shop("JD").name == "京东店"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tiny_team_dir, monkeypatch):
    monkeypatch.setattr(csv_table, "MAX_FILE_BYTES", 100)
    errors = errors_of(tiny_team_dir)
    assert "requirements.csv: file is larger than 100 bytes" in errors
    assert "team.toml: file is larger than 100 bytes" in errors


def test_a_cell_too_long_for_csv_names_its_line(tiny_team_dir):
    with (tiny_team_dir / "shops.csv").open("a", encoding="utf-8") as f:
        f.write("XX," + "x" * 200_000 + ",Tmall,big\n")
    assert "shops.csv:4: a cell is longer than 131072 characters" in errors_of(tiny_team_dir)


def test_a_control_character_python_strips_as_space_is_still_refused(tiny_team_dir):
    """Found by the fuzzing: U+001F vanished under strip() but stayed in the stored file."""
    set_line(tiny_team_dir / "agents.csv", 2, "A1,王芳,TM|JD,,,\x1f")
    assert "agents.csv:2: fixed_shift: contains the control character U+001F" in errors_of(
        tiny_team_dir
    )


def test_a_control_character_in_a_header_is_refused(tiny_team_dir):
    """Found by the fuzzing: an ignored column's name kept a NUL into the stored file."""
    set_line(tiny_team_dir / "leave.csv", 1, "agent_id,start,end,\x00kind")
    assert "leave.csv:1: the header contains the control character U+0000" in errors_of(
        tiny_team_dir
    )


def test_a_control_character_in_a_blank_looking_row_is_refused(tiny_team_dir):
    with (tiny_team_dir / "shops.csv").open("a", encoding="utf-8") as f:
        f.write(",\x1e,,,\x1f\n")
    assert "shops.csv:4: name: contains the control character U+001E" in errors_of(tiny_team_dir)


def test_quoted_keys_that_look_like_patterns_are_named_not_crashed_on(tmp_path):
    """A quoted TOML key such as "a(b" broke the line lookup of [staffing] and [peak]."""
    write_team_folder(tiny_team_value(staffing={"target": 100}), tmp_path)
    toml = tmp_path / "team.toml"
    text = toml.read_text(encoding="utf-8") + '"a(b" = 1\n[peak]\n"x[" = 2\n'
    toml.write_text(text, encoding="utf-8")
    errors: list[InputError] = []
    read_peak_settings(tmp_path, errors)
    assert [e.message for e in errors] == ["[peak] unknown key `x[`"]
    with pytest.raises(InputErrors) as caught:
        read_demand_folder(tmp_path, history=False)
    assert any("[staffing] unknown key `a(b`" in str(e) for e in caught.value.errors)
