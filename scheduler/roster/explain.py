"""Why a roster is impossible, in words a team lead understands, and what would fix it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import solver
from scheduler.roster.to_problem import Planning, is_active, leave_days, rest_days_for, training_end
from scheduler.team.model import Agent


def _ranges(days: list[date]) -> str:
    """'11-01..11-03, 11-07' for a sorted list of dates."""
    if not days:
        return "no days"
    parts, start, prev = [], days[0], days[0]
    for day in [*days[1:], None]:
        if day is not None and (day - prev).days == 1:
            prev = day
            continue
        parts.append(f"{start:%m-%d}" if start == prev else f"{start:%m-%d}..{prev:%m-%d}")
        if day is not None:
            start = prev = day
    return ", ".join(parts)


Template = Callable[[Planning, int], tuple[str, str]]


def _agent(planning: Planning, a: int) -> str:
    agent = planning.team.agents[a]
    return agent.agent_id if agent.name == agent.agent_id else f"{agent.agent_id} ({agent.name})"


def _blackout_days(planning: Planning) -> list[date]:
    return [d for d in planning.month.days if planning.team.in_blackout(d)]


def rest_days_per_month(planning: Planning, a: int) -> tuple[str, str]:
    team, month = planning.team, planning.month
    agent = team.agents[a]
    needed = rest_days_for(team, month, agent)
    leave = sorted(leave_days(team, agent, month))
    free = [d for d in month.days if d not in leave and not team.in_blackout(d)]
    return (
        f"{_agent(planning, a)} must take exactly {needed} rest days in {month}; "
        f"leave covers {_ranges(leave)} and the blackout covers "
        f"{_ranges(_blackout_days(planning))}, "
        f"leaving {len(free)} days where a rest day may fall",
        "shorten the leave or the blackout, or lower days_off_per_month",
    )


def no_rest_in_blackout(planning: Planning, a: int) -> tuple[str, str]:
    return (
        f"{_agent(planning, a)} may take no rest day during the blackout "
        f"({_ranges(_blackout_days(planning))})",
        "shorten the blackout",
    )


def max_consecutive_workdays(planning: Planning, a: int) -> tuple[str, str]:
    limit = planning.team.rules.max_consecutive_workdays
    history = planning.problem.agents[a].history
    carried = (
        f", counting the {history.trailing_workdays} days worked at the end of last month"
        if history.trailing_workdays
        else ""
    )
    return (
        f"{_agent(planning, a)} may work at most {limit} days in a row{carried}",
        "give a rest day inside the run, shorten the blackout, or raise max_consecutive_workdays",
    )


def min_rest_between_shifts(planning: Planning, a: int) -> tuple[str, str]:
    team = planning.team
    pairs = [
        f"{team.shifts[s].id} (ends {team.shifts[s].end:%H:%M}) then "
        f"{team.shifts[t].id} (starts {team.shifts[t].start:%H:%M})"
        for s, t in sorted(planning.problem.rules.forbidden_successions)
    ]
    return (
        f"{_agent(planning, a)} needs {team.rules.min_rest_hours:g} h of rest between shifts, "
        f"so these do not follow each other on consecutive days: {'; '.join(pairs)}",
        "allow a rest day at the switch from evening to day (not in a blackout)",
    )


def half_month_rotation(planning: Planning, a: int) -> tuple[str, str]:
    agent = planning.team.agents[a]
    history = planning.problem.agents[a].history
    fixed = f" and is fixed to {agent.fixed_shift}" if agent.fixed_shift else ""
    last = (
        f"; last month ended on {planning.shift_ids[history.rotation_shift]}, so this month "
        "starts on the other shift"
        if history.rotation_shift is not None and not agent.fixed_shift
        else ""
    )
    return (
        f"{_agent(planning, a)} works one shift type on days 1–15 and the other on days "
        f"16–{planning.month.num_days}{fixed}{last}",
        'give the agent a fixed_shift, or set rotation = "none"',
    )


def shops_per_agent_limit(planning: Planning, a: int) -> tuple[str, str]:
    agent = planning.team.agents[a]
    limit = agent.max_shops or planning.team.rules.max_shops
    return (
        f"{_agent(planning, a)} serves 1 to {limit} of the shops {', '.join(agent.shops)}",
        "check the agent's shops and max_shops in agents.csv",
    )


def one_primary_shop(planning: Planning, a: int) -> tuple[str, str]:
    return (
        f"{_agent(planning, a)} has exactly one primary shop among the shops served",
        "check the agent's shops in agents.csv",
    )


def capacity_split_among_served_shops(planning: Planning, a: int) -> tuple[str, str]:
    return (
        f"{_agent(planning, a)}'s working time is split among the shops they serve",
        "check the agent's shops in agents.csv",
    )


def primary_shop_gets_most_capacity(planning: Planning, a: int) -> tuple[str, str]:
    return (
        f"{_agent(planning, a)} gives their primary shop at least as much time as any other",
        "check the agent's shops in agents.csv",
    )


def pinned_cells(planning: Planning, a: int) -> tuple[str, str]:
    agent = planning.problem.agents[a]
    days = planning.month.days
    pinned = sorted(days[pin.day] for pin in agent.pins)
    broken = pin_contradictions(planning, a)
    but = f"; but {'; '.join(broken)}" if broken else ""
    return (
        f"{_agent(planning, a)} keeps the cells fixed in advance on {_ranges(pinned)} "
        f"(pins.csv, or the days a re-plan keeps){but}",
        "change or remove those pins in pins.csv, or re-plan from an earlier date",
    )


def pin_contradictions(planning: Planning, a: int) -> list[str]:
    """Pins of agent ``a`` that the team's own data rule out (leave, hire date, shifts)."""
    agent = planning.problem.agents[a]
    days, shift_ids = planning.month.days, planning.shift_ids
    found = []
    for pin in sorted(agent.pins, key=lambda pin: pin.day):
        d, entry = pin.day, pin.entry
        day = f"{days[d]:%m-%d}"
        kind = solver.DayKind
        what = shift_ids[entry.shift] if entry.shift is not None else str(entry.kind)
        if d in agent.inactive_days and entry.kind != kind.INACTIVE:
            found.append(f"{day} is fixed to {what} before the hire date")
        elif d in agent.leave_days and entry.kind != kind.LEAVE:
            found.append(f"{day} is fixed to {what} but leave.csv gives leave that day")
        elif entry.kind in (kind.LEAVE, kind.INACTIVE) and agent.available(d):
            found.append(f"{day} was {what} when published but is no longer")
        elif entry.kind == kind.TRAINING and d not in agent.training_days:
            found.append(f"{day} is fixed to training outside the training days")
        elif entry.kind == kind.SHIFT and d in agent.training_days:
            found.append(f"{day} is fixed to {what} during training")
        elif entry.shift is not None and entry.shift not in planning.problem.agent_shifts(agent):
            found.append(f"{day} is fixed to {what}, a shift the agent does not work")
        elif any(p not in agent.shops for p, _ in entry.shares):
            found.append(f"{day} gives time to a shop the agent is not qualified for")
    return found


def _benchmark_rule(text: str) -> Template:
    def template(planning: Planning, a: int) -> tuple[str, str]:
        return f"{_agent(planning, a)}: {text}", "relax that limit for the agent"

    return template


# One message per rule id; a test checks every rule in solver.rules.HARD_RULES has one.
MESSAGES: dict[str, Template] = {
    "rest_days_per_month": rest_days_per_month,
    "no_rest_in_blackout": no_rest_in_blackout,
    "max_consecutive_workdays": max_consecutive_workdays,
    "min_rest_between_shifts": min_rest_between_shifts,
    "half_month_rotation": half_month_rotation,
    "shops_per_agent_limit": shops_per_agent_limit,
    "one_primary_shop": one_primary_shop,
    "capacity_split_among_served_shops": capacity_split_among_served_shops,
    "primary_shop_gets_most_capacity": primary_shop_gets_most_capacity,
    "pinned_cells": pinned_cells,
    "one_entry_per_day": _benchmark_rule("one entry (shift, training or rest) per day"),
    "max_shifts_per_type": _benchmark_rule("at most the allowed number of each shift type"),
    "total_minutes": _benchmark_rule("worked minutes between the minimum and the maximum"),
    "min_consecutive_workdays": _benchmark_rule("runs of work at least the minimum length"),
    "min_consecutive_days_off": _benchmark_rule("runs of days off at least the minimum length"),
    "max_weekends": _benchmark_rule("at most the allowed number of weekends worked"),
}


def explain(planning: Planning, conflicts: tuple[solver.Conflict, ...]) -> str:
    """A paragraph per conflicting set: the rules, for whom, and what would fix it."""
    lines = [f"No roster for {planning.month} can satisfy every hard rule."]
    if not conflicts:
        lines.append("The solver found no smaller set of conflicting rules to name.")
        return "\n".join(lines)
    lines.append("These rules cannot all hold together:")
    fixes = []
    for conflict in conflicts:
        sentence, fix = MESSAGES[conflict.rule](planning, conflict.agent)
        lines.append(f"  - {sentence} [{conflict.rule}]")
        if fix not in fixes:
            fixes.append(fix)
    lines.append("What would fix it: " + "; or ".join(fixes) + ".")
    return "\n".join(lines)


def precheck(planning: Planning) -> list[str]:
    """Cheap checks that name an impossible rule exactly, before any search."""
    team, month = planning.team, planning.month
    problems = []
    blackout = set(_blackout_days(planning))
    for agent in team.agents:
        needed = rest_days_for(team, month, agent)
        leave = leave_days(team, agent, month)
        free = [
            d
            for d in month.days
            if d not in leave
            and d not in blackout
            and (agent.hire_date is None or d >= agent.hire_date)
        ]
        a = team.agents.index(agent)
        if len(free) < needed:
            sentence, fix = rest_days_per_month(planning, a)
            problems.append(f"{sentence} [rest_days_per_month]. What would fix it: {fix}.")
        if pin_contradictions(planning, a):
            sentence, fix = pinned_cells(planning, a)
            problems.append(f"{sentence} [pinned_cells]. What would fix it: {fix}.")
    return problems


def _away(planning: Planning, agent: Agent, day: date, shift: str) -> str | None:
    """Why ``agent`` cannot work ``shift`` on ``day`` whatever the roster, or None."""
    if not is_active(agent, day):
        return f"{agent.agent_id} starts {agent.hire_date:%m-%d}"
    if day in leave_days(planning.team, agent, planning.month):
        return f"{agent.agent_id} on leave"
    end = training_end(planning.team, agent)
    if end is not None and day < end:
        return f"{agent.agent_id} in training"
    if agent.fixed_shift and agent.fixed_shift != shift:
        return f"{agent.agent_id} works {agent.fixed_shift} only"
    return None


def unstaffable_needs(planning: Planning) -> list[str]:
    """Needs that no roster can meet: nobody qualified for the shop can work that shift.

    Coverage is a soft goal, so such a day is shortfall rather than an impossible roster;
    this names its cause ("JD day 11-03..11-04: every agent qualified for JD is away: A3 on
    leave") so the team lead can fix the leave or qualify someone else.
    """
    team, month = planning.team, planning.month
    days_by_cause: dict[tuple[str, str, str], list[date]] = {}
    for need in team.requirements:
        if not (month.first <= need.date <= month.last) or need.agents <= 0:
            continue
        qualified = [a for a in team.agents if need.shop_id in a.shops]
        reasons = [_away(planning, a, need.date, need.shift) for a in qualified]
        if qualified and not all(reasons):
            continue
        cause = (
            f"every agent qualified for {need.shop_id} is away: {', '.join(map(str, reasons))}"
            if qualified
            else f"no agent is qualified for {need.shop_id}"
        )
        days_by_cause.setdefault((need.shop_id, need.shift, cause), []).append(need.date)
    return [
        f"{shop} {shift} {_ranges(sorted(days))}: {cause}"
        for (shop, shift, cause), days in sorted(days_by_cause.items())
    ]
