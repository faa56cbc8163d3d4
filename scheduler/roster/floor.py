"""How good a roster's cover is: the shortfall no roster of this team can avoid, where the
roster is short, and why, in a team lead's words (issue 31)."""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

import solver
from scheduler.exports.formulas import neutralise
from scheduler.roster.coverage import CoverageRow
from scheduler.roster.fixes import FixProposal, TempPlan, fix_proposals, temp_plan
from scheduler.roster.model import LEAVE, OFF, TRAINING, Roster
from scheduler.roster.to_problem import UNITS_PER_AGENT, Planning
from solver.floor import Floor, able_agents, shortfall_floor

FLOOR_SHARE = 0.25
"""The floor's month model gets this share of the roster's time limit, after the solve."""
TOP_CAUSES = 3
REST_DAYS = "rest days"


@dataclass(frozen=True, kw_only=True)
class ShortfallRow:
    """One short cell of a roster: its shortfall, the part the floor proves unavoidable and
    the cause (all in agent-shifts)."""

    date: date
    shift: str
    shop_id: str
    shortfall: float
    unavoidable: float
    cause: str


@dataclass(frozen=True, kw_only=True)
class FloorReport:
    """The floor under a roster's shortfall and the roster's short cells."""

    floor: float
    """Agent-shifts of shortfall no roster keeping every hard rule can avoid."""
    seconds: float
    rows: tuple[ShortfallRow, ...]
    temps: TempPlan | None = None
    """Temps that would remove the unavoidable shortfall of blackout days, measured."""
    fixes: tuple[FixProposal, ...] = ()
    """Qualifications and leave moves that would lower the floor, measured, biggest first."""

    @property
    def shortfall(self) -> float:
        return round(sum(r.shortfall for r in self.rows), 4)

    @property
    def proven_best(self) -> bool:
        """The roster's cover is the best any roster of this team can give."""
        return self.floor >= self.shortfall - 1e-9

    def status_line(self) -> str:
        """``shortfall X agent-shifts (at least Y unavoidable with this team)``."""
        line = f"shortfall {self.shortfall:g} agent-shifts"
        return line + f" (at least {self.floor:g} unavoidable with this team)"

    def top_causes(self, limit: int = TOP_CAUSES) -> list[tuple[str, float]]:
        """The causes with the most shortfall, largest first, with their agent-shifts."""
        total: dict[str, float] = defaultdict(float)
        for r in self.rows:
            total[cause_group(r.cause)] += r.shortfall
        ranked = sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
        return [(cause, round(value, 4)) for cause, value in ranked[:limit]]

    def summary(self) -> dict[str, Any]:
        """The fields summary.json gains."""
        return {
            "shortfall_floor": self.floor,
            "shortfall_floor_seconds": round(self.seconds, 3),
            "cover_proven_best": self.proven_best,
            "shortfall_causes": [[cause, value] for cause, value in self.top_causes()],
            "shortfall_temps": None
            if self.temps is None
            else {
                "temps": [t.line() for t in self.temps.temps],
                "removes": self.temps.removes,
                "left": self.temps.left,
            },
            "shortfall_fixes": [{"fix": f.text, "removes": f.removes} for f in self.fixes],
            "shortfall_unavoidable": [
                [r.date.isoformat(), r.shift, r.shop_id, r.unavoidable]
                for r in self.rows
                if r.unavoidable > 0
            ],
        }


def floor_problem(planning: Planning) -> solver.Problem:
    """The planning's problem with each need rounded down to whole units.

    The solver rounds fractional needs up, and the roster's shortfall is counted from the
    requirement itself; a floor on needs rounded down is below both.
    """
    month, shift_ids, shop_ids = planning.month, planning.shift_ids, planning.shop_ids
    exact = {
        (month.index(r.date), shift_ids.index(r.shift), shop_ids.index(r.shop_id)): r.agents
        for r in planning.team.requirements
        if month.first <= r.date <= month.last
    }
    needs = tuple(
        replace(n, units=math.floor(exact[n.day, n.shift, n.shop] * UNITS_PER_AGENT + 1e-9))
        for n in planning.problem.needs
    )
    return replace(planning.problem, needs=needs)


def compute_floor(
    planning: Planning, roster: Roster, coverage: list[CoverageRow], time_limit_s: float
) -> FloorReport:
    """The floor under ``roster``'s shortfall, found in ``time_limit_s`` at most, and the
    roster's short cells with their unavoidable part and cause."""
    problem = floor_problem(planning)
    floor = shortfall_floor(problem, time_limit_s=time_limit_s)
    short = {
        (planning.month.index(r.date), planning.shift_ids.index(r.shift), r.shop_id): r
        for r in coverage
        if r.shortfall > 0
    }
    unavoidable = share_floor(planning, floor, short)
    rows = tuple(
        ShortfallRow(
            date=r.date,
            shift=r.shift,
            shop_id=r.shop_id,
            shortfall=r.shortfall,
            unavoidable=unavoidable.get(key, 0) / UNITS_PER_AGENT,
            cause=cause(planning, roster, problem, key, r.required),
        )
        for key, r in short.items()
    )
    return FloorReport(
        floor=floor.units / UNITS_PER_AGENT,
        seconds=floor.wall_seconds,
        rows=rows,
        temps=temp_plan(planning, floor, problem),
        fixes=fix_proposals(planning, floor, problem),
    )


Key = tuple[int, int, str]


def share_floor(planning: Planning, floor: Floor, short: dict[Key, CoverageRow]) -> dict[Key, int]:
    """The floor's units shared among the roster's short cells.

    Each day's own bound (the max-flow) goes to that day's short cells; what the month
    adds beyond the days' bounds goes to the other short cells in proportion to their
    shortfall. The total proof is the floor; the split among cells is an attribution.
    """
    left = {key: round(r.shortfall * UNITS_PER_AGENT) for key, r in short.items()}
    given: dict[Key, int] = defaultdict(int)
    for d, units in sorted(floor.by_day.items()):
        day_keys = sorted((k for k in left if k[0] == d), key=lambda k: -left[k])
        for key in day_keys:
            take = min(units, left[key])
            given[key] += take
            left[key] -= take
            units -= take
    rest = floor.units - sum(given.values())
    total = sum(left.values())
    if rest > 0 and total > 0:
        exact = {key: rest * units / total for key, units in left.items() if units}
        parts = {key: min(left[key], math.floor(v)) for key, v in exact.items()}
        # Largest remainders first, so the parts add up to the rest.
        for key in sorted(exact, key=lambda k: parts[k] - exact[k]):
            if sum(parts.values()) >= rest:
                break
            if parts[key] < left[key]:
                parts[key] += 1
        for key, units in parts.items():
            given[key] += units
    return dict(given)


def cause(
    planning: Planning, roster: Roster, problem: solver.Problem, key: Key, required: float
) -> str:
    """Why a cell is short, in a team lead's words: the first reason that explains it."""
    d, s, shop_id = key
    team, day = planning.team, planning.month.days[d]
    p = planning.shop_ids.index(shop_id)
    able = able_agents(problem, d)
    if team.in_blackout(day) and _day_need(problem, d) > UNITS_PER_AGENT * len(able):
        return "all able agents on duty (blackout)"
    qualified = [
        a
        for a, agent in enumerate(problem.agents)
        if p in agent.shops and s in problem.agent_shifts(agent)
    ]
    can = [a for a in qualified if a in able]
    if len(can) < required:
        away = _away(planning, roster, qualified, day)
        return away or f"only {agents(len(can))} qualified for {shop_id}"
    on_type = _on_shift_this_half(planning, roster, s, d)
    rotation = problem.rules.rotation == solver.Rotation.HALF_MONTH
    if rotation and on_type < _shift_need(problem, d, s) / UNITS_PER_AGENT:
        return f"rotation: {agents(on_type)} on {planning.shift_ids[s]} shifts this half"
    away = _away(planning, roster, qualified, day)
    if away:
        return away
    off = sum(1 for a in planning.agent_ids if roster.entry(a, day).shift == OFF)
    return f"{REST_DAYS}: {agents(off)} off"


def agents(n: int) -> str:
    """``1 agent``, ``3 agents``."""
    return f"{n} agent" if n == 1 else f"{n} agents"


def cause_group(text: str) -> str:
    """The cause a cell's cause counts under in the top list: rest days are one cause,
    however many agents were off on each day."""
    return REST_DAYS if text.startswith(REST_DAYS + ":") else text


def _away(planning: Planning, roster: Roster, agents: list[int], day: date) -> str | None:
    """``leave: A05`` or ``training: A11`` for qualified agents away that day."""
    for kind in (LEAVE, TRAINING):
        names = [
            planning.agent_ids[a]
            for a in agents
            if roster.entry(planning.agent_ids[a], day).shift == kind
        ]
        if names:
            return f"{kind}: {', '.join(names)}"
    return None


def _day_need(problem: solver.Problem, d: int) -> int:
    return sum(n.units for n in problem.needs if n.day == d)


def _shift_need(problem: solver.Problem, d: int, s: int) -> int:
    return sum(n.units for n in problem.needs if n.day == d and n.shift == s)


def _on_shift_this_half(planning: Planning, roster: Roster, s: int, d: int) -> int:
    """Agents the roster puts on shift type ``s`` in the half of day ``d``."""
    problem, shift_id = planning.problem, planning.shift_ids[s]
    days = [
        day for i, day in enumerate(planning.month.days) if problem.half_of(i) == problem.half_of(d)
    ]
    return sum(
        1 for a in planning.agent_ids if any(roster.entry(a, day).shift == shift_id for day in days)
    )


SHORTFALL_CSV = "shortfall.csv"


def shortfall_csv(report: FloorReport) -> str:
    """shortfall.csv: ``date,shift,shop_id,shortfall,unavoidable,cause``, one short cell a row."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["date", "shift", "shop_id", "shortfall", "unavoidable", "cause"])
    for r in report.rows:
        writer.writerow(
            [
                r.date.isoformat(),
                neutralise(r.shift),
                neutralise(r.shop_id),
                f"{r.shortfall:g}",
                f"{r.unavoidable:g}",
                neutralise(r.cause),
            ]
        )
    return out.getvalue()
