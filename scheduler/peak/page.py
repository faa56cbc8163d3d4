"""The peak plan's page: chart of required vs available agents, hiring calendar, costs."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from scheduler.i18n import HTML_LANG, translator
from scheduler.peak.files import main_plan
from scheduler.peak.plan import Hire, PeakOutcome, ScenarioPlan
from scheduler.roster.page import environment

CHART_WIDTH, CHART_HEIGHT = 920, 280
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 48, 12, 12, 28
# One colour per scenario, smallest volume first; more scenarios reuse the last.
SCENARIO_COLOURS = ("#7fa7d9", "#1f4e9c", "#c0504d", "#7b1e1e", "#e08a00", "#6a3d9a")
AVAILABLE_COLOUR = "#444444"
PLANNED_COLOUR = "#2e8b57"
PHASE_COLOURS = {
    "presale": "#fff4c2",
    "balance": "#ffe0b3",
    "peak": "#f7b6b6",
    "aftersale": "#d9e8f7",
}


@dataclass(frozen=True, kw_only=True)
class ChartLine:
    label: str
    colour: str
    points: str
    """SVG polyline points, "x,y x,y …"."""
    dashed: bool = False


@dataclass(frozen=True, kw_only=True)
class ChartBand:
    """A shaded span of days: one phase of the event."""

    x: float
    width: float
    colour: str
    label: str


@dataclass(frozen=True, kw_only=True)
class Chart:
    width: int
    height: int
    lines: tuple[ChartLine, ...]
    bands: tuple[ChartBand, ...]
    y_ticks: tuple[tuple[float, str], ...]
    x_ticks: tuple[tuple[float, str], ...]
    plot_left: int
    plot_right: int
    plot_bottom: int


@dataclass(frozen=True, kw_only=True)
class ScenarioColumn:
    """One scenario's figures in the cost table."""

    label: str
    colour: str
    status: str
    proved: bool
    gap_percent: str
    required: str
    gap_before: str
    gap_after: str
    unanswered: str
    temps: int
    too_late: int
    overtime_hours: str
    max_overtime_hours: str
    blackout: str
    agents_2_shops: int
    agents_3_shops: int
    leave_cancelled: int
    cost_overtime: str
    cost_temps: str
    cost_leave: str
    cost_blackout: str
    cost_total: str


@dataclass(frozen=True, kw_only=True)
class HireRow:
    scenario: str
    shop_id: str
    shift: str
    count: int
    start_date: date
    hire_by: date
    days_left: int
    """Days from today to the hire-by date (negative: past)."""

    @property
    def past(self) -> bool:
        return self.days_left < 0


@dataclass(frozen=True, kw_only=True)
class AgentLine:
    agent_id: str
    name: str
    month: str
    overtime_hours: str
    extra_shops: str
    leave_cancelled: str


@dataclass(frozen=True, kw_only=True)
class PeakPage:
    title: str
    team_name: str
    window: str
    today: date
    notes: tuple[str, ...]
    """Plain sentences: past hire-by dates, warnings of the forecast."""
    chart: Chart
    scenarios: tuple[ScenarioColumn, ...]
    hires: tuple[HireRow, ...]
    too_late: tuple[HireRow, ...]
    main_label: str
    agents: tuple[AgentLine, ...]
    lang: str = "both"

    @classmethod
    def from_outcome(cls, outcome: PeakOutcome, *, lang: str = "both") -> PeakPage:
        planning = outcome.planning
        window = outcome.window
        main = main_plan(outcome)
        colours = {
            p.scenario.label: SCENARIO_COLOURS[min(i, len(SCENARIO_COLOURS) - 1)]
            for i, p in enumerate(outcome.plans)
        }
        hires = tuple(
            _hire_row(p.scenario.label, h, planning.today) for p in outcome.plans for h in p.hires()
        )
        too_late = tuple(
            _hire_row(p.scenario.label, h, planning.today)
            for p in outcome.plans
            for h in p.too_late
        )
        notes = list(outcome.warnings)
        if planning.past_starts():
            notes.insert(
                0,
                f"Hire-by dates before today ({planning.today}) are past: the plans hire no "
                "temp who would have had to start training before today.",
            )
        return cls(
            title=f"{planning.team.name} · {window.event} {window.year}",
            team_name=planning.team.name,
            window=f"{window.first}..{window.last}",
            today=planning.today,
            notes=tuple(notes),
            chart=peak_chart(outcome, colours),
            scenarios=tuple(_column(p, colours[p.scenario.label]) for p in outcome.plans),
            hires=tuple(sorted(hires, key=lambda h: (h.hire_by, h.scenario, h.shop_id))),
            too_late=too_late,
            main_label=main.scenario.label,
            agents=tuple(
                AgentLine(
                    agent_id=m.agent_id,
                    name=m.name,
                    month=str(m.month),
                    overtime_hours=f"{m.overtime_hours:g}",
                    extra_shops=" ".join(m.extra_shops),
                    leave_cancelled=" ".join(f"{d:%m-%d}" for d in m.leave_cancelled),
                )
                for m in main.agent_months()
            ),
            lang=lang,
        )


def _hire_row(scenario: str, hire: Hire, today: date) -> HireRow:
    return HireRow(
        scenario=scenario,
        shop_id=hire.shop_id,
        shift=hire.shift,
        count=hire.count,
        start_date=hire.start_date,
        hire_by=hire.hire_by,
        days_left=(hire.hire_by - today).days,
    )


def _fmt(value: object) -> str:
    return f"{value:,.1f}" if isinstance(value, float) else f"{value}"


def _rmb(value: float) -> str:
    return f"{value:,.0f}"


def _column(plan: ScenarioPlan, colour: str) -> ScenarioColumn:
    t = plan.totals()
    gap = plan.result.gap
    kinds = t.get("cost_by_kind_rmb", {})
    assert isinstance(kinds, dict)
    blackout = t.get("blackout", [])
    assert isinstance(blackout, list)
    return ScenarioColumn(
        label=plan.scenario.label,
        colour=colour,
        status=str(t["status"]),
        proved=t["status"] == "OPTIMAL",
        gap_percent="–" if gap is None else f"{gap:.1%}",
        required=_fmt(t["required"]),
        gap_before=_fmt(t.get("gap_before", "–")),
        gap_after=_fmt(t.get("gap_after", "–")),
        unanswered=_fmt(t.get("unanswered", "–")),
        temps=int(str(t.get("temps", 0))),
        too_late=int(str(t.get("too_late", 0))),
        overtime_hours=_fmt(t.get("overtime_hours", "–")),
        max_overtime_hours=_fmt(t.get("max_overtime_hours", "–")),
        blackout=" ".join(d[5:] for d in blackout) or "–",
        agents_2_shops=int(str(t.get("agents_2_shops", 0))),
        agents_3_shops=int(str(t.get("agents_3_shops", 0))),
        leave_cancelled=int(str(t.get("leave_cancelled", 0))),
        cost_overtime=_rmb(float(kinds.get("overtime", 0.0))),
        cost_temps=_rmb(float(kinds.get("temps", 0.0))),
        cost_leave=_rmb(float(kinds.get("leave", 0.0))),
        cost_blackout=_rmb(float(kinds.get("blackout", 0.0))),
        cost_total=_rmb(float(str(t.get("cost_rmb", 0.0)))),
    )


def peak_chart(outcome: PeakOutcome, colours: dict[str, str]) -> Chart:
    """Agent-shifts per day: each scenario's required, the team's available, and the main
    plan's planned cover; the event's phases shaded."""
    days = list(outcome.planning.days)
    series: dict[str, dict[date, float]] = {}
    available: dict[date, float] = defaultdict(float)
    planned: dict[date, float] = defaultdict(float)
    main = main_plan(outcome)
    for plan in outcome.plans:
        required: dict[date, float] = defaultdict(float)
        for row in plan.rows():
            required[row.date] += row.required
            if plan is main:
                available[row.date] += row.available
                planned[row.date] += row.planned
        if not plan.needs:
            continue
        if plan.plan is None:
            for need in plan.needs:
                required[need.date] += need.agents
        series[plan.scenario.label] = required
    top = max([v for s in series.values() for v in s.values()] + list(available.values()) + [1])
    top = nice_ceiling(top)
    plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    step = plot_w / max(1, len(days))

    def x(i: float) -> float:
        return round(CHART_LEFT + step * (i + 0.5), 1)

    def y(value: float) -> float:
        return round(CHART_TOP + plot_h * (1 - value / top), 1)

    def points(values: dict[date, float]) -> str:
        return " ".join(f"{x(i)},{y(values.get(d, 0.0))}" for i, d in enumerate(days))

    lines = [
        ChartLine(label=f"required {label}", colour=colours[label], points=points(values))
        for label, values in series.items()
    ]
    if available:
        lines.append(
            ChartLine(
                label="available", colour=AVAILABLE_COLOUR, points=points(available), dashed=True
            )
        )
    if planned:
        lines.append(
            ChartLine(
                label=f"planned {main.scenario.label}",
                colour=PLANNED_COLOUR,
                points=points(planned),
            )
        )
    kinds = [outcome.window.phases.get(d) for d in days]
    bands = phase_bands([(k, "" if k is None else str(k)) for k in kinds], CHART_LEFT, step)
    y_ticks = tuple((y(top * k / 4), f"{top * k / 4:g}") for k in range(5))
    x_ticks = tuple((x(i), f"{d:%m-%d}") for i, d in enumerate(days) if d.weekday() == 0 or i == 0)
    return Chart(
        width=CHART_WIDTH,
        height=CHART_HEIGHT,
        lines=tuple(lines),
        bands=bands,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
        plot_left=CHART_LEFT,
        plot_right=CHART_WIDTH - CHART_RIGHT,
        plot_bottom=CHART_HEIGHT - CHART_BOTTOM,
    )


def phase_bands(
    phases: Sequence[tuple[object, str]], left: float, step: float
) -> tuple[ChartBand, ...]:
    """Shaded bands over runs of days: per day, what makes days one run (compared with
    ``==``) and the phase's name ("" for no band); days are ``step`` wide from ``left``."""
    bands = []
    i = 0
    while i < len(phases):
        key, label = phases[i]
        j = i
        while j + 1 < len(phases) and phases[j + 1][0] == key:
            j += 1
        if label:
            bands.append(
                ChartBand(
                    x=round(left + step * i, 1),
                    width=round(step * (j - i + 1), 1),
                    colour=PHASE_COLOURS.get(label, "#eeeeee"),
                    label=label,
                )
            )
        i = j + 1
    return tuple(bands)


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is >= ``value``."""
    magnitude = 10 ** (len(str(int(value))) - 1)
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * magnitude >= value:
            return float(factor * magnitude)
    return float(10 * magnitude)


def render_peak_page(page: PeakPage) -> str:
    return (
        environment()
        .get_template("peak.html")
        .render(page=page, _=translator(page.lang), html_lang=HTML_LANG[page.lang])
    )
