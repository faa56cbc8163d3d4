"""Agents' requests (a swap, leave, a wish): what a valid one holds, and its states.

Approving one is the web service's work (it checks a swap as `scheduler swap` does and
re-plans leave as the "mark absent" re-plan does); here are the rules a request obeys alone.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

SWAP, LEAVE, WISH = "swap", "leave", "wish"
KINDS = (SWAP, LEAVE, WISH)
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
STATES = (PENDING, APPROVED, REJECTED)
MAX_REASON = 500
REQUESTS_HEADER = "agent_id,date,shift,kind,weight\n"


class RequestRefused(ValueError):
    """A request that is not valid, with the field and the problem."""


@dataclass(frozen=True, kw_only=True)
class AgentRequest:
    """One request as filed: its kind and the fields that kind needs (others are None)."""

    kind: str
    agent_id: str
    date: dt.date | None = None
    with_agent: str | None = None
    with_date: dt.date | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    reason: str = ""
    shift: str | None = None
    off: bool = False

    def fields(self) -> dict[str, Any]:
        """The request as JSON fields, the ones its kind uses."""
        if self.kind == SWAP:
            return {
                "date": str(self.date),
                "with_agent": self.with_agent,
                "with_date": str(self.with_date),
            }
        if self.kind == LEAVE:
            return {"start": str(self.start), "end": str(self.end), "reason": self.reason}
        return {"date": str(self.date), "shift": self.shift, "off": self.off}

    def days(self) -> tuple[dt.date, ...]:
        """The days the request is about."""
        if self.kind == LEAVE:
            assert self.start is not None and self.end is not None
            return (self.start, self.end)
        return tuple(d for d in (self.date, self.with_date) if d is not None)


def _day(body: Mapping[str, Any], name: str) -> dt.date:
    value = body.get(name)
    if not isinstance(value, str):
        raise RequestRefused(f"{name}: give a date as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise RequestRefused(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def parse_request(agent_id: str, body: Mapping[str, Any]) -> AgentRequest:
    """The request an agent filed; RequestRefused naming the field when it is not valid."""
    kind = body.get("kind")
    if kind == SWAP:
        with_agent = body.get("with_agent")
        if not isinstance(with_agent, str) or not with_agent.strip():
            raise RequestRefused("with_agent: name the agent to swap with")
        return AgentRequest(
            kind=SWAP,
            agent_id=agent_id,
            date=_day(body, "date"),
            with_agent=with_agent.strip(),
            with_date=_day(body, "with_date"),
        )
    if kind == LEAVE:
        start, end = _day(body, "start"), _day(body, "end")
        if end < start:
            raise RequestRefused(f"end: {end} is before start {start}")
        reason = body.get("reason") or ""
        if not isinstance(reason, str) or len(reason) > MAX_REASON:
            raise RequestRefused(f"reason: give at most {MAX_REASON} characters of text")
        return AgentRequest(kind=LEAVE, agent_id=agent_id, start=start, end=end, reason=reason)
    if kind == WISH:
        shift, off = body.get("shift"), bool(body.get("off"))
        if (shift is None) == (not off):
            raise RequestRefused('a wish names a "shift" to work, or "off": true, not both')
        if shift is not None and (not isinstance(shift, str) or not shift.strip()):
            raise RequestRefused("shift: name a shift of the team, e.g. day")
        return AgentRequest(
            kind=WISH,
            agent_id=agent_id,
            date=_day(body, "date"),
            shift=shift.strip() if shift else None,
            off=off,
        )
    raise RequestRefused(f"kind: one of {', '.join(KINDS)}, not {kind!r}")


def request_from_fields(kind: str, agent_id: str, fields: Mapping[str, Any]) -> AgentRequest:
    """A stored request back from its JSON fields."""
    return parse_request(agent_id, {"kind": kind, **fields})


def wish_row(request: AgentRequest) -> str:
    """The requests.csv row of an approved wish (weight 1, as a blank weight means)."""
    out = io.StringIO()
    kind = "off" if request.off else "on"
    csv.writer(out, lineterminator="\n").writerow(
        [request.agent_id, request.date, request.shift or "", kind, 1]
    )
    return out.getvalue()


def decidable(state: str) -> bool:
    """Only a pending request can be approved or rejected."""
    return state == PENDING
