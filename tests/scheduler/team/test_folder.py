from pathlib import Path

import pytest

from scheduler.team.errors import InputErrors
from scheduler.team.folder import read_team


def errors_of(folder: Path) -> list[str]:
    with pytest.raises(InputErrors) as caught:
        read_team(folder)
    return [str(e) for e in caught.value.errors]


def replace_line(path: Path, number: int, text: str) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[number - 1] = text
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_reads_the_tiny_team(tiny_team_dir, tiny_team):
    team = read_team(tiny_team_dir)
    assert team.agents == tiny_team.agents
    assert team.shops == tiny_team.shops
    assert team.requirements == tiny_team.requirements
    assert team.shift("evening").crosses_midnight


def test_excel_bom_and_extra_columns_are_accepted(tiny_team_dir):
    agents = tiny_team_dir / "agents.csv"
    text = agents.read_text(encoding="utf-8").splitlines()
    text = [text[0] + ",note"] + [line + ",x" for line in text[1:]]
    agents.write_bytes(b"\xef\xbb\xbf" + "\n".join(text).encode("utf-8"))
    assert [a.agent_id for a in read_team(tiny_team_dir).agents] == ["A1", "A2", "A3", "A4"]


def test_gbk_encoded_file_is_read(tiny_team_dir):
    shops = tiny_team_dir / "shops.csv"
    shops.write_bytes(shops.read_text(encoding="utf-8").encode("gbk"))
    assert read_team(tiny_team_dir).shop("TM").name == "天猫店"


def test_every_problem_is_reported_with_file_and_line(tiny_team_dir):
    replace_line(tiny_team_dir / "requirements.csv", 3, "2026-11-31,day,TM,1")
    replace_line(tiny_team_dir / "requirements.csv", 4, "2026-11-02,day,XX,1")
    replace_line(tiny_team_dir / "requirements.csv", 5, "2026-11-02,day,JD,-1")
    replace_line(tiny_team_dir / "agents.csv", 2, "A1,王芳,TM|NOPE,,,")
    replace_line(tiny_team_dir / "agents.csv", 3, "A1,李娜,TM,,,")
    replace_line(tiny_team_dir / "agents.csv", 4, "A3,张敏,JD|TM,4,,")
    replace_line(tiny_team_dir / "leave.csv", 2, "A4,2026-11-05,2026-11-03,annual")
    errors = errors_of(tiny_team_dir)
    assert any(e.startswith("requirements.csv:3:") and "2026-11-31" in e for e in errors)
    assert any(e.startswith("requirements.csv:4:") and "unknown shop_id 'XX'" in e for e in errors)
    assert any(e.startswith("requirements.csv:5:") and ">= 0" in e for e in errors)
    assert any(e.startswith("agents.csv:2:") and "NOPE" in e for e in errors)
    assert any(e.startswith("agents.csv:3:") and "appears twice" in e for e in errors)
    assert any(e.startswith("agents.csv:4:") and "max_shops 4" in e for e in errors)
    assert any(e.startswith("leave.csv:2:") and "before start" in e for e in errors)


def test_agent_qualified_for_no_shop(tiny_team_dir):
    replace_line(tiny_team_dir / "agents.csv", 2, "A1,王芳,,,,")
    assert "agents.csv:2: agent A1 is qualified for no shop (shops is empty)" in errors_of(
        tiny_team_dir
    )


def test_missing_column_names_the_header(tiny_team_dir):
    replace_line(tiny_team_dir / "shops.csv", 1, "shop_id,name,tier")
    errors = errors_of(tiny_team_dir)
    assert any(e.startswith("shops.csv:1: missing column(s) platform") for e in errors)


def test_team_toml_errors_name_the_line(tiny_team_dir):
    toml = tiny_team_dir / "team.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8").replace('rotation = "half-month"', 'rotation = "weekly"'),
        encoding="utf-8",
    )
    errors = errors_of(tiny_team_dir)
    line = next(
        i
        for i, text in enumerate(toml.read_text(encoding="utf-8").splitlines(), 1)
        if "rotation" in text
    )
    assert any(e.startswith(f"team.toml:{line}: [rules] rotation 'weekly'") for e in errors)


def test_missing_folder_is_one_clear_error(tmp_path):
    assert errors_of(tmp_path / "nope") == [f"{tmp_path / 'nope'}: team folder not found"]


def test_pins_are_read_and_every_bad_row_is_reported_with_its_line(tiny_team_dir):
    pins = tiny_team_dir / "pins.csv"
    pins.write_text(
        "agent_id,date,shift\n"
        "A1,2026-11-05,evening\n"
        "A2,2026-11-06,off\n"
        "A9,2026-11-06,off\n"
        "A1,2026-11-31,day\n"
        "A3,2026-11-07,leave\n"
        "A1,2026-11-05,day\n",
        encoding="utf-8",
    )
    assert errors_of(tiny_team_dir) == [
        "pins.csv:4: unknown agent_id 'A9'",
        "pins.csv:5: date '2026-11-31' is not a calendar date (day is out of range for month)",
        "pins.csv:6: shift 'leave' cannot be pinned; use one of day, evening, off, training",
        "pins.csv:7: A1 2026-11-05 is already pinned on line 2",
    ]
    pins.write_text("agent_id,date,shift\nA1,2026-11-05,evening\nA2,2026/11/06,off\n")
    assert [(p.agent_id, str(p.date), p.shift) for p in read_team(tiny_team_dir).pins] == [
        ("A1", "2026-11-05", "evening"),
        ("A2", "2026-11-06", "off"),
    ]


def test_requests_are_read_and_every_bad_line_reported(tiny_team_dir):
    (tiny_team_dir / "requests.csv").write_text(
        "agent_id,date,shift,kind,weight\n"
        "A1,2026-11-05,evening,on,3\n"
        "A2,2026-11-06,,off,\n"
        "A9,2026-11-06,day,on,1\n"  # line 4: unknown agent
        "A1,2026-11-07,,on,1\n"  # line 5: an on request needs a shift
        "A1,2026-11-08,day,maybe,1\n"  # line 6: bad kind
        "A1,2026-11-09,day,off,0\n",  # line 7: bad weight
        encoding="utf-8",
    )
    errors = errors_of(tiny_team_dir)
    assert [e.split(":")[1] for e in errors] == ["4", "5", "6", "7"]
    assert all(e.startswith("requests.csv:") for e in errors)
    for number in (4, 5, 6, 7):
        replace_line(tiny_team_dir / "requests.csv", number, "A3,2026-11-10,day,off,2")
    team = read_team(tiny_team_dir)
    assert [(r.agent_id, r.shift, r.kind, r.weight) for r in team.requests[:2]] == [
        ("A1", "evening", "on", 3),
        ("A2", None, "off", 1),
    ]


def test_a_team_without_requests_csv_has_no_requests(tiny_team_dir):
    assert read_team(tiny_team_dir).requests == ()
