"""The optimisation core: builds and solves CP-SAT rostering models.

It knows nothing of files, pandas, HTTP or HTML; ``scheduler`` translates a team into a
``Problem`` and reads the ``SolveResult`` back.
"""

from solver.build import Build, build_model
from solver.peak import (
    AgentPlan,
    PeakAgent,
    PeakCosts,
    PeakCover,
    PeakNeed,
    PeakParams,
    PeakPlan,
    PeakProblem,
    PeakRelaxation,
    PeakResult,
    TempHire,
    relax_peak,
    solve_peak,
)
from solver.problem import (
    Agent,
    AgentIdx,
    DayIdx,
    History,
    Need,
    Pin,
    Problem,
    Reference,
    Request,
    Rotation,
    Rules,
    ShiftIdx,
    ShiftType,
    Shop,
    ShopIdx,
    Weights,
)
from solver.result import Conflict, DayEntry, DayKind, Plan, Progress, SolveResult, SolveStatus
from solver.solve import SolveParams, solve
from solver.strategies import Search

__all__ = [
    "Agent",
    "AgentIdx",
    "AgentPlan",
    "Build",
    "Conflict",
    "DayEntry",
    "DayIdx",
    "DayKind",
    "History",
    "Need",
    "PeakAgent",
    "PeakCosts",
    "PeakCover",
    "PeakNeed",
    "PeakParams",
    "PeakPlan",
    "PeakProblem",
    "PeakRelaxation",
    "PeakResult",
    "Pin",
    "Plan",
    "Problem",
    "Progress",
    "Reference",
    "Request",
    "Rotation",
    "Rules",
    "Search",
    "ShiftIdx",
    "ShiftType",
    "Shop",
    "ShopIdx",
    "SolveParams",
    "SolveResult",
    "SolveStatus",
    "TempHire",
    "Weights",
    "build_model",
    "relax_peak",
    "solve",
    "solve_peak",
]
