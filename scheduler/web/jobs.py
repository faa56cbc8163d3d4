"""Roster builds and peak plans in the background: a bounded pool, one process per job.

Each job runs ``make_roster`` (or ``make_replan``, ``plan_peak``) in its own process, so a
job can be cancelled at any moment by ending that process, and a crash in one job cannot
take the server down. The process sends progress and its outcome back through a pipe; a
thread of the server's keeps the job's row up to date and saves the roster as a new
version (the plan as a peak plan).

"Stop" asks a build to end early and keep its best roster: the process is sent an event
that the solver polls (``should_stop``), and the roster it returns is saved as any other.
A process that has not ended ``stop_grace_s`` after the request is ended as on "Cancel".

Where a job runs is the runner's ``jobs`` (``make_jobs``): a process of this machine
(``scheduler.web.process_jobs``), or a Ray task (``scheduler.web.ray_jobs``) when
``SCHEDULER_RAY_ADDRESS`` is set, with a Ray actor for the pipe and the event. The watching,
stopping and saving here are the same for both.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Protocol

import solver
from scheduler.roster.to_problem import UNITS_PER_AGENT
from scheduler.web.job_work import (
    BuildInput,
    BuildOutput,
    PeakInput,
    PeakOutput,
    Work,
    run_build,
    run_peak,
)
from scheduler.web.process_jobs import ProcessJobs
from scheduler.web.ray_jobs import RayJobs
from scheduler.web.store import CANCELLED, FAILED, RUNNING, JobRecord, Store, now

log = logging.getLogger(__name__)

# Progress is written to the database at most this often per job.
PROGRESS_EVERY_S = 0.5
# A build still running this long after its time limit is ended (diagnosis included).
GRACE_S = 120.0
# A build asked to stop that has not ended this long after is ended as on "Cancel".
STOP_GRACE_S = 10.0
STOPPING = "Stopping: the best roster found so far will be saved."
STOPPED = "Stopped early on request: this is the best roster found by then."


class JobHandle(Protocol):
    """One running job, wherever it runs: its messages, its stop request, its end."""

    def poll(self, timeout: float) -> bool:
        """Whether a message is waiting, waiting up to ``timeout`` seconds for one."""
        ...

    def recv(self) -> tuple[str, Any]:
        """The next message; EOFError when there will be none."""
        ...

    def alive(self) -> bool: ...

    def request_stop(self) -> None:
        """Ask the job's search to end now with its best roster."""
        ...

    def end(self) -> None:
        """End the job if it still runs (nothing it would still send is read)."""
        ...


class Jobs(Protocol):
    """Starts jobs: ``target(work, conn, stop)`` somewhere, with a handle on it."""

    name: str

    def start(self, target: Callable[..., None], work: Work) -> JobHandle: ...

    def close(self) -> None: ...


def make_jobs(ray_address: str | None) -> Jobs:
    """Where jobs run: as Ray tasks at ``ray_address`` when set, else in local processes."""
    if ray_address:
        return RayJobs(ray_address)
    return ProcessJobs()


@dataclass
class _Running:
    cancel: threading.Event
    stop: threading.Event
    started: bool = False


class JobRunner:
    """Runs at most ``max_builds`` jobs at once; later ones wait in the queue."""

    def __init__(self, store: Store, *, max_builds: int, jobs: Jobs | None = None) -> None:
        self.store = store
        self.max_builds = max_builds
        self.jobs: Jobs = jobs or ProcessJobs()
        self.stop_grace_s = STOP_GRACE_S
        # The worker functions, by what they run (a test may put its own here).
        self.build_target: Callable[[BuildInput, Connection, Any], None] = run_build
        self.peak_target: Callable[[PeakInput, Connection, Any], None] = run_peak
        self._pool: ThreadPoolExecutor | None = None
        self._running: dict[int, _Running] = {}
        self._lock = threading.Lock()
        self._closed = False

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.max_builds, thread_name_prefix="build")
            return self._pool

    def submit(self, job: JobRecord, work: Work) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the server is stopping")
            self._running[job.id] = _Running(cancel=threading.Event(), stop=threading.Event())
        self._executor().submit(self._run, job.id, work)

    def pending(self) -> int:
        with self._lock:
            return len(self._running)

    def cancel(self, job_id: int) -> bool:
        """Stop a queued or running build; False when it had already finished."""
        with self._lock:
            running = self._running.get(job_id)
        if running is not None:
            running.cancel.set()
        return self.store.update_job(
            job_id,
            only_active=True,
            state=CANCELLED,
            finished_at=now(),
            message="Cancelled; no roster was saved.",
        )

    def stop(self, job_id: int) -> bool:
        """Ask a running build to end now and save its best roster; a queued one is
        cancelled. False when it had already finished."""
        with self._lock:
            running = self._running.get(job_id)
            started = running is not None and running.started
        if running is None or not started:
            return self.cancel(job_id)
        running.stop.set()
        return self.store.update_job(job_id, only_active=True, message=STOPPING)

    def open(self) -> None:
        """Accept builds (again, after ``close``: an app's lifespan may run more than once)."""
        with self._lock:
            self._closed = False

    def close(self) -> None:
        """Cancel every build and wait for the worker threads to finish."""
        with self._lock:
            self._closed = True
            ids = list(self._running)
            pool, self._pool = self._pool, None
        for job_id in ids:
            self.cancel(job_id)
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=False)
        self.jobs.close()

    def _run(self, job_id: int, work: Work) -> None:
        with self._lock:
            running = self._running[job_id]
        try:
            if running.cancel.is_set() or not self.store.update_job(
                job_id, only_active=True, state=RUNNING, started_at=now()
            ):
                return
            with self._lock:
                running.started = True
            self._watch(job_id, work, running)
        except Exception:
            log.exception("build %s failed", job_id)
            self.store.update_job(
                job_id,
                only_active=True,
                state=FAILED,
                finished_at=now(),
                message="The build failed unexpectedly; see the server log.",
            )
        finally:
            with self._lock:
                self._running.pop(job_id, None)

    def _watch(self, job_id: int, work: Work, running: _Running) -> None:
        target: Callable[..., None] = (
            self.peak_target if isinstance(work, PeakInput) else self.build_target
        )
        job = self.jobs.start(target, work)
        started = time.monotonic()
        # A re-plan solves its two choices in turn, each with the time limit.
        solves = 2 if isinstance(work, BuildInput) and work.replan is not None else 1
        deadline = started + solves * self.store.job(job_id).time_limit_s + GRACE_S
        stop_sent: float | None = None
        last_write = started
        latest: solver.Progress | None = None
        unsaved: solver.Progress | None = None  # the latest, when not yet in the database
        try:
            while True:
                if running.cancel.is_set():
                    return
                if running.stop.is_set() and stop_sent is None:
                    job.request_stop()
                    stop_sent = time.monotonic()
                if stop_sent is not None and time.monotonic() - stop_sent > self.stop_grace_s:
                    self.store.update_job(
                        job_id,
                        only_active=True,
                        state=CANCELLED,
                        finished_at=now(),
                        message=f"The build did not stop within {self.stop_grace_s:g} s and "
                        "was ended; no roster was saved.",
                    )
                    return
                if time.monotonic() > deadline:
                    self._fail(job_id, "The job overran its time limit and was stopped.")
                    return
                if not job.poll(0.2):
                    if not job.alive() and not job.poll(0):
                        self._fail(job_id, "The build process ended without a result.")
                        return
                    if unsaved is not None and time.monotonic() - last_write >= PROGRESS_EVERY_S:
                        self._progress(job_id, unsaved)
                        unsaved, last_write = None, time.monotonic()
                    elif time.monotonic() - last_write >= 1.0:
                        # Between solutions the page still shows the time going by.
                        elapsed = round(time.monotonic() - started, 1)
                        self.store.update_job(job_id, only_active=True, elapsed_s=elapsed)
                        last_write = time.monotonic()
                    continue
                try:
                    kind, payload = job.recv()
                except EOFError:
                    self._fail(job_id, "The build process ended without a result.")
                    return
                if kind == "progress":
                    latest = unsaved = payload
                    if time.monotonic() - last_write >= PROGRESS_EVERY_S:
                        self._progress(job_id, latest)
                        unsaved, last_write = None, time.monotonic()
                elif kind == "scenario":
                    elapsed = round(time.monotonic() - started, 1)
                    self.store.update_job(
                        job_id, only_active=True, elapsed_s=elapsed, message=payload
                    )
                elif kind == "refused":
                    self._fail(job_id, payload)
                    return
                elif kind == "error":
                    log.error("job %s raised:\n%s", job_id, payload)
                    self._fail(job_id, "The job failed unexpectedly; see the server log.")
                    return
                else:
                    if latest is not None:
                        self._progress(job_id, latest)
                    if isinstance(work, PeakInput):
                        self._finish_peak(job_id, work, payload, time.monotonic() - started)
                    else:
                        self._finish(job_id, work, payload)
                    return
        finally:
            job.end()

    def _progress(self, job_id: int, progress: solver.Progress) -> None:
        self.store.update_job(
            job_id,
            only_active=True,
            elapsed_s=round(progress.elapsed, 2),
            solutions=progress.solutions,
            objective=progress.objective,
            bound=None if math.isnan(progress.bound) else progress.bound,
            # The best roster's missing cover so far, in agent-shifts as the final figure.
            shortfall=(
                None if progress.shortfall is None else progress.shortfall / UNITS_PER_AGENT
            ),
        )

    def _fail(self, job_id: int, message: str) -> None:
        self.store.update_job(
            job_id, only_active=True, state=FAILED, finished_at=now(), message=message
        )

    def _finish(self, job_id: int, build: BuildInput, output: BuildOutput) -> None:
        job = self.store.job(job_id)
        if not job.active:
            return  # cancelled while the result was on its way
        summary = output.summary
        if output.roster is None and output.stopped and summary.get("status") == "UNKNOWN":
            self.store.update_job(
                job_id,
                only_active=True,
                state=CANCELLED,
                finished_at=now(),
                status=summary.get("status"),
                elapsed_s=summary.get("wall_seconds", job.elapsed_s),
                message="Stopped before any roster was found; nothing was saved.",
            )
            return
        if output.roster is None:
            self.store.update_job(
                job_id,
                only_active=True,
                state=FAILED,
                finished_at=now(),
                status=summary.get("status"),
                elapsed_s=summary.get("wall_seconds", job.elapsed_s),
                message=output.explanation,
            )
            return
        unstaffable = summary.get("unstaffable") or []
        lines = [STOPPED] if output.stopped else []
        if unstaffable:
            lines += ["Needs nobody can meet (part of the shortfall):", *unstaffable]
        self.store.update_job(
            job_id, elapsed_s=summary.get("wall_seconds"), message="\n".join(lines)
        )
        if build.replan is not None:
            self.store.add_proposal(
                team_id=job.team_id,
                base_version=build.replan.base_version,
                input_id=job.input_id,
                job_id=job_id,
                start=build.replan.start,
                absence=build.replan.absence,
                roster=output.roster,
                summary=summary,
                cover_roster=None if output.cover is None else output.cover.roster,
                cover_summary=None if output.cover is None else output.cover.summary,
            )
            return
        if build.fill is not None:
            summary = summary | {"fill_of": build.fill.base_version, "pins": build.fill.records}
        self.store.add_roster(
            team_id=job.team_id,
            input_id=job.input_id,
            roster=output.roster,
            summary=summary,
            job_id=job_id,
            previous_version=job.previous_version,
        )

    def _finish_peak(
        self, job_id: int, peak: PeakInput, output: PeakOutput, elapsed_s: float
    ) -> None:
        job = self.store.job(job_id)
        if not job.active:
            return
        self.store.update_job(job_id, elapsed_s=round(elapsed_s, 1))
        self.store.add_peak_plan(
            team_id=job.team_id,
            input_id=job.input_id,
            job_id=job_id,
            event=peak.event,
            year=peak.year,
            request={
                "scenarios": [s.label for s in peak.scenarios],
                "today": peak.today.isoformat(),
                "method": None if peak.method is None else str(peak.method),
                "time_limit_s": peak.params.time_limit_s,
            },
            summary=output.summary,
            page=output.page,
            files=output.files,
        )
