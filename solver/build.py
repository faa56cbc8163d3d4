"""The object every rule receives, and the function that builds a whole model."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from solver.variables import Lit, RosterVars

if TYPE_CHECKING:
    from solver.problem import AgentIdx, Problem


@dataclass(frozen=True)
class Build:
    """The model under construction, its problem, its variables and the rule guards.

    In diagnose mode ``guard(rule, agent)`` returns one enforcement literal per
    (rule, agent), later passed to CP-SAT as an assumption, so an infeasible
    model can name the rules and agents that conflict. In normal mode it
    returns no literal and the constraints are plain.
    """

    model: cp_model.CpModel
    problem: Problem
    x: RosterVars
    diagnose: bool = False
    guards: dict[tuple[str, AgentIdx], Lit] = field(default_factory=dict)
    shortfalls: dict[tuple[int, int, int], tuple[int, cp_model.IntVar]] = field(
        default_factory=dict
    )
    """Each need's shortfall variable with its units, (day, shift, shop) -> (units, var),
    once ``coverage_shortfall`` made them (``shortfall_cuts`` reads them)."""

    def guard(self, rule: str, agent: AgentIdx) -> list[Lit]:
        if not self.diagnose:
            return []
        key = (rule, agent)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"guard[{rule},{agent}]")
        return [self.guards[key]]


RuleFn = Callable[[Build], None]


def build_model(
    problem: Problem, *, diagnose: bool = False, rules: tuple[RuleFn, ...] | None = None
) -> Build:
    """Create the variables and add every hard rule (or only ``rules``) to a new model."""
    from solver.rules import HARD_RULES
    from solver.rules.weekends import whole_weekends

    model = cp_model.CpModel()
    b = Build(model=model, problem=problem, x=RosterVars(model, problem), diagnose=diagnose)
    for rule in HARD_RULES if rules is None else rules:
        rule(b)
    if problem.rules.whole_weekends and rules is None:
        whole_weekends(b)
    return b
