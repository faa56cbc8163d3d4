"""The three roles and the account a user holds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

USERNAME = re.compile(r"[A-Za-z0-9_.@-]{1,64}")


class Role(StrEnum):
    """``admin`` manages users and every team; ``lead`` the teams given; ``agent`` one agent."""

    ADMIN = "admin"
    LEAD = "lead"
    AGENT = "agent"


@dataclass(frozen=True, kw_only=True)
class Account:
    """Who a user is: their role, the teams they belong to and, for an agent, their agent id."""

    username: str
    role: Role
    teams: tuple[int, ...] = ()
    agent_id: str | None = None


def account_problems(account: Account) -> list[str]:
    """What is wrong with an account, in words (empty when it is fine)."""
    problems = []
    if not USERNAME.fullmatch(account.username):
        problems.append(
            f"username {account.username!r}: use 1-64 letters, digits or the signs _ . @ -"
        )
    if account.role is Role.AGENT:
        if len(account.teams) != 1:
            problems.append("an agent belongs to exactly one team (give --team once)")
        if not account.agent_id:
            problems.append("an agent needs their agent id (--agent)")
    elif account.agent_id:
        problems.append(f"only an agent has an agent id, not a {account.role}")
    if account.role is Role.LEAD and not account.teams:
        problems.append("a lead needs at least one team (--team)")
    if any(t < 1 for t in account.teams):
        problems.append(f"team ids are whole numbers from 1: {list(account.teams)}")
    return problems
