"""The optimisation core: builds and solves CP-SAT rostering models.

It knows nothing of files, pandas, HTTP or HTML; ``scheduler`` translates a team into a
``Problem`` and reads the ``SolveResult`` back.
"""

from solver.build import Build, build_model
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

__all__ = [
    "Agent",
    "AgentIdx",
    "Build",
    "Conflict",
    "DayEntry",
    "DayIdx",
    "DayKind",
    "History",
    "Need",
    "Pin",
    "Plan",
    "Problem",
    "Progress",
    "Reference",
    "Request",
    "Rotation",
    "Rules",
    "ShiftIdx",
    "ShiftType",
    "Shop",
    "ShopIdx",
    "SolveParams",
    "SolveResult",
    "SolveStatus",
    "Weights",
    "build_model",
    "solve",
]
