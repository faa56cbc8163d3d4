"""Write examples/demo-team and examples/large-team (seeded; run again to regenerate).

demo-team: 11 agents on 4 shops, hand-written, with requirements for 2026-11 that follow a
Double 11 shape (presale evenings, the 11-10..11-12 peak under a blackout, an after-sale
wave). large-team: 120 agents on 12 shops from scheduler.synthetic, whose requirements a
roster can meet exactly.

Usage: .venv/bin/python scripts/make_examples.py
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from scheduler.calendar import Month
from scheduler.synthetic import DAY_SHIFT, EVENING_SHIFT, generate_team
from scheduler.team import Agent, Blackout, Leave, Requirement, Shop, Team, TeamRules
from scheduler.team_writer import write_team_folder

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

# Agents needed on a normal day, per shop: (day shift, evening shift).
DEMO_BASE = {"TM01": (2.0, 1.5), "TB01": (1.0, 0.6), "JD01": (0.8, 0.6), "DY01": (0.6, 0.5)}


def demo_factor(day: date, shift: str) -> float:
    """How much busier than normal a day is, in the Double 11 shape."""
    if BLACKOUT[0] <= day <= BLACKOUT[1]:
        return 1.5
    if day < BLACKOUT[0] and shift == "evening":
        return 1.2  # presale balance payments happen in the evening
    if BLACKOUT[1] < day <= BLACKOUT[1] + timedelta(days=6) and shift == "day":
        return 1.2  # after-sale wave: refunds and delivery questions
    return 1.0


def demo_team() -> Team:
    requirements = []
    for day in MONTH.days:
        for shop_id, (day_need, evening_need) in DEMO_BASE.items():
            for shift, need in (("day", day_need), ("evening", evening_need)):
                agents = round(need * demo_factor(day, shift), 1)
                requirements.append(
                    Requirement(date=day, shift=shift, shop_id=shop_id, agents=agents)
                )
    return Team(
        name="Demo team 演示团队",
        shifts=(DAY_SHIFT, EVENING_SHIFT),
        rules=TeamRules(),
        blackouts=(Blackout(start=BLACKOUT[0], end=BLACKOUT[1]),),
        shops=DEMO_SHOPS,
        agents=DEMO_AGENTS,
        leave=DEMO_LEAVE,
        requirements=tuple(requirements),
    )


def main() -> None:
    write_team_folder(demo_team(), ROOT / "examples" / "demo-team")
    large = generate_team(
        num_agents=120,
        num_shops=12,
        month=MONTH,
        seed=2026,
        name="Large team 大团队",
        blackout=BLACKOUT,
    )
    write_team_folder(large, ROOT / "examples" / "large-team")


if __name__ == "__main__":
    main()
