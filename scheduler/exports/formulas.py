"""Text that a spreadsheet would run as a formula, made inert in the files we export.

A cell starting with ``=``, ``+``, ``-`` or ``@`` (or a tab or carriage return, which some
programs skip before looking) is a formula to Excel, LibreOffice and WPS. In CSV exports
such a cell gets a leading apostrophe, as OWASP recommends; in .xlsx it is a text cell with
Excel's quote prefix (what typing an apostrophe first makes).
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralise(text: str) -> str:
    """``text`` for a CSV cell: an apostrophe before a formula-like start."""
    return QUOTE + text if is_formula_like(text) else text


def restore(text: str) -> str:
    """The text ``neutralise`` was given (for reading our own exports back)."""
    if text.startswith(QUOTE) and is_formula_like(text[1:]):
        return text[1:]
    return text
