"""The agent's home (their months on a phone) and the lead's inbox of requests."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scheduler.roster.model import Change
from scheduler.roster.page import LABELS, WEEKDAYS_ZH
from scheduler.team.calendar import Month
from scheduler.web.service.accounts import Schedule
from scheduler.web.service.requests import Effect
from scheduler.web.store import AuditRecord, RequestRecord

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WORKED = ("day", "evening")


def shift_label(shift: str, lang: str) -> str:
    """早 / 晚 / 休 / 假 / 训 in Chinese, Day / Evening / Off / … in English."""
    zh, en, _ = LABELS.get(shift, (shift, shift, "other"))
    return zh if lang == "zh" else en


@dataclass(frozen=True, kw_only=True)
class DayLine:
    date: date
    weekday: str
    shift: str
    label: str
    shops: str
    today: bool
    weekend: bool


@dataclass(frozen=True, kw_only=True)
class MonthView:
    month: Month
    version: int | None
    days: tuple[DayLine, ...]
    worked: int


def month_view(month: Month, schedule: Schedule | None, today: date, lang: str) -> MonthView:
    """One month of the agent's schedule (no days when no roster of it is published)."""
    if schedule is None:
        return MonthView(month=month, version=None, days=(), worked=0)
    weekdays = WEEKDAYS_ZH if lang == "zh" else WEEKDAYS_EN
    days = tuple(
        DayLine(
            date=d.date,
            weekday=weekdays[d.date.weekday()],
            shift=d.shift,
            label=shift_label(d.shift, lang),
            shops=" · ".join(d.shops),
            today=d.date == today,
            weekend=d.date.weekday() >= 5,
        )
        for d in schedule.days
    )
    worked = sum(1 for d in schedule.days if d.shift in WORKED)
    return MonthView(month=month, version=schedule.version, days=days, worked=worked)


@dataclass(frozen=True, kw_only=True)
class RequestLine:
    id: int
    agent_id: str
    kind: str
    what: str
    state: str
    answer: str
    version: int | None
    created_at: str


def describe(record: RequestRecord) -> str:
    """A request in a few words: "2026-11-05 ⇄ A3 2026-11-05", "2026-11-20..2026-11-21"."""
    f = record.fields
    if record.kind == "swap":
        return f"{f['date']} ⇄ {f['with_agent']} {f['with_date']}"
    if record.kind == "leave":
        reason = f" ({f['reason']})" if f.get("reason") else ""
        return f"{f['start']}..{f['end']}{reason}"
    return f"{f['date']} {'off' if f.get('off') else f.get('shift')}"


def request_line(record: RequestRecord) -> RequestLine:
    return RequestLine(
        id=record.id,
        agent_id=record.agent_id,
        kind=record.kind,
        what=describe(record),
        state=record.state,
        answer=record.answer,
        version=record.version,
        created_at=record.created_at[:16].replace("T", " "),
    )


@dataclass(frozen=True, kw_only=True)
class AgentHome:
    """The agent's page: this month and next, their requests, their calendar URL."""

    agent_id: str
    team_id: int
    months: tuple[MonthView, ...]
    requests: tuple[RequestLine, ...]
    calendar_url: str
    shifts: tuple[str, ...]

    @classmethod
    def build(
        cls,
        *,
        agent_id: str,
        team_id: int,
        months: Sequence[tuple[Month, Schedule | None]],
        requests: Sequence[RequestRecord],
        calendar_url: str,
        shifts: Sequence[str],
        today: date,
        lang: str,
    ) -> AgentHome:
        return cls(
            agent_id=agent_id,
            team_id=team_id,
            months=tuple(month_view(m, s, today, lang) for m, s in months),
            requests=tuple(request_line(r) for r in requests),
            calendar_url=calendar_url,
            shifts=tuple(shifts),
        )


@dataclass(frozen=True, kw_only=True)
class CellChange:
    agent_id: str
    date: date
    before: str
    after: str


@dataclass(frozen=True, kw_only=True)
class InboxItem:
    """A pending request and what approving it would do."""

    request: RequestLine
    base_version: int | None
    changes: tuple[CellChange, ...]
    shortfall_before: float | None
    shortfall_after: float | None
    reasons: tuple[str, ...]


def cell_changes(changes: Sequence[Change]) -> tuple[CellChange, ...]:
    """The changed cells, shift or split: "A1 11-05: day TM → off"."""
    return tuple(
        CellChange(
            agent_id=c.agent_id,
            date=c.date,
            before=_entry(c.before.shift, c.before.shares),
            after=_entry(c.after.shift, c.after.shares),
        )
        for c in changes
    )


def _entry(shift: str, shares: Sequence[tuple[str, int]]) -> str:
    split = " ".join(f"{shop}{'' if pct == 100 else f' {pct}%'}" for shop, pct in shares)
    return f"{shift} {split}".strip()


@dataclass(frozen=True, kw_only=True)
class Inbox:
    team_id: int
    team_name: str
    pending: tuple[InboxItem, ...]
    decided: tuple[RequestLine, ...]
    audit: tuple[AuditRecord, ...]

    @classmethod
    def build(
        cls,
        *,
        team_id: int,
        team_name: str,
        pending: Sequence[tuple[RequestRecord, Effect]],
        decided: Sequence[RequestRecord],
        audit: Sequence[AuditRecord],
    ) -> Inbox:
        items = tuple(
            InboxItem(
                request=request_line(record),
                base_version=effect.base.version if effect.base else None,
                changes=cell_changes(effect.changes),
                shortfall_before=effect.shortfall_before,
                shortfall_after=effect.shortfall_after,
                reasons=effect.reasons,
            )
            for record, effect in pending
        )
        return cls(
            team_id=team_id,
            team_name=team_name,
            pending=items,
            decided=tuple(request_line(r) for r in decided),
            audit=tuple(audit),
        )
