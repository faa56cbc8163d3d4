"""Write examples/demo-team and examples/large-team (seeded; run again to regenerate).

demo-team: 11 agents on 4 shops, hand-written. large-team: 120 agents on 12 shops from
scheduler.bench.synthetic. Each gets a generated history.csv (2023-09-01 to 2026-10-15,
scheduler.demand.synthetic_history; see docs/demand.md) and an events.csv, and its
requirements.csv for 2026-11 is what `scheduler staff` makes of that history (the
forecast is made in memory, with the team's [staffing] settings).

Usage: .venv/bin/python scripts/make_examples.py
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

from scheduler.bench.synthetic import DAY_SHIFT, EVENING_SHIFT, generate_team
from scheduler.cli import demand as demand_cli
from scheduler.demand.events import EVENTS_CSV, EventPhase, PhaseKind, events_csv
from scheduler.demand.forecast import calendars_for
from scheduler.demand.history import HISTORY_CSV, history_csv
from scheduler.demand.synthetic_history import ShopDemand, generate_history
from scheduler.team.calendar import Month
from scheduler.team.model import Agent, Blackout, Leave, Shop, Team, TeamRules
from scheduler.team.writer import write_team_folder

ROOT = Path(__file__).resolve().parent.parent
MONTH = Month(2026, 11)
BLACKOUT = (date(2026, 11, 10), date(2026, 11, 12))

DEMO_SHOPS = (
    Shop(shop_id="TM01", name="天猫旗舰店", platform="Tmall", tier="big"),
    Shop(shop_id="TB01", name="淘宝C店", platform="Taobao", tier="small"),
    Shop(shop_id="JD01", name="京东专营店", platform="JD", tier="small"),
    Shop(shop_id="DY01", name="抖音小店", platform="Douyin", tier="small"),
)

DEMO_AGENTS = (
    Agent(agent_id="A01", name="王芳", shops=("TM01", "TB01")),
    Agent(agent_id="A02", name="李娜", shops=("TM01", "JD01")),
    Agent(agent_id="A03", name="张敏", shops=("TM01", "TB01", "DY01"), max_shops=3),
    Agent(agent_id="A04", name="刘静", shops=("TM01",)),
    Agent(agent_id="A05", name="陈丽", shops=("TM01", "DY01")),
    Agent(agent_id="A06", name="杨洋", shops=("TB01", "TM01")),
    Agent(agent_id="A07", name="黄磊", shops=("JD01", "TB01")),
    Agent(agent_id="A08", name="赵杰", shops=("JD01", "TM01")),
    Agent(agent_id="A09", name="吴艳", shops=("DY01", "TB01")),
    Agent(agent_id="A10", name="周涛", shops=("TM01", "JD01"), fixed_shift="evening"),
    Agent(agent_id="A11", name="徐超", shops=("TB01", "DY01"), hire_date=date(2026, 11, 2)),
)

DEMO_LEAVE = (
    Leave(agent_id="A05", start=date(2026, 11, 3), end=date(2026, 11, 5), kind="annual"),
    Leave(agent_id="A07", start=date(2026, 11, 24), end=date(2026, 11, 25), kind="sick"),
)

HISTORY_FIRST = date(2023, 9, 1)
HISTORY_LAST = date(2026, 10, 15)
CALENDAR_YEARS = range(2022, 2028)

# The [staffing] table written into both examples (the defaults, spelled out).
STAFFING = {
    "method": "rule",
    "low": 80,
    "target": 100,
    "high": 120,
    "step": 0.1,
    "aht_s": 600,
    "concurrency": 3,
    "concurrency_method": "slots",
    "service_level": 0.8,
    "answer_within_s": 30,
    "patience_s": 180,
    "max_occupancy": 0.85,
    "max_abandon": 0.05,
    "shrinkage": 0.2,
}

# Normal-day inquiries in autumn 2026 and how each shop behaves. The Douyin shop opened
# in March 2026: it has no past Double 11, so its forecast uses the default profile.
DEMO_DEMAND = [
    ShopDemand(shop_id="TM01", level=260, growth=0.15, weekend=1.1, promo_scale=1.0, hourly=True),
    ShopDemand(shop_id="TB01", level=105, growth=-0.05, weekend=1.05, promo_scale=0.8),
    ShopDemand(shop_id="JD01", level=90, growth=0.1, weekend=0.85, promo_scale=1.2),
    ShopDemand(
        shop_id="DY01",
        level=65,
        growth=0.6,
        weekend=1.25,
        promo_scale=1.4,
        first_day=date(2026, 3, 1),
    ),
]


def _occurrence(
    name: str, spans: list[tuple[PhaseKind, date, date]], shop_id: str | None = None
) -> list[EventPhase]:
    return [EventPhase(name=name, kind=k, start=s, end=e, shop_id=shop_id) for k, s, e in spans]


def demo_events() -> list[EventPhase]:
    """TB01's shop anniversary (店庆) each September, and Double 11 2026's announced dates."""
    phases = []
    for year in (2024, 2025, 2026):
        phases += _occurrence(
            "anniversary",
            [
                (PhaseKind.PRESALE, date(year, 9, 5), date(year, 9, 8)),
                (PhaseKind.PEAK, date(year, 9, 9), date(year, 9, 9)),
                (PhaseKind.AFTERSALE, date(year, 9, 10), date(year, 9, 12)),
            ],
            "TB01",
        )
    phases += _occurrence(
        "double11",
        [
            (PhaseKind.PRESALE, date(2026, 10, 15), date(2026, 10, 31)),
            (PhaseKind.BALANCE, date(2026, 11, 1), date(2026, 11, 10)),
            (PhaseKind.PEAK, date(2026, 11, 11), date(2026, 11, 11)),
            (PhaseKind.AFTERSALE, date(2026, 11, 12), date(2026, 11, 20)),
        ],
    )
    return phases


def demo_team() -> Team:
    return Team(
        name="Demo team 演示团队",
        shifts=(DAY_SHIFT, EVENING_SHIFT),
        rules=TeamRules(),
        blackouts=(Blackout(start=BLACKOUT[0], end=BLACKOUT[1]),),
        shops=DEMO_SHOPS,
        agents=DEMO_AGENTS,
        leave=DEMO_LEAVE,
        staffing=STAFFING,
    )


def large_demand(team: Team) -> list[ShopDemand]:
    """Shops whose normal days fill about 60% of what the generated agents can cover."""
    cover: dict[str, float] = {}
    for r in team.requirements:
        cover[r.shop_id] = cover.get(r.shop_id, 0.0) + r.agents
    rng = random.Random(2026)
    return [
        ShopDemand(
            shop_id=shop.shop_id,
            level=round(0.6 * 100 * cover.get(shop.shop_id, 1.0) / MONTH.num_days, 1),
            growth=round(rng.uniform(-0.1, 0.4), 2),
            weekend=round(rng.uniform(0.85, 1.2), 2),
            promo_scale=round(rng.uniform(0.6, 1.5), 2),
            hourly=i < 2,
        )
        for i, shop in enumerate(team.shops)
    ]


def write_demand(
    folder: Path, demand: list[ShopDemand], events: list[EventPhase], seed: int
) -> None:
    """history.csv and events.csv, then requirements.csv for MONTH by `scheduler staff`."""
    calendars = calendars_for(CALENDAR_YEARS, tuple(events))
    rows = generate_history(
        demand, HISTORY_FIRST, HISTORY_LAST, calendars.public, calendars.events, seed
    )
    (folder / HISTORY_CSV).write_text(history_csv(rows), encoding="utf-8")
    if events:
        (folder / EVENTS_CSV).write_text(events_csv(events), encoding="utf-8")
    demand_cli.staff(team_dir=folder, month=str(MONTH), method=None, forecast_file=None, out=None)


def main() -> None:
    demo_dir = ROOT / "examples" / "demo-team"
    write_team_folder(demo_team(), demo_dir)
    write_demand(demo_dir, DEMO_DEMAND, demo_events(), seed=11)
    large = generate_team(
        num_agents=120,
        num_shops=12,
        month=MONTH,
        seed=2026,
        name="Large team 大团队",
        blackout=BLACKOUT,
    )
    demand = large_demand(large)
    large_dir = ROOT / "examples" / "large-team"
    write_team_folder(replace(large, requirements=(), staffing=STAFFING), large_dir)
    write_demand(large_dir, demand, [], seed=12)


if __name__ == "__main__":
    main()
