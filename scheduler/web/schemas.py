"""The JSON API's request and response bodies (pydantic lives here and in settings only)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, BeforeValidator, Field, computed_field

from scheduler.roster.coverage import CoverageRow
from scheduler.roster.model import Change, Roster
from scheduler.roster.totals import agent_days, shop_shortfall
from scheduler.team.calendar import Month
from scheduler.team.model import ShiftDef, Team
from scheduler.web.store import ProposalRecord, RosterRecord, TeamRecord

MONTH_PATTERN = r"^\d{4}-\d{2}$"

MonthText = Annotated[str, BeforeValidator(str)]
"""A record's ``Month``, as "2026-11"."""


def fields_of(record: object) -> dict[str, Any]:
    """A record's attributes by name, one level deep (to add the fields it lacks)."""
    return dict(vars(record))


class InputErrorPublic(BaseModel):
    file: str
    line: int | None
    message: str


class ErrorsPublic(BaseModel):
    """A refused request: what was wrong, each problem as file, line and message."""

    detail: str
    errors: list[InputErrorPublic] = []


class TeamPublic(BaseModel):
    id: int
    name: str
    created_at: str
    updated_at: str
    input_id: int
    rosters: int = Field(validation_alias=AliasChoices("rosters", "roster_count"))
    agents: int
    shops: int

    @classmethod
    def of(cls, record: TeamRecord, team: Team) -> TeamPublic:
        """The record, with the team's agents and shops counted."""
        counts = {"agents": len(team.agents), "shops": len(team.shops)}
        return cls.model_validate(fields_of(record) | counts)


class TeamsPublic(BaseModel):
    data: list[TeamPublic]
    count: int


class ShiftPublic(BaseModel):
    id: str
    start: str
    end: str
    paid_hours: float
    ends_next_day: bool

    @classmethod
    def of(cls, shift: ShiftDef) -> ShiftPublic:
        """Times as "08:30"; ``ends_next_day`` for an evening that crosses midnight."""
        return cls(
            id=shift.id,
            start=f"{shift.start:%H:%M}",
            end=f"{shift.end:%H:%M}",
            paid_hours=shift.paid_hours,
            ends_next_day=shift.crosses_midnight,
        )


class ShopPublic(BaseModel):
    shop_id: str
    name: str
    platform: str
    tier: str


class AgentPublic(BaseModel):
    agent_id: str
    name: str
    shops: list[str]
    max_shops: int | None
    hire_date: date | None
    fixed_shift: str | None


class LeavePublic(BaseModel):
    agent_id: str
    start: date
    end: date
    kind: str = ""


class LeaveCreate(LeavePublic):
    pass


class RequirementPublic(BaseModel):
    date: date
    shift: str
    shop_id: str
    agents: float


class TeamDetail(TeamPublic):
    rules: dict[str, Any]
    blackouts: list[tuple[date, date]]
    shifts: list[ShiftPublic]
    shop_list: list[ShopPublic]
    agent_list: list[AgentPublic]
    leave: list[LeavePublic]
    files: list[str]

    @classmethod
    def of_team(cls, record: TeamRecord, team: Team, files: list[str]) -> TeamDetail:
        """The team's public record, with its rules, shifts, shops, agents and leave."""
        return cls.model_validate(
            TeamPublic.of(record, team).model_dump()
            | {
                "rules": dict(vars(team.rules)),
                "blackouts": [(b.start, b.end) for b in team.blackouts],
                "shifts": [ShiftPublic.of(s) for s in team.shifts],
                "shop_list": team.shops,
                "agent_list": team.agents,
                "leave": team.leave,
                "files": files,
            },
            from_attributes=True,
        )


class RequirementsPublic(BaseModel):
    data: list[RequirementPublic]
    count: int


class FileContent(BaseModel):
    content: str = Field(max_length=20_000_000)


class JobCreate(BaseModel):
    month: str = Field(pattern=MONTH_PATTERN, examples=["2026-11"])
    time_limit_s: float | None = Field(default=None, gt=0)
    previous: Literal["auto", "none"] | Annotated[int, Field(ge=1, le=2**63 - 1)] = "auto"
    """"auto": the newest roster of the month before; "none"; or a version number."""


class JobPublic(BaseModel):
    id: int
    team_id: int
    month: MonthText
    state: str
    time_limit_s: float
    previous_version: int | None
    created_at: str
    started_at: str | None
    finished_at: str | None
    elapsed_s: float | None
    solutions: int
    objective: float | None
    bound: float | None
    status: str | None
    shortfall: float | None
    """Agent-shifts missing in the best roster so far (the saved roster's, once done)."""
    message: str
    roster_version: int | None
    kind: str
    """"build", "replan" or "peak"."""
    label: str
    """What a peak plan job plans ("double11 2026")."""


class JobsPublic(BaseModel):
    data: list[JobPublic]
    count: int


class CausePublic(BaseModel):
    """One of the biggest causes of a roster's shortfall (``shortfall.csv``'s words)."""

    cause: str
    agent_shifts: float


class FixPublic(BaseModel):
    """A change that would lower the shortfall floor, with the agent-shifts it removes."""

    fix: str
    removes: float


class RosterPublic(BaseModel):
    team_id: int
    version: int
    month: MonthText
    created_at: str
    status: str
    input_id: int
    previous_version: int | None
    job_id: int | None
    summary: dict[str, Any]
    published: bool = False
    """Whether agents follow this version: its month's published one (docs/web.md)."""

    @computed_field  # type: ignore[prop-decorator]
    @property
    def shortfall_floor(self) -> float | None:
        """Agent-shifts of shortfall no roster of this team can avoid; None for a roster
        built before the floor existed."""
        value = self.summary.get("shortfall_floor")
        return float(value) if isinstance(value, int | float) else None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def shortfall_causes(self) -> list[CausePublic]:
        """The biggest causes of the shortfall, largest first."""
        return [
            CausePublic(cause=str(cause), agent_shifts=float(value))
            for cause, value in self.summary.get("shortfall_causes") or ()
        ]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def shortfall_fixes(self) -> list[FixPublic]:
        """Temps (together), qualifications and leave moves, each with what it removes."""
        temps = self.summary.get("shortfall_temps")
        fixes = []
        if isinstance(temps, dict) and temps.get("removes"):
            fixes.append(FixPublic(fix="; ".join(temps["temps"]), removes=temps["removes"]))
        fixes += [FixPublic(**f) for f in self.summary.get("shortfall_fixes") or ()]
        return fixes


class RostersPublic(BaseModel):
    data: list[RosterPublic]
    count: int


class DayPublic(BaseModel):
    date: date
    shift: str
    shops: dict[str, int]
    """shop_id → percent of the agent's capacity that day."""


class AgentRosterPublic(BaseModel):
    agent_id: str
    shops: list[str]
    """Shops served, primary first."""
    days: list[DayPublic]


class RosterDetail(RosterPublic):
    agents: list[AgentRosterPublic]

    @classmethod
    def of_roster(cls, record: RosterRecord, roster: Roster) -> RosterDetail:
        """The record, with each agent's shops and days."""
        agents = [
            AgentRosterPublic(
                agent_id=agent_id,
                shops=list(roster.assignments.get(agent_id, ())),
                days=[
                    DayPublic.model_validate(d, from_attributes=True)
                    for d in agent_days(roster, agent_id)
                ],
            )
            for agent_id in roster.agent_ids
        ]
        return cls.model_validate(fields_of(record) | {"agents": agents})


class CoverageRowPublic(BaseModel):
    date: date
    shift: str
    shop_id: str
    required: float
    planned: float
    shortfall: float


class CoveragePublic(BaseModel):
    data: list[CoverageRowPublic]
    count: int


class AgentShopPublic(BaseModel):
    shop_id: str
    role: str
    days: int
    percent: int


class AgentMonthPublic(BaseModel):
    agent_id: str
    name: str
    month: str
    days_worked: int
    paid_hours: float
    evenings: int
    weekend_days_worked: int
    weekend_days_off: int
    rest_days: int
    leave_days: int
    training_days: int
    shops: list[AgentShopPublic]
    days: list[DayPublic]


class ShopCoveragePublic(BaseModel):
    shop_id: str
    name: str
    month: str
    shortfall: float
    rows: list[CoverageRowPublic]

    @classmethod
    def of(
        cls, team: Team, month: Month, coverage: list[CoverageRow], shop_id: str
    ) -> ShopCoveragePublic:
        """The shop's rows and shortfall in the month; KeyError for an unknown shop."""
        shop = next((s for s in team.shops if s.shop_id == shop_id), None)
        if shop is None:
            raise KeyError(shop_id)
        return cls(
            shop_id=shop_id,
            name=shop.name,
            month=str(month),
            shortfall=shop_shortfall(team, month, coverage, shop_id),
            rows=[
                CoverageRowPublic.model_validate(r, from_attributes=True)
                for r in coverage
                if r.shop_id == shop_id
            ],
        )


class AbsenceCreate(BaseModel):
    """An agent away from ``start`` to ``end``: saved as leave, then the version is re-planned."""

    agent_id: str
    start: date
    end: date
    kind: str = "sick"
    time_limit_s: float | None = Field(default=None, gt=0)


class ChangePublic(BaseModel):
    agent_id: str
    date: date
    before: str
    after: str
    before_shops: dict[str, int]
    after_shops: dict[str, int]

    @classmethod
    def of(cls, change: Change) -> ChangePublic:
        return cls(
            agent_id=change.agent_id,
            date=change.date,
            before=change.before.shift,
            after=change.after.shift,
            before_shops=dict(change.before.shares),
            after_shops=dict(change.after.shares),
        )


class ProposalPublic(BaseModel):
    id: int
    team_id: int
    base_version: int
    month: MonthText
    start: date
    absence: str
    created_at: str
    job_id: int | None
    accepted_version: int | None
    summary: dict[str, Any]
    accepted_choice: str | None = None
    """The choice saved as ``accepted_version`` (None before two choices existed)."""


class ProposalChoicePublic(BaseModel):
    """One choice of a re-plan: ``fewest_changes`` or ``keep_cover``."""

    choice: str
    status: str | None
    changed_days: int
    """Agent-days from the re-plan's start whose entry differs from the base version."""
    changed_shops: int
    shortfall_before: float
    """The base version's shortfall (before the absence), in agent-shifts."""
    shortfall_after: float
    changes: list[ChangePublic]
    summary: dict[str, Any]


class ProposalsPublic(BaseModel):
    data: list[ProposalPublic]
    count: int


class ProposalDetail(ProposalPublic):
    changes: list[ChangePublic]
    """Agent-days whose entry differs from the base version ("fewest changes")."""
    choices: list[ProposalChoicePublic] = []
    """Every choice offered, "fewest changes" first."""
    same_choices: bool = True
    """Both choices give the same roster (or only one is offered)."""

    @classmethod
    def of_changes(
        cls,
        record: ProposalRecord,
        changes: list[Change],
        choices: list[ProposalChoicePublic] | None = None,
        same_choices: bool = True,
    ) -> ProposalDetail:
        """The record, with the agent-days it changes and its choices."""
        return cls.model_validate(
            fields_of(record)
            | {
                "changes": [ChangePublic.of(c) for c in changes],
                "choices": choices or [],
                "same_choices": same_choices,
            }
        )
