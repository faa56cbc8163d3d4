"""Session and calendar tokens: random secrets, stored only as their SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

SESSION_HOURS = 12


def new_secret() -> str:
    """A random URL-safe secret (256 bits)."""
    return secrets.token_urlsafe(32)


def digest(secret: str) -> str:
    """What the database keeps of a secret: a lookup needs it, a leak of the table does not
    give a working session."""
    return hashlib.sha256(secret.encode()).hexdigest()


def expires_at(created: datetime, hours: float = SESSION_HOURS) -> datetime:
    return created + timedelta(hours=hours)


def is_expired(expires: datetime, now: datetime) -> bool:
    return now >= expires
