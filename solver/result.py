"""What a solve returns: the status CP-SAT proved, the figures, and the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Mapping

    from solver.problem import AgentIdx, ShiftIdx, ShopIdx


class SolveStatus(StrEnum):
    """CP-SAT's status words, unchanged."""

    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"


class DayKind(StrEnum):
    SHIFT = "shift"
    OFF = "off"
    TRAINING = "training"
    LEAVE = "leave"
    INACTIVE = "inactive"


@dataclass(frozen=True, kw_only=True)
class DayEntry:
    """One agent's day: its kind, the shift worked and the capacity units per shop."""

    kind: DayKind
    shift: ShiftIdx | None = None
    shares: tuple[tuple[ShopIdx, int], ...] = ()


@dataclass(frozen=True, kw_only=True)
class Plan:
    """A roster: an entry per agent per day, and the shops each agent serves."""

    days: tuple[tuple[DayEntry, ...], ...]
    """days[agent][day]."""
    shops: tuple[tuple[ShopIdx, ...], ...]
    """shops[agent]: the shops served, primary first, then by capacity given."""


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """A hard rule that, for this agent, cannot hold together with the others in the set."""

    rule: str
    agent: AgentIdx


@dataclass(frozen=True, kw_only=True)
class Progress:
    """Solver progress at a new solution."""

    elapsed: float
    solutions: int
    objective: float
    bound: float
    """CP-SAT's proven bound so far; NaN while block search runs (it proves none)."""
    shortfall: int | None = None
    """Cover units missing (times each need's under-weight) in this solution."""


@dataclass(frozen=True, kw_only=True)
class SolveResult:
    """The outcome of one solve, reported as CP-SAT proved it.

    ``gap`` is |objective - best_bound| / max(1, |objective|); 0 means proven optimal.
    """

    status: SolveStatus
    objective: int | None
    best_bound: int | None
    wall_seconds: float
    solutions_found: int
    first_solution_seconds: float | None = None
    plan: Plan | None = None
    terms: Mapping[str, int] = field(default_factory=dict)
    conflicts: tuple[Conflict, ...] = ()

    @property
    def gap(self) -> float | None:
        if self.objective is None or self.best_bound is None:
            return None
        return abs(self.objective - self.best_bound) / max(1, abs(self.objective))

    def summary(self, *, terms: bool = True) -> str:
        """An aligned block of the figures (and each soft term's value), for a terminal."""
        gap = self.gap
        rows = [
            ("status", str(self.status)),
            ("objective", "-" if self.objective is None else str(self.objective)),
            ("best bound", "-" if self.best_bound is None else str(self.best_bound)),
            ("gap", "-" if gap is None else f"{100 * gap:.2f}%"),
            ("solutions", str(self.solutions_found)),
            ("wall time", f"{self.wall_seconds:.1f} s"),
        ]
        if terms:
            rows += [(name, str(value)) for name, value in self.terms.items()]
        width = max(len(name) for name, _ in rows)
        return "\n".join(f"{name:<{width}}  {value}" for name, value in rows)
