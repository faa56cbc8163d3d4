"""What tests of every area share: the repository root and the tiny team."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from scheduler.team.model import (
    Agent,
    Blackout,
    Leave,
    Requirement,
    ShiftDef,
    Shop,
    Team,
    TeamRules,
)

ROOT = Path(__file__).resolve().parent.parent
DAY = ShiftDef(id="day", start=time(8, 30), end=time(17, 30), paid_hours=7)
EVENING = ShiftDef(id="evening", start=time(17, 30), end=time(0, 30), paid_hours=7)


def tiny_team_value(**changes) -> Team:
    """Four agents, two shops, November 2026, one agent on leave, modest needs."""
    shops = (
        Shop(shop_id="TM", name="天猫店", platform="Tmall", tier="big"),
        Shop(shop_id="JD", name="京东店", platform="JD", tier="small"),
    )
    agents = (
        Agent(agent_id="A1", name="王芳", shops=("TM", "JD")),
        Agent(agent_id="A2", name="李娜", shops=("TM",)),
        Agent(agent_id="A3", name="张敏", shops=("JD", "TM")),
        Agent(agent_id="A4", name="刘静", shops=("TM",), fixed_shift="evening"),
    )
    requirements = tuple(
        Requirement(date=date(2026, 11, d), shift=s, shop_id=p, agents=n)
        for d in range(1, 31)
        for s, p, n in (
            ("day", "TM", 1),
            ("evening", "TM", 0.5),
            ("day", "JD", 0.5),
            ("evening", "JD", 0.5),
        )
    )
    team = Team(
        name="Tiny team",
        shifts=(DAY, EVENING),
        rules=TeamRules(),
        blackouts=(Blackout(start=date(2026, 11, 10), end=date(2026, 11, 11)),),
        shops=shops,
        agents=agents,
        leave=(
            Leave(agent_id="A2", start=date(2026, 11, 3), end=date(2026, 11, 4), kind="annual"),
        ),
        requirements=requirements,
    )
    return team if not changes else Team(**(vars(team) | changes))


def rules_broken_by_plan(planning, plan, out_dir: Path) -> list:
    """Write ``plan`` as the roster files a team gets and re-check them with the independent
    checker (``tests.checker``): every hard rule it finds broken."""
    from scheduler.roster.build import RosterOutcome, write_roster_outputs
    from scheduler.roster.coverage import compute_coverage, total_shortfall
    from scheduler.roster.to_problem import roster_from_plan
    from tests.checker import check_roster

    team, month = planning.team, planning.month
    roster = roster_from_plan(planning, plan)
    coverage = compute_coverage(team, roster)
    summary = {
        "status": "FEASIBLE",
        "team": team.name,
        "month": str(month),
        "shortfall": total_shortfall(coverage),
    }
    write_roster_outputs(out_dir, team, RosterOutcome(planning, None, roster, coverage, summary))
    return check_roster(team, out_dir, month.year, month.month)
