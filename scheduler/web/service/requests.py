"""Agents' requests: filing one, its effect on the published roster, approving, rejecting.

A swap is checked as `scheduler swap` checks it (every hard rule, no more shortfall); leave
is re-planned as the "mark absent" re-plan does (from its first day, fewest changes); an
approved wish becomes a row of requests.csv, for the next build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import solver
from scheduler.people.requests import (
    APPROVED,
    LEAVE,
    REJECTED,
    REQUESTS_HEADER,
    SWAP,
    AgentRequest,
    RequestRefused,
    decidable,
    parse_request,
    request_from_fields,
    wish_row,
)
from scheduler.people.roles import Account
from scheduler.roster.coverage import compute_coverage, total_shortfall
from scheduler.roster.explain import MESSAGES
from scheduler.roster.model import Change, Roster
from scheduler.roster.replan import check_swap, make_replan
from scheduler.team.calendar import Month
from scheduler.team.errors import InputError, InputErrors, raise_if_any
from scheduler.team.files import read_team_texts
from scheduler.team.folder import LEAVE_CSV, REQUESTS_CSV
from scheduler.team.model import Team
from scheduler.web.service.common import NotFound, clamp_time_limit
from scheduler.web.service.rosters import restrict_to_team
from scheduler.web.service.teams import LEAVE_HEADER, team_texts, team_view
from scheduler.web.service.versions import published_roster
from scheduler.web.settings import Settings
from scheduler.web.store import RequestRecord, RosterRecord, Store

RULE_ID = re.compile(r"\[(\w+)\]\s*$")
COVERAGE_RULE = "coverage"
"""The id a refusal names when the only problem is more shortfall."""


class Conflict(Exception):
    """A request that cannot be approved (409): the reasons in words and the rule ids."""

    def __init__(self, detail: str, reasons: tuple[str, ...] = (), rules: tuple[str, ...] = ()):
        super().__init__(detail)
        self.detail, self.reasons, self.rules = detail, reasons, rules


@dataclass(frozen=True, kw_only=True)
class Effect:
    """What approving a request would do to the published roster of its month."""

    base: RosterRecord | None
    changes: tuple[Change, ...] = ()
    shortfall_before: float | None = None
    shortfall_after: float | None = None
    reasons: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    roster: Roster | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] | None = None
    team: Team | None = None

    @property
    def possible(self) -> bool:
        return not self.reasons


def file_request(
    store: Store, team_id: int, account: Account, body: dict[str, Any]
) -> RequestRecord:
    """A new pending request of the agent; InputErrors naming the field when it is not valid."""
    assert account.agent_id is not None
    try:
        request = parse_request(account.agent_id, body)
    except RequestRefused as exc:
        raise InputErrors([InputError("request", None, str(exc))]) from None
    team = store.input_team(team_view(store, team_id).record.input_id)
    agents = {a.agent_id for a in team.agents}
    problems = []
    if request.kind == SWAP and request.with_agent not in agents:
        problems.append(f"with_agent: {request.with_agent} is not an agent of this team")
    if request.shift is not None and request.shift not in {s.id for s in team.shifts}:
        problems.append(f"shift: {request.shift} is not a shift of this team")
    raise_if_any([InputError("request", None, p) for p in problems])
    return store.add_request(
        team_id=team_id,
        agent_id=account.agent_id,
        username=account.username,
        kind=request.kind,
        fields=request.fields(),
    )


def team_requests(store: Store, team_id: int, account: Account | None) -> list[RequestRecord]:
    """A lead sees every request of the team, an agent only theirs."""
    team_view(store, team_id)
    agent_id = account.agent_id if account is not None else None
    return store.requests(team_id, agent_id)


def request_of(store: Store, team_id: int, request_id: int) -> RequestRecord:
    try:
        return store.request(team_id, request_id)
    except KeyError:
        raise NotFound(f"Team {team_id} has no request {request_id}.") from None


def _rules(reasons: tuple[str, ...]) -> tuple[str, ...]:
    found = [m.group(1) if (m := RULE_ID.search(r)) else COVERAGE_RULE for r in reasons]
    return tuple(dict.fromkeys(found))


def _params(settings: Settings) -> solver.SolveParams:
    return solver.SolveParams(
        time_limit_s=clamp_time_limit(settings, settings.default_time_limit_s),
        num_workers=settings.build_workers,
        seed=settings.seed,
    )


def _appended(texts: dict[str, str], name: str, header: str, row: str) -> dict[str, str]:
    current = texts.get(name, "") or header
    return texts | {name: (current if current.endswith("\n") else current + "\n") + row}


def request_effect(store: Store, settings: Settings, team_id: int, record: RequestRecord) -> Effect:
    """What approving would do (computed once per request, roster version and team input)."""
    team_record = team_view(store, team_id).record
    request = request_from_fields(record.kind, record.agent_id, record.fields)
    base = published_roster(store, team_id, Month(request.days()[0].year, request.days()[0].month))
    key = ("request-effect", record.id, base.id if base else None, team_record.input_id)
    effect: Effect = store.derived(
        key, lambda: _effect(store, settings, team_id, team_record.input_id, request, base)
    )
    return effect


def _effect(
    store: Store,
    settings: Settings,
    team_id: int,
    input_id: int,
    request: AgentRequest,
    base: RosterRecord | None,
) -> Effect:
    texts = team_texts(store, team_id)
    if request.kind not in (SWAP, LEAVE):
        row = wish_row(request)
        return _checked(
            Effect(base=base, texts=_appended(texts, REQUESTS_CSV, REQUESTS_HEADER, row))
        )
    if base is None:
        return Effect(base=None, reasons=("No roster of that month is published yet.",))
    team = store.input_team(input_id)
    roster = restrict_to_team(store.roster_value(base), team)
    before = total_shortfall(compute_coverage(team, roster))
    try:
        if request.kind == SWAP:
            return _swap_effect(team, roster, request, base, settings)
        return _leave_effect(texts, roster, request, base, before, settings)
    except InputErrors as errors:
        reasons = tuple(str(e) for e in errors.errors)
        return Effect(base=base, shortfall_before=before, reasons=reasons, rules=("input",))


def _checked(effect: Effect) -> Effect:
    """A wish's new requests.csv, read as any edit is (an unknown shift is refused)."""
    assert effect.texts is not None
    try:
        return Effect(base=effect.base, texts=effect.texts, team=read_team_texts(effect.texts))
    except InputErrors as errors:
        reasons = tuple(str(e) for e in errors.errors)
        return Effect(base=effect.base, reasons=reasons, rules=("input",))


def _swap_effect(
    team: Team, roster: Roster, request: AgentRequest, base: RosterRecord, settings: Settings
) -> Effect:
    assert request.date and request.with_agent and request.with_date
    checked = check_swap(
        team,
        roster,
        request.agent_id,
        request.date,
        request.with_agent,
        request.with_date,
        params=_params(settings),
    )
    outcome = checked.outcome
    if not checked.accepted or outcome is None:
        return Effect(
            base=base,
            shortfall_before=checked.shortfall_before,
            shortfall_after=checked.shortfall_after,
            reasons=checked.reasons,
            rules=_rules(checked.reasons),
        )
    return Effect(
        base=base,
        changes=checked.changes,
        shortfall_before=checked.shortfall_before,
        shortfall_after=checked.shortfall_after,
        roster=outcome.roster,
        summary=outcome.summary,
        team=team,
    )


def _leave_effect(
    texts: dict[str, str],
    roster: Roster,
    request: AgentRequest,
    base: RosterRecord,
    before: float,
    settings: Settings,
) -> Effect:
    assert request.start and request.end
    row = f"{request.agent_id},{request.start},{request.end},leave\n"
    new_texts = _appended(texts, LEAVE_CSV, LEAVE_HEADER, row)
    team = read_team_texts(new_texts)
    replanned = make_replan(team, roster, request.start, params=_params(settings))
    outcome = replanned.outcome
    if outcome.roster is None:
        result = outcome.result
        conflicts = result.conflicts if result is not None else ()
        reasons = tuple(
            f"{MESSAGES[c.rule](outcome.planning, c.agent)[0]} [{c.rule}]" for c in conflicts
        ) or (outcome.explanation or "No re-plan found within the time limit.",)
        return Effect(base=base, shortfall_before=before, reasons=reasons, rules=_rules(reasons))
    return Effect(
        base=base,
        changes=replanned.changes,
        shortfall_before=before,
        shortfall_after=total_shortfall(outcome.coverage),
        roster=outcome.roster,
        summary=outcome.summary,
        texts=new_texts,
        team=team,
    )


def approve_request(
    store: Store, settings: Settings, team_id: int, request_id: int, by: str
) -> RequestRecord:
    """Approve a pending request: a new published roster version (swap, leave) or a new
    requests.csv.

    Raises
    ------
    Conflict
        When it breaks a hard rule or the coverage, or was decided before (nothing changes).
    """
    record = request_of(store, team_id, request_id)
    if not decidable(record.state):
        raise Conflict(f"Request {request_id} is already {record.state}.", rules=("decided",))
    effect = request_effect(store, settings, team_id, record)
    if not effect.possible:
        raise Conflict(
            f"Request {request_id} would break: " + "; ".join(effect.reasons),
            effect.reasons,
            effect.rules,
        )
    input_id = team_view(store, team_id).record.input_id
    if effect.texts is not None:
        assert effect.team is not None
        input_id = store.add_input(team_id, effect.texts, effect.team, "request").input_id
    version = None
    if effect.roster is not None and effect.base is not None:
        summary = effect.summary | {"request": record.id}
        version = store.add_roster(
            team_id=team_id,
            input_id=input_id,
            roster=effect.roster,
            summary=summary,
            previous_version=effect.base.previous_version,
        ).version
        # The change was made to the published version and the lead approved exactly it, so
        # the agent who asked sees it at once (publishing the base again is the undo).
        store.add_publication(team_id=team_id, month=effect.base.month, version=version, by=by)
    return store.decide_request(
        team_id, request_id, state=APPROVED, by=by, answer="", version=version
    )


def reject_request(
    store: Store, team_id: int, request_id: int, by: str, reason: str
) -> RequestRecord:
    record = request_of(store, team_id, request_id)
    if not decidable(record.state):
        raise Conflict(f"Request {request_id} is already {record.state}.", rules=("decided",))
    return store.decide_request(
        team_id, request_id, state=REJECTED, by=by, answer=reason.strip()[:500], version=None
    )
