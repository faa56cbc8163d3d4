"""Peak benchmark: the large example's Double 11, the four default scenarios, timed."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime

import solver
from scheduler.bench.roster import EXAMPLES, machine
from scheduler.demand.folder import read_demand_folder
from scheduler.peak.files import summary_text
from scheduler.peak.plan import PeakOutcome, plan_peak
from scheduler.peak.scenarios import scenarios_from
from scheduler.peak.settings import PeakSettings

# Temps can still be hired for all of the window (hire-by dates from 09-28 on) ...
BEFORE = date(2026, 9, 1)
# ... and none can (the window ended 11-18): the plans without temps, and the temps that
# came too late from a second, shorter solve per scenario.
AFTER = date(2026, 11, 23)


@dataclass(frozen=True)
class PeakRun:
    today: date
    wall_s: float
    """From reading the team folder to the last scenario's plan, in one process."""
    load_before: str
    load_after: str
    outcome: PeakOutcome


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.1f} / {five:.1f} / {fifteen:.1f}"


def run_peak_bench(today: date, time_limit_s: float = 15, workers: int = 2) -> PeakRun:
    """Plan the large example's Double 11 2026 for the four default scenarios."""
    load_before = _load()
    started = time.perf_counter()
    folder = read_demand_folder(EXAMPLES / "large-team")
    outcome = plan_peak(
        folder,
        "double11",
        2026,
        scenarios=scenarios_from(),
        today=today,
        settings=PeakSettings(),
        params=solver.PeakParams(time_limit_s=time_limit_s, num_workers=workers, seed=0),
    )
    return PeakRun(today, time.perf_counter() - started, load_before, _load(), outcome)


def peak_section(runs: list[PeakRun], time_limit_s: float) -> str:
    """The "## Peak" section of docs/benchmarks.md."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "## Peak",
        "",
        "`scheduler bench peak`: `scheduler peak examples/large-team --event double11 --year "
        f"2026` (120 agents, 12 shops, 37 days) in one process, {time_limit_s:g} s per "
        "scenario, 2 workers, seed 0; wall time from reading the folder (forecast and "
        "staffing of October and November included) to the last plan.",
        "",
        f"Machine: {machine()}. Date: {stamp}.",
        "",
        "| today | wall s | load avg before (1/5/15 min) | after | scenario | status | gap "
        "| solve s | gap before | gap after | temps | overtime h | cost RMB |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        for i, plan in enumerate(run.outcome.plans):
            t = plan.totals()
            gap = plan.result.gap
            first = (
                (f"{run.today}", f"{run.wall_s:.1f}", run.load_before, run.load_after)
                if i == 0
                else ("", "", "", "")
            )
            lines.append(
                "| "
                + " | ".join(first)
                + f" | {plan.scenario.label} | {t['status']} "
                + f"| {'–' if gap is None else f'{gap:.1%}'} | {t['wall_seconds']} "
                + f"| {t.get('gap_before', '–')} | {t.get('gap_after', '–')} "
                + f"| {t.get('temps', '–')} | {t.get('overtime_hours', '–')} "
                + f"| {float(str(t.get('cost_rmb', 0))):,.0f} |"
            )
    for run in runs:
        lines += ["", f"Summary as printed, today {run.today}:", "", "```"]
        lines += [summary_text(run.outcome), "```"]
    return "\n".join(lines)
