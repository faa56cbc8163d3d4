"""Login throttling: after 5 wrong passwords for one user within 15 minutes, wait."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


def recent(failures: Iterable[datetime], now: datetime) -> list[datetime]:
    """The failures that still count at ``now``."""
    return [f for f in failures if now - f < WINDOW]


def retry_after_s(failures: Iterable[datetime], now: datetime) -> int:
    """Seconds until the user may try again (0: now), from their failed logins' times."""
    counted = sorted(recent(failures, now))
    if len(counted) < MAX_FAILURES:
        return 0
    # The window frees a slot when the oldest of the last MAX_FAILURES failures leaves it.
    oldest = counted[-MAX_FAILURES]
    return max(1, int((oldest + WINDOW - now).total_seconds()) + 1)
