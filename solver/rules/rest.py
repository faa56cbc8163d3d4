"""Rules about runs of work and the rest between shifts."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ortools.sat.python import cp_model

    from solver.build import Build
    from solver.problem import ShiftIdx


def max_consecutive_workdays(b: Build) -> None:
    """No agent works more than ``max_consecutive_workdays`` days in a row.

    Shifts and training count as work; rest, leave and inactive days break a
    run. The days worked just before day 0 (``history``) count too.
    """
    x = b.x
    for a, agent in enumerate(b.problem.agents):
        limit = agent.max_consecutive_workdays
        if limit is None:
            continue
        before = min(agent.history.trailing_workdays, limit)
        g = b.guard("max_consecutive_workdays", a)
        # Every window of limit+1 days holds at most `limit` working days; a window
        # that starts before day 0 counts the worked days of the history as constants.
        for start in range(-before, b.problem.num_days - limit):
            worked_before = max(0, -start)
            lits = [
                lit for d in range(max(start, 0), start + limit + 1) for lit in x.duty_lits(a, d)
            ]
            if len(lits) + worked_before > limit:
                b.model.add(sum(lits) <= limit - worked_before).only_enforce_if(g)


def min_rest_between_shifts(b: Build) -> None:
    """Shift t may not follow shift s the next day when (s, t) leaves too little rest.

    The forbidden pairs come from the shift times and the minimum rest (e.g.
    evening until 00:30, then day from 08:30, is 8 h). The shift worked the day
    before day 0 counts too.
    """
    x = b.x
    forbidden = b.problem.rules.forbidden_successions
    if not forbidden:
        return
    not_after: dict[ShiftIdx, list[ShiftIdx]] = defaultdict(list)
    for s, t in sorted(forbidden):
        not_after[s].append(t)
    for a, agent in enumerate(b.problem.agents):
        g = b.guard("min_rest_between_shifts", a)
        last = agent.history.last_shift
        for s, t in sorted(forbidden):
            if last == s and (first := x.works(a, 0, t)) is not None:
                b.model.add(first == 0).only_enforce_if(g)
        works = x.agent_works(a)
        for d in range(b.problem.num_days - 1):
            for s, ts in not_after.items():
                before = works.get((d, s))
                if before is None:
                    continue
                after = [lit for t in ts if (lit := works.get((d + 1, t))) is not None]
                if not after:
                    continue
                if len(after) == 1:
                    b.model.add_bool_or([~before, ~after[0]]).only_enforce_if(g)
                elif not g:
                    # One constraint per shift and day instead of one per forbidden pair: the
                    # next day's shifts exclude each other, so this is a clique (a tighter LP).
                    b.model.add_at_most_one([before, *after])
                else:
                    b.model.add(before + sum(after) <= 1).only_enforce_if(g)


def min_consecutive_workdays(b: Build) -> None:
    """A run of working days between two days off lasts at least the agent's minimum.

    Runs touching the horizon's first or last day are exempt.
    """
    _min_run(b, "min_consecutive_workdays", working=True)


def min_consecutive_days_off(b: Build) -> None:
    """A run of days off between two working days lasts at least the agent's minimum.

    Runs touching the horizon's first or last day are exempt.
    """
    _min_run(b, "min_consecutive_days_off", working=False)


def _min_run(b: Build, rule: str, *, working: bool) -> None:
    x = b.x
    n = b.problem.num_days
    for a, agent in enumerate(b.problem.agents):
        k = agent.min_consecutive_workdays if working else agent.min_consecutive_days_off
        if k <= 1:
            continue
        g = b.guard(rule, a)
        duty = [x.duty(a, d) for d in range(n)]
        # Forbid "other, run of s days, other" for every s < k (the clause form).
        for s in range(1, k):
            for d in range(n - s - 1):
                clause: list[cp_model.LiteralT] = []
                inner = duty[d + 1 : d + s + 1]
                if working:
                    if any(lit is None for lit in inner):
                        continue  # a day that cannot be worked: this run cannot happen
                    ends = (duty[d], duty[d + s + 1])
                    clause = [lit for lit in ends if lit is not None]
                    clause += [~lit for lit in inner if lit is not None]
                else:
                    before, after = duty[d], duty[d + s + 1]
                    if before is None or after is None:
                        continue  # an end that cannot be worked: this run cannot happen
                    clause = [~before, ~after]
                    clause += [lit for lit in inner if lit is not None]
                b.model.add_bool_or(clause).only_enforce_if(g)
