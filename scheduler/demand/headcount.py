"""Is the team big enough for the month? Requirements against the agents who can work.

One full-time agent works (days in month − rest days) shifts. The team can give, for
each agent, their active days less rest, leave and training days (the roster engine's
own counts, from ``planning``). On a day, the agents expected on duty are those
available that day, each weighted by the chance their rest days leave them working
(1 in a blackout, where no rest is taken).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from scheduler.demand.staffing_settings import StaffingSettings
from scheduler.roster.to_problem import is_active, leave_days, rest_days_for, training_end
from scheduler.team.calendar import Month
from scheduler.team.model import Team


@dataclass(frozen=True, kw_only=True)
class DayLoad:
    date: date
    inquiries: float
    on_duty: float
    """Agents expected at work that day."""
    required: float
    """Agent-shifts requirements.csv asks for that day."""

    @property
    def per_agent(self) -> float:
        return self.inquiries / self.on_duty if self.on_duty else math.inf


@dataclass(frozen=True, kw_only=True)
class Headcount:
    month: Month
    required: float
    """Agent-shifts requirements.csv asks for in the month."""
    shifts_per_agent: int
    active_agents: int
    can_give: float
    """Agent-shifts the team's agents can work in the month."""
    leave: int
    training: int
    inactive: int
    rest: int
    days: tuple[DayLoad, ...]
    low: float
    high: float

    @property
    def agents_needed(self) -> int:
        """Full-time agents the requirements need (rounded up)."""
        return math.ceil(self.required / self.shifts_per_agent - 1e-9)

    @property
    def team_full_time(self) -> float:
        return self.can_give / self.shifts_per_agent

    def flagged(self) -> list[DayLoad]:
        """Days whose inquiries per agent on duty fall outside ``low``–``high``."""
        return [d for d in self.days if not self.low <= d.per_agent <= self.high]

    def summary(self) -> str:
        gap = self.required - self.can_give
        lines = [
            f"required      {self.required:7.1f} agent-shifts in {self.month} (requirements.csv)",
            f"one agent     {self.shifts_per_agent:7d} shifts a month "
            f"({self.month.num_days} days − {self.month.num_days - self.shifts_per_agent} "
            "rest days)",
            f"agents needed {self.agents_needed:7d} full-time",
            f"team          {self.active_agents:7d} active agents give {self.can_give:.0f} "
            f"agent-shifts ({self.team_full_time:.1f} full-time): less {self.rest} rest, "
            f"{self.leave} leave, {self.training} training, {self.inactive} inactive days",
            (
                f"short by      {gap / self.shifts_per_agent:7.1f} full-time agents "
                f"({gap:.0f} agent-shifts)"
                if gap > 0
                else f"spare         {-gap / self.shifts_per_agent:7.1f} full-time agents "
                f"({-gap:.0f} agent-shifts)"
            ),
        ]
        if self.days and any(d.inquiries for d in self.days):
            flagged = self.flagged()
            lines.append(
                f"days outside {self.low:g}–{self.high:g} inquiries per agent on duty: "
                f"{len(flagged)} of {len(self.days)}"
            )
            if flagged:
                lines.append(
                    f"  {'date':<10} {'inquiries':>9} {'on duty':>7} {'per agent':>9} "
                    f"{'required':>8}  flag"
                )
            for d in flagged:
                flag = "above: add people" if d.per_agent > self.high else "below: could cut"
                lines.append(
                    f"  {d.date.isoformat():<10} {d.inquiries:9.0f} {d.on_duty:7.1f} "
                    f"{d.per_agent:9.0f} {d.required:8.1f}  {flag}"
                )
        return "\n".join(lines)


def headcount(
    team: Team,
    month: Month,
    settings: StaffingSettings,
    inquiries: Mapping[date, float] | None = None,
) -> Headcount:
    """The month's headcount check; ``inquiries`` (team total per day) enables the day flags."""
    days = month.days
    required_by_day = dict.fromkeys(days, 0.0)
    for r in team.requirements:
        if r.date in required_by_day:
            required_by_day[r.date] += r.agents
    on_duty = dict.fromkeys(days, 0.0)
    totals = {"leave": 0, "training": 0, "inactive": 0, "rest": 0}
    can_give = 0
    for agent in team.agents:
        off_work = leave_days(team, agent, month)
        end = training_end(team, agent)
        inactive = {d for d in days if not is_active(agent, d)}
        training = {d for d in days if end is not None and d < end} - inactive - off_work
        available = [d for d in days if d not in inactive | training | off_work]
        rest = rest_days_for(team, month, agent)
        restable = [d for d in available if not team.in_blackout(d)]
        working_share = max(0.0, 1 - rest / len(restable)) if restable else 1.0
        for d in available:
            on_duty[d] += 1.0 if team.in_blackout(d) else working_share
        can_give += max(0, len(available) - rest)
        totals["leave"] += len(off_work)
        totals["training"] += len(training)
        totals["inactive"] += len(inactive)
        totals["rest"] += rest
    loads = tuple(
        DayLoad(
            date=d,
            inquiries=(inquiries or {}).get(d, 0.0),
            on_duty=on_duty[d],
            required=required_by_day[d],
        )
        for d in days
    )
    return Headcount(
        month=month,
        required=sum(required_by_day.values()),
        shifts_per_agent=month.num_days - team.rules.days_off_per_month,
        active_agents=sum(1 for a in team.agents if any(is_active(a, d) for d in days)),
        can_give=can_give,
        days=loads if inquiries else (),
        low=settings.low,
        high=settings.high,
        **totals,
    )
