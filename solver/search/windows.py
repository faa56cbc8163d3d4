"""A long horizon cut into windows: the sub-problem of some days, with the days before them
fixed (the rolling horizon of ``solver.search.by_windows``).

A window's sub-problem is the same ``Problem`` over fewer days, so the same model builders
and searches solve it. What crosses the window's first day is carried in two ways:

- the ``context_days`` just before the window are in the sub-problem, each agent's cell
  pinned to the roster already made (``Pin``): runs of work and of rest that began before
  the window, and the rest after the last shift, are checked by the rules themselves;
- what lies before the context enters as ``History``, as a month's roster chained by
  ``--previous`` does: the days worked in a row up to it and its last shift.

The horizon-wide limits (total minutes, shifts per type, weekends) become per-window budgets:
what the roster so far has used is taken off, and the window may use its share of the rest
(pro rata to the agent's workable days or to the cover wanted, whichever is more, plus
``SLACK_UP``) and must reach what the days after it cannot; a later window may use what an
earlier one left. The last window gets exactly what is left, which keeps the limits hard on
the whole horizon.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from solver.problem import Agent, History, Pin, Problem, Reference, Rotation
from solver.result import DayKind

if TYPE_CHECKING:
    from collections.abc import Sequence

    from solver.problem import DayIdx
    from solver.result import DayEntry

# Horizons of this many days or more are solved window by window: longer than 12 weeks, so
# every monthly roster and Curtois & Qu 1-19 (84 days at most) stay on the whole-horizon path.
WINDOW_MIN_DAYS = 12 * 7 + 1
DAYS_PER_WINDOW = 4 * 7
LOOK_AHEAD_DAYS = 7
# A window may use its pro-rata share of what is left of a limit and SLACK_UP more, and must
# reach its days' share of the least less SLACK_DOWN (or what the days after it cannot
# reach, if more). Curtois & Qu 22 allows 111360-112320 minutes a year, and its shifts seldom
# sum to a pro-rata band narrower than that (every agent's first window was infeasible);
# with no pro-rata least, agents of 20 under-worked early and could not catch up.
SLACK_UP = 0.1
SLACK_DOWN = 0.1
# A window may work this many weekends beyond its share: with its share of the weekends only,
# an agent of 20 could not reach the least minutes the days after the window leave to it.
SPARE_WEEKENDS = 1


@dataclass(frozen=True, kw_only=True)
class Window:
    """Days ``start`` to ``stop`` are solved; those before ``end`` are kept."""

    start: DayIdx
    end: DayIdx
    stop: DayIdx


def applies(problem: Problem) -> bool:
    """Whether ``problem`` is long enough for windows and has only rules that windows carry.

    Rules of a whole month (an exact number of rest days, the half-month rotation, the
    weekend fairness ledger) and the choice of shops (one per agent for the whole horizon)
    do not split into windows; problems with them stay on the whole-horizon path.
    """
    rules = problem.rules
    return (
        problem.num_days >= WINDOW_MIN_DAYS
        and rules.rotation == Rotation.NONE
        and not rules.whole_weekends
        and all(
            len(agent.shops) == 1
            and agent.rest_days is None
            and agent.weekend_days_fair_share is None
            and agent.reference is None
            and agent.start is None
            for agent in problem.agents
        )
    )


def windows(
    num_days: int, days_per_window: int = DAYS_PER_WINDOW, look_ahead: int = LOOK_AHEAD_DAYS
) -> list[Window]:
    """Consecutive windows of ``days_per_window`` kept days, each solved with ``look_ahead``
    more; a last window shorter than a look-ahead is merged into the one before."""
    starts = list(range(0, num_days, days_per_window))
    if len(starts) > 1 and num_days - starts[-1] < look_ahead:
        starts.pop()
    ends = [*starts[1:], num_days]
    return [
        Window(start=s, end=e, stop=min(num_days, e + look_ahead))
        for s, e in zip(starts, ends, strict=True)
    ]


def context_days(problem: Problem) -> int:
    """Days before a window that its sub-problem holds fixed: enough for every run rule."""
    longest = 1
    for agent in problem.agents:
        longest = max(
            longest,
            agent.max_consecutive_workdays or 0,
            agent.min_consecutive_workdays,
            agent.min_consecutive_days_off,
        )
    return longest


def history_at(problem: Problem, row: Sequence[DayEntry], a: int, day: DayIdx) -> History:
    """What agent ``a`` carries into ``day`` from ``row`` (their days before it) and, when
    the days worked in a row reach day 0, from their own history."""
    agent = problem.agents[a]
    if day == 0:
        return agent.history
    trailing = 0
    for d in range(day - 1, -1, -1):
        if row[d].kind not in (DayKind.SHIFT, DayKind.TRAINING):
            break
        trailing += 1
    else:
        trailing += agent.history.trailing_workdays
    last = row[day - 1]
    return History(
        trailing_workdays=trailing,
        last_shift=last.shift if last.kind == DayKind.SHIFT else None,
        rotation_shift=agent.history.rotation_shift,
    )


def sub_problem(
    problem: Problem, rows: Sequence[Sequence[DayEntry]], window: Window, *, pro_rata: bool = True
) -> tuple[Problem, DayIdx]:
    """The sub-problem of ``window``'s days, and the horizon day its day 0 is.

    ``rows[a]`` holds agent ``a``'s roster for (at least) the days before ``window.start``.
    With ``pro_rata`` False the window may use all that is left of the horizon-wide limits:
    for a window whose share cannot be met.
    """
    first = _first_day(problem, window)
    wanted = wanted_share(problem, window)
    agents = tuple(
        _sub_agent(problem, rows[a], a, first, window, pro_rata=pro_rata, wanted=wanted)
        for a in range(len(problem.agents))
    )

    def inside(day: DayIdx) -> bool:
        return window.start <= day < window.stop

    def shifted(days: frozenset[DayIdx]) -> frozenset[DayIdx]:
        return frozenset(d - first for d in days if first <= d < window.stop)

    rules = problem.rules
    sub = replace(
        problem,
        num_days=window.stop - first,
        agents=agents,
        needs=tuple(replace(n, day=n.day - first) for n in problem.needs if inside(n.day)),
        requests=tuple(replace(r, day=r.day - first) for r in problem.requests if inside(r.day)),
        rules=replace(
            rules,
            half_start=max(0, rules.half_start - first),
            blackout_days=shifted(rules.blackout_days),
            weekend_days=shifted(rules.weekend_days),
            holiday_days=shifted(rules.holiday_days),
            weekends=tuple(
                cut
                for days in rules.weekends
                if (cut := tuple(d - first for d in days if first <= d < window.stop))
            ),
        ),
    )
    return sub, first


def wanted_share(problem: Problem, window: Window) -> float | None:
    """The window's share of the cover (in minutes) wanted from its first day on; None when
    no cover is wanted any more."""
    lengths = [shift.length_min for shift in problem.shifts]
    inside = after = 0
    for need in problem.needs:
        if need.day >= window.start:
            minutes = need.units * lengths[need.shift]
            inside += minutes if need.day < window.stop else 0
            after += minutes if need.day >= window.stop else 0
    return None if inside + after == 0 else inside / (inside + after)


def _first_day(problem: Problem, window: Window) -> DayIdx:
    """The context's first day: ``context_days`` before the window, moved back to the start
    of a weekend it would cut (a weekend is worked or not as a whole)."""
    first = max(0, window.start - context_days(problem))
    for days in problem.rules.weekends:
        if min(days) < first <= max(days):
            first = min(days)
    return first


def _sub_agent(
    problem: Problem,
    row: Sequence[DayEntry],
    a: int,
    first: DayIdx,
    window: Window,
    *,
    pro_rata: bool,
    wanted: float | None,
) -> Agent:
    agent = problem.agents[a]

    def shifted(days: frozenset[DayIdx]) -> frozenset[DayIdx]:
        return frozenset(d - first for d in days if first <= d < window.stop)

    fixed = tuple(
        Pin(day=d - first, entry=row[d])
        for d in range(first, window.start)
        if row[d].kind not in (DayKind.LEAVE, DayKind.INACTIVE)
    )
    own = tuple(
        replace(pin, day=pin.day - first)
        for pin in agent.pins
        if window.start <= pin.day < window.stop
    )
    budget = _Budget(problem, row, a, first, window, pro_rata=pro_rata, wanted=wanted)
    return replace(
        agent,
        leave_days=shifted(agent.leave_days),
        inactive_days=shifted(agent.inactive_days),
        training_days=shifted(agent.training_days),
        history=history_at(problem, row, a, first),
        pins=fixed + own,
        reference=_cut(agent.reference, first, window.stop),
        start=_cut(agent.start, first, window.stop),
        max_shifts=budget.max_shifts(),
        min_total_minutes=budget.min_minutes(),
        max_total_minutes=budget.max_minutes(),
        max_weekends=budget.max_weekends(),
    )


def _cut(reference: Reference | None, first: DayIdx, stop: DayIdx) -> Reference | None:
    return None if reference is None else replace(reference, days=reference.days[first:stop])


class _Budget:
    """One agent's horizon-wide limits, as limits of one window's sub-problem.

    Days ``first`` to ``window.start`` are fixed (the context): what they use is in the
    sub-problem already, what the days before them used is taken off the limit, and of the
    rest the window's free days get their share.
    """

    def __init__(
        self,
        problem: Problem,
        row: Sequence[DayEntry],
        a: int,
        first: DayIdx,
        window: Window,
        *,
        pro_rata: bool,
        wanted: float | None,
    ) -> None:
        self.problem, self.row, self.agent = problem, row, problem.agents[a]
        self.first, self.window, self.pro_rata = first, window, pro_rata
        n = problem.num_days
        # Shares count the days the agent can work: leave taken in a window is no reason to
        # work more in it.
        inside = self._workable(range(window.start, window.stop))
        after = self._workable(range(window.stop, n))
        days = 1.0 if inside + after == 0 else inside / (inside + after)
        wanted = days if wanted is None else wanted
        # A window's share is that of the agent's workable days or of the cover wanted,
        # whichever gives it more room: on 22 the first window wants 16% more cover than
        # its days' share, more than the agents' pro-rata minutes could give.
        self.most_share = max(days, wanted) * (1 + SLACK_UP)
        self.least_share = days * (1 - SLACK_DOWN)
        self.workable_after = after

    def _workable(self, days: range) -> int:
        agent = self.agent
        return sum(1 for d in days if agent.available(d) and d not in agent.training_days)

    def _used(self, days: range, shift: int | None = None) -> int:
        """Minutes worked on ``days``; with ``shift``, the number of those shifts instead."""
        shifts = self.problem.shifts
        return sum(
            shifts[e.shift].length_min if shift is None else 1
            for d in days
            if (e := self.row[d]).kind == DayKind.SHIFT
            and e.shift is not None
            and (shift is None or e.shift == shift)
        )

    def _upper(self, limit: int, before: int, context: int) -> int:
        left = max(0, limit - before - context)
        if not self.pro_rata:
            return context + left
        return context + min(left, math.ceil(left * self.most_share))

    def _lower(self, limit: int, before: int, context: int, most_after: int) -> int:
        left = max(0, limit - before - context)
        needed = max(0, left - most_after)  # what the days after the window cannot reach
        if not self.pro_rata:
            return context + needed
        return context + max(needed, math.floor(left * self.least_share))

    def max_shifts(self) -> tuple[int | None, ...] | None:
        limits = self.agent.max_shifts
        if limits is None:
            return None
        before, context = range(self.first), range(self.first, self.window.start)
        return tuple(
            None
            if limit is None
            else self._upper(limit, self._used(before, s), self._used(context, s))
            for s, limit in enumerate(limits)
        )

    def min_minutes(self) -> int:
        if self.agent.min_total_minutes <= 0:
            return 0
        agent = self.agent
        longest = max(self.problem.shifts[s].length_min for s in self.problem.agent_shifts(agent))
        # At most max_run days of every max_run + min_off can be worked (leave days rest
        # too), and only the days the agent can work.
        most_days = self.workable_after
        if agent.max_consecutive_workdays is not None:
            run, rest = agent.max_consecutive_workdays, agent.min_consecutive_days_off
            days_after = self.problem.num_days - self.window.stop
            most_days = min(most_days, math.ceil(days_after * run / (run + rest)))
        return self._lower(
            agent.min_total_minutes,
            self._used(range(self.first)),
            self._used(range(self.first, self.window.start)),
            longest * most_days,
        )

    def max_minutes(self) -> int | None:
        if self.agent.max_total_minutes is None:
            return None
        return self._upper(
            self.agent.max_total_minutes,
            self._used(range(self.first)),
            self._used(range(self.first, self.window.start)),
        )

    def max_weekends(self) -> int | None:
        limit = self.agent.max_weekends
        if limit is None:
            return None
        first, start, stop = self.first, self.window.start, self.window.stop

        def worked(days: Sequence[DayIdx]) -> bool:
            return any(
                d < start and self.row[d].kind in (DayKind.SHIFT, DayKind.TRAINING) for d in days
            )

        groups = self.problem.rules.weekends
        before = sum(1 for days in groups if max(days) < first and worked(days))
        inside = [days for days in groups if min(days) < stop and max(days) >= first]
        context = sum(1 for days in inside if worked(days))
        free = sum(1 for days in inside if not worked(days))
        after = sum(1 for days in groups if min(days) >= stop)
        left = max(0, limit - before - context)
        if not self.pro_rata or free + after == 0:
            return context + left
        share = math.ceil(left * free / (free + after) * (1 + SLACK_UP)) + SPARE_WEEKENDS
        return context + min(left, share)
