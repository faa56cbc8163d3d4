"""Languages: negotiation, and every label the templates use has its Chinese."""

from __future__ import annotations

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from scheduler.i18n import (
    CATALOG_DIR,
    ZH,
    event_words,
    negotiate,
    read_catalog,
    status_words,
    translator,
)
from scheduler.roster.page import TEMPLATES_DIR, environment
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
    # As `make messages` finds them: Babel's extraction with Jinja2's i18n extractor.
    found = extract_from_dir(TEMPLATES_DIR, [("**.html", "jinja2")], keywords={"_": None})
    used = {message for _file, _line, message, _comments, _context in found}
    assert len(used) > 200, "the extraction found no labels"
    assert sorted(used - set(ZH)) == []


def test_the_catalog_is_a_gettext_file_a_translator_edits():
    po = CATALOG_DIR / "zh" / "LC_MESSAGES" / "messages.po"
    with po.open("rb") as file:
        catalog = read_po(file)
    assert catalog.locale is not None and catalog.locale.language == "zh"
    assert read_catalog(po) == ZH
    assert catalog["Shortfall"].string == ZH["Shortfall"] == "缺口"
    untranslated = [m.id for m in catalog if m.id and not m.string]
    assert untranslated == []


def test_trans_blocks_and_underscore_speak_the_pages_language():
    template = environment().from_string("{% trans %}Shortfall{% endtrans %} · {{ _('Roster') }}")
    assert template.render() == "缺口 Shortfall · 排班表 Roster"
    zh = translator("zh")
    assert template.render(gettext=zh, _=zh) == "缺口 · 排班表"


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


@pytest.mark.parametrize(
    ("status", "lang", "words"),
    [
        ("OPTIMAL", "zh", "已证明最优"),
        ("FEASIBLE", "zh", "已找到排班"),
        ("FEASIBLE", "en", "found, not proven best"),
        ("OPTIMAL", "both", "已证明最优 proven best"),
        ("SOMETHING", "zh", "SOMETHING"),
    ],
)
def test_solver_statuses_read_as_a_team_leads_words(status, lang, words):
    assert status_words(status, lang) == words
