"""The promotion-peak plan: the cheapest way to give each shop the agents it needs.

An aggregate capacity plan over a horizon of days (the event window). Cover is counted
per day, shift and shop in capacity units (``units`` per agent-shift). The team's own
agents give their expected cover (rest days spread over the month; ``on_duty``); the
plan may add, at a cost:

- ``overtime``: an agent works on a rest day (at most ``rest`` of a day, at most the
  agent's monthly limit), paid by the day's rate;
- ``blackout``: on chosen days near the peak nobody rests; the rest moves to the
  agent's other days of that month;
- ``leave``: approved leave on a blackout day is cancelled;
- ``extra shops``: an agent takes a second or third shop they are qualified for and
  moves part of their cover there;
- ``temps``: temps per shop, shift and start day; each gives ``temp_on_duty`` cover on
  each day from the start day on.

Cover still missing is ``uncovered`` and costs ``costs.uncovered`` per unit, far more than
any lever, so the plan closes what it can. Money (overtime, temps, cancelled leave,
blackout) is reported apart from the penalties (uncovered cover, extra-shop preference).

``solve_peak`` solves the linear relaxation with GLOP, then the CP-SAT model with the few
real decisions (temps, blackout run, extra shops) held near the LP optimum, then the whole
CP-SAT model from that plan. The LP optimum is a proven bound.

The package: ``problem`` (the inputs and the plan), ``model`` (the CP-SAT model) and
``solve`` (``solve_peak``, ``relax_peak``).
"""

from solver.peak.problem import (
    AgentPlan,
    PeakAgent,
    PeakCosts,
    PeakCover,
    PeakNeed,
    PeakParams,
    PeakPlan,
    PeakProblem,
    PeakResult,
    TempHire,
)
from solver.peak.solve import PeakRelaxation, relax_peak, solve_peak

__all__ = [
    "AgentPlan",
    "PeakAgent",
    "PeakCosts",
    "PeakCover",
    "PeakNeed",
    "PeakParams",
    "PeakPlan",
    "PeakProblem",
    "PeakRelaxation",
    "PeakResult",
    "TempHire",
    "relax_peak",
    "solve_peak",
]
