"""The rule sentences a lead reads when an edit is refused, in Chinese as well as English."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from scheduler.i18n import message_words
from scheduler.roster.explain import MESSAGES
from scheduler.roster.to_problem import build_planning
from scheduler.team.calendar import Month
from scheduler.team.model import Team
from tests.web.contexts.test_edits import BENCHMARK_ONLY

MONTH = Month.parse("2026-11")
TEAM_RULES = sorted(set(MESSAGES) - BENCHMARK_ONLY)
# English words of four letters or more, other than file names and command-line options.
ENGLISH_WORD = re.compile(r"(?<![\w.-])[A-Za-z]{4,}(?![\w.])")


def english_left(text: str) -> list[str]:
    return ENGLISH_WORD.findall(re.sub(r"[\w.-]+\.csv|--[\w-]+", "", text))


def sentences(team: Team) -> list[str]:
    planning = build_planning(team, MONTH)
    return [f"{MESSAGES[rule](planning, 0)[0]} [{rule}]" for rule in TEAM_RULES]


@pytest.mark.parametrize("rule", TEAM_RULES)
def test_every_rule_sentence_of_a_team_reads_in_chinese(tiny_team, rule):
    planning = build_planning(tiny_team, MONTH)
    english = f"{MESSAGES[rule](planning, 0)[0]} [{rule}]"
    chinese = message_words(english, "zh")
    assert chinese != english
    assert english_left(chinese) == [], chinese
    assert f"[{rule}]" not in chinese  # the page names the rule by its title already
    assert message_words(english, "en") == english


def test_the_sentences_read_in_chinese_with_last_month_carried_in_and_a_fixed_shift(tiny_team):
    agent = replace(tiny_team.agents[0], fixed_shift=tiny_team.shifts[0].id)
    team = replace(tiny_team, agents=(agent, *tiny_team.agents[1:]))
    for english in sentences(team):
        assert english_left(message_words(english, "zh")) == [], english


def test_no_day_is_said_as_no_day_in_both_languages(tiny_team):
    team = replace(tiny_team, leave=())
    planning = build_planning(team, MONTH)
    english = f"{MESSAGES['rest_days_per_month'](planning, 0)[0]} [rest_days_per_month]"
    assert "leave covers no days" in english
    assert "假期占 无" in message_words(english, "zh")


def test_a_refusal_for_more_shortfall_reads_in_chinese():
    # As scheduler.roster.edits.coverage_reason words it.
    english = (
        "the change leaves more shortfall, 3 → 4 agent-shifts (11-04 day TM 0 → 1); "
        "--allow-shortfall applies it anyway"
    )
    assert message_words(english, "zh") == (
        "此修改使缺口增加：3 → 4 人班（11-04 day TM 0 → 1）；--allow-shortfall 可强制应用"
    )
