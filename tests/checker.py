"""An independent roster checker: every hard rule re-checked on the written files.

It reads roster.csv and assignments.csv with the csv module and applies each
rule from the team's own words, importing nothing from the solver or the
planning code. ``check_roster`` returns every violation found.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from scheduler.team.model import Team

NOT_SHIFTS = {"off", "leave", "training", "inactive"}


@dataclass(frozen=True)
class Violation:
    rule: str
    agent: str
    detail: str


@dataclass
class Written:
    """The roster as written: entries[agent][date] = (shift, {shop: percent})."""

    month_days: list[date]
    entries: dict[str, dict[date, tuple[str, dict[str, int]]]]
    roles: dict[str, dict[str, str]]


def read_written(out_dir: Path, team: Team, year: int, month: int) -> Written:
    first = date(year, month, 1)
    days = []
    d = first
    while d.month == month:
        days.append(d)
        d += timedelta(days=1)
    entries: dict[str, dict[date, tuple[str, dict[str, int]]]] = defaultdict(dict)
    with (out_dir / "roster.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            shares = {}
            for part in filter(None, row["shops"].split("|")):
                shop, percent = part.split(":")
                shares[shop] = int(percent)
            day = date.fromisoformat(row["date"])
            assert day not in entries[row["agent_id"]], f"two rows for {row['agent_id']} {day}"
            entries[row["agent_id"]][day] = (row["shift"], shares)
    roles: dict[str, dict[str, str]] = defaultdict(dict)
    with (out_dir / "assignments.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            roles[row["agent_id"]][row["shop_id"]] = row["role"]
    return Written(days, dict(entries), dict(roles))


def _minutes(t) -> int:
    return t.hour * 60 + t.minute


def _end_minutes(shift) -> int:
    end = _minutes(shift.end)
    return end + 1440 if end <= _minutes(shift.start) else end


def check_roster(
    team: Team,
    out_dir: Path,
    year: int,
    month: int,
    previous: Written | None = None,
) -> list[Violation]:
    w = read_written(out_dir, team, year, month)
    found: list[Violation] = []
    for agent in team.agents:
        found += _check_agent(team, w, agent, previous)
    found += _check_coverage(team, w, out_dir)
    return found


def _check_agent(team: Team, w: Written, agent, previous: Written | None) -> list[Violation]:
    v: list[Violation] = []
    a = agent.agent_id
    shifts = {s.id: s for s in team.shifts}
    rows = w.entries.get(a, {})

    def bad(rule: str, detail: str) -> None:
        v.append(Violation(rule, a, detail))

    # one_entry_per_day
    if set(rows) != set(w.month_days):
        bad("one_entry_per_day", f"{len(rows)} rows for {len(w.month_days)} days")
        return v
    for d, (shift, _) in rows.items():
        if shift not in shifts and shift not in NOT_SHIFTS:
            bad("one_entry_per_day", f"{d}: unknown entry {shift}")
    leave = {
        lv.start + timedelta(days=i)
        for lv in team.leave
        if lv.agent_id == a
        for i in range((lv.end - lv.start).days + 1)
    }
    hired = agent.hire_date
    training_until = hired + timedelta(days=team.rules.training_days) if hired else None
    for d in w.month_days:
        shift = rows[d][0]
        active = hired is None or d >= hired
        if not active:
            if shift != "inactive":
                bad("inactive_before_hire", f"{d}: {shift} before hire date {hired}")
            continue
        if shift == "inactive":
            bad("inactive_before_hire", f"{d}: inactive after hire date")
        if (d in leave) != (shift == "leave"):
            bad("leave_days", f"{d}: {shift}, leave={d in leave}")
        in_training = training_until is not None and d < training_until
        if in_training and d not in leave and shift not in ("training", "off"):
            bad("training_days", f"{d}: {shift} during training")
        if shift == "training" and not in_training:
            bad("training_days", f"{d}: training outside the training days")
        if shift == "off" and team.in_blackout(d):
            bad("no_rest_in_blackout", f"{d}: off in blackout")
    # rest_days_per_month: round half up of days_off × active / days
    active_days = sum(1 for d in w.month_days if hired is None or d >= hired)
    expected = int(team.rules.days_off_per_month * active_days / len(w.month_days) + 0.5)
    offs = sum(1 for d in w.month_days if rows[d][0] == "off")
    if offs != expected:
        bad("rest_days_per_month", f"{offs} rest days, expected {expected}")
    # max_consecutive_workdays, counting the end of last month
    sequence = []
    if previous is not None and a in previous.entries:
        sequence = [previous.entries[a][d][0] for d in previous.month_days]
    sequence += [rows[d][0] for d in w.month_days]
    run = 0
    for i, shift in enumerate(sequence):
        run = run + 1 if (shift in shifts or shift == "training") else 0
        if run > team.rules.max_consecutive_workdays and i >= len(sequence) - len(w.month_days):
            bad("max_consecutive_workdays", f"run of {run} ending at position {i}")
    # min_rest_between_shifts
    for i in range(1, len(sequence)):
        s, t = sequence[i - 1], sequence[i]
        if s in shifts and t in shifts and i >= len(sequence) - len(w.month_days):
            rest = 1440 + _minutes(shifts[t].start) - _end_minutes(shifts[s])
            if rest < team.rules.min_rest_hours * 60:
                bad("min_rest_between_shifts", f"{s} then {t}: {rest / 60:.1f} h rest")
    # half_month_rotation
    if team.rules.rotation == "half-month":
        halves = [
            {rows[d][0] for d in w.month_days if d.day <= 15 and rows[d][0] in shifts},
            {rows[d][0] for d in w.month_days if d.day > 15 and rows[d][0] in shifts},
        ]
        if agent.fixed_shift:
            if any(h - {agent.fixed_shift} for h in halves):
                bad("half_month_rotation", f"fixed {agent.fixed_shift} but works {halves}")
        else:
            if any(len(h) > 1 for h in halves):
                bad("half_month_rotation", f"more than one shift type in a half: {halves}")
            if len(team.shifts) > 1 and halves[0] and halves[0] == halves[1]:
                bad("half_month_rotation", f"same type in both halves: {halves}")
            if previous is not None and a in previous.entries and halves[0]:
                last = [
                    previous.entries[a][d][0]
                    for d in previous.month_days
                    if previous.entries[a][d][0] in shifts
                ]
                last_half = [
                    previous.entries[a][d][0]
                    for d in previous.month_days
                    if d.day > 15 and previous.entries[a][d][0] in shifts
                ]
                if last_half and last_half[-1] in halves[0]:
                    bad("half_month_rotation", f"starts on {halves[0]} after ending on {last[-1]}")
    # shops
    roles = w.roles.get(a, {})
    limit = min(agent.max_shops or team.rules.max_shops, team.rules.max_shops_special, 3)
    if not 1 <= len(roles) <= limit:
        bad("shops_per_agent_limit", f"{len(roles)} shops, limit {limit}")
    if any(shop not in agent.shops for shop in roles):
        bad("qualified_shops_only", f"serves {sorted(roles)}, qualified {agent.shops}")
    if list(roles.values()).count("primary") != 1:
        bad("one_primary_shop", f"roles {roles}")
    given: dict[str, int] = defaultdict(int)
    for d in w.month_days:
        shift, shares = rows[d]
        if shift in shifts:
            if sum(shares.values()) != 100:
                bad("capacity_split_among_served_shops", f"{d}: shares {shares} sum != 100")
            if any(shop not in roles for shop in shares):
                bad("capacity_split_among_served_shops", f"{d}: share to unserved shop {shares}")
            for shop, percent in shares.items():
                given[shop] += percent
        elif shares:
            bad("capacity_split_among_served_shops", f"{d}: shares on a {shift} day")
    primary = [s for s, r in roles.items() if r == "primary"]
    if primary and any(given[s] > given[primary[0]] for s in given):
        bad("primary_shop_gets_most_capacity", f"given {dict(given)}, primary {primary[0]}")
    return v


def _check_coverage(team: Team, w: Written, out_dir: Path) -> list[Violation]:
    planned: dict[tuple[str, str, str], float] = defaultdict(float)
    for rows in w.entries.values():
        for d, (shift, shares) in rows.items():
            for shop, percent in shares.items():
                planned[d.isoformat(), shift, shop] += percent / 100
    v = []
    total_short = 0.0
    with (out_dir / "coverage.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = (row["date"], row["shift"], row["shop_id"])
            if abs(float(row["planned"]) - planned.get(key, 0.0)) > 1e-6:
                v.append(
                    Violation(
                        "coverage", "-", f"{key}: planned {row['planned']} != {planned.get(key)}"
                    )
                )
            short = max(0.0, float(row["required"]) - float(row["planned"]))
            if abs(short - float(row["shortfall"])) > 1e-6:
                v.append(
                    Violation("coverage", "-", f"{key}: shortfall {row['shortfall']} != {short}")
                )
            total_short += short
    required = {
        (r.date.isoformat(), r.shift, r.shop_id)
        for r in team.requirements
        if r.date.month == w.month_days[0].month and r.date.year == w.month_days[0].year
    }
    with (out_dir / "coverage.csv").open(encoding="utf-8") as f:
        listed = {(r["date"], r["shift"], r["shop_id"]) for r in csv.DictReader(f)}
    if required - listed:
        v.append(
            Violation(
                "coverage",
                "-",
                f"requirements missing from coverage.csv: {sorted(required - listed)[:3]}",
            )
        )
    summary = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    if abs(summary["shortfall"] - total_short) > 1e-3:
        v.append(
            Violation("coverage", "-", f"summary shortfall {summary['shortfall']} != {total_short}")
        )
    floor = summary.get("shortfall_floor")
    if floor is not None and floor > total_short + 1e-9:
        v.append(Violation("coverage", "-", f"shortfall_floor {floor} > shortfall {total_short}"))
    return v
