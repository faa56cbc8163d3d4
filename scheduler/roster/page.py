"""Page contexts (totals, labels, colours computed here) and rendering with Jinja2."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from scheduler.i18n import HTML_LANG, event_words, message_words, status_words, translator
from scheduler.roster.coverage import CoverageRow
from scheduler.roster.model import (
    INACTIVE,
    LEAVE,
    OFF,
    ROLES,
    TRAINING,
    Change,
    Roster,
    RosterEntry,
)
from scheduler.team.calendar import is_weekend
from scheduler.team.model import ShiftDef, Team

TEMPLATES_DIR = Path(__file__).resolve().parents[2] / "templates"

WEEKDAYS_ZH = "一二三四五六日"
# (Chinese, English, css class) per entry kind; shift ids other than day/evening use their id.
LABELS: dict[str, tuple[str, str, str]] = {
    "day": ("早", "Day", "day"),
    "evening": ("晚", "Evening", "evening"),
    OFF: ("休", "Off", "off"),
    LEAVE: ("假", "Leave", "leave"),
    TRAINING: ("训", "Training", "training"),
    INACTIVE: ("–", "Not yet hired", "inactive"),
}
# The letter an English page shows for each entry kind.
LETTERS_EN = {"day": "D", "evening": "E", OFF: "O", LEAVE: "L", TRAINING: "T", INACTIVE: "–"}


def is_evening(shift: ShiftDef) -> bool:
    """An evening-type shift: it ends after midnight or starts in the afternoon."""
    return shift.crosses_midnight or shift.start_min >= 15 * 60


@dataclass(frozen=True, kw_only=True)
class DayHeader:
    date: date
    number: int
    weekday_zh: str
    weekday_en: str
    weekend: bool
    blackout: bool


@dataclass(frozen=True, kw_only=True)
class Cell:
    letter: str
    css: str
    title: str


@dataclass(frozen=True, kw_only=True)
class AgentRow:
    agent_id: str
    name: str
    shops: tuple[tuple[str, str], ...]
    """(shop_id, role) pairs, primary first."""
    cells: tuple[Cell, ...]
    days_worked: int
    evenings: int
    weekend_days_off: int
    href: str = ""
    """A link to the agent's month (web pages only)."""


@dataclass(frozen=True, kw_only=True)
class CoverageCell:
    required: str
    planned: str
    short: bool
    shortfall: float = 0.0
    unavoidable: float = 0.0
    """The part of ``shortfall`` the floor proves unavoidable (``shortfall.csv``)."""

    @property
    def all_unavoidable(self) -> bool:
        """Short only by what no roster of this team could avoid: the darker red."""
        return self.short and self.unavoidable >= self.shortfall - 1e-9


@dataclass(frozen=True, kw_only=True)
class ShopCoverage:
    shop_id: str
    name: str
    rows: tuple[tuple[str, tuple[CoverageCell, ...]], ...]
    """(shift id, one cell per day)."""
    shortfall: float


@dataclass(frozen=True, kw_only=True)
class ShortCell:
    """One of the month's shortest cells, "11-11 天猫旗舰店 早班 5.2 / 2"."""

    day: str
    """MM-DD."""
    shop: str
    shift: str
    required: str
    planned: str


def shortest_cells(
    team: Team, coverage: Sequence[CoverageRow], count: int = 3
) -> tuple[ShortCell, ...]:
    """The ``count`` cells with the largest shortfall (ties: the earliest, then by shift, shop)."""
    names = {s.shop_id: s.name for s in team.shops}
    short = sorted(
        (r for r in coverage if r.shortfall > 0),
        key=lambda r: (-r.shortfall, r.date, r.shift, r.shop_id),
    )
    return tuple(
        ShortCell(
            day=f"{r.date:%m-%d}",
            shop=names.get(r.shop_id, r.shop_id),
            shift=r.shift,
            required=f"{r.required:g}",
            planned=f"{r.planned:g}",
        )
        for r in short[:count]
    )


@dataclass(frozen=True, kw_only=True)
class RosterPage:
    title: str
    team_name: str
    month: str
    status: Mapping[str, Any]
    days: tuple[DayHeader, ...]
    rows: tuple[AgentRow, ...]
    coverage: tuple[ShopCoverage, ...]
    legend: tuple[tuple[str, str, str], ...]
    """(letter, name, css class) per entry kind."""
    lang: str = "both"
    """"zh", "en", or "both" for the standalone page."""
    causes: tuple[tuple[str, float], ...] = ()
    """The biggest causes of the shortfall (``shortfall_causes``), in the page's language."""
    shortest: tuple[ShortCell, ...] = ()
    """Where the month is shortest, for the status's first lines."""
    fixes: tuple[FixRow, ...] = ()
    """What would close the shortfall (temps, qualifications, leave moves) with the
    agent-shifts each removes, measured by the floor; in the page's language."""

    @classmethod
    def from_roster(
        cls,
        team: Team,
        roster: Roster,
        coverage: list[CoverageRow],
        summary: Mapping[str, Any],
        *,
        lang: str = "both",
    ) -> RosterPage:
        days = tuple(
            DayHeader(
                date=d,
                number=d.day,
                weekday_zh=WEEKDAYS_ZH[d.weekday()],
                weekday_en=d.strftime("%a"),
                weekend=is_weekend(d),
                blackout=team.in_blackout(d),
            )
            for d in roster.month.days
        )
        names = {a.agent_id: a.name for a in team.agents}
        evening_ids = {s.id for s in team.shifts if is_evening(s)}
        rows = []
        for agent_id in roster.agent_ids:
            entries = roster.row(agent_id)
            rows.append(
                AgentRow(
                    agent_id=agent_id,
                    name=names.get(agent_id, agent_id),
                    shops=tuple(zip(roster.assignments.get(agent_id, ()), ROLES, strict=False)),
                    cells=tuple(cell_of(e, lang) for e in entries),
                    days_worked=sum(1 for e in entries if e.is_shift),
                    evenings=sum(1 for e in entries if e.shift in evening_ids),
                    weekend_days_off=sum(
                        1
                        for d, e in zip(roster.month.days, entries, strict=True)
                        if is_weekend(d) and e.shift == OFF
                    ),
                )
            )
        return cls(
            title=f"{team.name} · {roster.month} {translator(lang)('Roster')}",
            team_name=team.name,
            month=str(roster.month),
            status=summary,
            days=days,
            rows=tuple(rows),
            coverage=_coverage_tables(team, roster, coverage, unavoidable_cells(summary)),
            legend=tuple(
                (_letter(key, zh, lang), ZH_NAMES[key] if lang == "zh" else en, css)
                for key, (zh, en, css) in LABELS.items()
                if key != INACTIVE
            ),
            lang=lang,
            causes=tuple(
                (cause_label(str(cause), lang), float(value))
                for cause, value in summary.get("shortfall_causes") or ()
            ),
            shortest=shortest_cells(team, coverage),
            fixes=fix_rows(summary, lang),
        )


def mark_changes(page: RosterPage, changes: Sequence[Change], lang: str = "both") -> RosterPage:
    """The page with each changed cell marked (css ``changed``) and its old entry in the title."""
    first = page.days[0].date if page.days else None
    was = {(c.agent_id, (c.date - first).days): c.before for c in changes} if first else {}
    label = translator(lang)("was")
    rows = []
    for row in page.rows:
        cells = []
        for d, cell in enumerate(row.cells):
            before = was.get((row.agent_id, d))
            if before is not None:
                old = cell_of(before, lang)
                cell = replace(
                    cell,
                    css=f"{cell.css} changed",
                    title=f"{cell.title} ({label}: {old.title})",
                )
            cells.append(cell)
        rows.append(replace(row, cells=tuple(cells)))
    return replace(page, rows=tuple(rows))


def _letter(kind: str, zh: str, lang: str) -> str:
    return LETTERS_EN.get(kind, zh) if lang == "en" else zh


def cell_of(entry: RosterEntry, lang: str = "both") -> Cell:
    zh, en, css = LABELS.get(entry.shift, (entry.shift[:1].upper(), entry.shift, "other"))
    shares = ", ".join(f"{shop} {percent}%" for shop, percent in entry.shares)
    name = ZH_NAMES.get(entry.shift, en) if lang == "zh" else en
    return Cell(
        letter=_letter(entry.shift, zh, lang),
        css=css,
        title=f"{name}: {shares}" if shares else name,
    )


# Entry names for the Chinese page's tooltips.
ZH_NAMES = {
    "day": "早班",
    "evening": "晚班",
    OFF: "休息",
    LEAVE: "请假",
    TRAINING: "培训",
    INACTIVE: "未入职",
}


# The causes of scheduler.roster.floor, in Chinese; {0}, {1} are the numbers and ids.
CAUSES_ZH = (
    (re.compile(r"all able agents on duty \(blackout\)"), "所有可排客服均已上班（禁休日）"),
    (re.compile(r"rest days"), "休息日"),
    (re.compile(r"rest days: (\d+) agents? off"), "休息日：{0} 人休息"),
    (re.compile(r"only (\d+) agents? qualified for (.+)"), "仅 {0} 名客服可接 {1}"),
    (re.compile(r"rotation: (\d+) agents? on (.+) shifts this half"), "轮班：本半月 {0} 人上{1}"),
    (re.compile(r"leave: (.+)"), "请假：{0}"),
    (re.compile(r"training: (.+)"), "培训：{0}"),
)


def cause_label(text: str, lang: str) -> str:
    """A cause of the shortfall in ``lang`` ("zh", "en" or "both"), shift ids translated."""
    if lang == "en":
        return text
    zh = text
    for pattern, template in CAUSES_ZH:
        if match := pattern.fullmatch(text):
            zh = template.format(*(translator("zh")(g) for g in match.groups()))
            break
    return zh if lang == "zh" or zh == text else f"{zh} {text}"


# The fixes of scheduler.roster.fixes, in Chinese.
FIXES_ZH = (
    (re.compile(r"qualify (.+) for (.+)"), "让 {0} 取得 {1} 的接待资格"),
    (re.compile(r"move (.+)'s leave (.+) → (.+)"), "把 {0} 的假期 {1} 调到 {2}"),
    (
        re.compile(r"(\d+) temps on (.+) (.+) shift (.+) \(hire by (.+) for training\)"),
        "{1} {2} {3} 加 {0} 名临时工（{4} 前招到，留出培训时间）",
    ),
)


def fix_label(text: str, lang: str) -> str:
    """A proposed fix in ``lang`` ("zh", "en" or "both"), shift ids translated."""
    if lang == "en":
        return text
    zh = text
    for pattern, template in FIXES_ZH:
        if match := pattern.fullmatch(text):
            zh = template.format(*(translator("zh")(g) for g in match.groups()))
            break
    return zh if lang == "zh" or zh == text else f"{zh} {text}"


@dataclass(frozen=True, kw_only=True)
class FixRow:
    """One proposed fix on the roster page, with the agent-shifts it removes; the temps are
    one fix (measured together) whose ``parts`` are the shops and shifts."""

    text: str
    removes: float
    parts: tuple[str, ...] = ()


def fix_rows(summary: Mapping[str, Any], lang: str) -> tuple[FixRow, ...]:
    """The temps (together, one figure for all) and then the other fixes of
    ``summary.json``, each with the agent-shifts it removes."""
    rows: list[FixRow] = []
    temps = summary.get("shortfall_temps")
    if isinstance(temps, Mapping) and temps.get("removes"):
        parts = tuple(fix_label(str(line), lang) for line in temps.get("temps") or ())
        rows.append(
            FixRow(text=translator(lang)("Temps"), removes=float(temps["removes"]), parts=parts)
        )
    for fix in summary.get("shortfall_fixes") or ():
        rows.append(FixRow(text=fix_label(str(fix["fix"]), lang), removes=float(fix["removes"])))
    return tuple(rows)


def unavoidable_cells(summary: Mapping[str, Any]) -> dict[tuple[date, str, str], float]:
    """Per short cell, the part the floor proves unavoidable (``shortfall_unavoidable`` in
    summary.json); such cells get the darker red."""
    return {
        (date.fromisoformat(day), shift, shop): float(value)
        for day, shift, shop, value in summary.get("shortfall_unavoidable") or ()
    }


def _coverage_tables(
    team: Team,
    roster: Roster,
    coverage: list[CoverageRow],
    unavoidable: Mapping[tuple[date, str, str], float],
) -> tuple[ShopCoverage, ...]:
    by_key = {(r.date, r.shift, r.shop_id): r for r in coverage}
    tables = []
    for shop in team.shops:
        rows = []
        for shift in team.shifts:
            cells = []
            for d in roster.month.days:
                r = by_key.get((d, shift.id, shop.shop_id))
                if r is None:
                    cells.append(CoverageCell(required="", planned="", short=False))
                else:
                    cells.append(
                        CoverageCell(
                            required=f"{r.required:g}",
                            planned=f"{r.planned:g}",
                            short=r.shortfall > 0,
                            shortfall=r.shortfall,
                            unavoidable=unavoidable.get((d, shift.id, shop.shop_id), 0.0),
                        )
                    )
            rows.append((shift.id, tuple(cells)))
        short = sum(r.shortfall for r in coverage if r.shop_id == shop.shop_id)
        tables.append(
            ShopCoverage(
                shop_id=shop.shop_id, name=shop.name, rows=tuple(rows), shortfall=round(short, 2)
            )
        )
    return tuple(tables)


def environment() -> Environment:
    """Templates/ with autoescaping; ``_`` gives both languages unless a page passes its own."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    both = translator("both")
    # `{% trans %}` and `_()` read `gettext`/`_` from the context first: a page passes its
    # language's translator; without one, both languages.
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=both, ngettext=lambda one, many, n: both(one if n == 1 else many)
    )
    env.globals["_"] = both
    env.filters["event"] = event_words
    env.filters["verdict"] = status_words
    env.filters["msg"] = message_words
    env.globals["html_lang"] = HTML_LANG["both"]
    return env


def render_roster_page(page: RosterPage) -> str:
    return (
        environment()
        .get_template("roster.html")
        .render(page=page, _=translator(page.lang), html_lang=HTML_LANG[page.lang])
    )
