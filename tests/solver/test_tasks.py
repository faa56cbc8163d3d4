"""Waiting for sub-solves that run elsewhere: up to a time, or a stop, never for a lost one."""

import time
from concurrent.futures import Future

from solver.search import blocks
from solver.tasks import results_until
from tests.solver.helpers import two_shop_problem


def done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


class LostWorkers:
    """An executor whose tasks never come back, as on a node that is gone."""

    def __init__(self) -> None:
        self.futures: list[Future] = []

    def submit(self, fn, /, *args) -> Future:
        self.futures.append(Future())
        return self.futures[-1]


def test_results_that_do_not_come_by_the_time_are_left_out_and_cancelled():
    never: Future = Future()
    found = results_until([done("a"), never, done("c")], time.monotonic() + 0.3)
    assert found == [(0, "a"), (2, "c")]
    assert never.cancelled()


def test_a_stop_ends_the_wait_at_once():
    never: Future = Future()
    started = time.monotonic()
    assert results_until([never], started + 60, should_stop=lambda: True) == []
    assert time.monotonic() - started < 1


def test_a_first_roster_does_not_wait_past_its_deadline_for_lost_workers(monkeypatch):
    monkeypatch.setattr(blocks, "LATE_S", 0.2)
    lost = LostWorkers()
    started = time.monotonic()
    current = blocks.construct(two_shop_problem(), started + 0.5, 0, None, 2, lost)
    assert time.monotonic() - started < 3
    assert lost.futures and all(f.cancelled() for f in lost.futures)
    # Nobody placed: the roster is partial, and the search goes on to the full model.
    assert not current.complete
