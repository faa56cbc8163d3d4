"""The Erlang calculator (``scheduler erlang``): agents needed for one queue of chats."""

from __future__ import annotations

from dataclasses import dataclass, replace

from scheduler.demand.erlang import CONCURRENCY_FACTORS, ConcurrencyMethod, ServiceTarget, Workload
from scheduler.demand.erlang_calculator import CalculatorAnswer, CalculatorInput, calculate
from scheduler.team.errors import InputError, InputErrors, raise_if_any

# Beyond this the answer takes long to search and no chat queue is this large.
MAX_TRAFFIC_ERLANGS = 2000.0
# Each figure of the calculator: (lowest, highest) accepted, in the CLI's units.
ERLANG_BOUNDS: dict[str, tuple[float, float]] = {
    "volume": (0, 100_000),
    "interval": (1, 1440),
    "aht": (1, 7200),
    "target": (0.001, 0.999),
    "within": (0, 3600),
    "patience": (1, 7200),
    "concurrency": (1, 10),
    "shrinkage": (0, 0.95),
    "max_occupancy": (0.01, 1),
    "max_abandon": (0.001, 1),
}


@dataclass(frozen=True, kw_only=True)
class ErlangRequest:
    """The calculator's figures in the units of ``scheduler erlang``'s options."""

    volume: float
    aht: float
    interval: float = 30
    target: float = 0.8
    within: float = 20
    patience: float | None = None
    concurrency: int = 1
    concurrency_method: ConcurrencyMethod = ConcurrencyMethod.SLOTS
    shrinkage: float = 0.0
    max_occupancy: float = 0.85
    max_abandon: float = 0.05


def calculator_input(request: ErlangRequest) -> CalculatorInput:
    """The calculator's input, checked as ``scheduler erlang`` checks its options.

    Raises
    ------
    InputErrors
        Each figure out of range, named by its field.
    """
    errors = []
    for name, (low, high) in ERLANG_BOUNDS.items():
        value = getattr(request, name)
        if value is not None and not low <= value <= high:
            errors.append(InputError(name, None, f"must be from {low:g} to {high:g}"))
    method = request.concurrency_method
    if method == ConcurrencyMethod.FACTOR and request.concurrency > max(CONCURRENCY_FACTORS):
        errors.append(
            InputError(
                "concurrency",
                None,
                f"the factor method knows 1 to {max(CONCURRENCY_FACTORS)} chats at once",
            )
        )
    raise_if_any(errors)
    workload = Workload(volume=request.volume, interval_s=request.interval * 60, aht_s=request.aht)
    if workload.traffic > MAX_TRAFFIC_ERLANGS:
        raise_if_any(
            [
                InputError(
                    "volume",
                    None,
                    f"{workload.traffic:.0f} erlangs (volume × handle time ÷ interval) is more "
                    f"than the calculator takes ({MAX_TRAFFIC_ERLANGS:g}); split the queue",
                )
            ]
        )
    try:
        return CalculatorInput(
            workload=workload,
            target=ServiceTarget(
                level=request.target,
                within_s=request.within,
                max_occupancy=request.max_occupancy,
                max_abandon=request.max_abandon if request.patience is not None else 1.0,
            ),
            patience_s=request.patience,
            concurrency=request.concurrency,
            method=method,
            shrinkage=request.shrinkage,
        )
    except ValueError as exc:
        raise InputErrors([InputError("erlang", None, str(exc))]) from None


def erlang(request: ErlangRequest) -> tuple[CalculatorInput, CalculatorAnswer]:
    """Agents needed for one queue of chats, and the figures around the answer."""
    given = calculator_input(request)
    return given, calculate(given)


def erlang_by_method(given: CalculatorInput) -> dict[str, int]:
    """Agents on duty by each way of counting concurrency (when an agent runs several chats)."""
    if given.concurrency <= 1:
        return {}
    return {
        str(method): calculate(replace(given, method=method, shrinkage=0.0)).on_duty
        for method in ConcurrencyMethod
        if method != ConcurrencyMethod.FACTOR or given.concurrency <= max(CONCURRENCY_FACTORS)
    }
