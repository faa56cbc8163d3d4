"""One agent's month, built once and re-used while the others' cover changes.

A one-agent block (a sweep's sub-solve in ``solver.search.blocks``, on teams of 300
agents and more) is the agent against the needs of their shops less the cover the others
give. Only those residual units change from one solve of the agent to the next, and they
enter the model in three places only (``solver.terms.coverage_shortfall``): each need's shortfall
variable is in ``[0, units]``, its cover constraint reads ``shortfall + cover >= units``,
and a need the agent cannot cover at all adds ``under_weight x units`` to the objective's
constant. So the model is built once per agent with every need present (its units at
least 1) and, before each solve, those bounds and that constant are set to the residual
units: a need already covered becomes a shortfall fixed at 0, which CP-SAT's presolve
removes. Building a month's model in Python took about a quarter of one agent's re-solve
on the generated 600-agent team; reading a kept one takes a tenth of that.

Models are kept per agent object (a problem's agents keep their objects from one block
problem to the next) and re-used only when the block problem matches the one they were
built for in everything but the needs' units; otherwise, and while another thread uses
the agent's model, a fresh model is built.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, cast

from solver.build import build_model
from solver.hints import add_plan_hint, add_reference_hint
from solver.objective import add_objective

if TYPE_CHECKING:
    from collections.abc import Iterator

    from solver.build import Build
    from solver.problem import Need, Problem
    from solver.result import Plan
    from solver.variables import RosterVars

# Kept models, the least recently used dropped first (one month's model is a few
# hundred variables; a 1,200-agent team and its groups' problems fit twice over).
MODELS_KEPT = 3000

NeedKey = tuple[int, int, int, int, int]


@dataclass
class _Shortfall:
    """Where one need's units sit in a kept model."""

    position: int
    """The need's position in the block problem's needs."""
    variable: int = -1
    """Proto index of its shortfall variable; -1 when nobody in the block can cover it."""
    constraint: int = -1
    """Proto index of its ``shortfall + cover >= units`` constraint."""
    weight: int = 0
    """Its under-weight times the shortfall weight, for the objective's constant."""


@dataclass
class AgentModel:
    """One agent's month with the units of its needs open to change."""

    problem: Problem
    """The block problem it was built for (its needs' units at least 1)."""
    build: Build
    needs: tuple[NeedKey, ...]
    shortfalls: list[_Shortfall]
    offset: float
    """The objective's constant with every need's units 0."""
    units: list[int]
    """Each shortfall's units as the model holds them now."""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def fits(self, sub: Problem) -> bool:
        """Whether ``sub`` is this model's problem but for the needs' units."""
        kept = self.problem
        return (
            sub.agents[0] is kept.agents[0]
            and sub.num_days == kept.num_days
            and sub.shifts is kept.shifts
            and sub.shops is kept.shops
            and sub.rules is kept.rules
            and sub.weights is kept.weights
            and sub.capacity_units == kept.capacity_units
            and sub.requests == kept.requests
            and _need_keys(sub.needs) == self.needs
        )

    def set_units(self, needs: tuple[Need, ...]) -> None:
        """Set every need's units (``needs`` in this model's order); only the changed ones
        are written to the model."""
        proto = self.build.model.proto
        offset = self.offset
        for i, short in enumerate(self.shortfalls):
            units = needs[short.position].units
            if short.variable < 0:
                offset += short.weight * units
            elif units != self.units[i]:
                proto.variables[short.variable].domain[1] = units
                proto.constraints[short.constraint].linear.domain[0] = units
                self.units[i] = units
        proto.objective.offset = offset

    def set_hint(self, hint: Plan | None) -> None:
        """Hint ``hint`` (else the agent's reference or start plan), in place of the last."""
        recorder = _HintRecorder()
        _hint(cast("Build", _Recording(self.build, recorder)), hint)
        proto = self.build.model.proto
        proto.clear_solution_hint()
        proto.solution_hint.vars.extend(recorder.vars)
        proto.solution_hint.values.extend(recorder.values)


class _HintRecorder:
    """Collects hints as ``CpModel.add_hint`` would add them, to add all at once."""

    def __init__(self) -> None:
        self.vars: list[int] = []
        self.values: list[int] = []

    def add_hint(self, var: Any, value: int | bool) -> None:
        if var.index >= 0:
            self.vars.append(var.index)
            self.values.append(int(value))
        else:  # a negated literal: CpModel.negated
            self.vars.append(-var.index - 1)
            self.values.append(int(not value))


@dataclass(frozen=True)
class _Recording:
    """A ``Build`` whose model only records hints (all ``add_plan_hint`` reads)."""

    build: Build
    model: _HintRecorder

    @property
    def problem(self) -> Problem:
        return self.build.problem

    @property
    def x(self) -> RosterVars:
        return self.build.x


def _need_keys(needs: tuple[Need, ...]) -> tuple[NeedKey, ...]:
    return tuple((n.day, n.shift, n.shop, n.under_weight, n.over_weight) for n in needs)


def reusable(sub: Problem) -> bool:
    """Whether ``sub``'s model may be kept: one agent, and the needs' units only in the
    shortfall term (no over-cover weight)."""
    return len(sub.agents) == 1 and all(n.over_weight == 0 for n in sub.needs)


def new_agent_model(sub: Problem) -> AgentModel:
    """Build ``sub``'s model (one agent) with every need present."""
    kept = replace(sub, needs=tuple(replace(n, units=max(1, n.units)) for n in sub.needs))
    b = build_model(kept)
    add_objective(b)
    proto = b.model.proto
    weight = kept.weights.shortfall
    by_key = {(n.day, n.shift, n.shop): i for i, n in enumerate(kept.needs)}
    shortfalls = []
    for i, n in enumerate(kept.needs):
        if n.under_weight != 0:
            shortfalls.append(_Shortfall(position=i, weight=weight * n.under_weight))
    placed = {s.position: s for s in shortfalls}
    for key, (_, var) in b.shortfalls.items():
        placed[by_key[key]].variable = var.index
    at_var = {s.variable: s for s in shortfalls if s.variable >= 0}
    for c, constraint in enumerate(proto.constraints):
        # Read ``linear`` only where set: reading it on another kind of constraint
        # would turn that constraint into an empty linear one.
        if not constraint.has_linear() or len(constraint.enforcement_literal) > 0:
            continue
        linear = constraint.linear
        for v, coeff in zip(linear.vars, linear.coeffs, strict=True):
            short = at_var.get(v)
            if short is not None and coeff == 1 and short.constraint < 0:
                short.constraint = c
                break
    units = {s.position: kept.needs[s.position].units for s in shortfalls}
    assert all(
        s.variable < 0
        or (
            s.constraint >= 0
            and proto.constraints[s.constraint].linear.domain[0] == units[s.position]
        )
        for s in shortfalls
    ), "a shortfall's cover constraint was not found"
    offset = proto.objective.offset - sum(
        s.weight * units[s.position] for s in shortfalls if s.variable < 0
    )
    return AgentModel(
        problem=kept,
        build=b,
        needs=_need_keys(kept.needs),
        shortfalls=shortfalls,
        offset=offset,
        units=[units[s.position] for s in shortfalls],
    )


_models: OrderedDict[int, AgentModel] = OrderedDict()
_models_lock = threading.Lock()


def kept_model(sub: Problem) -> AgentModel:
    """The kept model of ``sub``'s agent (built now if none fits), units not yet set."""
    key = id(sub.agents[0])
    with _models_lock:
        known = _models.get(key)
        if known is not None:
            _models.move_to_end(key)
    if known is not None and known.fits(sub):
        return known
    built = new_agent_model(sub)
    with _models_lock:
        _models[key] = built
        while len(_models) > MODELS_KEPT:
            _models.popitem(last=False)
    return built


@contextmanager
def model_for(sub: Problem, hint: Plan | None, keep: bool) -> Iterator[Build]:
    """The model of ``sub`` with its objective and ``hint`` (else the agents' reference or
    start plans), for use within ``with``: with ``keep`` and one agent, the agent's kept
    model with ``sub``'s units; otherwise a new one."""
    if keep and reusable(sub):
        model = kept_model(sub)
        if model.lock.acquire(blocking=False):
            try:
                model.set_units(sub.needs)
                model.set_hint(hint)
                yield model.build
            finally:
                model.lock.release()
            return
    b = build_model(sub)
    add_objective(b)
    _hint(b, hint)
    yield b


def _hint(b: Build, hint: Plan | None) -> None:
    if hint is not None:
        add_plan_hint(b, hint.days, hint.shops)
    else:
        add_reference_hint(b)
