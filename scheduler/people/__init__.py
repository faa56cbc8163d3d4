"""People: accounts and roles, who may do what, sessions, login throttling, agents' requests;
KPI scores and bonuses, and the fairness ledger (their own modules)."""

from scheduler.people.access import ALLOWED, Rule, decide, in_team
from scheduler.people.passwords import hash_password, password_problem, verify_password
from scheduler.people.requests import (
    APPROVED,
    KINDS,
    LEAVE,
    PENDING,
    REJECTED,
    SWAP,
    WISH,
    AgentRequest,
    RequestRefused,
    parse_request,
    request_from_fields,
    wish_row,
)
from scheduler.people.roles import Account, Role, account_problems

__all__ = [
    "ALLOWED",
    "APPROVED",
    "KINDS",
    "LEAVE",
    "PENDING",
    "REJECTED",
    "SWAP",
    "WISH",
    "Account",
    "AgentRequest",
    "RequestRefused",
    "Role",
    "Rule",
    "account_problems",
    "decide",
    "hash_password",
    "in_team",
    "parse_request",
    "password_problem",
    "request_from_fields",
    "verify_password",
    "wish_row",
]
