"""What a job runs, in a process of this machine or as a Ray task: its inputs and outputs
(picklable) and the worker functions that solve and send progress and the outcome back."""

from __future__ import annotations

import contextlib
import ctypes
import signal
import traceback
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from multiprocessing.connection import Connection
from typing import Any

import solver
from scheduler.demand.folder import DemandFolder
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.scenarios import Scenario
from scheduler.peak.settings import PeakSettings
from scheduler.roster.fairness import WorkedBefore
from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month
from scheduler.team.errors import InputErrors
from scheduler.team.model import Team


@dataclass(frozen=True, kw_only=True)
class ReplanInput:
    """What makes a build a re-plan: the published version, from when, and why."""

    published: Roster
    base_version: int
    start: date
    absence: str


@dataclass(frozen=True, kw_only=True)
class FillInput:
    """What makes a build a fill of an edited draft: the draft and the edits it holds."""

    draft: Roster
    base_version: int
    pins: dict[tuple[str, date], RosterEntry]
    records: list[dict[str, Any]]
    """The pins as the new version's summary keeps them."""


@dataclass(frozen=True, kw_only=True)
class BuildInput:
    """Everything a worker process needs; picklable."""

    team: Team
    month: Month
    previous: Roster | None
    params: solver.SolveParams
    replan: ReplanInput | None = None
    """Set for a re-plan: its roster becomes a proposal, not a version."""
    worked_before: WorkedBefore | None = None
    """The fairness ledger of the months chained before (issue 35)."""
    fill: FillInput | None = None
    """Set for "fill the gaps": its roster is a new draft version holding the edits."""


@dataclass(frozen=True, kw_only=True)
class BuildOutput:
    summary: dict[str, Any]
    explanation: str
    roster: Roster | None
    stopped: bool = False
    """The search was ended early on request (its best roster, if any, is ``roster``)."""
    cover: BuildOutput | None = None
    """A re-plan's "keep the cover" choice, solved after "fewest changes" (the rest)."""


@dataclass(frozen=True, kw_only=True)
class PeakInput:
    """What a peak plan job needs: ``scheduler peak``'s inputs; picklable."""

    folder: DemandFolder
    settings: PeakSettings
    event: str
    year: int
    scenarios: tuple[Scenario, ...]
    today: date
    method: StaffMethod | None
    params: solver.PeakParams


@dataclass(frozen=True, kw_only=True)
class PeakOutput:
    summary: str
    """What ``scheduler peak`` prints."""
    page: str
    """The ``PeakPage`` context as JSON (``snapshot``)."""
    files: dict[str, str]
    """The files ``scheduler peak`` writes, by name."""


Work = BuildInput | PeakInput


def _die_with_parent() -> None:
    """Linux: end this process when its parent ends (the server, through the fork server)."""
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def run_build(build: BuildInput, conn: Connection, stop: Any) -> None:
    """The worker process: solve, sending ("progress", Progress) and then ("done", BuildOutput).

    ``stop`` is a multiprocessing Event: once set, the search ends with its best roster.
    """
    _die_with_parent()
    from scheduler.roster.build import make_roster
    from scheduler.roster.fill import make_fill

    def progress(progress: solver.Progress) -> None:
        conn.send(("progress", progress))

    try:
        if build.replan is not None:
            output = replan_output(
                build,
                build.replan,
                progress,
                stop.is_set,
                lambda step: conn.send(("scenario", step)),
            )
            conn.send(("done", output))
            return
        if build.fill is not None:
            outcome = make_fill(
                build.team,
                build.fill.draft,
                build.fill.pins,
                previous=build.previous,
                params=build.params,
                on_progress=progress,
                should_stop=stop.is_set,
            )
        else:
            outcome = make_roster(
                build.team,
                build.month,
                previous=build.previous,
                params=build.params,
                on_progress=progress,
                should_stop=stop.is_set,
                worked_before=build.worked_before,
            )
        conn.send(
            (
                "done",
                BuildOutput(
                    summary=outcome.summary,
                    explanation=outcome.explanation,
                    roster=outcome.roster,
                    stopped=stop.is_set(),
                ),
            )
        )
    except Exception:
        conn.send(("error", traceback.format_exc(limit=8)))
    finally:
        conn.close()


# What a re-plan job's page says while each choice is solved (labels of the zh catalog).
REPLAN_STEPS = (
    "Re-planning with the fewest changes (1 of 2).",
    "Re-planning to keep the cover (2 of 2).",
)


def replan_output(
    build: BuildInput,
    replan: ReplanInput,
    progress: Callable[[solver.Progress], None],
    should_stop: Callable[[], bool],
    announce: Callable[[str], None] = lambda _: None,
) -> BuildOutput:
    """Both choices of a re-plan, one after the other, each with the job's time limit:
    "fewest changes", then (unless stopped) "keep the cover"."""
    from scheduler.roster.replan import FEWEST_CHANGES, KEEP_COVER, make_replan

    outputs: list[BuildOutput] = []
    for step, choice in zip(REPLAN_STEPS, (FEWEST_CHANGES, KEEP_COVER), strict=True):
        if outputs and should_stop():
            break
        announce(step)
        outcome = make_replan(
            build.team,
            replan.published,
            replan.start,
            previous=build.previous,
            params=build.params,
            on_progress=progress,
            should_stop=should_stop,
            choice=choice,
            # Keep the cover starts from the fewest changes: never a worse start.
            start_from=outputs[0].roster if outputs else None,
        ).outcome
        outputs.append(
            BuildOutput(
                summary=outcome.summary,
                explanation=outcome.explanation,
                roster=outcome.roster,
                stopped=should_stop(),
            )
        )
        if outcome.roster is None:
            break  # no roster keeps every rule: the other weights cannot find one either
    fewest = outputs[0]
    cover = outputs[1] if len(outputs) > 1 and outputs[1].roster is not None else None
    return replace(fewest, cover=cover, stopped=should_stop())


def run_peak(peak: PeakInput, conn: Connection, stop: Any) -> None:
    """The worker process of a peak plan: ("scenario", text) before each scenario, then
    ("done", PeakOutput), or ("refused", problems) when the forecast cannot be made."""
    _die_with_parent()
    from scheduler.peak.files import summary_text
    from scheduler.peak.outputs import peak_files
    from scheduler.peak.page import PeakPage
    from scheduler.peak.plan import plan_peak
    from scheduler.web.snapshot import dumps

    count = len(peak.scenarios)
    done: list[Scenario] = []

    def announce(scenario: Scenario) -> None:
        done.append(scenario)
        conn.send(("scenario", f"Planning {scenario.label} ({len(done)} of {count})."))

    try:
        outcome = plan_peak(
            peak.folder,
            peak.event,
            peak.year,
            scenarios=peak.scenarios,
            today=peak.today,
            settings=peak.settings,
            method=peak.method,
            params=peak.params,
            on_scenario=announce,
        )
        output = PeakOutput(
            summary=summary_text(outcome),
            page=dumps(PeakPage.from_outcome(outcome)),
            files=peak_files(outcome),
        )
        conn.send(("done", output))
    except InputErrors as refused:
        conn.send(("refused", "\n".join(str(e) for e in refused.errors)))
    except ValueError as exc:
        conn.send(("refused", str(exc)))
    except Exception:
        conn.send(("error", traceback.format_exc(limit=8)))
    finally:
        conn.close()
