"""Where a batch's tasks run: a local process pool or Ray, behind one small interface.

Both take independent tasks (a key, a function, its arguments) and hand back each result
as soon as it is done, in finishing order, with the node that ran it. Ray is imported only
when asked for, so the pool works without it installed.
"""

from __future__ import annotations

import concurrent.futures
import os
import socket
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

LOCAL = "local"


@dataclass(frozen=True)
class Finished:
    """One task's end: its value, or the error that stopped it, and the node it ran on."""

    key: str
    value: Any = None
    error: str | None = None
    node: str = ""


class Executor(Protocol):
    """Submit independent tasks, then take their results as they finish."""

    name: str

    def submit(self, key: str, fn: Callable[..., Any], *args: Any) -> None: ...

    def finished(self) -> Iterator[Finished]: ...

    def close(self) -> None: ...


def short_node(node: str) -> str:
    """A node for people: Ray's 56-hex-digit ids cut to 8 digits, which tell nodes apart."""
    return node[:8] if len(node) == 56 else node


def host_name() -> str:
    return socket.gethostname()


def _run_here(fn: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    return fn(*args), host_name()


class PoolExecutor:
    """A `concurrent.futures.ProcessPoolExecutor` on this machine."""

    name = "process-pool"

    def __init__(self, workers: int | None = None) -> None:
        self.workers = workers or os.cpu_count() or 1
        self._pool = concurrent.futures.ProcessPoolExecutor(max_workers=self.workers)
        self._futures: dict[concurrent.futures.Future[tuple[Any, str]], str] = {}

    def submit(self, key: str, fn: Callable[..., Any], *args: Any) -> None:
        self._futures[self._pool.submit(_run_here, fn, *args)] = key

    def finished(self) -> Iterator[Finished]:
        for future in concurrent.futures.as_completed(list(self._futures)):
            key = self._futures.pop(future)
            try:
                value, node = future.result()
            except Exception as exc:
                yield Finished(key, error=f"{type(exc).__name__}: {exc}", node=host_name())
            else:
                yield Finished(key, value=value, node=node)

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)


# Ray re-runs a task whose worker or node died this many times; an error the task itself
# raises is not retried (it would fail again).
RAY_MAX_RETRIES = 3


class RayExecutor:
    """Tasks on Ray: ``address`` "local" starts a Ray instance on this machine, any other
    address joins that cluster; None uses the Ray already initialised in this process."""

    name = "ray"

    def __init__(
        self, address: str | None = LOCAL, *, num_cpus: int | None = None, task_cpus: float = 1
    ) -> None:
        import ray

        self._ray = ray
        self._owns = connect_ray(address, num_cpus)
        self._remote = ray.remote(_run_on_ray_node).options(
            num_cpus=task_cpus, max_retries=RAY_MAX_RETRIES
        )
        self._refs: dict[Any, str] = {}

    def submit(self, key: str, fn: Callable[..., Any], *args: Any) -> None:
        self._refs[self._remote.remote(fn, *args)] = key

    def finished(self) -> Iterator[Finished]:
        while self._refs:
            done, _ = self._ray.wait(list(self._refs), num_returns=1)
            ref = done[0]
            key = self._refs.pop(ref)
            try:
                value, node = self._ray.get(ref)
            except Exception as exc:
                yield Finished(key, error=f"{type(exc).__name__}: {exc}")
            else:
                yield Finished(key, value=value, node=node)

    def close(self) -> None:
        for ref in self._refs:
            self._ray.cancel(ref)
        self._refs.clear()
        if self._owns:
            self._ray.shutdown()


def connect_ray(address: str | None, num_cpus: int | None = None) -> bool:
    """Ray in this process: "local" starts an instance (of ``num_cpus``), another address
    joins that cluster, None (or Ray already up) uses what is there. True when this call
    started it, so the caller shuts it down."""
    import ray

    if address is None or ray.is_initialized():
        return False
    options: dict[str, Any] = {"include_dashboard": False, "log_to_driver": False}
    if address == LOCAL:
        options["num_cpus"] = num_cpus
    ray.init(address=address, **options)
    return True


class RayFutures:
    """``concurrent.futures.Executor.submit`` on Ray, for the solver's sub-solves
    (``solver.SolveParams.executor``): each call is a Ray task of one CPU, its result a
    ``Future``. ``ran_on`` lists the (node, process) of every finished task."""

    def __init__(self, address: str | None = LOCAL, *, num_cpus: int | None = None) -> None:
        import ray

        self._ray = ray
        self._owns = connect_ray(address, num_cpus)
        self._remote = ray.remote(_run_in_ray_worker).options(
            num_cpus=1, max_retries=RAY_MAX_RETRIES
        )
        self.ran_on: list[tuple[str, int]] = []

    @property
    def slots(self) -> int:
        """The cluster's CPUs: how many sub-solves can run at once."""
        resources: dict[str, float] = self._ray.cluster_resources()  # type: ignore[no-untyped-call]
        return max(1, int(resources.get("CPU", 1)))

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> concurrent.futures.Future[Any]:
        ref = self._remote.remote(fn, *args)
        outer: concurrent.futures.Future[Any] = concurrent.futures.Future()

        def settle(inner: concurrent.futures.Future[Any]) -> None:
            if outer.cancelled():
                return
            try:
                value, node = inner.result()
            except BaseException as exc:
                outer.set_exception(exc)
            else:
                self.ran_on.append(node)
                outer.set_result(value)

        def cancel(future: concurrent.futures.Future[Any]) -> None:
            if future.cancelled():
                self._ray.cancel(ref)

        outer.add_done_callback(cancel)
        ref.future().add_done_callback(settle)
        return outer

    def close(self) -> None:
        if self._owns:
            self._ray.shutdown()
            self._owns = False


def _run_on_ray_node(fn: Callable[..., Any], *args: Any) -> tuple[Any, str]:
    import ray

    return fn(*args), ray.get_runtime_context().get_node_id()


def _run_in_ray_worker(fn: Callable[..., Any], *args: Any) -> tuple[Any, tuple[str, int]]:
    import ray

    return fn(*args), (ray.get_runtime_context().get_node_id(), os.getpid())


class NoExecutor(Exception):
    """Ray was asked for but is not installed, or its cluster cannot be reached."""


def threads_per_team(cores: int, jobs: int | None, team_count: int) -> int:
    """Solver threads for each team when none are asked for: this machine's cores shared by the
    teams built at once. CP-SAT on one thread runs one search strategy only and proves much
    less, so cores a small batch would leave idle go to its teams."""
    at_once = min(jobs or cores, team_count)
    return max(1, cores // max(1, at_once))


def make_executor(ray_address: str | None, *, jobs: int | None, task_cpus: int) -> Executor:
    """The process pool without ``ray_address``, else Ray there ("local" starts one).

    Raises
    ------
    NoExecutor
        With a sentence saying what is missing.
    """
    if ray_address is None:
        return PoolExecutor(jobs)
    num_cpus = jobs * task_cpus if jobs else None
    try:
        return RayExecutor(ray_address, num_cpus=num_cpus, task_cpus=task_cpus)
    except ImportError as exc:
        raise NoExecutor("Ray is not installed: pip install -e '.[ray]'") from exc
    except ConnectionError as exc:
        raise NoExecutor(f"no Ray cluster at {ray_address}: {exc}") from exc


def make_ray_futures(ray_address: str, *, num_cpus: int | None = None) -> RayFutures:
    """The solver's sub-solves on Ray at ``ray_address`` ("local" starts one of ``num_cpus``).

    Raises
    ------
    NoExecutor
        With a sentence saying what is missing.
    """
    try:
        return RayFutures(ray_address, num_cpus=num_cpus)
    except ImportError as exc:
        raise NoExecutor("Ray is not installed: pip install -e '.[ray]'") from exc
    except ConnectionError as exc:
        raise NoExecutor(f"no Ray cluster at {ray_address}: {exc}") from exc


def run_all(
    executor: Executor, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]]
) -> list[Any]:
    """``fn(*args)`` for each of ``calls`` as tasks of ``executor``; the values in order.

    Raises
    ------
    RuntimeError
        When a task failed (after Ray's retries).
    """
    for i, args in enumerate(calls):
        executor.submit(str(i), fn, *args)
    values: dict[str, Any] = {}
    for done in executor.finished():
        if done.error is not None:
            raise RuntimeError(f"task {int(done.key) + 1} of {len(calls)}: {done.error}")
        values[done.key] = done.value
    return [values[str(i)] for i in range(len(calls))]
