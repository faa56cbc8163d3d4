"""hires.csv: temps as agents, and the counts it refuses."""

from __future__ import annotations

from datetime import date

import pytest

from scheduler.peak.plan import Hire
from scheduler.peak.temps import read_hires, temp_agents
from scheduler.team.errors import InputErrors


def test_hires_give_temps_ids_per_shop():
    hires = [
        Hire(
            shop_id="TM",
            count=2,
            start_date=date(2026, 11, 5),
            hire_by=date(2026, 10, 21),
            shift="",
        ),
        Hire(
            shop_id="TM",
            count=1,
            start_date=date(2026, 11, 11),
            hire_by=date(2026, 10, 27),
            shift="day",
        ),
    ]
    agents = temp_agents(hires)
    assert [a.agent_id for a in agents] == ["T-TM-1", "T-TM-2", "T-TM-3"]
    assert [a.hire_date for a in agents] == [date(2026, 10, 21)] * 2 + [date(2026, 10, 27)]
    assert [a.fixed_shift for a in agents] == [None, None, "day"]
    assert all(a.shops == ("TM",) and a.max_shops == 1 for a in agents)


def test_a_hires_count_beyond_reason_is_refused(tmp_path, tiny_team):
    (tmp_path / "hires.csv").write_text(
        "shop_id,count,start_date,hire_by\nTM,1000000000,2026-11-01,2026-10-20\n",
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as caught:
        read_hires(tmp_path / "hires.csv", tiny_team)
    assert [str(e) for e in caught.value.errors] == [
        "hires.csv:2: count 1000000000 must be from 0 to 1000"
    ]
