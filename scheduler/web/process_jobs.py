"""Jobs in processes of this machine: each job in a process of its own (forkserver), so it
can be ended at any moment and a crash cannot take the server down; its messages come
through a pipe, a stop request through an event."""

from __future__ import annotations

import multiprocessing
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

# Modules the fork server imports once, so each job starts without importing OR-Tools.
PRELOAD = [
    "scheduler.roster.build",
    "scheduler.roster.replan",
    "scheduler.roster.fill",
    "scheduler.peak.plan",
]


class ProcessJob:
    """A job in a process of its own, its messages through a pipe."""

    def __init__(self, target: Callable[..., None], work: Any) -> None:
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        self._receiver, sender = context.Pipe(duplex=False)
        self._stop = context.Event()
        self._process = context.Process(target=target, args=(work, sender, self._stop), daemon=True)
        self._process.start()
        sender.close()

    def poll(self, timeout: float) -> bool:
        return self._receiver.poll(timeout)

    def recv(self) -> tuple[str, Any]:
        message: tuple[str, Any] = self._receiver.recv()
        return message

    def alive(self) -> bool:
        return self._process.is_alive()

    def request_stop(self) -> None:
        self._stop.set()

    def end(self) -> None:
        if self._process.is_alive():
            self._process.kill()
        self._process.join(5)
        self._receiver.close()


class ProcessJobs:
    """Each job in a process of this machine (the default)."""

    name = "process"

    def start(self, target: Callable[..., None], work: Any) -> ProcessJob:
        return ProcessJob(target, work)

    def close(self) -> None:
        pass
