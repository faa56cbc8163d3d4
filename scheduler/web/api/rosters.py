"""Roster versions: the grid, coverage, one agent or shop, and the exports."""

from __future__ import annotations

from datetime import UTC, datetime

from fastapi import Depends, HTTPException, Response

import scheduler.web.service as service
from scheduler.exports.ics import agent_calendar
from scheduler.exports.xlsx import roster_workbook
from scheduler.people.roles import Role
from scheduler.roster.files import assignments_csv, coverage_csv, roster_csv
from scheduler.roster.page import render_roster_page
from scheduler.roster.totals import agent_month
from scheduler.web.api.download import download
from scheduler.web.api.routing import resource_router
from scheduler.web.auth import CurrentAccount, published_only_for_agents
from scheduler.web.deps import LangDep, StoreDep, TeamId, Version
from scheduler.web.schemas import (
    AgentMonthPublic,
    CoveragePublic,
    CoverageRowPublic,
    RosterDetail,
    RosterPublic,
    RostersPublic,
    ShopCoveragePublic,
)

router = resource_router([Depends(published_only_for_agents)])


@router.get("/teams/{team_id}/rosters")
def list_rosters(team_id: TeamId, store: StoreDep, account: CurrentAccount) -> RostersPublic:
    """The team's versions, newest first, each saying whether it is its month's published one
    (an agent sees only those)."""
    service.team_view(store, team_id)
    published = service.published_versions(store, team_id)
    data = [
        RosterPublic.model_validate(r, from_attributes=True).model_copy(
            update={"published": published.get(r.month) == r.version}
        )
        for r in store.rosters(team_id)
    ]
    if account is not None and account.role is Role.AGENT:
        data = [r for r in data if r.published]
    return RostersPublic(data=data, count=len(data))


@router.post("/teams/{team_id}/rosters/{version}/publish")
def publish_roster(
    team_id: TeamId, version: Version, store: StoreDep, account: CurrentAccount
) -> RosterPublic:
    """Make this version its month's published roster (the month's other one is not any more)."""
    record = service.publish(store, team_id, version, by=account.username if account else "")
    return RosterPublic.model_validate(record, from_attributes=True).model_copy(
        update={"published": True}
    )


@router.get("/teams/{team_id}/rosters/{version}")
def get_roster(team_id: TeamId, version: Version, store: StoreDep) -> RosterDetail:
    view = service.roster_view(store, team_id, version)
    return RosterDetail.of_roster(view.record, view.roster)


@router.get("/teams/{team_id}/rosters/{version}/coverage")
def get_coverage(team_id: TeamId, version: Version, store: StoreDep) -> CoveragePublic:
    view = service.roster_view(store, team_id, version)
    data = [CoverageRowPublic.model_validate(r, from_attributes=True) for r in view.coverage]
    return CoveragePublic(data=data, count=len(data))


@router.get("/teams/{team_id}/rosters/{version}/agents/{agent_id}")
def get_agent_month(
    team_id: TeamId, version: Version, agent_id: str, store: StoreDep
) -> AgentMonthPublic:
    view = service.roster_view(store, team_id, version)
    try:
        month = agent_month(view.team, view.roster, agent_id)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no agent {agent_id}.") from None
    return AgentMonthPublic.model_validate(month, from_attributes=True)


@router.get("/teams/{team_id}/rosters/{version}/shops/{shop_id}")
def get_shop_coverage(
    team_id: TeamId, version: Version, shop_id: str, store: StoreDep
) -> ShopCoveragePublic:
    view = service.roster_view(store, team_id, version)
    try:
        return ShopCoveragePublic.of(view.team, view.record.month, view.coverage, shop_id)
    except KeyError:
        raise service.NotFound(f"Roster {version} has no shop {shop_id}.") from None


@router.get("/teams/{team_id}/rosters/{version}/roster.xlsx")
def export_xlsx(team_id: TeamId, version: Version, store: StoreDep, lang: LangDep) -> Response:
    """The grid team leads use: agents × days, coloured cells, a coverage and a status sheet."""
    view = service.roster_view(store, team_id, version)
    page = service.roster_page(store, view, lang)
    return download(
        roster_workbook(page, lang=lang),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"roster-{view.record.month}-v{version}.xlsx",
    )


@router.get("/teams/{team_id}/rosters/{version}/roster.csv")
def export_roster_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    view = service.roster_view(store, team_id, version)
    return download(roster_csv(view.roster), "text/csv; charset=utf-8", "roster.csv")


@router.get("/teams/{team_id}/rosters/{version}/assignments.csv")
def export_assignments_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    view = service.roster_view(store, team_id, version)
    return download(assignments_csv(view.roster), "text/csv; charset=utf-8", "assignments.csv")


@router.get("/teams/{team_id}/rosters/{version}/coverage.csv")
def export_coverage_csv(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    view = service.roster_view(store, team_id, version)
    return download(coverage_csv(view.coverage), "text/csv; charset=utf-8", "coverage.csv")


@router.get("/teams/{team_id}/rosters/{version}/roster.html")
def export_html(team_id: TeamId, version: Version, store: StoreDep) -> Response:
    """The standalone roster page, as `scheduler roster` writes it."""
    view = service.roster_view(store, team_id, version)
    page = service.roster_page(store, view, "both")
    return download(render_roster_page(page), "text/html; charset=utf-8", "roster.html")


@router.get("/teams/{team_id}/rosters/{version}/agents/{agent_id}/calendar.ics")
def export_ics(
    team_id: TeamId, version: Version, agent_id: str, store: StoreDep, lang: LangDep
) -> Response:
    view = service.roster_view(store, team_id, version)
    if agent_id not in view.roster.agent_ids:
        raise HTTPException(404, f"Roster {version} has no agent {agent_id}.")
    stamp = datetime.fromisoformat(view.record.created_at).astimezone(UTC)
    content = agent_calendar(
        view.team,
        view.roster,
        agent_id,
        stamp=stamp,
        uid_prefix=f"t{team_id}-{view.record.month}",
        lang=lang,
    )
    return download(content, "text/calendar; charset=utf-8", f"{agent_id}-{view.record.month}.ics")
