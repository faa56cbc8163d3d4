"""The JSON API's bodies for demand: the Erlang calculator, forecasts and staffing, peak
plans, and the month-end KPI (the rosters' and teams' bodies are in schemas.py)."""

from __future__ import annotations

import math
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, BaseModel, Field

from scheduler.demand.erlang import QueueFigures
from scheduler.demand.erlang_calculator import CalculatorAnswer, CalculatorInput
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.web.schemas import MONTH_PATTERN


class ErlangRowPublic(BaseModel):
    agents: int
    service_level: float
    asa_s: float | None
    """None when the queue never empties."""
    occupancy: float
    waited: float
    abandoned: float | None
    """Erlang A only."""

    @classmethod
    def of(cls, agents: int, f: QueueFigures, erlang_a: bool) -> ErlangRowPublic:
        return cls(
            agents=agents,
            service_level=f.service_level,
            asa_s=None if math.isinf(f.asa_s) else f.asa_s,
            occupancy=f.occupancy,
            waited=f.p_wait,
            abandoned=f.abandon if erlang_a else None,
        )


class ErlangPublic(BaseModel):
    """What `scheduler erlang` prints: the agents needed and the figures around them."""

    model: Literal["Erlang C", "Erlang A"]
    traffic: float
    """Erlangs: chats per second × handle time."""
    on_duty: int
    scheduled: int
    """On duty ÷ (1 − shrinkage), rounded up."""
    binding: str
    """The condition one agent fewer fails: service level, occupancy cap, abandonment cap
    (or planned occupancy, for the workload method)."""
    figures: ErlangRowPublic | None
    """At the answer; None for the workload method (no queue)."""
    table: list[ErlangRowPublic]
    """Three agents either side of the answer."""
    by_method: dict[str, int]
    """Agents on duty by each concurrency method, when concurrency > 1."""

    @classmethod
    def of(
        cls, given: CalculatorInput, answer: CalculatorAnswer, by_method: dict[str, int]
    ) -> ErlangPublic:
        erlang_a = given.patience_s is not None
        return cls(
            model="Erlang A" if erlang_a else "Erlang C",
            traffic=given.workload.traffic,
            on_duty=answer.on_duty,
            scheduled=answer.scheduled,
            binding=answer.binding,
            figures=(
                None
                if answer.figures is None
                else ErlangRowPublic.of(answer.on_duty, answer.figures, erlang_a)
            ),
            table=[ErlangRowPublic.of(n, f, erlang_a) for n, f in answer.table],
            by_method=by_method,
        )


class DayForecastPublic(BaseModel):
    date: date
    shop_id: str
    inquiries: float
    low: float
    high: float
    """low..high: the 80% interval."""
    day_share: float
    """Share of the day's inquiries the day shift answers."""
    event: str
    """The promotion phase of the day ("double11 peak"), empty on normal days."""


class ForecastPublic(BaseModel):
    """`scheduler forecast`: each shop's human-handled inquiries per day of the month."""

    month: str
    origin: date
    """The forecast uses the history before this day."""
    warnings: list[str]
    data: list[DayForecastPublic]
    count: int


class ShiftNeedPublic(BaseModel):
    date: date
    shift: str
    shop_id: str
    inquiries: float
    """Inquiries the shift answers (live and the overnight backlog)."""
    on_duty: float
    agents: float
    """The requirement: agents, rounded up to [staffing] step."""
    busiest_hour: int | None


class StaffingPublic(BaseModel):
    """`scheduler staff`: agents per shop, day and shift the month's forecast needs."""

    month: str
    method: str
    agent_shifts: float
    data: list[ShiftNeedPublic]
    count: int


class StaffingCreate(BaseModel):
    month: str = Field(pattern=MONTH_PATTERN, examples=["2026-11"])
    method: StaffMethod | None = None
    """rule, erlang-c or erlang-a; empty: team.toml's [staffing] method."""


class PeakCreate(BaseModel):
    """`scheduler peak`'s options; the plan runs as a job (poll it, then list the plans)."""

    event: str = Field(max_length=100, examples=["double11"])
    year: int = Field(ge=2000, le=2100, examples=[2026])
    scenarios: list[Annotated[str, Field(max_length=20)]] = Field(
        default=[], max_length=10, examples=[["+35%"]]
    )
    """More scenarios besides -20%, as forecast, +20% and +50%."""
    today: date | None = None
    """Plan as if today were this day (hire-by dates before it are past)."""
    method: StaffMethod | None = None
    time_limit_s: float | None = Field(default=None, gt=0)
    """Per scenario; default 15."""


class PeakPlanPublic(BaseModel):
    id: int
    team_id: int
    job_id: int | None
    input_id: int
    event: str
    year: int
    created_at: str
    request: dict[str, Any]
    files: list[str] = Field(validation_alias=AliasChoices("files", "file_names"))


class PeakPlansPublic(BaseModel):
    data: list[PeakPlanPublic]
    count: int


class PeakPlanDetail(PeakPlanPublic):
    summary: str
    """What `scheduler peak` prints."""
    plan: dict[str, Any]
    """peak.json: the window, and per scenario its totals, costs and hires."""


class ShopScorePublic(BaseModel):
    shop_id: str
    score: float
    weight: float


class AgentKpiPublic(BaseModel):
    """One row of bonus.csv (docs/kpi.md)."""

    agent_id: str
    name: str
    shops: list[ShopScorePublic]
    score: float
    base: int
    bonus: int
    active_share: float
    to_next_tier: float | None
    is_lead: bool


class KpiPublic(BaseModel):
    """A month's KPI from the newest uploaded scores, ranked, the lead (if any) last."""

    team: str
    month: str
    team_average: float
    shop_weights: str
    rows: list[AgentKpiPublic]
