"""The [peak] section of team.toml: what its reader leaves to the team reader."""

from __future__ import annotations

from scheduler.peak.settings import read_peak_settings
from scheduler.team.errors import InputError


def test_peak_settings_of_a_team_toml_that_is_not_text_leave_the_reason_to_the_reader(tmp_path):
    (tmp_path / "team.toml").write_bytes(b"\x80\xff")
    errors: list[InputError] = []
    read_peak_settings(tmp_path, errors)
    assert errors == []  # read_team_toml reports "not a text file in UTF-8 or GBK"
