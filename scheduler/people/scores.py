"""Reading a month's scores: ``agent_id,shop_id,score`` or metric rows scored by the rubric."""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from scheduler.people.kpi import served_shops
from scheduler.people.kpi_settings import KpiSettings
from scheduler.people.rubric import rubric_score
from scheduler.roster.model import Roster
from scheduler.team.csv_table import Row, read_rows, read_text
from scheduler.team.errors import InputError, raise_if_any
from scheduler.team.model import Team

SCORE_COLUMNS = ("agent_id", "shop_id", "score")
METRIC_COLUMNS = ("agent_id", "shop_id", "metric", "value")


@dataclass(frozen=True, kw_only=True)
class Scores:
    """Each (agent_id, shop_id)'s score out of 100, and the lead's own score if given."""

    by_shop: dict[tuple[str, str], float]
    lead: float | None = None


def parse_number(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def read_scores(path: Path, team: Team, roster: Roster, settings: KpiSettings) -> Scores:
    """The scores in ``path``, checked against the team and the month's roster.

    Raises
    ------
    InputErrors
        Every problem at once, as ``file:line: message``.
    """
    errors: list[InputError] = []
    text = read_text(path, errors)
    raise_if_any(errors)
    assert text is not None
    try:
        first = next(csv.reader(io.StringIO(text)), [])
    except csv.Error:
        first = []  # read_rows words the problem with its line
    header = {h.strip() for h in first}
    metric_rows = "metric" in header and "score" not in header
    rows = read_rows(path, METRIC_COLUMNS if metric_rows else SCORE_COLUMNS, errors)
    raise_if_any(errors)
    checker = _RowChecker(path.name, team, roster, settings, errors)
    if metric_rows:
        scores = _score_metrics(checker, rows, settings)
    else:
        scores = {}
        for line, row in rows:
            key = checker.key(line, row)
            value = parse_number(row["score"])
            if value is None:
                checker.bad(line, f"score {row['score']!r} is not a number")
            elif not 0 <= value <= 100:
                checker.bad(line, f"score {value:g} is not between 0 and 100")
            elif key is not None:
                scores[key] = value
    checker.check_complete(scores)
    raise_if_any(errors)
    lead = [s for (a, _), s in scores.items() if a == settings.lead]
    return Scores(
        by_shop={k: s for k, s in scores.items() if k[0] != settings.lead},
        lead=sum(lead) / len(lead) if lead else None,
    )


class _RowChecker:
    """The checks every row gets: a known agent, a known shop the agent served, no repeat."""

    def __init__(
        self,
        name: str,
        team: Team,
        roster: Roster,
        settings: KpiSettings,
        errors: list[InputError],
    ) -> None:
        self.name, self.team, self.roster, self.errors = name, team, roster, errors
        self.lead = settings.lead
        self.shop_ids = {s.shop_id for s in team.shops}
        self.agent_ids = {a.agent_id for a in team.agents}
        self.served = {a: served_shops(roster, a) for a in roster.agent_ids}
        self.first_line: dict[tuple[str, str], int] = {}

    def bad(self, line: int | None, message: str) -> None:
        self.errors.append(InputError(self.name, line, message))

    def key(self, line: int, row: Row, *, repeat_ok: bool = False) -> tuple[str, str] | None:
        agent, shop = row["agent_id"], row["shop_id"]
        if agent == self.lead and agent not in self.served:
            if shop and shop not in self.shop_ids:
                self.bad(line, f"unknown shop_id {shop!r}")
                return None
            return self._first(line, (agent, shop), repeat_ok)
        if agent not in self.agent_ids:
            self.bad(line, f"unknown agent_id {agent!r}")
            return None
        if shop not in self.shop_ids:
            self.bad(line, f"unknown shop_id {shop!r}")
            return None
        if shop not in self.served.get(agent, ()):
            served = ", ".join(self.served.get(agent, ())) or "no shop"
            self.bad(
                line,
                f"agent {agent} did not serve shop {shop} in {self.roster.month} (served {served})",
            )
            return None
        return self._first(line, (agent, shop), repeat_ok)

    def _first(self, line: int, key: tuple[str, str], repeat_ok: bool) -> tuple[str, str] | None:
        if key in self.first_line and not repeat_ok:
            self.bad(
                line, f"{key[0]} / {key[1] or '-'} is already scored on line {self.first_line[key]}"
            )
            return None
        self.first_line.setdefault(key, line)
        return key

    def check_complete(self, scores: dict[tuple[str, str], float]) -> None:
        """An agent scored in one shop must be scored in every shop they served."""
        scored = {a for a, _ in scores}
        for agent in sorted(scored & set(self.served)):
            for shop in self.served[agent]:
                if (agent, shop) not in scores and (agent, shop) not in self.first_line:
                    self.bad(None, f"agent {agent} served shop {shop} but has no score there")


def _score_metrics(
    checker: _RowChecker, rows: list[tuple[int, Row]], settings: KpiSettings
) -> dict[tuple[str, str], float]:
    """Metric rows scored by the rubric; each scored (agent, shop) needs every metric once."""
    names = {m.name for m in settings.rubric}
    values: dict[tuple[str, str], dict[str, float]] = defaultdict(dict)
    for line, row in rows:
        metric = row["metric"]
        value = parse_number(row["value"])
        if metric not in names:
            checker.bad(
                line, f"unknown metric {metric!r} (the rubric has {', '.join(sorted(names))})"
            )
            continue
        if value is None:
            checker.bad(line, f"value {row['value']!r} is not a number")
            continue
        key = checker.key(line, row, repeat_ok=True)
        if key is None:
            continue
        if metric in values[key]:
            checker.bad(line, f"{key[0]} / {key[1] or '-'}: metric {metric} is given twice")
            continue
        values[key][metric] = value
    scores = {}
    for key, given in values.items():
        missing = sorted(names - set(given))
        if missing:
            checker.bad(
                checker.first_line[key],
                f"{key[0]} / {key[1] or '-'}: missing metric(s) {', '.join(missing)}",
            )
            continue
        scores[key] = rubric_score(settings.rubric, given)
    return scores
