"""Languages: negotiation, and every label the templates use has its Chinese."""

from __future__ import annotations

import re

import pytest

from scheduler.i18n import ZH, event_words, negotiate, translator
from scheduler.roster.page import TEMPLATES_DIR
from scheduler.web.contexts import WEEKDAYS


@pytest.mark.parametrize(
    ("query", "cookie", "accept", "expected"),
    [
        (None, None, "zh-CN,zh;q=0.9,en;q=0.8", "zh"),
        (None, None, "en-US,en;q=0.9,zh-CN;q=0.8", "en"),
        (None, None, "de-DE,en;q=0.5,zh;q=0.7", "zh"),
        (None, None, "fr", "zh"),
        (None, None, None, "zh"),
        ("en", None, "zh-CN", "en"),
        (None, "en", "zh-CN", "en"),
        ("zh", "en", "en", "zh"),
        ("xx", None, "en", "en"),
    ],
)
def test_language_is_the_choice_then_the_browser_then_chinese(query, cookie, accept, expected):
    assert negotiate(query, cookie, accept) == expected


def test_translators():
    assert translator("zh")("Shortfall") == "缺口"
    assert translator("en")("Shortfall") == "Shortfall"
    assert translator("both")("Shortfall") == "缺口 Shortfall"
    assert translator("zh")("no such label") == "no such label"


def test_every_template_label_has_a_chinese_translation():
    used = set()
    for path in TEMPLATES_DIR.glob("*.html"):
        used |= set(re.findall(r"""_\(\s*"([^"]+)"\s*\)""", path.read_text(encoding="utf-8")))
        used |= set(re.findall(r"""_\(\s*'([^']+)'\s*\)""", path.read_text(encoding="utf-8")))
    assert used, "no labels found"
    assert sorted(used - set(ZH)) == []


def test_labels_computed_in_contexts_have_translations():
    rule_labels = [
        "Rotation",
        "Rest days per month",
        "Most workdays in a row",
        "Least rest between shifts (h)",
        "Shops per agent",
        "Training days",
    ]
    states = ["queued", "running", "done", "failed", "cancelled"]
    missing = [k for k in [*rule_labels, *states, *WEEKDAYS] if k not in ZH]
    assert missing == []


@pytest.mark.parametrize(
    ("label", "lang", "words"),
    [
        ("double11 2026", "zh", "双11 2026"),
        ("double11 2026", "en", "Double 11 2026"),
        ("nianhuo presale", "zh", "年货节 预售"),
        ("618 aftersale", "en", "618 after-sales"),
        ("anniversary peak", "zh", "anniversary 高峰"),
        ("", "zh", ""),
    ],
)
def test_built_in_event_codes_read_as_names_and_a_teams_own_names_stay(label, lang, words):
    assert event_words(label, lang) == words
