"""The grid editor's refusal context: each rule a lead can break has a title in both languages."""

from __future__ import annotations

from scheduler.i18n import ZH
from scheduler.roster.explain import MESSAGES
from scheduler.web.contexts.edits import OTHER_RULE, RULE_TITLES, EditRefusal, pinned_keys

# Rules of the benchmark instances only (Curtois): a team's roster never names them.
BENCHMARK_ONLY = {
    "one_entry_per_day",
    "max_shifts_per_type",
    "total_minutes",
    "min_consecutive_workdays",
    "min_consecutive_days_off",
    "max_weekends",
}


def test_every_rule_a_team_s_edit_can_break_has_a_title_with_a_chinese_translation():
    assert set(MESSAGES) - BENCHMARK_ONLY <= set(RULE_TITLES)
    missing = [t for t in [*RULE_TITLES.values(), OTHER_RULE] if t not in ZH]
    assert missing == []


def test_a_refusal_names_its_rules_by_title_and_an_unknown_rule_as_another_one():
    body = {"agent_id": "A1", "date": "2026-11-04", "shift": "day"}
    refusal = EditRefusal.of(body, ["min_rest_between_shifts", "mystery"], ["because"])
    assert refusal.rules == (
        ("min_rest_between_shifts", RULE_TITLES["min_rest_between_shifts"]),
        ("mystery", OTHER_RULE),
    )
    assert (refusal.agent_id, refusal.date, refusal.shift) == ("A1", "2026-11-04", "day")


def test_pinned_cells_are_keyed_as_the_grid_marks_them_with_their_leave_kind():
    records = [
        {"agent_id": "A1", "date": "2026-11-04", "shift": "off"},
        {"agent_id": "A2", "date": "2026-11-05", "shift": "leave", "kind": "annual"},
    ]
    assert pinned_keys(records) == {"A1|2026-11-04": "", "A2|2026-11-05": "annual"}
