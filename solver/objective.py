"""Weighs the soft terms into one objective; the weights live in ``Weights``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from solver.terms import (
    Term,
    agents_on_several_shops,
    changes_from_reference,
    coverage_overcover,
    coverage_shortfall,
    primary_change,
    primary_preference,
    same_tier_pairs,
    shift_requests,
    weekend_holiday_excess,
    weekend_rest_fairness,
)

if TYPE_CHECKING:
    from solver.build import Build


def soft_terms(b: Build) -> list[Term]:
    """Every soft term of the problem, in priority order (see docs/model.md)."""
    two, three = agents_on_several_shops(b)
    changed_days, changed_shops = changes_from_reference(b)
    return [
        coverage_shortfall(b),
        coverage_overcover(b),
        shift_requests(b),
        two,
        three,
        same_tier_pairs(b),
        weekend_rest_fairness(b),
        weekend_holiday_excess(b),
        primary_change(b),
        primary_preference(b),
        changed_days,
        changed_shops,
    ]


def add_objective(b: Build) -> list[Term]:
    """Minimise the weighted sum of the soft terms; returns the terms for reporting."""
    terms = soft_terms(b)
    weights = b.problem.weights
    b.model.minimize(sum(getattr(weights, t.weight_name) * t.expr for t in terms))
    return terms
