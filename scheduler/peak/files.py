"""The peak plan's files (peak.csv, hires.csv, peak_agents.csv, peak.json) and its summary."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from datetime import date

from scheduler.peak.plan import Hire, PeakOutcome, ScenarioPlan
from scheduler.peak.scenarios import Scenario

PEAK_CSV = "peak.csv"
HIRES_CSV = "hires.csv"
PEAK_AGENTS_CSV = "peak_agents.csv"
PEAK_JSON = "peak.json"
PEAK_HTML = "peak.html"
HIRES_COLUMNS = ("shop_id", "count", "start_date", "hire_by", "shift")
PEAK_COLUMNS = (
    "scenario",
    "date",
    "shift",
    "phase",
    "required",
    "available",
    "gap",
    "blackout",
    "overtime",
    "leave",
    "moved",
    "temps",
    "planned",
    "uncovered",
    "unanswered",
)


def _agents(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def peak_csv(outcome: PeakOutcome) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(PEAK_COLUMNS)
    for plan in outcome.plans:
        for r in plan.rows():
            writer.writerow(
                [
                    plan.scenario.label,
                    r.date.isoformat(),
                    r.shift,
                    r.phase,
                    *(
                        _agents(v)
                        for v in (
                            r.required,
                            r.available,
                            r.gap,
                            r.blackout,
                            r.overtime,
                            r.leave,
                            r.moved,
                            r.temps,
                            r.planned,
                            r.uncovered,
                        )
                    ),
                    f"{r.unanswered:.0f}",
                ]
            )
    return out.getvalue()


def hires_csv(hires: Iterable[Hire]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HIRES_COLUMNS)
    for h in hires:
        writer.writerow(
            [h.shop_id, h.count, h.start_date.isoformat(), h.hire_by.isoformat(), h.shift]
        )
    return out.getvalue()


def hires_file_name(scenario: Scenario, main: Scenario) -> str:
    """hires.csv for the main scenario; hires-plus20.csv, hires-minus20.csv for the others."""
    if scenario == main:
        return HIRES_CSV
    percent = round((scenario.factor - 1) * 100, 4)
    sign = "plus" if percent > 0 else "minus"
    return f"hires-{sign}{abs(percent):g}.csv"


def peak_agents_csv(outcome: PeakOutcome) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "scenario",
            "agent_id",
            "name",
            "month",
            "overtime_hours",
            "overtime_rmb",
            "extra_shops",
            "leave_cancelled",
        ]
    )
    for plan in outcome.plans:
        for m in plan.agent_months():
            writer.writerow(
                [
                    plan.scenario.label,
                    m.agent_id,
                    m.name,
                    str(m.month),
                    f"{m.overtime_hours:g}",
                    f"{m.overtime_rmb:.2f}",
                    "|".join(m.extra_shops),
                    "|".join(d.isoformat() for d in m.leave_cancelled),
                ]
            )
    return out.getvalue()


def peak_json(outcome: PeakOutcome) -> str:
    window = outcome.window
    data = {
        "team": outcome.planning.team.name,
        "event": window.event,
        "year": window.year,
        "first": window.first.isoformat(),
        "last": window.last.isoformat(),
        "peak": window.peak.isoformat(),
        "today": outcome.planning.today.isoformat(),
        "forecast": outcome.source,
        "scenarios": [p.totals() for p in outcome.plans],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def main_plan(outcome: PeakOutcome) -> ScenarioPlan:
    """The scenario closest to the forecast (the plan hires.csv holds)."""
    return min(outcome.plans, key=lambda p: abs(p.scenario.factor - 1))


def _rmb(value: float) -> str:
    return f"{value:,.0f}"


def summary_text(outcome: PeakOutcome) -> str:
    """A short summary for the terminal: one line per scenario, then the main plan."""
    window = outcome.window
    planning = outcome.planning
    settings = planning.settings
    lines = [
        f"{window.event} {window.year} for {planning.team.name}: {window.first}..{window.last} "
        f"(presale {window.presale:%m-%d}, peak {window.peak:%m-%d}), {len(planning.days)} days, "
        f"{len(planning.agent_ids)} agents, {len(planning.shop_ids)} shops",
        f"Forecast from {outcome.source}; today {planning.today}; temps train "
        f"{planning.training_days} days and cost {settings.temp_day_cost:g} RMB a day.",
        "",
        f"{'scenario':<12} {'required':>9} {'gap before':>10} {'gap after':>9} "
        f"{'unanswered':>10} {'temps':>5} {'overtime h':>10} {'max/agent':>9} "
        f"{'cost RMB':>11}  status",
    ]
    for plan in outcome.plans:
        t = plan.totals()
        if plan.plan is None:
            lines.append(
                f"{plan.scenario.label:<12} {t['required']:>9} no plan found  {t['status']}"
            )
            continue
        gap = plan.result.gap
        status = str(t["status"]) + ("" if gap is None or gap == 0 else f" (gap {gap:.1%})")
        lines.append(
            f"{plan.scenario.label:<12} {t['required']:>9} {t['gap_before']:>10} "
            f"{t['gap_after']:>9} {t['unanswered']:>10} {t['temps']:>5} "
            f"{t['overtime_hours']:>10} {t['max_overtime_hours']:>9} "
            f"{_rmb(float(str(t['cost_rmb']))):>11}  {status}"
        )
    lines.append("(gaps in agent-shifts; unanswered: inquiries the uncovered agent-shifts miss)")
    if planning.past_starts():
        starts = planning.temp_start_days(allow_past=False)
        first_ok = starts[0] if starts else None
        lines.append("")
        lines.append(
            f"Hire-by dates before today ({planning.today}) are past: "
            + (
                f"temps can start taking chats from {first_ok} at the earliest."
                if first_ok
                else "no temp can be trained in time for this window; the plans have no temps."
            )
        )
        for plan in outcome.plans:
            if plan.too_late:
                late = sum(h.count for h in plan.too_late)
                first = min(h.hire_by for h in plan.too_late)
                lines.append(
                    f"  {plan.scenario.label}: about {late} temps would have had to be hired "
                    f"from {first} on; planned without them."
                )
    main = main_plan(outcome)
    if main.plan is not None:
        t = main.totals()
        lines.append("")
        lines.append(f"Plan {main.scenario.label}:")
        hires = main.hires()
        if hires:
            lines.append(f"  temps: {t['temps']}")
            for h in hires:
                lines.append(
                    f"    {h.count:>3} × {h.shop_id:<6} {h.shift:<8} at work from {h.start_date}, "
                    f"hire by {h.hire_by}"
                )
        else:
            lines.append("  temps: none")
        blackout = [date.fromisoformat(str(d)) for d in t["blackout"]]  # type: ignore[attr-defined]
        fixed = sorted(planning.days[d] for d in planning.blackout_fixed)
        lines.append(
            "  blackout: "
            + (", ".join(f"{d:%m-%d}" for d in blackout) if blackout else "none added")
            + (f" (team.toml already has {fixed[0]:%m-%d}..{fixed[-1]:%m-%d})" if fixed else "")
        )
        lines.append(
            f"  overtime: {t['overtime_hours']} h by {t['agents_overtime']} agents, at most "
            f"{t['max_overtime_hours']} h for one agent in a month "
            f"(limit {settings.overtime_max_hours:g} h)"
        )
        lines.append(
            f"  second shop: {t['agents_2_shops']} agents, third shop: {t['agents_3_shops']}; "
            f"leave cancelled: {t['leave_cancelled']} days"
        )
        kinds = t["cost_by_kind_rmb"]
        assert isinstance(kinds, dict)
        lines.append(
            f"  cost: {_rmb(float(str(t['cost_rmb'])))} RMB ("
            + ", ".join(f"{k} {_rmb(v)}" for k, v in kinds.items())
            + ")"
        )
    return "\n".join(lines)
