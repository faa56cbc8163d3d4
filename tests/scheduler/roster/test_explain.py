import solver
from scheduler.roster.explain import MESSAGES
from solver.rules import HARD_RULES
from tests.helpers import ROOT


def test_every_hard_rule_has_a_message_for_team_leads():
    assert {rule.__name__ for rule in HARD_RULES} <= set(MESSAGES)


def test_every_hard_rule_has_a_heading_in_the_model_doc():
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for rule in HARD_RULES:
        assert f"### `{rule.__name__}`" in text, rule.__name__


def test_every_soft_term_and_weight_is_in_the_model_doc():
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    for weight in vars(solver.Weights()):
        assert f"`{weight}`" in text, weight


def test_format_doc_covers_every_team_file():
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    for name in (
        "team.toml",
        "shops.csv",
        "agents.csv",
        "leave.csv",
        "pins.csv",
        "requirements.csv",
        "roster.csv",
        "assignments.csv",
        "coverage.csv",
        "summary.json",
        "changes.csv",
    ):
        assert f"`{name}`" in text, name
