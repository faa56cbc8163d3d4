"""The teams list and one team's page: its files, shops, agents, leave, builds and versions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from scheduler.demand.history import HISTORY_CSV
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError
from scheduler.team.files import STORED_FILES
from scheduler.team.model import Team
from scheduler.web.store import PEAK, JobRecord, ProposalRecord, RosterRecord, TeamRecord

# Teams list


@dataclass(frozen=True, kw_only=True)
class TeamRow:
    id: int
    name: str
    agents: int
    shops: int
    rosters: int
    updated_at: str


@dataclass(frozen=True, kw_only=True)
class TeamsPage:
    teams: tuple[TeamRow, ...]
    examples: tuple[str, ...]
    errors: tuple[InputError, ...] = ()

    @classmethod
    def build(
        cls,
        teams: Sequence[tuple[TeamRecord, Team]],
        examples: Sequence[str],
        errors: Sequence[InputError] = (),
    ) -> TeamsPage:
        return cls(
            teams=tuple(
                TeamRow(
                    id=record.id,
                    name=record.name,
                    agents=len(team.agents),
                    shops=len(team.shops),
                    rosters=record.roster_count,
                    updated_at=record.updated_at.replace("T", " ")[:16],
                )
                for record, team in teams
            ),
            examples=tuple(examples),
            errors=tuple(errors),
        )


# One team


@dataclass(frozen=True, kw_only=True)
class ShiftRow:
    id: str
    start: str
    end: str
    paid_hours: float
    next_day: bool


@dataclass(frozen=True, kw_only=True)
class AgentInfo:
    agent_id: str
    name: str
    shops: str
    max_shops: str
    hire_date: str
    fixed_shift: str


@dataclass(frozen=True, kw_only=True)
class LeaveRow:
    agent_id: str
    name: str
    start: date
    end: date
    kind: str
    days: int


@dataclass(frozen=True, kw_only=True)
class ShopRow:
    shop_id: str
    name: str
    platform: str
    tier: str
    agents: int


@dataclass(frozen=True, kw_only=True)
class MonthNeed:
    month: str
    rows: int
    agent_shifts: float


@dataclass(frozen=True, kw_only=True)
class VersionRow:
    version: int
    month: str
    created_at: str
    status: str
    shortfall: float | None
    previous_version: int | None
    origin: str
    """Where the version came from: "build", "replan" (of ``origin_ref``) or "request"."""
    origin_ref: int | None
    published: bool
    published_version: int | None
    """The month's published version (to compare with), None while there is none."""


def version_origin(summary: Mapping[str, Any]) -> tuple[str, int | None]:
    """Where a saved version came from, read from its summary: an accepted agent's request
    (its id), an accepted re-plan, a lead's edits or a fill of the gaps (of which version),
    else a build."""
    if summary.get("request") is not None:
        return "request", int(summary["request"])
    if summary.get("replan_of") is not None:
        return "replan", int(summary["replan_of"])
    if summary.get("edits_of") is not None:
        return "edits", int(summary["edits_of"])
    if summary.get("fill_of") is not None:
        return "fill", int(summary["fill_of"])
    return "build", None


@dataclass(frozen=True, kw_only=True)
class JobRow:
    id: int
    month: str
    """The roster's month, or what a peak plan plans ("double11 2026")."""
    state: str
    created_at: str
    elapsed_s: float | None
    roster_version: int | None


@dataclass(frozen=True, kw_only=True)
class ProposalRow:
    id: int
    base_version: int
    month: str
    absence: str
    created_at: str
    changed_days: int | None
    shortfall: float | None
    accepted_version: int | None
    cover_changed_days: int | None = None
    """The "keep the cover" choice's figures, when it differs from the fewest changes."""
    cover_shortfall: float | None = None


@dataclass(frozen=True, kw_only=True)
class BuildForm:
    month: str
    time_limit_s: float
    previous_options: tuple[tuple[str, str], ...]
    """(value, label) pairs after "auto" and "none": the stored versions."""


@dataclass(frozen=True, kw_only=True)
class TeamPage:
    id: int
    name: str
    rules: tuple[tuple[str, str], ...]
    shifts: tuple[ShiftRow, ...]
    blackouts: tuple[str, ...]
    shops: tuple[ShopRow, ...]
    agents: tuple[AgentInfo, ...]
    leave: tuple[LeaveRow, ...]
    needs: tuple[MonthNeed, ...]
    versions: tuple[VersionRow, ...]
    jobs: tuple[JobRow, ...]
    build: BuildForm
    files: tuple[str, ...]
    editable: tuple[str, ...]
    """The files with an edit page (history.csv is too long for a text box)."""
    has_history: bool
    errors: tuple[InputError, ...] = ()
    proposals: tuple[ProposalRow, ...] = ()

    @classmethod
    def build_page(
        cls,
        record: TeamRecord,
        team: Team,
        versions: Sequence[RosterRecord],
        jobs: Sequence[JobRecord],
        *,
        build_month: Month,
        time_limit_s: float,
        files: Sequence[str],
        errors: Sequence[InputError] = (),
        proposals: Sequence[ProposalRecord] = (),
        published: Mapping[Month, int] | None = None,
    ) -> TeamPage:
        names = {a.agent_id: a.name for a in team.agents}
        serving = Counter(shop for a in team.agents for shop in a.shops)
        needs: dict[str, list[float]] = {}
        for r in team.requirements:
            needs.setdefault(f"{r.date:%Y-%m}", []).append(r.agents)
        rules = team.rules
        return cls(
            id=record.id,
            name=team.name,
            rules=(
                ("Rotation", rules.rotation),
                ("Rest days per month", str(rules.days_off_per_month)),
                ("Most workdays in a row", str(rules.max_consecutive_workdays)),
                ("Least rest between shifts (h)", f"{rules.min_rest_hours:g}"),
                ("Shops per agent", f"{rules.max_shops} (≤ {rules.max_shops_special})"),
                ("Training days", str(rules.training_days)),
            ),
            shifts=tuple(
                ShiftRow(
                    id=s.id,
                    start=f"{s.start:%H:%M}",
                    end=f"{s.end:%H:%M}",
                    paid_hours=s.paid_hours,
                    next_day=s.crosses_midnight,
                )
                for s in team.shifts
            ),
            blackouts=tuple(f"{b.start}..{b.end}" for b in team.blackouts),
            shops=tuple(
                ShopRow(
                    shop_id=s.shop_id,
                    name=s.name,
                    platform=s.platform,
                    tier=s.tier,
                    agents=serving[s.shop_id],
                )
                for s in team.shops
            ),
            agents=tuple(
                AgentInfo(
                    agent_id=a.agent_id,
                    name=a.name,
                    shops=" | ".join(a.shops),
                    max_shops="" if a.max_shops is None else str(a.max_shops),
                    hire_date="" if a.hire_date is None else a.hire_date.isoformat(),
                    fixed_shift=a.fixed_shift or "",
                )
                for a in team.agents
            ),
            leave=tuple(
                LeaveRow(
                    agent_id=lv.agent_id,
                    name=names.get(lv.agent_id, lv.agent_id),
                    start=lv.start,
                    end=lv.end,
                    kind=lv.kind,
                    days=len(lv.days()),
                )
                for lv in sorted(team.leave, key=lambda lv: (lv.start, lv.agent_id))
            ),
            needs=tuple(
                MonthNeed(month=m, rows=len(v), agent_shifts=round(sum(v), 1))
                for m, v in sorted(needs.items())
            ),
            versions=tuple(
                VersionRow(
                    version=v.version,
                    month=str(v.month),
                    created_at=v.created_at.replace("T", " ")[:16],
                    status=v.status,
                    shortfall=v.summary.get("shortfall"),
                    previous_version=v.previous_version,
                    origin=version_origin(v.summary)[0],
                    origin_ref=version_origin(v.summary)[1],
                    published=(published or {}).get(v.month) == v.version,
                    published_version=(published or {}).get(v.month),
                )
                for v in versions
            ),
            jobs=tuple(
                JobRow(
                    id=j.id,
                    month=j.label if j.kind == PEAK else str(j.month),
                    state=j.state,
                    created_at=j.created_at.replace("T", " ")[:16],
                    elapsed_s=j.elapsed_s,
                    roster_version=j.roster_version,
                )
                for j in jobs
            ),
            build=BuildForm(
                month=str(build_month),
                time_limit_s=time_limit_s,
                previous_options=tuple(
                    (str(v.version), f"v{v.version} · {v.month}") for v in versions
                ),
            ),
            files=tuple(n for n in STORED_FILES if n in files),
            editable=tuple(n for n in STORED_FILES if n in files and n != HISTORY_CSV),
            has_history=HISTORY_CSV in files,
            errors=tuple(errors),
            proposals=tuple(proposal_row(p) for p in proposals),
        )


def proposal_row(p: ProposalRecord) -> ProposalRow:
    """A proposal in the team page's list: the fewest changes' figures, and keep the
    cover's beside them when that choice changes other cells."""
    fewest = (p.summary.get("replan", {}).get("changed_days"), p.summary.get("shortfall"))
    cover = (None, None)
    if p.cover_summary is not None:
        cover = (
            p.cover_summary.get("replan", {}).get("changed_days"),
            p.cover_summary.get("shortfall"),
        )
    if cover == fewest:
        cover = (None, None)
    return ProposalRow(
        id=p.id,
        base_version=p.base_version,
        month=str(p.month),
        absence=p.absence,
        created_at=p.created_at.replace("T", " ")[:16],
        changed_days=fewest[0],
        shortfall=fewest[1],
        accepted_version=p.accepted_version,
        cover_changed_days=cover[0],
        cover_shortfall=cover[1],
    )
