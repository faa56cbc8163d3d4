"""The roster as the .xlsx grid team leads use: agents × days, coloured, plus coverage."""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from scheduler.i18n import translator
from scheduler.roster.page import RosterPage
from scheduler.team.workbook import set_text

# Cell fills by entry css class, the colours of the roster page's stylesheet.
FILLS = {
    "day": "FFF3C4",
    "evening": "C9D8F5",
    "off": "E3F1DF",
    "leave": "F7D7E6",
    "training": "E5DBF5",
    "inactive": "EEEEEE",
    "other": "FFE2C6",
}
SHORT_FILL = "FBD0D0"
WEEKEND_FONT = "B33333"
BLACKOUT_FILL = "333333"
THIN = Side(style="thin", color="CCCCCC")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center")
FIRST_DAY_COLUMN = 4  # A agent id, B name, C shops


def _fill(hex_colour: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=hex_colour, end_color=hex_colour)


def roster_workbook(page: RosterPage, *, lang: str = "zh") -> bytes:
    """Sheets: the roster grid, coverage per shop and shift, and the build's summary."""
    _ = translator(lang)
    book = Workbook()
    grid = book.active
    assert grid is not None
    grid.title = _("Roster")
    _grid_sheet(grid, page, _)
    _coverage_sheet(book.create_sheet(_("Coverage")), page, _)
    _summary_sheet(book.create_sheet(_("Status")), page.status, _)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(sheet: Worksheet, row: int, column: int, value: str, **style: Any) -> None:
    cell = sheet.cell(row=row, column=column)
    set_text(cell, value)
    cell.font = Font(bold=True, color=style.get("color"))
    cell.alignment = CENTER
    cell.border = BORDER
    if style.get("fill"):
        cell.fill = _fill(style["fill"])


def _grid_sheet(sheet: Worksheet, page: RosterPage, _: Any) -> None:
    set_text(sheet.cell(row=1, column=1), page.title)
    sheet.cell(row=1, column=1).font = Font(bold=True, size=13)
    for column, label in enumerate(("ID", _("Agent"), _("Shops")), start=1):
        _header(sheet, 2, column, label)
        _header(sheet, 3, column, "")
    for i, day in enumerate(page.days):
        column = FIRST_DAY_COLUMN + i
        style: dict[str, str] = {}
        if day.blackout:
            style = {"fill": BLACKOUT_FILL, "color": "FFFFFF"}
        elif day.weekend:
            style = {"color": WEEKEND_FONT}
        sheet.cell(row=2, column=column).value = day.number
        _style_number(sheet, 2, column, style)
        weekday = day.weekday_en[:2] if page.lang == "en" else day.weekday_zh
        _header(sheet, 3, column, weekday, **style)
        sheet.column_dimensions[get_column_letter(column)].width = 4
    totals = FIRST_DAY_COLUMN + len(page.days)
    for offset, label in enumerate((_("Days"), _("Eve"), _("Wknd off"))):
        _header(sheet, 2, totals + offset, label)
        _header(sheet, 3, totals + offset, "")
    for r, agent in enumerate(page.rows, start=4):
        set_text(sheet.cell(row=r, column=1), agent.agent_id)
        set_text(sheet.cell(row=r, column=2), agent.name)
        set_text(sheet.cell(row=r, column=3), " · ".join(shop for shop, _role in agent.shops))
        for i, cell in enumerate(agent.cells):
            target = sheet.cell(row=r, column=FIRST_DAY_COLUMN + i)
            set_text(target, cell.letter)
            target.fill = _fill(FILLS.get(cell.css.split()[0], FILLS["other"]))
            target.alignment = CENTER
            target.border = BORDER
        for offset, value in enumerate((agent.days_worked, agent.evenings, agent.weekend_days_off)):
            sheet.cell(row=r, column=totals + offset).value = value
            sheet.cell(row=r, column=totals + offset).alignment = CENTER
    sheet.column_dimensions["A"].width = 8
    sheet.column_dimensions["B"].width = 10
    sheet.column_dimensions["C"].width = 16
    sheet.freeze_panes = sheet.cell(row=4, column=FIRST_DAY_COLUMN)
    legend_row = 5 + len(page.rows)
    for i, (letter, name, css) in enumerate(page.legend):
        cell = sheet.cell(row=legend_row, column=FIRST_DAY_COLUMN + 3 * i)
        set_text(cell, f"{letter} {name}")
        cell.fill = _fill(FILLS.get(css, FILLS["other"]))
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _style_number(sheet: Worksheet, row: int, column: int, style: Mapping[str, str]) -> None:
    cell = sheet.cell(row=row, column=column)
    cell.font = Font(bold=True, color=style.get("color"))
    cell.alignment = CENTER
    cell.border = BORDER
    if style.get("fill"):
        cell.fill = _fill(style["fill"])


def _coverage_sheet(sheet: Worksheet, page: RosterPage, _: Any) -> None:
    """Per shop: a required row and a planned row per shift; short days filled red."""
    _header(sheet, 1, 1, _("Shops"))
    _header(sheet, 1, 2, _("Shift"))
    _header(sheet, 1, 3, "")
    for i, day in enumerate(page.days):
        sheet.cell(row=1, column=FIRST_DAY_COLUMN + i).value = day.number
        _style_number(
            sheet, 1, FIRST_DAY_COLUMN + i, {"color": WEEKEND_FONT} if day.weekend else {}
        )
        sheet.column_dimensions[get_column_letter(FIRST_DAY_COLUMN + i)].width = 5
    shortfall_column = FIRST_DAY_COLUMN + len(page.days)
    _header(sheet, 1, shortfall_column, _("Shortfall"))
    row = 2
    for shop in page.coverage:
        for shift, cells in shop.rows:
            for kind in ("Required", "Planned"):
                set_text(sheet.cell(row=row, column=1), f"{shop.shop_id} {shop.name}")
                set_text(sheet.cell(row=row, column=2), _(shift))
                set_text(sheet.cell(row=row, column=3), _(kind))
                for i, c in enumerate(cells):
                    value = c.required if kind == "Required" else c.planned
                    target = sheet.cell(row=row, column=FIRST_DAY_COLUMN + i)
                    target.value = float(value) if value else None
                    target.alignment = CENTER
                    if kind == "Planned" and c.short:
                        target.fill = _fill(SHORT_FILL)
                        target.font = Font(bold=True, color="AA0000")
                row += 1
        sheet.cell(row=row - 1, column=shortfall_column).value = shop.shortfall
    sheet.column_dimensions["A"].width = 18
    sheet.column_dimensions["B"].width = 8
    sheet.column_dimensions["C"].width = 8
    sheet.freeze_panes = sheet.cell(row=2, column=FIRST_DAY_COLUMN)


def _summary_sheet(sheet: Worksheet, summary: Mapping[str, Any], _: Any) -> None:
    keys = (
        "team",
        "month",
        "status",
        "objective",
        "best_bound",
        "gap",
        "wall_seconds",
        "shortfall",
        "agents_2_shops",
        "agents_3_shops",
    )
    for row, key in enumerate(keys, start=1):
        set_text(sheet.cell(row=row, column=1), key)
        value = summary.get(key)
        cell = sheet.cell(row=row, column=2)
        if isinstance(value, int | float) and not isinstance(value, bool):
            cell.value = value
        else:
            set_text(cell, "" if value is None else str(value))
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 30
