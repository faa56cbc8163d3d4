"""Page labels in Chinese (简体) and English.

Templates call ``_("English text")`` (or ``{% trans %}``, Jinja2's i18n extension). In "zh"
it gives the Chinese, in "en" the English, and in "both" (the standalone roster.html, printed
for a mixed team) "中文 English". The Chinese lives in a gettext catalog,
``scheduler/locale/zh/LC_MESSAGES/messages.po``, which a translator edits (``make messages``
extracts new labels into it with Babel). A test checks that every text a template passes to
``_`` is translated there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from babel.messages.pofile import read_po

CATALOG_DIR = Path(__file__).parent / "locale"
"""Gettext catalogs: ``<lang>/LC_MESSAGES/messages.po``."""


def read_catalog(path: Path) -> dict[str, str]:
    """The translated messages of a .po file (untranslated and fuzzy ones left out)."""
    with path.open("rb") as po:
        catalog = read_po(po)
    return {
        str(m.id): str(m.string)
        for m in catalog
        if m.id and isinstance(m.id, str) and m.string and not m.fuzzy
    }


LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"
HTML_LANG = {"zh": "zh-CN", "en": "en", "both": "zh-CN"}

ZH: dict[str, str] = read_catalog(CATALOG_DIR / "zh" / "LC_MESSAGES" / "messages.po")
"""English text -> Chinese, from the zh catalog (a translator edits the .po file)."""

Translate = Callable[[str], str]


def _message_pattern(msgid: str) -> re.Pattern[str]:
    """``"{0}: {1} normal days"`` -> a regex whose groups are the placeholders' values."""
    parts = re.split(r"\{\d\}", msgid)
    return re.compile("(.+?)".join(re.escape(p) for p in parts))


# Messages made in English with values in them (warnings, notes, job messages): the catalog
# holds them with {0}, {1}… where the values go; the longest (most specific) are tried first.
MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (_message_pattern(msgid), zh)
    for msgid, zh in sorted(ZH.items(), key=lambda item: -len(item[0]))
    if "{0}" in msgid
)


def message_words(text: str, lang: str) -> str:
    """A message in ``lang``: a label of the catalog, or a message of ``MESSAGES`` with its
    values put back (the values translated in turn where they are labels); a line it does
    not know stays in English."""
    if lang == "en" or not text:
        return text
    zh = _chinese_message(text)
    if lang == "zh" or zh == text:
        return zh
    return f"{zh} {text}"


def _chinese_message(text: str) -> str:
    if "\n" in text:
        return "\n".join(_chinese_message(line) for line in text.split("\n"))
    if text in ZH:
        return ZH[text]
    for pattern, zh in MESSAGES:
        if match := pattern.fullmatch(text):
            return zh.format(*(_chinese_value(v) for v in match.groups()))
    if ", " in text:
        parts = [_chinese_message(v) for v in text.split(", ")]
        if parts != text.split(", "):
            return "、".join(parts)
    return text


def _chinese_value(value: str) -> str:
    if value in EVENT_WORDS:
        return EVENT_WORDS[value][0]
    return _chinese_message(value)


def translator(lang: str) -> Translate:
    """``_`` for templates: "zh", "en", or "both" (Chinese then English)."""
    if lang == "en":
        return _english
    if lang == "both":
        return _both
    return _chinese


STATUS_WORDS: dict[str, tuple[str, str]] = {
    # CP-SAT's status of a solve, in a team lead's words: (zh, en)
    "OPTIMAL": ("已证明最优", "proven best"),
    "FEASIBLE": ("已找到排班", "found, not proven best"),
    "INFEASIBLE": ("无可行排班", "no roster keeps every rule"),
    "UNKNOWN": ("时限内未找到", "none found in time"),
}


def status_words(status: str, lang: str) -> str:
    """A solver status (OPTIMAL, FEASIBLE, …) as a team lead reads it, in ``lang``."""
    zh, en = STATUS_WORDS.get(status, (status, status))
    if lang == "en":
        return en
    return zh if lang == "zh" else f"{zh} {en}"


EVENT_WORDS: dict[str, tuple[str, str]] = {
    # Built-in promotions and their phases (scheduler/demand/events.py): (zh, en)
    "double11": ("双11", "Double 11"),
    "double12": ("双12", "Double 12"),
    "618": ("618", "618"),
    "nianhuo": ("年货节", "New Year goods festival"),
    "presale": ("预售", "presale"),
    "balance": ("尾款", "balance"),
    "peak": ("高峰", "peak"),
    "aftersale": ("售后", "after-sales"),
}


def event_words(text: str, lang: str) -> str:
    """An event label ("double11 peak", "double11 2026") in ``lang``: the built-in codes
    become their names; a team's own event names (events.csv) stay as written."""
    index = 1 if lang == "en" else 0
    return " ".join(
        EVENT_WORDS[word][index] if word in EVENT_WORDS else word for word in text.split(" ")
    )


def _english(text: str) -> str:
    return text


def _chinese(text: str) -> str:
    return ZH.get(text, text)


def _both(text: str) -> str:
    zh = ZH.get(text)
    return text if zh is None or zh == text else f"{zh} {text}"


def negotiate(query: str | None, cookie: str | None, accept_language: str | None) -> str:
    """The page language: an explicit choice (link, then cookie), else the browser's, else zh.

    The browser's is the first of its Accept-Language tags, by quality, that is zh or en.
    """
    for choice in (query, cookie):
        if choice in LANGUAGES:
            return choice
    ranked = []
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGUAGES and quality > 0:
            ranked.append((-quality, position, primary))
    return min(ranked)[2] if ranked else DEFAULT_LANGUAGE
