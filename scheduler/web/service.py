"""What the pages and the JSON API do, written once: both call these functions."""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import solver
from scheduler.demand.erlang import CONCURRENCY_FACTORS, ConcurrencyMethod, ServiceTarget, Workload
from scheduler.demand.erlang_calculator import CalculatorAnswer, CalculatorInput, calculate
from scheduler.demand.folder import DemandFolder, read_demand_folder
from scheduler.demand.forecast import Forecast, forecast_origin, forecast_team
from scheduler.demand.history import HISTORY_CSV
from scheduler.demand.month import folder_calendars
from scheduler.demand.staffing import (
    ShiftNeed,
    demand_days,
    merged_requirements,
    requirements_csv,
    requirements_of,
    staff_team,
)
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.page import PeakPage
from scheduler.peak.scenarios import event_window, scenarios_from
from scheduler.peak.settings import PeakSettings, read_peak_settings
from scheduler.roster.coverage import CoverageRow, compute_coverage
from scheduler.roster.model import Change, Roster, roster_changes
from scheduler.roster.page import RosterPage
from scheduler.roster.replan import check_published
from scheduler.team.calendar import Month
from scheduler.team.csv_table import not_text_message
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.files import (
    DEMAND_FILES,
    STORED_FILES,
    TEAM_FILES,
    TeamTexts,
    decode_upload,
    file_name_of,
    merge,
    read_team_texts,
    written_folder,
)
from scheduler.team.folder import LEAVE_CSV, REQUIREMENTS_CSV, SHOPS_CSV, TEAM_TOML, parse_date
from scheduler.team.model import Team
from scheduler.team.workbook import read_team_workbook, sheet_label
from scheduler.web import snapshot
from scheduler.web.jobs import BuildInput, JobRunner, PeakInput, ReplanInput
from scheduler.web.settings import Settings
from scheduler.web.store import (
    PEAK,
    REPLAN,
    JobRecord,
    PeakPlanRecord,
    ProposalRecord,
    RosterRecord,
    Store,
    TeamRecord,
)


class NotFound(Exception):
    """No such team, roster, agent, shop, job or example (HTTP 404)."""


class Busy(Exception):
    """Too many builds are waiting (HTTP 429)."""


@dataclass(frozen=True, kw_only=True)
class Upload:
    """An uploaded file: the name the browser gave (used only to recognise it) and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, kw_only=True)
class Absence:
    """An agent away from ``start`` to ``end`` (both included), recorded as leave."""

    agent_id: str
    start: date
    end: date
    kind: str = "sick"

    def __str__(self) -> str:
        kind = f" ({self.kind})" if self.kind else ""
        return f"{self.agent_id} {self.start}..{self.end}{kind}"


@dataclass(frozen=True, kw_only=True)
class TeamView:
    record: TeamRecord
    team: Team


@dataclass(frozen=True, kw_only=True)
class RosterView:
    team_record: TeamRecord
    record: RosterRecord
    team: Team
    roster: Roster
    coverage: list[CoverageRow]


def parse_method(text: str | None, default: StaffMethod) -> StaffMethod:
    """A staffing method from a request (empty: ``default``); a 422 naming the field."""
    if not text:
        return default
    try:
        return StaffMethod(text)
    except ValueError:
        names = ", ".join(str(m) for m in StaffMethod)
        raise InputErrors([InputError("method", None, f"must be one of {names}")]) from None


def parse_month(text: str) -> Month:
    """A month from a request; a 422 naming the field when it is not YYYY-MM."""
    try:
        return Month.parse(text)
    except ValueError as exc:
        raise InputErrors([InputError("month", None, str(exc))]) from None


# Teams


def team_view(store: Store, team_id: int) -> TeamView:
    try:
        record = store.team(team_id)
    except KeyError:
        raise NotFound(f"There is no team {team_id}.") from None
    return TeamView(record=record, team=store.input_team(record.input_id))


def team_texts(store: Store, team_id: int) -> dict[str, str]:
    return store.input_texts(team_view(store, team_id).record.input_id)


def upload_limit(name: str, settings: Settings) -> int:
    """The most bytes an uploaded file of this name may have (history.csv may be larger)."""
    if file_name_of(name) == HISTORY_CSV:
        return settings.max_history_bytes
    return settings.max_upload_bytes


def texts_from_uploads(uploads: Sequence[Upload], settings: Settings) -> tuple[dict[str, str], str]:
    """The team files in some uploaded files (CSV/TOML files, or one .xlsx workbook).

    Returns the texts and, for a workbook, its name (to label problems by sheet).

    Raises
    ------
    InputErrors
        For an unknown, empty or too large file, or an unreadable workbook.
    """
    errors: list[InputError] = []
    texts: dict[str, str] = {}
    workbook = ""
    uploads = [u for u in uploads if u.name or u.data]
    if not uploads:
        raise_if_any([InputError("upload", None, "no file was chosen")])
    for upload in uploads:
        label = upload.name.replace("\\", "/").rsplit("/", 1)[-1] or "upload"
        max_bytes = upload_limit(upload.name, settings)
        if len(upload.data) > max_bytes:
            errors.append(InputError(label, None, f"file is larger than {max_bytes} bytes"))
            continue
        if label.lower().endswith(".xlsx"):
            if len(uploads) > 1:
                errors.append(InputError(label, None, "upload a workbook alone, not with files"))
                continue
            workbook = label
            texts = read_team_workbook(upload.data, label)
            continue
        name = file_name_of(upload.name)
        if name is None:
            expected = ", ".join(STORED_FILES)
            errors.append(InputError(label, None, f"not a team file; expected {expected} or .xlsx"))
            continue
        try:
            texts[name] = decode_upload(name, upload.data)
        except UnicodeDecodeError as exc:
            errors.append(InputError(name, None, not_text_message(exc)))
    raise_if_any(errors)
    return texts, workbook


def check_team(texts: TeamTexts, workbook: str = "") -> Team:
    """Read the team from its files; problems in a workbook's sheets are named by sheet."""
    try:
        return read_team_texts(texts)
    except InputErrors as refused:
        if not workbook:
            raise
        raise InputErrors(
            [
                InputError(sheet_label(workbook, e.file), e.line, e.message)
                if e.file in TEAM_FILES
                else e
                for e in refused.errors
            ]
        ) from None


# Files whose change may make a stored history.csv or events.csv wrong (shop ids, [staffing]).
DEMAND_INPUTS = frozenset({*DEMAND_FILES, SHOPS_CSV, TEAM_TOML})


def check_demand(texts: TeamTexts, changed: Iterable[str]) -> None:
    """Check history.csv, events.csv and [staffing] as the demand commands read them, when
    the team has any of those files and a change could affect them (a leave edit cannot).

    Raises
    ------
    InputErrors
        Every problem, as file:line: message.
    """
    if not any(n in texts for n in DEMAND_FILES) or not DEMAND_INPUTS.intersection(changed):
        return
    with written_folder(texts) as folder:
        read_demand_folder(folder, history=False)


def create_team(store: Store, uploads: Sequence[Upload], settings: Settings) -> TeamRecord:
    texts, workbook = texts_from_uploads(uploads, settings)
    team = check_team(texts, workbook)
    check_demand(texts, texts)
    return store.create_team(texts, team, "workbook" if workbook else "upload")


def replace_files(
    store: Store, team_id: int, uploads: Sequence[Upload], settings: Settings
) -> TeamRecord:
    """Replace some of a team's files; checked whole first, nothing stored if any problem."""
    current = team_texts(store, team_id)
    given, workbook = texts_from_uploads(uploads, settings)
    texts = merge(current, given)
    team = check_team(texts, workbook)
    check_demand(texts, given)
    return store.add_input(team_id, texts, team, "workbook" if workbook else "upload")


def save_file(store: Store, team_id: int, name: str, text: str, source: str = "edit") -> TeamRecord:
    if name not in STORED_FILES:
        raise NotFound(f"{name} is not a team file.")
    texts = merge(team_texts(store, team_id), {name: text.replace("\r\n", "\n")})
    team = read_team_texts(texts)
    check_demand(texts, [name])
    return store.add_input(team_id, texts, team, source)


LEAVE_HEADER = "agent_id,start,end,kind\n"


def add_leave(
    store: Store, team_id: int, agent_id: str, start: date, end: date, kind: str
) -> TeamRecord:
    """Append one leave row to leave.csv (checked like any edit)."""
    current = team_texts(store, team_id).get(LEAVE_CSV, "") or LEAVE_HEADER
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([agent_id, start, end, kind])
    text = current if current.endswith("\n") else current + "\n"
    return save_file(store, team_id, LEAVE_CSV, text + out.getvalue())


def remove_leave(store: Store, team_id: int, agent_id: str, start: date, end: date) -> TeamRecord:
    """Remove the first leave row for this agent and these dates."""
    text = team_texts(store, team_id).get(LEAVE_CSV, "")
    lines = text.splitlines(keepends=True)
    for number, line in enumerate(lines):
        cells = next(csv.reader([line]), [])
        if number == 0 or len(cells) < 3:
            continue
        try:
            same = cells[0].strip() == agent_id and (
                parse_date(cells[1]),
                parse_date(cells[2]),
            ) == (start, end)
        except ValueError:
            continue
        if same:
            return save_file(
                store, team_id, LEAVE_CSV, "".join(lines[:number] + lines[number + 1 :])
            )
    raise NotFound(f"No leave for {agent_id} from {start} to {end}.")


def example_names(settings: Settings) -> list[str]:
    folder = settings.examples_dir
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if (p / "team.toml").is_file())


def load_example(store: Store, settings: Settings, name: str) -> TeamRecord:
    # The name only selects among the folders listed; it is never joined into a path.
    found = {n: settings.examples_dir / n for n in example_names(settings)}
    if name not in found:
        raise NotFound(f"There is no example {name!r}.")
    folder: Path = found[name]
    texts = {
        n: (folder / n).read_text(encoding="utf-8-sig")
        for n in STORED_FILES
        if (folder / n).is_file()
    }
    return store.create_team(texts, read_team_texts(texts), "example")


# Rosters


def roster_view(store: Store, team_id: int, version: int) -> RosterView:
    team_record = team_view(store, team_id).record
    try:
        record = store.roster(team_id, version)
    except KeyError:
        raise NotFound(f"Team {team_id} has no roster version {version}.") from None
    team = store.input_team(record.input_id)
    roster = store.roster_value(record)
    coverage = store.derived(("coverage", record.id), lambda: compute_coverage(team, roster))
    return RosterView(
        team_record=team_record, record=record, team=team, roster=roster, coverage=coverage
    )


def roster_page(store: Store, view: RosterView, lang: str) -> RosterPage:
    """The roster page context of a stored version (built once per language)."""
    page: RosterPage = store.derived(
        ("roster-page", view.record.id, lang),
        lambda: RosterPage.from_roster(
            view.team, view.roster, view.coverage, view.record.summary, lang=lang
        ),
    )
    return page


def restrict_to_team(roster: Roster, team: Team) -> Roster:
    """The roster of the team's agents only (last month's leavers dropped), as --previous does."""
    keep = {a.agent_id for a in team.agents}
    agent_ids = tuple(a for a in roster.agent_ids if a in keep)
    return Roster(
        month=roster.month,
        entries={k: v for k, v in roster.entries.items() if k[0] in keep},
        assignments={a: s for a, s in roster.assignments.items() if a in keep},
        agent_ids=agent_ids,
    )


def previous_roster(
    store: Store, team_id: int, team: Team, month: Month, previous: str | int
) -> tuple[int | None, Roster | None]:
    """The roster version that feeds ``month``'s build: "auto" is the newest of the month before.

    Raises
    ------
    InputErrors
        When a version is named that is not the roster of the month before.
    """
    if previous == "none":
        return None, None
    if previous == "auto":
        found = store.rosters(team_id, month.previous())
        if not found:
            return None, None
        record = found[0]
    else:
        try:
            record = store.roster(team_id, int(previous))
        except (KeyError, ValueError):
            raise_if_any([InputError("previous", None, f"there is no roster version {previous}")])
            raise AssertionError from None  # unreachable
        if record.month != month.previous():
            raise_if_any(
                [
                    InputError(
                        "previous",
                        None,
                        f"version {record.version} is the roster of {record.month}, "
                        f"expected {month.previous()}",
                    )
                ]
            )
    return record.version, restrict_to_team(store.roster_value(record), team)


def start_build(
    store: Store,
    runner: JobRunner,
    settings: Settings,
    team_id: int,
    month: Month,
    time_limit_s: float,
    previous: str | int = "auto",
) -> JobRecord:
    view = team_view(store, team_id)
    if math.isnan(time_limit_s):
        raise InputErrors([InputError("time_limit_s", None, "must be a number of seconds")])
    if runner.pending() >= settings.max_builds + settings.max_queued:
        raise Busy("Too many builds are running or waiting; try again when one has finished.")
    version, roster = previous_roster(store, team_id, view.team, month, previous)
    limit = min(max(time_limit_s, 1.0), settings.max_time_limit_s)
    job = store.add_job(
        team_id=team_id,
        input_id=view.record.input_id,
        month=month,
        time_limit_s=limit,
        previous_version=version,
    )
    params = solver.SolveParams(
        time_limit_s=limit, num_workers=settings.build_workers, seed=settings.seed
    )
    runner.submit(job, BuildInput(team=view.team, month=month, previous=roster, params=params))
    return job


# Re-plans: an absence, a proposal against the published version, a new version on accept


@dataclass(frozen=True, kw_only=True)
class ProposalView:
    record: ProposalRecord
    team: Team
    roster: Roster
    coverage: list[CoverageRow]
    base: RosterView
    changes: list[Change]


def start_replan(
    store: Store,
    runner: JobRunner,
    settings: Settings,
    team_id: int,
    version: int,
    absence: Absence,
    time_limit_s: float,
) -> JobRecord:
    """Record an agent's absence as leave, then re-plan ``version`` from its first day.

    The result is a proposal (``proposal_view``) until it is accepted as a new version.

    Raises
    ------
    InputErrors
        For dates outside the roster's month or an agent not in the roster.
    """
    base = roster_view(store, team_id, version)
    month = base.record.month
    errors = []
    if absence.agent_id not in base.roster.agent_ids:
        errors.append(InputError("agent_id", None, f"{absence.agent_id} is not in v{version}"))
    for name, day in (("start", absence.start), ("end", absence.end)):
        if not month.first <= day <= month.last:
            errors.append(InputError(name, None, f"{day} is not in v{version}'s month {month}"))
    if absence.end < absence.start:
        errors.append(InputError("end", None, f"{absence.end} is before {absence.start}"))
    raise_if_any(errors)
    if runner.pending() >= settings.max_builds + settings.max_queued:
        raise Busy("Too many builds are running or waiting; try again when one has finished.")
    record = add_leave(store, team_id, absence.agent_id, absence.start, absence.end, absence.kind)
    team = store.input_team(record.input_id)
    published = restrict_to_team(base.roster, team)
    check_published(team, published, absence.start)
    previous = None
    if base.record.previous_version is not None:
        previous_record = store.roster(team_id, base.record.previous_version)
        previous = restrict_to_team(store.roster_value(previous_record), team)
    limit = min(max(time_limit_s, 1.0), settings.max_time_limit_s)
    job = store.add_job(
        team_id=team_id,
        input_id=record.input_id,
        month=month,
        time_limit_s=limit,
        previous_version=base.record.previous_version,
        kind=REPLAN,
    )
    params = solver.SolveParams(
        time_limit_s=limit, num_workers=settings.build_workers, seed=settings.seed
    )
    replan = ReplanInput(
        published=published, base_version=version, start=absence.start, absence=str(absence)
    )
    runner.submit(
        job,
        BuildInput(team=team, month=month, previous=previous, params=params, replan=replan),
    )
    return job


def proposal_view(store: Store, team_id: int, proposal_id: int) -> ProposalView:
    team_view(store, team_id)
    try:
        record = store.proposal(team_id, proposal_id)
    except KeyError:
        raise NotFound(f"Team {team_id} has no proposal {proposal_id}.") from None
    team = store.input_team(record.input_id)
    roster = store.proposal_roster(record)
    base = roster_view(store, team_id, record.base_version)
    coverage = store.derived(
        ("proposal-coverage", record.id), lambda: compute_coverage(team, roster)
    )
    changes = roster_changes(base.roster, roster)
    return ProposalView(
        record=record, team=team, roster=roster, coverage=coverage, base=base, changes=changes
    )


def accept_proposal(store: Store, team_id: int, proposal_id: int) -> RosterRecord:
    """The proposal as the team's next roster version (the same version if accepted before)."""
    proposal_view(store, team_id, proposal_id)
    return store.accept_proposal(team_id, proposal_id)


def stop_job(store: Store, runner: JobRunner, team_id: int, job_id: int) -> JobRecord:
    """End a build early and keep its best roster; a peak plan, which cannot stop with a
    partial plan, is cancelled."""
    job = job_of(store, team_id, job_id)
    if job.kind == PEAK:
        runner.cancel(job_id)
    else:
        runner.stop(job_id)
    return job_of(store, team_id, job_id)


def job_of(store: Store, team_id: int, job_id: int) -> JobRecord:
    try:
        return store.job(job_id, team_id)
    except KeyError:
        raise NotFound(f"Team {team_id} has no build {job_id}.") from None


def default_month(team: Team, built: Sequence[Month], today: date) -> Month:
    """The month a build form proposes: the first month with requirements and no roster yet,
    else the month after the newest roster, else next month."""
    months = sorted({Month(r.date.year, r.date.month) for r in team.requirements})
    for month in months:
        if month not in built:
            return month
    if built:
        return max(built).next()
    return Month(today.year, today.month).next()


# The Erlang calculator (scheduler erlang)

# Beyond this the answer takes long to search and no chat queue is this large.
MAX_TRAFFIC_ERLANGS = 2000.0
# Each figure of the calculator: (lowest, highest) accepted, in the CLI's units.
ERLANG_BOUNDS: dict[str, tuple[float, float]] = {
    "volume": (0, 100_000),
    "interval": (1, 1440),
    "aht": (1, 7200),
    "target": (0.001, 0.999),
    "within": (0, 3600),
    "patience": (1, 7200),
    "concurrency": (1, 10),
    "shrinkage": (0, 0.95),
    "max_occupancy": (0.01, 1),
    "max_abandon": (0.001, 1),
}


@dataclass(frozen=True, kw_only=True)
class ErlangRequest:
    """The calculator's figures in the units of ``scheduler erlang``'s options."""

    volume: float
    aht: float
    interval: float = 30
    target: float = 0.8
    within: float = 20
    patience: float | None = None
    concurrency: int = 1
    concurrency_method: ConcurrencyMethod = ConcurrencyMethod.SLOTS
    shrinkage: float = 0.0
    max_occupancy: float = 0.85
    max_abandon: float = 0.05


def calculator_input(request: ErlangRequest) -> CalculatorInput:
    """The calculator's input, checked as ``scheduler erlang`` checks its options.

    Raises
    ------
    InputErrors
        Each figure out of range, named by its field.
    """
    errors = []
    for name, (low, high) in ERLANG_BOUNDS.items():
        value = getattr(request, name)
        if value is not None and not low <= value <= high:
            errors.append(InputError(name, None, f"must be from {low:g} to {high:g}"))
    method = request.concurrency_method
    if method == ConcurrencyMethod.FACTOR and request.concurrency > max(CONCURRENCY_FACTORS):
        errors.append(
            InputError(
                "concurrency",
                None,
                f"the factor method knows 1 to {max(CONCURRENCY_FACTORS)} chats at once",
            )
        )
    raise_if_any(errors)
    workload = Workload(volume=request.volume, interval_s=request.interval * 60, aht_s=request.aht)
    if workload.traffic > MAX_TRAFFIC_ERLANGS:
        raise_if_any(
            [
                InputError(
                    "volume",
                    None,
                    f"{workload.traffic:.0f} erlangs (volume × handle time ÷ interval) is more "
                    f"than the calculator takes ({MAX_TRAFFIC_ERLANGS:g}); split the queue",
                )
            ]
        )
    try:
        return CalculatorInput(
            workload=workload,
            target=ServiceTarget(
                level=request.target,
                within_s=request.within,
                max_occupancy=request.max_occupancy,
                max_abandon=request.max_abandon if request.patience is not None else 1.0,
            ),
            patience_s=request.patience,
            concurrency=request.concurrency,
            method=method,
            shrinkage=request.shrinkage,
        )
    except ValueError as exc:
        raise InputErrors([InputError("erlang", None, str(exc))]) from None


def erlang(request: ErlangRequest) -> tuple[CalculatorInput, CalculatorAnswer]:
    """Agents needed for one queue of chats, and the figures around the answer."""
    given = calculator_input(request)
    return given, calculate(given)


def erlang_by_method(given: CalculatorInput) -> dict[str, int]:
    """Agents on duty by each way of counting concurrency (when an agent runs several chats)."""
    if given.concurrency <= 1:
        return {}
    return {
        str(method): calculate(replace(given, method=method, shrinkage=0.0)).on_duty
        for method in ConcurrencyMethod
        if method != ConcurrencyMethod.FACTOR or given.concurrency <= max(CONCURRENCY_FACTORS)
    }


# Demand: the forecast of a month and the requirements it gives (scheduler forecast, staff)

# A forecast this far past the history's end says little; and further years cost time.
MAX_FORECAST_AHEAD_DAYS = 731


@dataclass(frozen=True, kw_only=True)
class DemandInputs:
    """What the demand commands read of a stored input: the folder and ``[peak]``."""

    folder: DemandFolder
    peak: PeakSettings


@dataclass(frozen=True, kw_only=True)
class ForecastView:
    team: TeamView
    folder: DemandFolder
    month: Month
    origin: date
    """The forecast uses the history before this day."""
    forecast: Forecast


def _read_demand_inputs(texts: TeamTexts) -> DemandInputs:
    if HISTORY_CSV not in texts:
        raise_if_any(
            [
                InputError(
                    HISTORY_CSV,
                    None,
                    "not given: upload the team's history.csv (date,shop_id,inquiries) to forecast",
                )
            ]
        )
    errors: list[InputError] = []
    with written_folder(texts) as path:
        folder = read_demand_folder(path, history=True)
        peak = read_peak_settings(path, errors)
    raise_if_any(errors)
    return DemandInputs(folder=replace(folder, team=replace(folder.team, folder=None)), peak=peak)


def demand_inputs(store: Store, team_id: int) -> tuple[TeamView, DemandInputs]:
    """The team's history, events, [staffing] and [peak] (read once per input version).

    Raises
    ------
    InputErrors
        When there is no history.csv, or it (or events.csv, [staffing], [peak]) is wrong.
    """
    view = team_view(store, team_id)
    input_id = view.record.input_id
    inputs: DemandInputs = store.derived(
        ("demand", input_id), lambda: _read_demand_inputs(store.input_texts(input_id))
    )
    return view, inputs


def default_forecast_month(folder: DemandFolder, today: date) -> Month:
    """The month after the history's last month (next month when there is no history)."""
    last = folder.history.last_day if folder.history else None
    start = last or today
    return Month(start.year, start.month).next()


def forecast_view(store: Store, team_id: int, month: Month) -> ForecastView:
    """The month's forecast per shop and day, as `scheduler forecast` makes it (cached per
    input version and month: it takes a second or two).

    Raises
    ------
    InputErrors
        Without a usable history.csv, or for a month far past its end.
    """
    view, inputs = demand_inputs(store, team_id)
    folder = inputs.folder
    assert folder.history is not None
    last = folder.history.last_day
    if last is not None and (month.first - last).days > MAX_FORECAST_AHEAD_DAYS:
        raise_if_any(
            [
                InputError(
                    "month",
                    None,
                    f"{month} is more than two years after the history ends ({last})",
                )
            ]
        )
    origin = forecast_origin(folder.history, month)

    def make() -> Forecast:
        assert folder.history is not None
        calendars = folder_calendars(folder, month.last)
        return forecast_team(folder.team, folder.history, calendars, month.days, origin)

    forecast: Forecast = store.derived(("forecast", view.record.input_id, str(month)), make)
    return ForecastView(team=view, folder=folder, month=month, origin=origin, forecast=forecast)


def staffing_needs(store: Store, forecast: ForecastView, method: StaffMethod) -> list[ShiftNeed]:
    """Agents per shop, day and shift the forecast needs, as `scheduler staff --method`."""

    def make() -> list[ShiftNeed]:
        result = forecast.forecast
        shops = demand_days(result.days, result.profiles, result.events)
        folder = forecast.folder
        return staff_team(folder.team, shops, forecast.month, folder.staffing, method)

    key = ("staffing", forecast.team.record.input_id, str(forecast.month), str(method))
    needs: list[ShiftNeed] = store.derived(key, make)
    return needs


def save_requirements(store: Store, team_id: int, month: Month, method: StaffMethod) -> TeamRecord:
    """The forecast's requirements for ``month`` as a new input version (other months'
    rows kept), as `scheduler staff` writes requirements.csv; earlier versions stay."""
    forecast = forecast_view(store, team_id, month)
    needs = staffing_needs(store, forecast, method)
    if not needs:
        raise_if_any([InputError("month", None, f"the forecast of {month} has no day to staff")])
    current = store.input_team(forecast.team.record.input_id)
    rows = merged_requirements(current.requirements, requirements_of(needs), month)
    return save_file(store, team_id, REQUIREMENTS_CSV, requirements_csv(rows), source="staff")


# Peak plans (scheduler peak), as background jobs


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
    if runner.pending() >= settings.max_builds + settings.max_queued:
        raise Busy("Too many jobs are running or waiting; try again when one has finished.")
    limit = min(max(request.time_limit_s, 1.0), settings.max_time_limit_s)
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
            return snapshot.loads(PeakPage, store.peak_page_json(record))
        except snapshot.SnapshotError:
            return None

    page: PeakPage | None = store.derived(("peak-page", record.id), load)
    return PeakView(team=view, record=record, page=page)


def peak_file(store: Store, team_id: int, plan_id: int, name: str) -> str:
    record = peak_view(store, team_id, plan_id).record
    try:
        return store.peak_file(record, name)
    except KeyError:
        raise NotFound(f"Peak plan {plan_id} has no file {name}.") from None


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
