"""How a Roster is stored: one row per agent, its days as JSON [[shift, "shop:percent|…"], …]
(day 1 first) and its shops, primary first; a proposal keeps the same rows as one JSON text."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from scheduler.roster.model import Roster, RosterEntry
from scheduler.team.calendar import Month


def agent_rows(roster: Roster) -> list[tuple[str, dict[str, str]]]:
    """Per agent, its stored ``days`` (JSON: [shift, shares] per day) and ``shops``."""
    return [
        (
            agent_id,
            {
                "days": json.dumps(
                    [
                        [entry.shift, "|".join(f"{shop}:{pct}" for shop, pct in entry.shares)]
                        for entry in roster.row(agent_id)
                    ],
                    ensure_ascii=False,
                ),
                "shops": "|".join(roster.assignments.get(agent_id, ())),
            },
        )
        for agent_id in roster.agent_ids
    ]


def roster_of_rows(month: Month, rows: Sequence[tuple[str, str, str]]) -> Roster:
    """The Roster of stored (agent_id, days, shops) rows."""
    entries: dict[tuple[str, date], RosterEntry] = {}
    assignments: dict[str, tuple[str, ...]] = {}
    for agent_id, days, shops in rows:
        for day, (shift, shares) in zip(month.days, json.loads(days), strict=True):
            entries[agent_id, day] = RosterEntry(
                shift=shift,
                shares=tuple(
                    (shop, int(pct))
                    for shop, _, pct in (p.partition(":") for p in shares.split("|") if p)
                ),
            )
        if shops:
            assignments[agent_id] = tuple(shops.split("|"))
    return Roster(
        month=month,
        entries=entries,
        assignments=assignments,
        agent_ids=tuple(agent_id for agent_id, _, _ in rows),
    )


def roster_json(roster: Roster) -> str:
    """A roster as one JSON text: the stored (agent_id, days, shops) rows."""
    rows = [[agent_id, v["days"], v["shops"]] for agent_id, v in agent_rows(roster)]
    return json.dumps(rows, ensure_ascii=False)


def roster_from_json(month: Month, text: str) -> Roster:
    return roster_of_rows(month, [tuple(row) for row in json.loads(text)])
