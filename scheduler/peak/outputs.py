"""Every file a peak plan writes, by name: what the CLI saves and a web job stores."""

from __future__ import annotations

from scheduler.peak.files import (
    PEAK_AGENTS_CSV,
    PEAK_CSV,
    PEAK_HTML,
    PEAK_JSON,
    hires_csv,
    hires_file_name,
    main_plan,
    peak_agents_csv,
    peak_csv,
    peak_json,
)
from scheduler.peak.page import PeakPage, render_peak_page
from scheduler.peak.plan import PeakOutcome


def peak_files(outcome: PeakOutcome) -> dict[str, str]:
    """Every file of a peak plan, by name."""
    main = main_plan(outcome).scenario
    files = {
        PEAK_CSV: peak_csv(outcome),
        PEAK_AGENTS_CSV: peak_agents_csv(outcome),
        PEAK_JSON: peak_json(outcome),
        PEAK_HTML: render_peak_page(PeakPage.from_outcome(outcome)),
    }
    for plan in outcome.plans:
        files[hires_file_name(plan.scenario, main)] = hires_csv(plan.hires())
    return files
