"""A small team folder with generated history, for the demand tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache
from pathlib import Path

from scheduler.demand.forecast import Calendars, calendars_for
from scheduler.demand.history import HISTORY_CSV, history_csv
from scheduler.demand.synthetic_history import ShopDemand, generate_history
from scheduler.team.writer import write_team_folder
from tests.helpers import tiny_team_value

HISTORY_FIRST = date(2024, 6, 1)
HISTORY_LAST = date(2026, 10, 15)
# TM: a big shop with hourly history; JD: a small one with stronger promotions.
DEMAND = (
    ShopDemand(shop_id="TM", level=300, growth=0.2, weekend=1.1, promo_scale=1.0, hourly=True),
    ShopDemand(shop_id="JD", level=80, growth=0.0, weekend=0.9, promo_scale=1.5),
)


@cache
def demand_calendars() -> Calendars:
    return calendars_for(range(2023, 2028))


@cache
def history_text(first: date = HISTORY_FIRST) -> str:
    shops = [replace(d, first_day=max(first, HISTORY_FIRST)) for d in DEMAND]
    cal = demand_calendars()
    rows = generate_history(shops, HISTORY_FIRST, HISTORY_LAST, cal.public, cal.events, seed=5)
    return history_csv(rows)


def write_demand_team(folder: Path, first: date = HISTORY_FIRST) -> Path:
    """The tiny team (requirements left out) with history from ``first`` to 2026-10-15."""
    write_team_folder(tiny_team_value(requirements=()), folder)
    (folder / "requirements.csv").unlink()
    (folder / HISTORY_CSV).write_text(history_text(first), encoding="utf-8")
    return folder
