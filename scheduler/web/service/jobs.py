"""Background jobs: finding one of a team's, and stopping it."""

from __future__ import annotations

from scheduler.web.jobs import JobRunner
from scheduler.web.service.common import NotFound
from scheduler.web.store import PEAK, JobRecord, Store


def stop_job(store: Store, runner: JobRunner, team_id: int, job_id: int) -> JobRecord:
    """End a build early and keep its best roster; a peak plan, which cannot stop with a
    partial plan, is cancelled."""
    job = job_of(store, team_id, job_id)
    if job.kind == PEAK:
        runner.cancel(job_id)
    else:
        runner.stop(job_id)
    return job_of(store, team_id, job_id)


def job_of(store: Store, team_id: int, job_id: int) -> JobRecord:
    try:
        return store.job(job_id, team_id)
    except KeyError:
        raise NotFound(f"Team {team_id} has no build {job_id}.") from None
