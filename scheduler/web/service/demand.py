"""Demand: the forecast of a month and the requirements it gives (``scheduler forecast``,
``scheduler staff``)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date

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
from scheduler.peak.settings import PeakSettings, read_peak_settings
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.files import TeamTexts, written_folder
from scheduler.team.folder import REQUIREMENTS_CSV
from scheduler.web.service.teams import TeamView, save_file, team_view
from scheduler.web.store import Store, TeamRecord

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
