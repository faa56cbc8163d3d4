"""The KPI's files: bonus.csv and kpi.xlsx."""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from scheduler.exports.formulas import neutralise
from scheduler.i18n import translator
from scheduler.people.kpi import MonthKpi
from scheduler.roster.files import write_outputs
from scheduler.team.workbook import set_text

BONUS_CSV = "bonus.csv"
KPI_HTML = "kpi.html"
KPI_XLSX = "kpi.xlsx"


def kpi_shop_ids(kpi: MonthKpi) -> list[str]:
    """Every shop some row is scored in, in the order first met."""
    return list(dict.fromkeys(s.shop_id for row in kpi.rows for s in row.shops))


def _number(value: float) -> str:
    return f"{value:g}"


def bonus_csv(kpi: MonthKpi) -> str:
    """agent_id,name,score,base,bonus, then <shop>_score,<shop>_weight per shop, then the
    share of the month employed, the points to the next tier and whether the row is the lead."""
    shops = kpi_shop_ids(kpi)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "agent_id",
            "name",
            "score",
            "base",
            "bonus",
            *(f"{neutralise(s)}_{c}" for s in shops for c in ("score", "weight")),
            "active_share",
            "to_next_tier",
            "lead",
        ]
    )
    for row in kpi.rows:
        by_shop = {s.shop_id: s for s in row.shops}
        cells = []
        for shop in shops:
            s = by_shop.get(shop)
            cells += ["", ""] if s is None else [_number(s.score), _number(round(s.weight, 4))]
        writer.writerow(
            [
                neutralise(row.agent_id),
                neutralise(row.name),
                f"{row.score:.2f}",
                row.base,
                row.bonus,
                *cells,
                _number(round(row.active_share, 4)),
                "" if row.to_next_tier is None else f"{row.to_next_tier:.2f}",
                "yes" if row.is_lead else "",
            ]
        )
    return out.getvalue()


def kpi_workbook(kpi: MonthKpi, *, lang: str = "zh") -> bytes:
    """One sheet: the ranking as in bonus.csv, with labels in ``lang``."""
    _ = translator(lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = _("KPI")
    shops = kpi_shop_ids(kpi)
    header = [
        _("Rank"),
        _("Agent"),
        _("Name"),
        _("Score"),
        _("Bonus base"),
        _("Bonus"),
        *(f"{shop} {_(c)}" for shop in shops for c in ("score", "weight")),
        _("Share of month employed"),
        _("Points to next tier"),
    ]
    for column, text in enumerate(header, start=1):
        set_text(sheet.cell(row=1, column=column), text)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    for i, row in enumerate(kpi.rows, start=2):
        by_shop = {s.shop_id: s for s in row.shops}
        values: list[object] = [
            "" if row.is_lead else i - 1,
            row.agent_id,
            row.name + (f" ({_('lead')})" if row.is_lead else ""),
            row.score,
            row.base,
            row.bonus,
        ]
        for shop in shops:
            s = by_shop.get(shop)
            values += [None, None] if s is None else [s.score, round(s.weight, 4)]
        values += [round(row.active_share, 4), row.to_next_tier]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=i, column=column)
            if isinstance(value, str):
                set_text(cell, value)
            else:
                cell.value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def write_kpi_outputs(out_dir: Path, kpi: MonthKpi, page_html: str) -> None:
    """bonus.csv, kpi.html and kpi.xlsx, each whole or not at all."""
    write_outputs(out_dir, {BONUS_CSV: bonus_csv(kpi), KPI_HTML: page_html})
    fd, tmp = tempfile.mkstemp(dir=out_dir, prefix=f".{KPI_XLSX}.", suffix=".tmp")
    with os.fdopen(fd, "wb") as f:
        f.write(kpi_workbook(kpi))
    os.replace(tmp, out_dir / KPI_XLSX)
