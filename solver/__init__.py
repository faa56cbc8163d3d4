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
    Problem,
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
    "Build",
    "Conflict",
    "DayEntry",
    "DayIdx",
    "DayKind",
    "History",
    "Need",
    "Plan",
    "Problem",
    "Progress",
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
    "Weights",
    "build_model",
    "solve",
]
