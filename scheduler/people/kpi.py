"""Month-end KPI: shop weights, an agent's score, the bonus tier and the bonus, the lead's KPI.

Each rule is a small function; ``month_kpi`` puts them together for a roster and its scores.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from scheduler.people.kpi_settings import CAPACITY, PRIMARY, KpiSettings
from scheduler.roster.model import Roster
from scheduler.team.model import Team


def round_half_up(value: float, digits: int = 0) -> float:
    """Rounding as a spreadsheet does it (0.5 goes up), not Python's banker's rounding."""
    scale = 10**digits
    return float(math.floor(value * scale + 0.5 + 1e-9) / scale)


def primary_weights(shops: tuple[str, ...], primary_weight: float = 0.6) -> dict[str, float]:
    """The primary shop (first) weighs ``primary_weight``; the others share the rest
    equally; a single shop weighs 1."""
    if len(shops) == 1:
        return {shops[0]: 1.0}
    rest = (1 - primary_weight) / (len(shops) - 1)
    return {shop: primary_weight if i == 0 else rest for i, shop in enumerate(shops)}


def capacity_weights(roster: Roster, agent_id: str) -> dict[str, float]:
    """Each shop's share of the capacity the agent gave over the month."""
    given: dict[str, int] = defaultdict(int)
    for day in roster.month.days:
        for shop, percent in roster.entry(agent_id, day).shares:
            given[shop] += percent
    total = sum(given.values())
    return {shop: units / total for shop, units in given.items() if units}


def explicit_weights(shops: tuple[str, ...], table: Mapping[str, float]) -> dict[str, float]:
    """The team's per-shop weights, normalised over the shops the agent served; a shop the
    table leaves out weighs 1."""
    raw = {shop: table.get(shop, 1.0) for shop in shops}
    total = sum(raw.values())
    return {shop: w / total for shop, w in raw.items()}


def served_shops(roster: Roster, agent_id: str) -> tuple[str, ...]:
    """Shops the agent gave capacity to this month, primary first (as assigned)."""
    given = capacity_weights(roster, agent_id)
    order = [s for s in roster.assignments.get(agent_id, ()) if s in given]
    return tuple(order + sorted(s for s in given if s not in order))


def shop_weights(settings: KpiSettings, roster: Roster, agent_id: str) -> dict[str, float]:
    shops = served_shops(roster, agent_id)
    if settings.shop_weights == PRIMARY:
        return primary_weights(shops, settings.primary_weight)
    if settings.shop_weights == CAPACITY:
        return capacity_weights(roster, agent_id)
    assert not isinstance(settings.shop_weights, str)
    return explicit_weights(shops, settings.shop_weights)


def weighted_score(scores: Mapping[str, float], weights: Mapping[str, float]) -> float:
    """The agent's score: shop scores weighted, rounded to 0.01 (the score the tier uses)."""
    return round_half_up(sum(scores[shop] * w for shop, w in weights.items()), 2)


def tier_base(score: float, tiers: tuple[tuple[float, int], ...]) -> int:
    """The bonus base of the highest tier whose lowest score ``score`` reaches."""
    return next(base for low, base in tiers if score >= low)


def bonus(base: int, score: float, active_share: float = 1.0) -> int:
    """base × score / 100, times the share of the month the agent was employed, to the yuan."""
    return int(round_half_up(base * score / 100 * active_share))


def points_to_next_tier(score: float, tiers: tuple[tuple[float, int], ...]) -> float | None:
    """Points the score lacks for the next tier up; None in the top tier."""
    above = [low for low, _ in tiers if low > score]
    return round_half_up(min(above) - score, 2) if above else None


def lead_kpi(team_average: float, own: float | None, team_share: float = 0.6) -> float:
    """The lead's KPI: ``team_share`` of the team's average plus the rest from their own
    score; the team's average alone when no own score is given."""
    if own is None:
        return round_half_up(team_average, 2)
    return round_half_up(team_share * team_average + (1 - team_share) * own, 2)


def active_share(team: Team, roster: Roster, agent_id: str) -> float:
    """The share of the month's days the agent was employed (hired during the month: < 1)."""
    hired = team.agent(agent_id).hire_date if agent_id in roster.agent_ids else None
    month = roster.month
    if hired is None or hired <= month.first:
        return 1.0
    return sum(1 for d in month.days if d >= hired) / month.num_days


@dataclass(frozen=True, kw_only=True)
class ShopScore:
    shop_id: str
    score: float
    weight: float


@dataclass(frozen=True, kw_only=True)
class AgentKpi:
    """One row of bonus.csv."""

    agent_id: str
    name: str
    shops: tuple[ShopScore, ...]
    score: float
    base: int
    bonus: int
    active_share: float
    to_next_tier: float | None
    is_lead: bool = False


@dataclass(frozen=True, kw_only=True)
class MonthKpi:
    team: str
    month: str
    rows: tuple[AgentKpi, ...]
    """Agents by score, best first; the lead (if any) last."""
    team_average: float
    shop_weights: str


def agent_kpi(
    team: Team,
    roster: Roster,
    settings: KpiSettings,
    agent_id: str,
    scores: Mapping[str, float],
) -> AgentKpi:
    """One agent's month from their shop scores."""
    weights = shop_weights(settings, roster, agent_id)
    score = weighted_score(scores, weights)
    base = tier_base(score, settings.tiers)
    share = active_share(team, roster, agent_id)
    return AgentKpi(
        agent_id=agent_id,
        name=team.agent(agent_id).name,
        shops=tuple(ShopScore(shop_id=s, score=scores[s], weight=w) for s, w in weights.items()),
        score=score,
        base=base,
        bonus=bonus(base, score, share),
        active_share=share,
        to_next_tier=points_to_next_tier(score, settings.tiers),
    )


def month_kpi(
    team: Team,
    roster: Roster,
    settings: KpiSettings,
    scores: Mapping[tuple[str, str], float],
    lead_score: float | None = None,
) -> MonthKpi:
    """Every scored agent's KPI and bonus, ranked, and the lead's when ``settings.lead``."""
    by_agent: dict[str, dict[str, float]] = defaultdict(dict)
    for (agent_id, shop), score in scores.items():
        by_agent[agent_id][shop] = score
    rows = [
        agent_kpi(team, roster, settings, agent_id, by_agent[agent_id])
        for agent_id in roster.agent_ids
        if agent_id in by_agent
    ]
    rows.sort(key=lambda r: (-r.score, r.agent_id))
    average = sum(r.score for r in rows) / len(rows) if rows else 0.0
    if settings.lead is not None and rows:
        score = lead_kpi(average, lead_score, settings.lead_team_share)
        base = tier_base(score, settings.tiers)
        rows.append(
            AgentKpi(
                agent_id=settings.lead,
                name=settings.lead_name or settings.lead,
                shops=(),
                score=score,
                base=base,
                bonus=bonus(base, score),
                active_share=1.0,
                to_next_tier=points_to_next_tier(score, settings.tiers),
                is_lead=True,
            )
        )
    weights = settings.shop_weights
    return MonthKpi(
        team=team.name,
        month=str(roster.month),
        rows=tuple(rows),
        team_average=round_half_up(average, 2),
        shop_weights=weights if isinstance(weights, str) else "explicit",
    )
