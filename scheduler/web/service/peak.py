"""Peak plans (``scheduler peak``), as background jobs."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date

import solver
from scheduler.demand.folder import DemandFolder
from scheduler.demand.month import folder_calendars
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.page import PeakPage
from scheduler.peak.scenarios import event_window, scenarios_from
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.folder import parse_date
from scheduler.web.job_work import PeakInput
from scheduler.web.jobs import JobRunner
from scheduler.web.peak_defaults import DEFAULT_PEAK_EVENT
from scheduler.web.service.common import NotFound, clamp_time_limit, parse_method, refuse_when_busy
from scheduler.web.service.demand import DemandInputs, demand_inputs
from scheduler.web.service.teams import TeamView, team_view
from scheduler.web.settings import Settings
from scheduler.web.snapshot import SnapshotError, loads
from scheduler.web.store import PEAK, JobRecord, PeakPlanRecord, Store


@dataclass(frozen=True, kw_only=True)
class PeakRequest:
    """`scheduler peak`'s options."""

    event: str
    year: int
    scenarios: tuple[str, ...] = ()
    """Besides -20%, as forecast, +20% and +50%: "+35%", "-10%"."""
    today: date | None = None
    method: StaffMethod | None = None
    time_limit_s: float = 15.0
    """Per scenario."""


def start_peak(
    store: Store, runner: JobRunner, settings: Settings, team_id: int, request: PeakRequest
) -> JobRecord:
    """Plan the event's peak in the background, as `scheduler peak` does; the job ends
    with a stored plan (``peak_view``).

    Raises
    ------
    InputErrors
        Without a usable history.csv, for an event the team does not have that year, or
        a scenario that is not a change in percent.
    """
    view, inputs = demand_inputs(store, team_id)
    folder = inputs.folder
    errors = []
    try:
        scenarios = scenarios_from(request.scenarios)
    except ValueError as exc:
        errors.append(InputError("scenarios", None, str(exc)))
    if not 2000 <= request.year <= 2100:
        errors.append(InputError("year", None, f"{request.year} is not between 2000 and 2100"))
    if math.isnan(request.time_limit_s):
        errors.append(InputError("time_limit_s", None, "must be a number of seconds"))
    raise_if_any(errors)
    calendars = folder_calendars(folder, date(request.year, 12, 31))
    try:
        window = event_window(
            calendars.events,
            [s.shop_id for s in folder.team.shops],
            request.event,
            request.year,
            inputs.peak.lead_days,
        )
    except ValueError as exc:
        raise InputErrors([InputError("event", None, str(exc))]) from None
    refuse_when_busy(runner, settings, "jobs")
    limit = clamp_time_limit(settings, request.time_limit_s)
    job = store.add_job(
        team_id=team_id,
        input_id=view.record.input_id,
        month=Month(window.peak.year, window.peak.month),
        time_limit_s=limit * len(scenarios),
        previous_version=None,
        kind=PEAK,
        label=f"{request.event} {request.year}",
    )
    work = PeakInput(
        folder=folder,
        settings=inputs.peak,
        event=request.event,
        year=request.year,
        scenarios=scenarios,
        today=request.today or date.today(),
        method=request.method,
        params=solver.PeakParams(
            time_limit_s=limit, num_workers=settings.build_workers, seed=settings.seed
        ),
    )
    runner.submit(job, work)
    return job


@dataclass(frozen=True, kw_only=True)
class PeakView:
    team: TeamView
    record: PeakPlanRecord
    page: PeakPage | None
    """None when the plan was stored by a version whose page no longer reads back."""


def peak_view(store: Store, team_id: int, plan_id: int) -> PeakView:
    view = team_view(store, team_id)
    try:
        record = store.peak_plan(team_id, plan_id)
    except KeyError:
        raise NotFound(f"Team {team_id} has no peak plan {plan_id}.") from None

    def load() -> PeakPage | None:
        try:
            return loads(PeakPage, store.peak_page_json(record))
        except SnapshotError:
            return None

    page: PeakPage | None = store.derived(("peak-page", record.id), load)
    return PeakView(team=view, record=record, page=page)


def peak_file(store: Store, team_id: int, plan_id: int, name: str) -> str:
    record = peak_view(store, team_id, plan_id).record
    try:
        return store.peak_file(record, name)
    except KeyError:
        raise NotFound(f"Peak plan {plan_id} has no file {name}.") from None


def next_peak(folder: DemandFolder, today: date) -> tuple[str, int]:
    """The event and year a peak form proposes: the next Double 11 whose peak is after
    ``today`` when the team has Double 11, else the team's next event of any name."""
    calendars = folder_calendars(folder, date(today.year + 1, 12, 31))
    upcoming = [o for o in calendars.events.occurrences if o.peak_day > today]
    preferred = [o for o in upcoming if o.name == DEFAULT_PEAK_EVENT] or upcoming
    if not preferred:
        return DEFAULT_PEAK_EVENT, today.year + 1
    first = min(preferred, key=lambda o: o.peak_day)
    return first.name, first.year


def known_events(inputs: DemandInputs, year: int) -> list[str]:
    """The events the team's calendar has in ``year`` (built-in ones and events.csv's)."""
    calendars = folder_calendars(inputs.folder, date(year, 12, 31))
    return sorted({o.name for o in calendars.events.occurrences if o.year == year})


def parse_peak_form(
    event: str, year: str, scenarios: str, today: str, method: str, time_limit_s: str
) -> PeakRequest:
    """The peak form's fields; every problem named by its field.

    Raises
    ------
    InputErrors
        For a year, day, method or time limit that does not read.
    """
    errors = []
    the_year = 0
    try:
        the_year = int(year)
    except ValueError:
        errors.append(InputError("year", None, f"{year[:20]!r} is not a year"))
    day = None
    if today.strip():
        try:
            day = parse_date(today)
        except ValueError as exc:
            errors.append(InputError("today", None, str(exc)))
    chosen = None
    try:
        chosen = parse_method(method, StaffMethod.RULE) if method else None
    except InputErrors as refused:
        errors += refused.errors
    limit = 0.0
    try:
        limit = float(time_limit_s)
    except ValueError:
        errors.append(InputError("time_limit_s", None, "must be a number of seconds"))
    raise_if_any(errors)
    return PeakRequest(
        event=event.strip(),
        year=the_year,
        scenarios=tuple(t for t in re.split(r"[,\s]+", scenarios) if t),
        today=day,
        method=chosen,
        time_limit_s=limit,
    )
