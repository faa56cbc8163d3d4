"""The job page's context, without HTTP."""

from __future__ import annotations

from scheduler.web.contexts.jobs import job_page
from scheduler.web.store import JobRecord
from tests.web.helpers import NOVEMBER


def test_job_page_gap_is_relative_to_the_objective():
    job = JobRecord(
        id=1,
        team_id=7,
        input_id=1,
        month=NOVEMBER,
        time_limit_s=5,
        previous_version=None,
        state="running",
        created_at="",
        started_at="",
        finished_at=None,
        elapsed_s=1.0,
        solutions=2,
        objective=200.0,
        bound=150.0,
        status=None,
        shortfall=None,
        message="",
        roster_version=None,
    )
    page = job_page(7, "Tiny", job)
    assert page.gap == 0.25
    assert not page.finished
