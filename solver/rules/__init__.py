"""Every hard rule, one function each; ``HARD_RULES`` is the order they are added in."""

from solver.rules.days import no_rest_in_blackout, one_entry_per_day, rest_days_per_month
from solver.rules.limits import max_shifts_per_type, max_weekends, total_minutes
from solver.rules.pins import pinned_cells
from solver.rules.rest import (
    max_consecutive_workdays,
    min_consecutive_days_off,
    min_consecutive_workdays,
    min_rest_between_shifts,
)
from solver.rules.rotation import half_month_rotation
from solver.rules.shops import (
    capacity_split_among_served_shops,
    one_primary_shop,
    primary_shop_gets_most_capacity,
    shops_per_agent_limit,
)

# The order does not change the model; it follows a team lead's reading: days, rest,
# rotation, shops, then the limits the benchmark instances add, then the cells a team lead
# pinned.
HARD_RULES = (
    one_entry_per_day,
    rest_days_per_month,
    no_rest_in_blackout,
    max_consecutive_workdays,
    min_rest_between_shifts,
    half_month_rotation,
    shops_per_agent_limit,
    one_primary_shop,
    capacity_split_among_served_shops,
    primary_shop_gets_most_capacity,
    max_shifts_per_type,
    total_minutes,
    min_consecutive_workdays,
    min_consecutive_days_off,
    max_weekends,
    pinned_cells,
)

__all__ = [
    "HARD_RULES",
    "capacity_split_among_served_shops",
    "half_month_rotation",
    "max_consecutive_workdays",
    "max_shifts_per_type",
    "max_weekends",
    "min_consecutive_days_off",
    "min_consecutive_workdays",
    "min_rest_between_shifts",
    "no_rest_in_blackout",
    "one_entry_per_day",
    "one_primary_shop",
    "pinned_cells",
    "primary_shop_gets_most_capacity",
    "rest_days_per_month",
    "shops_per_agent_limit",
    "total_minutes",
]
