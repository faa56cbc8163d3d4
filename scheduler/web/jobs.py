"""Roster builds in the background: a bounded pool, one worker process per build.

Each build runs ``make_roster`` in its own process, so a build can be cancelled at
any moment by ending that process, and a crash in one build cannot take the server
down. The process sends progress and its outcome back through a pipe; a thread of
the server's keeps the job's row up to date and saves the roster as a new version.
"""

from __future__ import annotations

import contextlib
import ctypes
import logging
import math
import multiprocessing
import signal
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

import solver
from scheduler.calendar import Month
from scheduler.roster import Roster
from scheduler.team import Team
from scheduler.web.store import CANCELLED, FAILED, RUNNING, JobRecord, Store, now

log = logging.getLogger(__name__)

# Progress is written to the database at most this often per job.
PROGRESS_EVERY_S = 0.5
# A build still running this long after its time limit is ended (diagnosis included).
GRACE_S = 120.0
# Modules the fork server imports once, so each build starts without importing OR-Tools.
PRELOAD = ["scheduler.rostering", "scheduler.replan"]


@dataclass(frozen=True, kw_only=True)
class ReplanInput:
    """What makes a build a re-plan: the published version, from when, and why."""

    published: Roster
    base_version: int
    start: date
    absence: str


@dataclass(frozen=True, kw_only=True)
class BuildInput:
    """Everything a worker process needs; picklable."""

    team: Team
    month: Month
    previous: Roster | None
    params: solver.SolveParams
    replan: ReplanInput | None = None
    """Set for a re-plan: its roster becomes a proposal, not a version."""


@dataclass(frozen=True, kw_only=True)
class BuildOutput:
    summary: dict[str, Any]
    explanation: str
    roster: Roster | None


def _die_with_parent() -> None:
    """Linux: end this process when its parent ends (the server, through the fork server)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def run_build(build: BuildInput, conn: Connection) -> None:
    """The worker process: solve, sending ("progress", Progress) and then ("done", BuildOutput)."""
    _die_with_parent()
    from scheduler.replan import make_replan
    from scheduler.rostering import make_roster

    def progress(progress: solver.Progress) -> None:
        conn.send(("progress", progress))

    try:
        if build.replan is not None:
            outcome = make_replan(
                build.team,
                build.replan.published,
                build.replan.start,
                previous=build.previous,
                params=build.params,
                on_progress=progress,
            ).outcome
        else:
            outcome = make_roster(
                build.team,
                build.month,
                previous=build.previous,
                params=build.params,
                on_progress=progress,
            )
        conn.send(
            (
                "done",
                BuildOutput(
                    summary=outcome.summary,
                    explanation=outcome.explanation,
                    roster=outcome.roster,
                ),
            )
        )
    except Exception:
        conn.send(("error", traceback.format_exc(limit=8)))
    finally:
        conn.close()


@dataclass
class _Running:
    cancel: threading.Event


class JobRunner:
    """Runs at most ``max_builds`` builds at once; later ones wait in the queue."""

    def __init__(self, store: Store, *, max_builds: int) -> None:
        self.store = store
        self.max_builds = max_builds
        self._pool: ThreadPoolExecutor | None = None
        self._running: dict[int, _Running] = {}
        self._lock = threading.Lock()
        self._closed = False

    def _executor(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.max_builds, thread_name_prefix="build")
            return self._pool

    def submit(self, job: JobRecord, build: BuildInput) -> None:
        with self._lock:
            if self._closed:
                raise RuntimeError("the server is stopping")
            self._running[job.id] = _Running(cancel=threading.Event())
        self._executor().submit(self._run, job.id, build)

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

    def _run(self, job_id: int, build: BuildInput) -> None:
        with self._lock:
            cancel = self._running[job_id].cancel
        try:
            if cancel.is_set() or not self.store.update_job(
                job_id, only_active=True, state=RUNNING, started_at=now()
            ):
                return
            self._watch(job_id, build, cancel)
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

    def _watch(self, job_id: int, build: BuildInput, cancel: threading.Event) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=run_build, args=(build, sender), daemon=True)
        process.start()
        sender.close()
        started = time.monotonic()
        deadline = started + build.params.time_limit_s + GRACE_S
        last_write = started
        latest: solver.Progress | None = None
        try:
            while True:
                if cancel.is_set():
                    return
                if time.monotonic() > deadline:
                    self._fail(job_id, "The build overran its time limit and was stopped.")
                    return
                if not receiver.poll(0.2):
                    if not process.is_alive() and not receiver.poll(0):
                        self._fail(job_id, "The build process ended without a result.")
                        return
                    if latest is None and time.monotonic() - last_write >= 1.0:
                        # No solution yet: the page still shows the time going by.
                        elapsed = round(time.monotonic() - started, 1)
                        self.store.update_job(job_id, only_active=True, elapsed_s=elapsed)
                        last_write = time.monotonic()
                    continue
                try:
                    kind, payload = receiver.recv()
                except EOFError:
                    self._fail(job_id, "The build process ended without a result.")
                    return
                if kind == "progress":
                    latest = payload
                    if time.monotonic() - last_write >= PROGRESS_EVERY_S:
                        self._progress(job_id, latest)
                        last_write = time.monotonic()
                elif kind == "error":
                    log.error("build %s raised:\n%s", job_id, payload)
                    self._fail(job_id, "The build failed unexpectedly; see the server log.")
                    return
                else:
                    if latest is not None:
                        self._progress(job_id, latest)
                    self._finish(job_id, build, payload)
                    return
        finally:
            if process.is_alive():
                process.kill()
            process.join(5)
            receiver.close()

    def _progress(self, job_id: int, progress: solver.Progress) -> None:
        self.store.update_job(
            job_id,
            only_active=True,
            elapsed_s=round(progress.elapsed, 2),
            solutions=progress.solutions,
            objective=progress.objective,
            bound=None if math.isnan(progress.bound) else progress.bound,
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
        message = "\n".join(["Needs nobody can meet (part of the shortfall):", *unstaffable])
        self.store.update_job(
            job_id, elapsed_s=summary.get("wall_seconds"), message=message if unstaffable else ""
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
            )
            return
        self.store.add_roster(
            team_id=job.team_id,
            input_id=job.input_id,
            roster=output.roster,
            summary=summary,
            job_id=job_id,
            previous_version=job.previous_version,
        )
