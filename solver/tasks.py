"""Where the searches run their independent sub-solves: a thread pool of their own, or an
executor the caller passes in (``SolveParams.executor``), e.g. one whose tasks run on a
cluster. The solver only needs ``submit(fn, *args) -> Future``: ``fn`` is a module-level
function and ``args`` plain data, so an executor may pickle them to another process.
"""

from __future__ import annotations

import time
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

T = TypeVar("T")

# How often a wait for sub-solves looks at ``should_stop``.
POLL_S = 0.1


class TaskExecutor(Protocol):
    """What the searches need of an executor: ``concurrent.futures.Executor.submit``."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future[Any]: ...


@contextmanager
def executor_or_threads(executor: TaskExecutor | None, threads: int) -> Iterator[TaskExecutor]:
    """``executor`` as given (the caller owns it), else a thread pool of ``threads`` that
    is shut down on leaving without waiting for sub-solves nobody waits for any more."""
    if executor is not None:
        yield executor
        return
    pool = ThreadPoolExecutor(max_workers=max(1, threads))
    try:
        yield pool
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def results_until(
    futures: Sequence[Future[T]],
    until: float,
    should_stop: Callable[[], bool] | None = None,
) -> list[tuple[int, T]]:
    """The results of ``futures`` that finish by ``until`` (``time.monotonic()``) or before
    ``should_stop`` says so, as (position, value) in the order given; the others are
    cancelled and left out. A sub-solve's error is raised here.
    """
    pending = set(futures)
    while pending:
        remaining = until - time.monotonic()
        if remaining <= 0 or (should_stop is not None and should_stop()):
            break
        _, pending = wait(pending, timeout=min(POLL_S, remaining), return_when=FIRST_COMPLETED)
    for future in pending:
        future.cancel()
    return [(i, f.result()) for i, f in enumerate(futures) if f not in pending]
