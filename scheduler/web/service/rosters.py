"""Roster versions: viewing one, the roster a build starts from, and starting a build."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import solver
from scheduler.roster.coverage import CoverageRow, compute_coverage
from scheduler.roster.model import Roster
from scheduler.roster.page import RosterPage
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.model import Team
from scheduler.web.job_work import BuildInput
from scheduler.web.jobs import JobRunner
from scheduler.web.service.common import NotFound, clamp_time_limit, refuse_when_busy
from scheduler.web.service.ledger import chain_worked_before
from scheduler.web.service.teams import team_view
from scheduler.web.service.versions import worked_roster
from scheduler.web.settings import Settings
from scheduler.web.store import JobRecord, RosterRecord, Store, TeamRecord


@dataclass(frozen=True, kw_only=True)
class RosterView:
    team_record: TeamRecord
    record: RosterRecord
    team: Team
    roster: Roster
    coverage: list[CoverageRow]


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
    """The roster version that feeds ``month``'s build: "auto" is the month before's published
    version (the one agents worked), else its newest.

    Raises
    ------
    InputErrors
        When a version is named that is not the roster of the month before.
    """
    if previous == "none":
        return None, None
    if previous == "auto":
        found = worked_roster(store, team_id, month.previous())
        if found is None:
            return None, None
        record = found
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
    refuse_when_busy(runner, settings)
    version, roster = previous_roster(store, team_id, view.team, month, previous)
    limit = clamp_time_limit(settings, time_limit_s)
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
    worked_before = (
        chain_worked_before(store, store.roster(team_id, version)) if version is not None else None
    )
    runner.submit(
        job,
        BuildInput(
            team=view.team,
            month=month,
            previous=roster,
            params=params,
            worked_before=worked_before,
        ),
    )
    return job


def default_month(team: Team, built: Sequence[Month], today: date) -> Month:
    """The month a build form proposes: the first month with requirements and no roster yet
    (what the lead prepared), else next month or the month after the newest roster, whichever
    is later: never a month already past."""
    months = sorted({Month(r.date.year, r.date.month) for r in team.requirements})
    for month in months:
        if month not in built:
            return month
    ahead = Month(today.year, today.month).next()
    return max(ahead, max(built).next()) if built else ahead
