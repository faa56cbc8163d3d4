"""Refused form input shows its form again, with the problems (HTTP 422).

A page handler names the page to show around the calls that may refuse its input
(``with refused_shows(...)``); one exception handler (see ``scheduler.web.errors``) renders it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from fastapi import Response

from scheduler.team.errors import InputError, InputErrors

ShowForm = Callable[[Sequence[InputError]], Response]
"""The form page again, given the problems; it answers 422."""


class FormRefused(Exception):
    """A page's form input was refused; ``show(errors)`` is the page to answer with."""

    def __init__(self, errors: Sequence[InputError], show: ShowForm) -> None:
        super().__init__(*errors)
        self.errors = errors
        self.show = show


@contextmanager
def refused_shows(show: ShowForm) -> Iterator[None]:
    """Inside the block, refused input (``InputErrors``) answers with ``show(errors)``."""
    try:
        yield
    except InputErrors as refused:
        raise FormRefused(refused.errors, show) from refused
