"""Jobs as Ray tasks, when ``SCHEDULER_RAY_ADDRESS`` is set ("local" or a cluster's address).

A job's task runs the same worker function as a local process (``run_build``,
``run_peak``); a small Ray actor per job carries its messages back and its stop request
there. "Cancel" ends the task (``ray.cancel(force=True)``), so nothing is saved. Ray is
imported only here, and connected on the first job.
"""

from __future__ import annotations

import importlib.util
import threading
import time
from collections import deque
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

LOCAL = "local"
# A worker asks whether to stop at most this often (the solver polls far more often).
STOP_POLL_S = 0.2


class Channel:
    """The Ray actor between a job's task and the server: messages one way, stop the other."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, Any]] = []
        self.stop = False

    def send(self, message: tuple[str, Any]) -> None:
        self.messages.append(message)

    def take(self) -> list[tuple[str, Any]]:
        taken, self.messages = self.messages, []
        return taken

    def request_stop(self) -> None:
        self.stop = True

    def stop_requested(self) -> bool:
        return self.stop


class ChannelConn:
    """The task's side, as a pipe's sending end: each message is in the channel on return."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel

    def send(self, message: tuple[str, Any]) -> None:
        import ray

        ray.get(self.channel.send.remote(message))

    def close(self) -> None:
        pass


class ChannelStop:
    """The task's side of "Stop", as an event's ``is_set``."""

    def __init__(self, channel: Any) -> None:
        self.channel = channel
        self._asked = 0.0
        self._set = False

    def is_set(self) -> bool:
        import ray

        if not self._set and time.monotonic() - self._asked >= STOP_POLL_S:
            self._set = ray.get(self.channel.stop_requested.remote())
            self._asked = time.monotonic()
        return self._set


def run_job(target: Callable[..., None], work: Any, channel: Any) -> None:
    """The Ray task: the worker function, talking through ``channel``."""
    target(work, ChannelConn(channel), ChannelStop(channel))


class RayJob:
    """A job's task on Ray, and its channel."""

    def __init__(self, ray: Any, task: Any, channel_actor: Any, target: Any, work: Any) -> None:
        self._ray = ray
        self._channel = channel_actor.remote()
        self._ref = task.remote(target, work, self._channel)
        self._inbox: deque[tuple[str, Any]] = deque()

    def poll(self, timeout: float) -> bool:
        if not self._inbox:
            self._take()
        if not self._inbox and timeout > 0:
            # Wait for the task's end, or the timeout, then look again.
            self._ray.wait([self._ref], timeout=timeout)
            self._take()
        return bool(self._inbox)

    def _take(self) -> None:
        self._inbox.extend(self._ray.get(self._channel.take.remote()))

    def recv(self) -> tuple[str, Any]:
        if not self._inbox and not self.poll(0):
            raise EOFError("no message")
        return self._inbox.popleft()

    def alive(self) -> bool:
        ready, _ = self._ray.wait([self._ref], timeout=0)
        return not ready

    def request_stop(self) -> None:
        self._channel.request_stop.remote()

    def end(self) -> None:
        if self.alive():
            self._ray.cancel(self._ref, force=True)
        self._ray.kill(self._channel)


class RayJobs:
    """Each job a Ray task at ``address``: "local" starts Ray on this machine, on the first
    job; another address joins that cluster. ``close`` shuts down a Ray it started."""

    name = "ray"

    def __init__(self, address: str) -> None:
        if importlib.util.find_spec("ray") is None:
            raise RuntimeError(
                f"SCHEDULER_RAY_ADDRESS={address}: Ray is not installed (pip install -e '.[ray]')"
            )
        self.address = address
        self._ray: Any = None
        self._owns = False
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        with self._lock:
            return self._connect_once()

    def _connect_once(self) -> Any:
        if self._ray is None:
            import ray

            if not ray.is_initialized():
                options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
                ray.init(address=self.address, **options)
                self._owns = True
            # A job is a whole solve: it takes one CPU, and is not run twice after a lost
            # node (its progress would start over under the same job); the job fails instead.
            self._task = ray.remote(run_job).options(num_cpus=1, max_retries=0)
            self._channel = ray.remote(num_cpus=0)(Channel)
            self._ray = ray
        return self._ray

    def start(self, target: Callable[..., None], work: Any) -> RayJob:
        ray = self._connect()
        return RayJob(ray, self._task, self._channel, target, work)

    def close(self) -> None:
        with self._lock:
            if self._owns and self._ray is not None:
                self._ray.shutdown()
            self._ray, self._owns = None, False
