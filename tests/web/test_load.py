"""Issue 8, item 5: a bounded load on a real server while two builds run: no errors.

The figures (p50, p99) are printed, not asserted: speed belongs to `scheduler bench load`
and docs/reliability.md.
"""

from __future__ import annotations

import pytest

from scheduler.bench.load import figures_section, run_load
from scheduler.bench.roster import machine


@pytest.mark.slow
def test_pages_and_api_answer_without_errors_while_two_builds_run(tiny_team_dir):
    figures = run_load(
        requests=300, clients=20, builds=2, build_time_limit_s=60, team_dir=tiny_team_dir
    )
    print(figures_section(figures, machine()))
    assert figures.errors == []
    assert len(figures.latencies_ms) == 300
    # The builds were still running (or had just finished) while the requests were sent.
    assert all(state in ("running", "done") for state in figures.build_states)
