"""Peak plan pages: the form with the plans made so far, and one plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.files import HIRES_CSV
from scheduler.peak.page import PeakPage
from scheduler.team.errors import InputError
from scheduler.web.peak_defaults import DEFAULT_PEAK_EVENT, DEFAULT_PEAK_TIME_LIMIT_S
from scheduler.web.store import PeakPlanRecord


@dataclass(frozen=True, kw_only=True)
class PeakPlanRow:
    id: int
    event: str
    year: int
    created_at: str
    scenarios: str
    today: str


@dataclass(frozen=True, kw_only=True)
class PeakFormPage:
    """The peak plan form (with the problems of the last one sent) and the team's plans."""

    team_id: int
    name: str
    events: tuple[str, ...]
    event: str
    year: int
    methods: tuple[str, ...]
    method: str
    time_limit_s: int
    plans: tuple[PeakPlanRow, ...]
    can_plan: bool = True
    """False without a usable history.csv: ``errors`` say why, and there is no form."""
    errors: tuple[InputError, ...] = ()


def peak_plan_rows(plans: Sequence[PeakPlanRecord]) -> tuple[PeakPlanRow, ...]:
    return tuple(
        PeakPlanRow(
            id=p.id,
            event=p.event,
            year=p.year,
            created_at=p.created_at.replace("T", " ")[:16],
            scenarios=", ".join(p.request.get("scenarios", [])),
            today=str(p.request.get("today", "")),
        )
        for p in plans
    )


def peak_form_page(
    team_id: int,
    name: str,
    plans: Sequence[PeakPlanRecord],
    *,
    events: Sequence[str] = (),
    event: str = "",
    year: int,
    method: str = "",
    can_plan: bool = True,
    errors: Sequence[InputError] = (),
) -> PeakFormPage:
    """The form with the team's events (double11 first when it has it); ``event`` is the
    one proposed (default: the first)."""
    ordered = sorted(set(events), key=lambda e: (e != DEFAULT_PEAK_EVENT, e))
    proposed = event if event in ordered else (ordered[0] if ordered else DEFAULT_PEAK_EVENT)
    return PeakFormPage(
        team_id=team_id,
        name=name,
        events=tuple(ordered),
        event=proposed,
        year=year,
        methods=tuple(str(m) for m in StaffMethod),
        method=method,
        time_limit_s=DEFAULT_PEAK_TIME_LIMIT_S,
        plans=peak_plan_rows(plans),
        can_plan=can_plan,
        errors=tuple(errors),
    )


@dataclass(frozen=True, kw_only=True)
class PeakPlanPage:
    team_id: int
    team_name: str
    id: int
    event: str
    year: int
    created_at: str
    request: str
    """What was asked, in words: scenarios, today, method, time limit."""
    files: tuple[str, ...]
    """hires.csv first."""
    summary: str
    page: PeakPage | None
    """The CLI's peak page context (None: stored by an older version, plan again)."""


def peak_plan_page(record: PeakPlanRecord, team_name: str, page: PeakPage | None) -> PeakPlanPage:
    asked = record.request
    method = asked.get("method") or "from team.toml"
    return PeakPlanPage(
        team_id=record.team_id,
        team_name=team_name,
        id=record.id,
        event=record.event,
        year=record.year,
        created_at=record.created_at.replace("T", " ")[:16],
        request=(
            f"scenarios {', '.join(asked.get('scenarios', []))}; today {asked.get('today')}; "
            f"method {method}; {asked.get('time_limit_s', 0):g} s per scenario"
        ),
        files=tuple(sorted(record.file_names, key=lambda n: (n != HIRES_CSV, n))),
        summary=record.summary,
        page=page,
    )
