"""The roster's decision variables, created once and asked for by the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

if TYPE_CHECKING:
    from solver.problem import AgentIdx, DayIdx, Problem, ShiftIdx, ShopIdx

Lit = cp_model.IntVar
LinearExpr = cp_model.LinearExprT


class RosterVars:
    """Creates and hands out the decision variables of a roster.

    A variable exists only where its value is not fixed by the data: no shift
    variable on a leave, inactive or training day, no shop variable for a shop
    the agent is not qualified for. Rules ask for literals and skip what is absent.
    """

    def __init__(self, model: cp_model.CpModel, problem: Problem) -> None:
        self.problem = problem
        self._model = model
        self._duty: dict[tuple[AgentIdx, DayIdx], Lit] = {}
        self._works: dict[tuple[AgentIdx, DayIdx, ShiftIdx], Lit] = {}
        self._agent_works: list[dict[tuple[DayIdx, ShiftIdx], Lit]] = [{} for _ in problem.agents]
        self._off: dict[tuple[AgentIdx, DayIdx], Lit] = {}
        self._training: dict[tuple[AgentIdx, DayIdx], Lit] = {}
        self._serves: dict[tuple[AgentIdx, ShopIdx], Lit] = {}
        self._primary: dict[tuple[AgentIdx, ShopIdx], Lit] = {}
        self._share: dict[tuple[AgentIdx, DayIdx, ShiftIdx, ShopIdx], LinearExpr] = {}
        cap = problem.capacity_units
        for a, agent in enumerate(problem.agents):
            shifts = [
                s
                for s in problem.agent_shifts(agent)
                if agent.max_shifts is None or agent.max_shifts[s] != 0
            ]
            for p in agent.shops:
                self._serves[a, p] = model.new_bool_var(f"serves[{a},{p}]")
                self._primary[a, p] = model.new_bool_var(f"primary[{a},{p}]")
            for d in problem.days:
                if not agent.available(d):
                    continue
                self._off[a, d] = model.new_bool_var(f"off[{a},{d}]")
                if d in agent.training_days:
                    self._training[a, d] = model.new_bool_var(f"training[{a},{d}]")
                    continue
                for s in shifts:
                    works = model.new_bool_var(f"works[{a},{d},{s}]")
                    self._works[a, d, s] = works
                    self._agent_works[a][d, s] = works
                    if len(agent.shops) == 1:
                        self._share[a, d, s, agent.shops[0]] = cap * works
                    else:
                        for p in agent.shops:
                            self._share[a, d, s, p] = model.new_int_var(
                                0, cap, f"share[{a},{d},{s},{p}]"
                            )

    def works(self, a: AgentIdx, d: DayIdx, s: ShiftIdx) -> Lit | None:
        """Agent ``a`` works shift ``s`` on day ``d``; None where that cannot happen."""
        return self._works.get((a, d, s))

    def shift_lits(self, a: AgentIdx, d: DayIdx) -> list[Lit]:
        """The literals of every shift ``a`` could work on day ``d``."""
        return [
            lit
            for s in range(len(self.problem.shifts))
            if (lit := self._works.get((a, d, s))) is not None
        ]

    def off(self, a: AgentIdx, d: DayIdx) -> Lit | None:
        """Day ``d`` is one of ``a``'s rest days; None on leave or inactive days."""
        return self._off.get((a, d))

    def training(self, a: AgentIdx, d: DayIdx) -> Lit | None:
        """Agent ``a`` trains on day ``d``; None outside their training days."""
        return self._training.get((a, d))

    def duty_lits(self, a: AgentIdx, d: DayIdx) -> list[Lit]:
        """Literals that make day ``d`` a working day for ``a`` (a shift or training)."""
        lits = self.shift_lits(a, d)
        if (train := self._training.get((a, d))) is not None:
            lits.append(train)
        return lits

    def duty(self, a: AgentIdx, d: DayIdx) -> Lit | None:
        """One literal that is true when ``a`` works (a shift or training) on day ``d``."""
        lits = self.duty_lits(a, d)
        if not lits:
            return None
        if len(lits) == 1:
            return lits[0]
        if (a, d) not in self._duty:
            duty = self._model.new_bool_var(f"duty[{a},{d}]")
            # At most one of the lits is true (one_entry_per_day), so the sum is a Boolean.
            self._model.add(duty == sum(lits))
            self._duty[a, d] = duty
        return self._duty[a, d]

    def serves(self, a: AgentIdx, p: ShopIdx) -> Lit:
        """Agent ``a`` serves shop ``p`` this horizon (only for qualified shops)."""
        return self._serves[a, p]

    def primary(self, a: AgentIdx, p: ShopIdx) -> Lit:
        """Shop ``p`` is agent ``a``'s primary shop (only for qualified shops)."""
        return self._primary[a, p]

    def share(self, a: AgentIdx, d: DayIdx, s: ShiftIdx, p: ShopIdx) -> LinearExpr | None:
        """Capacity units ``a`` gives shop ``p`` on day ``d``, shift ``s``."""
        return self._share.get((a, d, s, p))

    def share_keys(self) -> list[tuple[AgentIdx, DayIdx, ShiftIdx, ShopIdx]]:
        return list(self._share)

    def agent_works(self, a: AgentIdx) -> dict[tuple[DayIdx, ShiftIdx], Lit]:
        """Every (day, shift) agent ``a`` could work, with its literal."""
        return self._agent_works[a]
