"""Agents needed per shop, day and shift, from the forecast: the rule of thumb or Erlang.

``rule``: the inquiries a shift answers ÷ ``target`` inquiries per agent per day.
``erlang-c`` / ``erlang-a``: each hour the shift is on gets the agents its chats need
(``erlang.chat_agents``: service target, occupancy cap, concurrency, and patience for
Erlang A); the shift needs the most any of its hours needs, divided by (1 − shrinkage).
Chats that wait overnight for the morning shift are spread over that shift's hours.
Every need is rounded up to ``step`` agents.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from scheduler.demand.erlang import (
    ConcurrencyMethod,
    Workload,
    chat_agents,
    round_up,
    scheduled_agents,
)
from scheduler.demand.events import EventDay
from scheduler.demand.forecast import DayForecast
from scheduler.demand.hourly import OFFSETS, HourProfile, Routing, route_shifts
from scheduler.demand.staffing_settings import StaffingSettings, StaffMethod
from scheduler.team.calendar import Month
from scheduler.team.model import Requirement, Team

SECONDS_PER_HOUR = 3600


@dataclass(frozen=True, kw_only=True)
class ShiftNeed:
    """What one shop needs on one shift of one day, and why."""

    date: date
    shift: str
    shop_id: str
    inquiries: float
    """Inquiries the shift answers (live and overnight backlog)."""
    on_duty: float
    """Agents answering at once in the busiest hour (Erlang), or the rule's quotient."""
    agents: float
    """The requirement: on duty after shrinkage (Erlang), rounded up to ``step``."""
    busiest_hour: int | None = None


@dataclass(frozen=True)
class DemandDays:
    """Daily inquiries and hour profiles of one shop, with the nearest day for gaps."""

    inquiries: dict[date, float]
    profile: HourProfile
    events: Mapping[date, EventDay]

    def _nearest(self, day: date) -> date:
        return min(self.inquiries, key=lambda d: abs((d - day).days))

    def hours(self, day: date) -> np.ndarray:
        """Inquiries per clock hour on ``day``."""
        known = day if day in self.inquiries else self._nearest(day)
        return self.inquiries[known] * self.profile.for_day(self.events.get(known))


def shift_inquiries(days: DemandDays, routing: Routing, day: date, shift_id: str) -> float:
    """Inquiries the ``shift_id`` of ``day`` answers, from the days around it."""
    s = routing.index(shift_id)
    return sum(
        float(days.hours(day - timedelta(days=offset)) @ routing.answered[o, s])
        for o, offset in enumerate(OFFSETS)
    )


def _erlang_need(
    days: DemandDays,
    routing: Routing,
    day: date,
    shift_id: str,
    settings: StaffingSettings,
    method: StaffMethod,
    concurrency_method: ConcurrencyMethod,
) -> tuple[float, int | None]:
    """(agents on duty in the busiest hour, that hour) for one shift."""
    s = routing.index(shift_id)
    backlog = sum(
        float(days.hours(day - timedelta(days=offset)) @ routing.backlog[o, s])
        for o, offset in enumerate(OFFSETS)
    )
    backlog_per_hour = backlog / routing.length_h[shift_id]
    target = settings.service_target(method)
    patience = settings.patience_s if method == StaffMethod.ERLANG_A else None
    best, busiest = 0.0, None
    for on in routing.hours[shift_id]:
        arrivals = days.hours(day + timedelta(days=1) if on.next_day else day)
        per_hour = arrivals[on.hour] * on.split + backlog_per_hour
        agents = chat_agents(
            Workload(volume=per_hour, interval_s=SECONDS_PER_HOUR, aht_s=settings.aht_s),
            target,
            concurrency=settings.concurrency,
            method=concurrency_method,
            patience_s=patience,
            occupancy=settings.max_occupancy,
        )
        if busiest is None or agents > best:
            best, busiest = agents, on.hour
    return best, busiest


def staff_shop(
    team: Team,
    shop_id: str,
    days: DemandDays,
    month: Month,
    settings: StaffingSettings,
    method: StaffMethod,
    concurrency_method: ConcurrencyMethod | None = None,
    routing: Routing | None = None,
) -> list[ShiftNeed]:
    """Needs of one shop for every day and shift of ``month``."""
    routing = routing or route_shifts(team.shifts)
    concurrency = concurrency_method or settings.concurrency_method
    needs = []
    for day in month.days:
        for shift in team.shifts:
            inquiries = shift_inquiries(days, routing, day, shift.id)
            if method == StaffMethod.RULE:
                on_duty = inquiries / settings.target
                agents = round_up(on_duty, settings.step)
                hour = None
            else:
                on_duty, hour = _erlang_need(
                    days, routing, day, shift.id, settings, method, concurrency
                )
                agents = scheduled_agents(on_duty, settings.shrinkage, settings.step)
            needs.append(
                ShiftNeed(
                    date=day,
                    shift=shift.id,
                    shop_id=shop_id,
                    inquiries=inquiries,
                    on_duty=on_duty,
                    agents=agents,
                    busiest_hour=hour,
                )
            )
    return needs


def demand_days(
    forecast: Iterable[DayForecast],
    profiles: Mapping[str, HourProfile],
    events: Mapping[str, Mapping[date, EventDay]],
) -> dict[str, DemandDays]:
    """Group forecast rows by shop, with the shop's hour profile and event days."""
    by_shop: dict[str, dict[date, float]] = {}
    for row in forecast:
        by_shop.setdefault(row.shop_id, {})[row.date] = row.inquiries
    return {
        shop_id: DemandDays(inquiries=days, profile=profiles[shop_id], events=events[shop_id])
        for shop_id, days in by_shop.items()
    }


def staff_team(
    team: Team,
    shops: Mapping[str, DemandDays],
    month: Month,
    settings: StaffingSettings,
    method: StaffMethod,
    concurrency_method: ConcurrencyMethod | None = None,
) -> list[ShiftNeed]:
    """Needs of every shop that has a forecast, in the order of shops.csv."""
    routing = route_shifts(team.shifts)
    needs = []
    for shop in team.shops:
        if shop.shop_id in shops:
            needs += staff_shop(
                team,
                shop.shop_id,
                shops[shop.shop_id],
                month,
                settings,
                method,
                concurrency_method,
                routing,
            )
    return needs


def requirements_of(needs: Iterable[ShiftNeed]) -> tuple[Requirement, ...]:
    return tuple(
        Requirement(date=n.date, shift=n.shift, shop_id=n.shop_id, agents=n.agents) for n in needs
    )


def merged_requirements(
    existing: Iterable[Requirement], new: Iterable[Requirement], month: Month
) -> list[Requirement]:
    """``new`` for ``month`` and the existing rows of other months, by date."""
    kept = [r for r in existing if not month.first <= r.date <= month.last]
    return sorted([*kept, *new], key=lambda r: r.date)


def requirements_csv(requirements: Iterable[Requirement]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "shift", "shop_id", "agents"])
    for r in requirements:
        writer.writerow([r.date.isoformat(), r.shift, r.shop_id, f"{r.agents:g}"])
    return out.getvalue()


@dataclass(frozen=True, kw_only=True)
class MethodTotals:
    """A staffing method's month for one shop (or ``*`` for the team)."""

    shop_id: str
    agent_shifts: float
    busiest_shift: float


def totals(needs: Iterable[ShiftNeed]) -> dict[str, MethodTotals]:
    """Per shop, and for the whole team under ``*`` (its busiest shift summed over shops)."""
    by_shop: dict[str, list[float]] = {}
    by_shift: dict[tuple[date, str], float] = {}
    for need in needs:
        by_shop.setdefault(need.shop_id, []).append(need.agents)
        key = (need.date, need.shift)
        by_shift[key] = by_shift.get(key, 0.0) + need.agents
    result = {
        shop: MethodTotals(shop_id=shop, agent_shifts=sum(v), busiest_shift=max(v))
        for shop, v in by_shop.items()
    }
    if by_shift:
        result["*"] = MethodTotals(
            shop_id="*",
            agent_shifts=sum(by_shift.values()),
            busiest_shift=max(by_shift.values()),
        )
    return result
