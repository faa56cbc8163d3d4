"""batch.html: one row per team, with a link to each roster page that was written."""

from __future__ import annotations

from dataclasses import dataclass

from scheduler.batch.executors import short_node
from scheduler.batch.run import BatchReport
from scheduler.batch.team_build import BUILT
from scheduler.i18n import HTML_LANG, translator
from scheduler.roster.files import ROSTER_HTML
from scheduler.roster.page import environment


@dataclass(frozen=True, kw_only=True)
class BatchRow:
    team: str
    href: str | None
    """The team's roster page, relative to batch.html; None when no roster was written."""
    status: str
    failed: bool
    shortfall: str
    wall_seconds: str
    node: str
    messages: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class BatchPage:
    title: str
    month: str
    executor: str
    wall_seconds: str
    built: int
    failed: int
    rows: tuple[BatchRow, ...]
    lang: str = "both"

    @classmethod
    def from_report(cls, report: BatchReport, *, lang: str = "both") -> BatchPage:
        _ = translator(lang)
        rows = tuple(
            BatchRow(
                team=t.team,
                href=f"{t.team}/{ROSTER_HTML}" if t.status == BUILT else None,
                status=_(t.status),
                failed=t.status != BUILT,
                shortfall="–" if t.shortfall is None else f"{t.shortfall:g}",
                wall_seconds=f"{t.wall_seconds:.1f}",
                node=short_node(t.node),
                messages=t.messages,
            )
            for t in report.teams
        )
        failed = len(report.failed)
        return cls(
            title=f"{report.month} {_('Roster batch')}",
            month=report.month,
            executor=report.executor,
            wall_seconds=f"{report.wall_seconds:.1f}",
            built=len(rows) - failed,
            failed=failed,
            rows=rows,
            lang=lang,
        )


def render_batch_page(page: BatchPage) -> str:
    return (
        environment()
        .get_template("batch.html")
        .render(page=page, _=translator(page.lang), html_lang=HTML_LANG[page.lang])
    )
