"""A roster version's pages: the grid, one agent's month, one shop's coverage."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.people.roles import Account, Role
from scheduler.web.auth import CurrentAccount, published_only_for_agents
from scheduler.web.contexts.edits import EditRefusal, pinned_keys
from scheduler.web.contexts.ledger import LedgerTable
from scheduler.web.contexts.rosters import agent_month_page, grid_page, shop_coverage_page
from scheduler.web.contexts.versions import diff_page
from scheduler.web.deps import MAX_ID, LangDep, RunnerDep, SettingsDep, StoreDep, TeamId, Version
from scheduler.web.pages.redirect import see_other
from scheduler.web.render import render
from scheduler.web.store import Store

router = APIRouter(include_in_schema=False, dependencies=[Depends(published_only_for_agents)])


@router.get("/teams/{team_id}/rosters/{version}")
def show_roster(
    team_id: TeamId,
    version: Version,
    request: Request,
    store: StoreDep,
    lang: LangDep,
    account: CurrentAccount,
    shop: str = "",
    shift: str = "",
) -> Response:
    return _grid(team_id, version, request, store, lang, account, shop=shop, shift=shift)


def _grid(
    team_id: int,
    version: int,
    request: Request,
    store: Store,
    lang: str,
    account: Account | None,
    *,
    shop: str = "",
    shift: str = "",
    refusal: EditRefusal | None = None,
) -> Response:
    view = service.roster_view(store, team_id, version)
    page = grid_page(
        view.record,
        view.team,
        view.roster,
        view.coverage,
        lang=lang,
        shop=shop,
        shift=shift,
        page=service.roster_page(store, view, lang),
    )
    ledger = LedgerTable.from_counts(view.team, service.ledger_counts(store, view))
    kpi_href = f"/teams/{team_id}/kpi/{view.roster.month}"
    published = service.published_roster(store, team_id, view.record.month)
    return render(
        request,
        "grid.html",
        lang,
        409 if refusal else 200,
        grid=page,
        page=page.page,
        ledger=ledger,
        kpi_href=kpi_href,
        published_version=published.version if published else None,
        can_edit=account is None or account.role is not Role.AGENT,
        shifts=[s.id for s in view.team.shifts],
        pinned=pinned_keys(view.record.summary.get("pins") or []),
        refusal=refusal,
    )


@router.post("/teams/{team_id}/rosters/{version}/cells")
def edit_cell(
    team_id: TeamId,
    version: Version,
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangDep,
    account: CurrentAccount,
    agent_id: Annotated[str, Form()],
    date: Annotated[str, Form()],
    shift: Annotated[str, Form()],
    share_shop: Annotated[list[str] | None, Form()] = None,
    share_percent: Annotated[list[str] | None, Form()] = None,
    also_date: Annotated[str, Form()] = "",
    also_shift: Annotated[str, Form()] = "",
) -> Response:
    """The edited roster as a new draft (shown), or this grid again with the refusal.

    ``also_date`` and ``also_shift`` set a second day of the same agent together (a rest
    day moved)."""
    shares = dict(zip(share_shop or [], share_percent or [], strict=False))
    # A leave option of the editor is "leave:<kind>".
    shift, _, kind = shift.partition(":")
    body: dict[str, object] = {
        "agent_id": agent_id,
        "date": date,
        "shift": shift,
        "shares": shares,
        "kind": kind,
    }
    if also_date:
        body["also"] = [{"date": also_date, "shift": also_shift}]
    try:
        record = service.edit_cell(store, settings, team_id, version, body)
    except service.Conflict as refused:
        refusal = EditRefusal.of(body, refused.rules, refused.reasons)
        return _grid(team_id, version, request, store, lang, account, refusal=refusal)
    return see_other(f"/teams/{team_id}/rosters/{record.version}")


@router.post("/teams/{team_id}/rosters/{version}/fill")
def fill_gaps(
    team_id: TeamId,
    version: Version,
    store: StoreDep,
    settings: SettingsDep,
    runner: RunnerDep,
    time_limit_s: Annotated[float, Form()] = 30.0,
) -> Response:
    """Start "fill the gaps" on an edited draft and follow its job."""
    job = service.start_fill(store, runner, settings, team_id, version, time_limit_s)
    return see_other(f"/teams/{team_id}/jobs/{job.id}")


@router.post("/teams/{team_id}/rosters/{version}/publish")
def publish_roster(
    team_id: TeamId, version: Version, store: StoreDep, account: CurrentAccount
) -> Response:
    service.publish(store, team_id, version, by=account.username if account else "")
    return see_other(f"/teams/{team_id}/rosters/{version}")


@router.get("/teams/{team_id}/rosters/{version}/agents/{agent_id}")
def show_agent(
    team_id: TeamId,
    version: Version,
    agent_id: str,
    request: Request,
    store: StoreDep,
    lang: LangDep,
) -> Response:
    view = service.roster_view(store, team_id, version)
    try:
        page = agent_month_page(view.record, view.team, view.roster, agent_id, lang=lang)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no agent {agent_id}.") from None
    ledger = LedgerTable.from_counts(view.team, service.ledger_counts(store, view), agent_id)
    return render(request, "agent.html", lang, page=page, ledger=ledger)


@router.get("/teams/{team_id}/rosters/{version}/shops/{shop_id}")
def show_shop(
    team_id: TeamId,
    version: Version,
    shop_id: str,
    request: Request,
    store: StoreDep,
    lang: LangDep,
) -> Response:
    view = service.roster_view(store, team_id, version)
    try:
        page = shop_coverage_page(view.record, view.team, view.coverage, shop_id)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no shop {shop_id}.") from None
    return render(request, "shop.html", lang, page=page)


@router.get("/teams/{team_id}/rosters/{version}/diff")
def show_diff(
    team_id: TeamId,
    version: Version,
    request: Request,
    store: StoreDep,
    lang: LangDep,
    against: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
) -> Response:
    """This version against another of its month (by default the published one)."""
    diff = service.version_diff(store, team_id, version, against)
    page = diff_page(
        team_id=team_id,
        version=version,
        against=diff.against.record.version,
        published=diff.published,
        team=diff.view.team,
        roster=diff.view.roster,
        against_roster=diff.against.roster,
        coverage=diff.view.coverage,
        against_coverage=diff.against.coverage,
        changes=diff.changes,
        page=service.roster_page(store, diff.view, lang),
        lang=lang,
    )
    return render(request, "diff.html", lang, diff=page, page=page.page)
