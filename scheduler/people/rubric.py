"""A KPI rubric: how a metric's value becomes points out of 100, and metrics into a score."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum


class Direction(StrEnum):
    HIGHER = "higher"
    """More is better (conversion rate, rating)."""
    LOWER = "lower"
    """Less is better (response times)."""


@dataclass(frozen=True, kw_only=True)
class Metric:
    """One metric of the rubric: at or beyond ``target`` it earns 100 points; every unit
    short of the target costs ``points_per_unit`` points, down to 0."""

    name: str
    weight: float
    target: float
    direction: Direction
    points_per_unit: float

    def __post_init__(self) -> None:
        if self.weight <= 0:
            raise ValueError(f"Metric {self.name!r}: weight {self.weight} must be > 0")
        if self.points_per_unit <= 0:
            raise ValueError(
                f"Metric {self.name!r}: points_per_unit {self.points_per_unit} must be > 0"
            )


# Presales (售前): conversion carries half the weight, as on the team leads' KPI sheets.
DEFAULT_RUBRIC: tuple[Metric, ...] = (
    Metric(
        name="conversion_rate",
        weight=50,
        target=25,
        direction=Direction.HIGHER,
        points_per_unit=5,
    ),
    Metric(
        name="first_response_s",
        weight=20,
        target=10,
        direction=Direction.LOWER,
        points_per_unit=2,
    ),
    Metric(
        name="avg_response_s",
        weight=15,
        target=30,
        direction=Direction.LOWER,
        points_per_unit=1,
    ),
    Metric(name="rating", weight=15, target=4.8, direction=Direction.HIGHER, points_per_unit=50),
)


def metric_points(metric: Metric, value: float) -> float:
    """Points (0–100) that ``value`` earns on ``metric``."""
    short = metric.target - value if metric.direction == Direction.HIGHER else value - metric.target
    return min(100.0, max(0.0, 100.0 - max(0.0, short) * metric.points_per_unit))


def rubric_score(rubric: tuple[Metric, ...], values: Mapping[str, float]) -> float:
    """The weighted mean of the metrics' points; every metric of the rubric must be given."""
    total = sum(m.weight for m in rubric)
    return sum(m.weight * metric_points(m, values[m.name]) for m in rubric) / total
