"""Promotion peak planning: agents needed, agents the team can field, and the cheapest plan.

For an event's window (presale start − ``lead_days`` to the end of the after-sale wave):
the forecast of each month of the window is staffed per scenario (volume × factor) with
the team's staffing method; the team's expected cover comes from its agents (rest days,
leave, training, rotation, primary shops); ``solver.peak`` finds the cheapest mix of
overtime, blackout, cancelled leave, extra shops and temps. Scenarios are solved from the
smallest volume up, each with the previous plan's cost and temps as floors; with
``solve_many`` they are first solved side by side without floors (see `plan_peak`).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import solver
from scheduler.demand.folder import DemandFolder
from scheduler.demand.month import folder_calendars
from scheduler.demand.staffing import ShiftNeed
from scheduler.demand.staffing_settings import StaffMethod
from scheduler.peak.cover import (
    FEN_PER_RMB,
    UNITS_PER_AGENT,
    PeakPlanning,
    build_peak_planning,
)
from scheduler.peak.scenarios import (
    EventWindow,
    Scenario,
    event_window,
    scenario_needs,
    window_demand,
)
from scheduler.peak.settings import PeakSettings
from scheduler.team.calendar import Month


@dataclass(frozen=True, kw_only=True)
class Hire:
    """Temps for one shop and shift who take chats from ``start_date``."""

    shop_id: str
    count: int
    start_date: date
    hire_by: date
    shift: str


@dataclass(frozen=True, kw_only=True)
class DayShiftRow:
    """One day and shift of a scenario, team totals in agents."""

    date: date
    shift: str
    phase: str
    required: float
    available: float
    gap: float
    """Agents missing before the plan, shop by shop (spare agents of one shop do not
    cover another)."""
    blackout: float
    overtime: float
    leave: float
    moved: float
    """Agents lent to a second or third shop."""
    temps: float
    planned: float
    uncovered: float
    unanswered: float
    """Inquiries the uncovered agent-shifts would have answered."""


@dataclass(frozen=True, kw_only=True)
class AgentMonth:
    """What the plan asks of one agent in one month."""

    agent_id: str
    name: str
    month: Month
    overtime_hours: float
    overtime_rmb: float
    extra_shops: tuple[str, ...]
    leave_cancelled: tuple[date, ...]


@dataclass(frozen=True, kw_only=True)
class ScenarioPlan:
    """One scenario: its needs, the solve, and the plan read back in the team's terms."""

    scenario: Scenario
    needs: list[ShiftNeed]
    result: solver.PeakResult
    planning: PeakPlanning
    too_late: tuple[Hire, ...] = ()
    """Temps a plan free of hire-by dates would hire whose hire-by date is past."""

    @property
    def plan(self) -> solver.PeakPlan | None:
        return self.result.plan

    def rows(self) -> list[DayShiftRow]:
        plan = self.plan
        inquiries = {(n.date, n.shift, n.shop_id): n.inquiries for n in self.needs}
        totals: dict[tuple[date, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
        if plan is None:
            return []
        p = self.planning
        for c in plan.cover:
            day, shift, shop = p.days[c.day], p.shift_ids[c.shift], p.shop_ids[c.shop]
            row = totals[day, shift]
            row["required"] += c.need
            row["available"] += c.available
            row["gap"] += c.gap
            row["blackout"] += c.blackout
            row["overtime"] += c.overtime
            row["leave"] += c.leave
            row["moved"] += c.moved_in
            row["temps"] += c.temps
            row["planned"] += c.planned
            row["uncovered"] += c.uncovered
            if c.uncovered and c.need:
                row["unanswered"] += c.uncovered / c.need * inquiries.get((day, shift, shop), 0)
        rows = []
        for (day, shift), row in sorted(
            totals.items(), key=lambda kv: (kv[0][0], p.shift_ids.index(kv[0][1]))
        ):
            phase = p.window.phases.get(day)
            rows.append(
                DayShiftRow(
                    date=day,
                    shift=shift,
                    phase=str(phase) if phase else "",
                    unanswered=round(row.pop("unanswered", 0.0)),
                    **{k: v / UNITS_PER_AGENT for k, v in row.items()},
                )
            )
        return rows

    def hires(self) -> list[Hire]:
        plan = self.plan
        if plan is None:
            return []
        return hires_of(self.planning, plan)

    def agent_months(self) -> list[AgentMonth]:
        plan = self.plan
        if plan is None:
            return []
        p = self.planning
        months = p.window.months
        names = {a.agent_id: a.name for a in p.team.agents}
        found = []
        for agent_plan in plan.agents:
            agent_id = p.agent_ids[agent_plan.agent]
            agent = p.agents[agent_plan.agent]
            for m, month in enumerate(months):
                overtime = [
                    (d, u)
                    for d, u in agent_plan.overtime
                    if Month(p.days[d].year, p.days[d].month) == month
                ]
                hours = 0.0
                money = 0
                for d, units in overtime:
                    shift = agent.shift[d]
                    assert shift is not None
                    hours += units / UNITS_PER_AGENT * p.team.shifts[shift].paid_hours
                    money += units * p.costs.overtime[d][shift]
                leave = tuple(
                    p.days[d]
                    for d in agent_plan.leave_cancelled
                    if Month(p.days[d].year, p.days[d].month) == month
                )
                if not overtime and not leave and (m > 0 or not agent_plan.extra_shops):
                    continue
                found.append(
                    AgentMonth(
                        agent_id=agent_id,
                        name=names.get(agent_id, agent_id),
                        month=month,
                        overtime_hours=round(hours, 2),
                        overtime_rmb=money / FEN_PER_RMB,
                        extra_shops=tuple(p.shop_ids[q] for q in agent_plan.extra_shops),
                        leave_cancelled=leave,
                    )
                )
        return found

    def totals(self) -> dict[str, object]:
        """The scenario's figures, for the summary and peak.json."""
        plan = self.plan
        result = self.result
        figures: dict[str, object] = {
            "scenario": self.scenario.label,
            "factor": self.scenario.factor,
            "status": str(result.status),
            "objective": result.objective,
            "best_bound": result.best_bound,
            "gap": result.gap,
            "wall_seconds": round(result.wall_seconds, 2),
            "required": round(sum(n.agents for n in self.needs), 1),
        }
        if plan is None:
            return figures
        rows = self.rows()
        months = self.agent_months()
        hours_by_agent_month = [m.overtime_hours for m in months]
        figures |= {
            "gap_before": round(sum(r.gap for r in rows), 1),
            "gap_after": round(sum(r.uncovered for r in rows), 1),
            "unanswered": round(sum(r.unanswered for r in rows)),
            "temps": plan.temp_count,
            "hires": [
                {
                    "shop_id": h.shop_id,
                    "count": h.count,
                    "start_date": h.start_date.isoformat(),
                    "hire_by": h.hire_by.isoformat(),
                    "shift": h.shift,
                }
                for h in self.hires()
            ],
            "too_late": sum(h.count for h in self.too_late),
            "overtime_hours": round(sum(hours_by_agent_month), 1),
            "max_overtime_hours": max(hours_by_agent_month, default=0.0),
            "agents_overtime": len({m.agent_id for m in months if m.overtime_hours}),
            "blackout": [self.planning.days[d].isoformat() for d in plan.blackout_days],
            "leave_cancelled": sum(len(m.leave_cancelled) for m in months),
            "agents_2_shops": sum(1 for a in plan.agents if len(a.extra_shops) == 1),
            "agents_3_shops": sum(1 for a in plan.agents if len(a.extra_shops) >= 2),
            "cost_rmb": plan.total_money / FEN_PER_RMB,
            "cost_by_kind_rmb": {k: v / FEN_PER_RMB for k, v in plan.money.items()},
        }
        return figures


def late_hires(planning: PeakPlanning, problem: solver.PeakProblem) -> tuple[Hire, ...]:
    """The temps whose hire-by date is past that a plan free of hire-by dates would take,
    from its linear relaxation (fractional temps rounded up per shop, shift and start)."""
    relaxed = solver.relax_peak(problem)
    if relaxed is None:
        return ()
    hires = []
    for shop, shift, start, count in relaxed.temps:
        day = planning.days[start]
        if planning.hire_by(day) < planning.today:
            hires.append(
                Hire(
                    shop_id=planning.shop_ids[shop],
                    count=math.ceil(count - 1e-6),
                    start_date=day,
                    hire_by=planning.hire_by(day),
                    shift=planning.shift_ids[shift],
                )
            )
    return tuple(hires)


def hires_of(planning: PeakPlanning, plan: solver.PeakPlan) -> list[Hire]:
    return [
        Hire(
            shop_id=planning.shop_ids[t.shop],
            count=t.count,
            start_date=planning.days[t.start_day],
            hire_by=planning.hire_by(planning.days[t.start_day]),
            shift=planning.shift_ids[t.shift],
        )
        for t in sorted(plan.temps, key=lambda t: (t.start_day, t.shop, t.shift))
    ]


@dataclass(frozen=True, kw_only=True)
class PeakOutcome:
    """Every scenario of one peak planning run."""

    planning: PeakPlanning
    plans: tuple[ScenarioPlan, ...]
    source: str
    warnings: tuple[str, ...] = field(default=())

    @property
    def window(self) -> EventWindow:
        return self.planning.window


SolveMany = Callable[[Sequence[solver.PeakProblem], solver.PeakParams], Sequence[solver.PeakResult]]
"""Solves several peak problems at once; the results in the problems' order."""


def meets_floors(plan: solver.PeakPlan | None, previous: solver.PeakPlan | None) -> bool:
    """A plan that costs and hires at least as much as ``previous`` (the floors' rule)."""
    if plan is None:
        return False
    if previous is None:
        return True
    return plan.total_money >= previous.total_money and plan.temp_count >= previous.temp_count


def plan_peak(
    folder: DemandFolder,
    event: str,
    year: int,
    *,
    scenarios: tuple[Scenario, ...],
    today: date,
    settings: PeakSettings,
    method: StaffMethod | None = None,
    forecast_file: Path | None = None,
    params: solver.PeakParams | None = None,
    on_scenario: Callable[[Scenario], None] | None = None,
    solve_many: SolveMany | None = None,
) -> PeakOutcome:
    """Plan ``event`` of ``year`` for every scenario, from the smallest volume up.

    ``solve_many`` (e.g. a process pool or Ray) first solves every scenario at once without
    the floors. A plan that already costs and hires at least as much as the previous
    scenario's is a plan of the floored model too and is kept; any other scenario is solved
    again with its floors, as without ``solve_many``.

    Raises
    ------
    ValueError
        When the team has no such event in that year.
    InputErrors
        When the forecast cannot be made or read.
    """
    team = folder.team
    window_calendars = folder_calendars(folder, date(year, 12, 31))
    window = event_window(
        window_calendars.events, [s.shop_id for s in team.shops], event, year, settings.lead_days
    )
    demand = window_demand(folder, window, forecast_file)
    chosen = method or folder.staffing.method
    ordered = sorted(scenarios, key=lambda s: s.factor)
    needs = {s: scenario_needs(folder, demand, window, chosen, s.factor) for s in ordered}
    reference = min(ordered, key=lambda s: abs(s.factor - 1))
    planning = build_peak_planning(
        team, window, window_calendars.public, settings, today, needs[reference]
    )
    params = params or solver.PeakParams()
    plans: list[ScenarioPlan] = []
    previous: solver.PeakPlan | None = None
    unfloored: list[solver.PeakResult | None] = [None] * len(ordered)
    if solve_many is not None:
        unfloored = list(solve_many([planning.problem(needs[s]) for s in ordered], params))
    for scenario, side_by_side in zip(ordered, unfloored, strict=True):
        if on_scenario is not None:
            on_scenario(scenario)
        if side_by_side is not None and meets_floors(side_by_side.plan, previous):
            result = side_by_side
        else:
            problem = planning.problem(
                needs[scenario],
                floor_money=previous.total_money if previous else 0,
                floor_temps=previous.temp_count if previous else 0,
            )
            # No start from the previous plan: CP-SAT did better from scratch (docs/peak.md).
            result = solver.solve_peak(problem, params)
        too_late: tuple[Hire, ...] = ()
        if planning.past_starts():
            too_late = late_hires(planning, planning.problem(needs[scenario], allow_past=True))
        plans.append(
            ScenarioPlan(
                scenario=scenario,
                needs=needs[scenario],
                result=result,
                planning=planning,
                too_late=too_late,
            )
        )
        if result.plan is not None:
            previous = result.plan
    return PeakOutcome(
        planning=planning, plans=tuple(plans), source=demand.source, warnings=demand.warnings
    )
