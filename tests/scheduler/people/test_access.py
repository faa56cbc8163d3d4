"""Issue 33: who may do what, each rule alone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from scheduler.people.access import ALLOWED, Rule, decide
from scheduler.people.passwords import hash_password, password_problem, verify_password
from scheduler.people.requests import RequestRefused, parse_request, wish_row
from scheduler.people.roles import Account, Role, account_problems
from scheduler.people.throttle import MAX_FAILURES, WINDOW, retry_after_s

ADMIN = Account(username="boss", role=Role.ADMIN)
LEAD = Account(username="li", role=Role.LEAD, teams=(1, 3))
AGENT = Account(username="wang", role=Role.AGENT, teams=(1,), agent_id="A1")


@pytest.mark.parametrize(
    ("rule", "account", "team_id", "status"),
    [
        (Rule.PUBLIC, None, None, ALLOWED),
        (Rule.USER, None, None, 401),
        (Rule.USER, AGENT, None, ALLOWED),
        (Rule.ADMIN, LEAD, None, 403),
        (Rule.ADMIN, ADMIN, None, ALLOWED),
        (Rule.STAFF, AGENT, None, 403),
        (Rule.STAFF, LEAD, None, ALLOWED),
        (Rule.AGENT, LEAD, None, 403),
        (Rule.TEAM_LEAD, LEAD, 3, ALLOWED),
        (Rule.TEAM_LEAD, LEAD, 2, 404),
        (Rule.TEAM_LEAD, ADMIN, 2, ALLOWED),
        (Rule.TEAM_LEAD, AGENT, 1, 403),
        (Rule.TEAM_LEAD, AGENT, 2, 404),
        (Rule.TEAM_READ, AGENT, 1, ALLOWED),
        (Rule.TEAM_AGENT, LEAD, 1, 403),
        (Rule.TEAM_AGENT, AGENT, 1, ALLOWED),
        (Rule.TEAM_MEMBER, AGENT, 1, ALLOWED),
        (Rule.TEAM_LEAD, None, 1, 401),
    ],
)
def test_decide_gives_each_role_its_status(rule, account, team_id, status):
    assert decide(rule, account, team_id) == status


def test_a_team_rule_without_a_team_id_is_not_found_for_a_lead():
    assert decide(Rule.TEAM_LEAD, LEAD, None) == 404


def test_password_hash_verifies_only_the_right_password_and_hides_it():
    stored = hash_password("correct horse")
    assert stored.startswith("$argon2id$")
    assert "correct horse" not in stored
    assert verify_password(stored, "correct horse")
    assert not verify_password(stored, "correct hors")
    assert not verify_password("not a hash", "correct horse")


def test_a_short_password_is_refused():
    assert password_problem("1234567") is not None
    assert password_problem("12345678") is None


def test_an_agent_account_needs_one_team_and_an_agent_id():
    bad = Account(username="x", role=Role.AGENT, teams=(1, 2))
    assert len(account_problems(bad)) == 2
    assert account_problems(AGENT) == []
    assert account_problems(Account(username="l", role=Role.LEAD)) != []
    assert account_problems(Account(username="a b", role=Role.ADMIN)) != []


def test_five_failures_within_15_minutes_lock_until_the_oldest_leaves_the_window():
    now = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    four = [now - timedelta(minutes=m) for m in (1, 2, 3, 4)]
    assert retry_after_s(four, now) == 0
    five = [*four, now - timedelta(minutes=10)]
    assert len(five) == MAX_FAILURES
    wait = retry_after_s(five, now)
    assert 5 * 60 <= wait <= 5 * 60 + 1
    assert retry_after_s(five, now + timedelta(seconds=wait)) == 0
    old = [now - WINDOW - timedelta(seconds=1)] * 10
    assert retry_after_s(old, now) == 0


def test_requests_are_parsed_by_kind_and_refused_naming_the_field():
    swap = parse_request(
        "A1", {"kind": "swap", "date": "2026-11-05", "with_agent": "A3", "with_date": "2026-11-05"}
    )
    assert swap.days() == (date(2026, 11, 5), date(2026, 11, 5))
    leave = parse_request("A1", {"kind": "leave", "start": "2026-11-20", "end": "2026-11-21"})
    assert leave.fields() == {"start": "2026-11-20", "end": "2026-11-21", "reason": ""}
    with pytest.raises(RequestRefused, match="end"):
        parse_request("A1", {"kind": "leave", "start": "2026-11-20", "end": "2026-11-19"})
    with pytest.raises(RequestRefused, match="with_date"):
        parse_request("A1", {"kind": "swap", "date": "2026-11-05", "with_agent": "A3"})
    with pytest.raises(RequestRefused, match="kind"):
        parse_request("A1", {"kind": "holiday"})
    with pytest.raises(RequestRefused, match="not both"):
        parse_request("A1", {"kind": "wish", "date": "2026-11-05", "shift": "day", "off": True})


def test_an_approved_wish_is_a_requests_csv_row():
    wish = parse_request("A1", {"kind": "wish", "date": "2026-11-14", "off": True})
    assert wish_row(wish) == "A1,2026-11-14,,off,1\n"
    wish = parse_request("A2", {"kind": "wish", "date": "2026-11-20", "shift": "evening"})
    assert wish_row(wish) == "A2,2026-11-20,evening,on,1\n"
