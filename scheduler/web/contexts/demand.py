"""Demand pages: a month's requirements, and the forecast with the requirements it gives."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from scheduler.demand.forecast import DayForecast, Forecast
from scheduler.demand.staffing import ShiftNeed, merged_requirements, requirements_of, totals
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.page import ChartBand, nice_ceiling, phase_bands
from scheduler.team.calendar import Month, is_weekend
from scheduler.team.model import Team
from scheduler.web.contexts.shared import WEEKDAYS

# Requirements of a month


@dataclass(frozen=True, kw_only=True)
class NeedDay:
    date: date
    weekday: str
    weekend: bool
    blackout: bool
    cells: tuple[str, ...]
    """One per (shift, shop) column; "" when nothing is required."""
    total: str


@dataclass(frozen=True, kw_only=True)
class RequirementsPage:
    team_id: int
    name: str
    month: str
    months: tuple[str, ...]
    columns: tuple[tuple[str, str], ...]
    """(shift id, shop id)."""
    days: tuple[NeedDay, ...]
    column_totals: tuple[str, ...]
    total: str


def requirements_page(team_id: int, team: Team, month: Month | None) -> RequirementsPage:
    """Agents required per day, shift and shop in ``month`` (default: the first with any)."""
    months = sorted({Month(r.date.year, r.date.month) for r in team.requirements})
    if month is None:
        month = months[0] if months else None
    if month is None:
        return RequirementsPage(
            team_id=team_id,
            name=team.name,
            month="",
            months=(),
            columns=(),
            days=(),
            column_totals=(),
            total="0",
        )
    columns = tuple((s.id, p.shop_id) for s in team.shifts for p in team.shops)
    need: Mapping[tuple[date, str, str], float] = {
        (r.date, r.shift, r.shop_id): r.agents
        for r in team.requirements
        if month.first <= r.date <= month.last
    }
    days = []
    for day in month.days:
        values = [need.get((day, s, p)) for s, p in columns]
        days.append(
            NeedDay(
                date=day,
                weekday=WEEKDAYS[day.weekday()],
                weekend=is_weekend(day),
                blackout=team.in_blackout(day),
                cells=tuple("" if v is None else f"{v:g}" for v in values),
                total=f"{sum(v for v in values if v):g}",
            )
        )
    return RequirementsPage(
        team_id=team_id,
        name=team.name,
        month=str(month),
        months=tuple(str(m) for m in months),
        columns=columns,
        days=tuple(days),
        column_totals=tuple(
            f"{sum(v for (d, s, p), v in need.items() if (s, p) == col):g}" for col in columns
        ),
        total=f"{sum(need.values()):g}",
    )


# Forecast and the requirements it gives

FORECAST_CHART_WIDTH, FORECAST_CHART_HEIGHT = 760, 220
FORECAST_LEFT, FORECAST_RIGHT, FORECAST_TOP, FORECAST_BOTTOM = 48, 12, 10, 26
FORECAST_LINE_COLOUR = "#1f4e9c"
FORECAST_BAND_COLOUR = "#c9d8f5"


@dataclass(frozen=True, kw_only=True)
class ForecastRow:
    date: date
    weekday: str
    weekend: bool
    inquiries: int
    low: int
    high: int
    day_share: str
    """The day shift's share of the day, "59.6%"."""
    event: str
    """"double11 peak", or empty."""


@dataclass(frozen=True, kw_only=True)
class ShopForecast:
    shop_id: str
    name: str
    total: int
    busiest_day: date | None
    busiest: int
    event: str
    """The busiest day's event phase."""


@dataclass(frozen=True, kw_only=True)
class ForecastChart:
    """One shop's forecast per day: the line, the 80% band, the event phases shaded."""

    width: int
    height: int
    line: str
    """SVG polyline points."""
    band: str
    """SVG polygon points: high from the first day to the last, then low back."""
    phases: tuple[ChartBand, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    plot_left: int
    plot_right: int
    plot_bottom: int


@dataclass(frozen=True, kw_only=True)
class NeedTotal:
    shop_id: str
    """Empty on the team's line."""
    current: str
    """Agent-shifts the stored requirements.csv asks for this month ("–" when none)."""
    proposed: str
    busiest_shift: str


@dataclass(frozen=True, kw_only=True)
class ForecastPage:
    team_id: int
    name: str
    month: str
    previous_month: str
    next_month: str
    origin: date
    method: str
    methods: tuple[str, ...]
    warnings: tuple[str, ...]
    shops: tuple[ShopForecast, ...]
    shop: str
    """The shop whose days are shown."""
    rows: tuple[ForecastRow, ...]
    chart: ForecastChart | None
    totals: tuple[NeedTotal, ...]
    needs: RequirementsPage
    """The proposed requirements in the requirements page's grid."""


def forecast_page(
    team_id: int,
    team: Team,
    month: Month,
    forecast: Forecast,
    origin: date,
    needs: Sequence[ShiftNeed],
    *,
    method: str,
    shop: str = "",
) -> ForecastPage:
    """The month's forecast of one shop (``shop``, else the first), every shop's month, and
    the requirements ``needs`` against those stored for the month."""
    shop_ids = [s.shop_id for s in team.shops]
    shop = shop if shop in shop_ids else (shop_ids[0] if shop_ids else "")
    by_shop: dict[str, list[DayForecast]] = {}
    for day in forecast.days:
        by_shop.setdefault(day.shop_id, []).append(day)
    summaries = []
    for s in team.shops:
        days = by_shop.get(s.shop_id, [])
        top = max(days, key=lambda d: d.inquiries) if days else None
        summaries.append(
            ShopForecast(
                shop_id=s.shop_id,
                name=s.name,
                total=round(sum(d.inquiries for d in days)),
                busiest_day=top.date if top else None,
                busiest=round(top.inquiries) if top else 0,
                event=top.event if top else "",
            )
        )
    mine = sorted(by_shop.get(shop, []), key=lambda d: d.date)
    rows = tuple(
        ForecastRow(
            date=d.date,
            weekday=WEEKDAYS[d.date.weekday()],
            weekend=is_weekend(d.date),
            inquiries=round(d.inquiries),
            low=round(d.low),
            high=round(d.high),
            day_share=f"{d.day_share:.1%}",
            event=d.event,
        )
        for d in mine
    )
    proposed = team_with_needs(team, month, needs)
    current = totals(
        ShiftNeed(
            date=r.date, shift=r.shift, shop_id=r.shop_id, inquiries=0, on_duty=0, agents=r.agents
        )
        for r in team.requirements
        if month.first <= r.date <= month.last
    )
    new = totals(needs)
    return ForecastPage(
        team_id=team_id,
        name=team.name,
        month=str(month),
        previous_month=str(month.previous()),
        next_month=str(month.next()),
        origin=origin,
        method=method,
        methods=tuple(str(m) for m in StaffMethod),
        warnings=forecast.warnings,
        shops=tuple(summaries),
        shop=shop,
        rows=rows,
        chart=forecast_chart(mine) if mine else None,
        totals=tuple(
            NeedTotal(
                shop_id=key if key != "*" else "",
                current=f"{current[key].agent_shifts:g}" if key in current else "–",
                proposed=f"{new[key].agent_shifts:g}" if key in new else "–",
                busiest_shift=f"{new[key].busiest_shift:g}" if key in new else "–",
            )
            for key in [*shop_ids, "*"]
            if key in current or key in new
        ),
        needs=requirements_page(team_id, proposed, month),
    )


def team_with_needs(team: Team, month: Month, needs: Sequence[ShiftNeed]) -> Team:
    """The team with ``month``'s requirements replaced by ``needs`` (as saving them would)."""
    return replace(
        team,
        requirements=tuple(merged_requirements(team.requirements, requirements_of(needs), month)),
    )


def forecast_chart(days: Sequence[DayForecast]) -> ForecastChart:
    """Inquiries per day with the 80% interval as a band; event phases shaded."""
    top = nice_ceiling(max([d.high for d in days] + [d.inquiries for d in days] + [1]))
    plot_w = FORECAST_CHART_WIDTH - FORECAST_LEFT - FORECAST_RIGHT
    plot_h = FORECAST_CHART_HEIGHT - FORECAST_TOP - FORECAST_BOTTOM
    step = plot_w / len(days)

    def x(i: float) -> float:
        return round(FORECAST_LEFT + step * (i + 0.5), 1)

    def y(value: float) -> float:
        return round(FORECAST_TOP + plot_h * (1 - value / top), 1)

    upper = [f"{x(i)},{y(d.high)}" for i, d in enumerate(days)]
    lower = [f"{x(i)},{y(d.low)}" for i, d in reversed(list(enumerate(days)))]
    # An event is "name phase": the run is the whole event, the band is named by its phase.
    events = [(d.event, d.event.rsplit(" ", 1)[-1] if d.event else "") for d in days]
    phases = phase_bands(events, FORECAST_LEFT, step)
    return ForecastChart(
        width=FORECAST_CHART_WIDTH,
        height=FORECAST_CHART_HEIGHT,
        line=" ".join(f"{x(i)},{y(d.inquiries)}" for i, d in enumerate(days)),
        band=" ".join(upper + lower),
        phases=phases,
        y_ticks=tuple((y(top * k / 4), f"{top * k / 4:g}") for k in range(5)),
        # The first day and each Monday, but not a Monday crowding the first day's label.
        x_ticks=tuple(
            (x(i), f"{d.date:%m-%d}")
            for i, d in enumerate(days)
            if i == 0 or (d.date.weekday() == 0 and i >= 3)
        ),
        plot_left=FORECAST_LEFT,
        plot_right=FORECAST_CHART_WIDTH - FORECAST_RIGHT,
        plot_bottom=FORECAST_CHART_HEIGHT - FORECAST_BOTTOM,
    )
