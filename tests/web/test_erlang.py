"""The Erlang calculator page and /api/erlang: the CLI's answer, problems named by field."""

from __future__ import annotations

import pytest

from scheduler.i18n import ZH
from scheduler.web import service
from scheduler.web.contexts import ERLANG_FIELDS, erlang_answer, erlang_form, erlang_page
from tests.web.helpers import soup

# docs/demand.md: 100 chats per 30 min, 180 s, 80% within 20 s -> 14 agents, 88.8%, 7.8 s.
QUESTION = {"volume": "100", "interval": "30", "aht": "180", "target": "80", "within": "20"}


def test_the_form_in_percent_gives_the_clis_answer_without_http():
    request, errors = erlang_form(QUESTION)
    assert errors == [] and request is not None
    assert (request.target, request.shrinkage, request.patience) == (0.8, 0.0, None)
    given, answer = service.erlang(request)
    page = erlang_answer(given, answer, service.erlang_by_method(given))
    assert (page.model, page.on_duty, page.binding) == ("Erlang C", 14, "service level")
    assert (page.service_level, page.asa_s, page.occupancy) == ("88.8%", "7.8", "71.4%")
    assert page.abandoned == "–"
    assert [r.agents for r in page.table] == [11, 12, 13, 14, 15, 16, 17]
    assert [r.agents for r in page.table if r.answer] == [14]
    assert page.by_method == ()


def test_shrinkage_and_concurrency_as_the_cli_prints_them():
    request, _ = erlang_form(QUESTION | {"shrinkage": "30"})
    given, answer = service.erlang(request)
    page = erlang_answer(given, answer, {})
    assert (page.scheduled, page.on_duty, page.shrinkage) == (20, 14, "30%")
    # Domain C1: 120 chats an hour, 600 s, 3 at once, 80% within 30 s: slots 9, factor 11.
    c1 = {"volume": "120", "interval": "60", "aht": "600", "target": "80", "within": "30"}
    request, _ = erlang_form(c1 | {"concurrency": "3"})
    given, answer = service.erlang(request)
    assert answer.on_duty == 9
    assert service.erlang_by_method(given) == {"slots": 9, "factor": 11, "workload": 8}


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"volume": "lots"}, "volume", "'lots' is not a number"),
        ({"volume": ""}, "volume", "is required"),
        ({"aht": "nan"}, "aht", "is not a number"),
        ({"target": "100"}, "target", "must be from 0.001 to 0.999"),
        ({"concurrency": "2.5"}, "concurrency", "must be a whole number"),
        ({"concurrency": "7", "method": "factor"}, "concurrency", "the factor method knows"),
        ({"volume": "90000", "aht": "3600"}, "volume", "more than the calculator takes"),
        ({"method": "guess"}, "method", "must be one of slots, factor, workload"),
    ],
)
def test_a_bad_figure_is_named_by_its_field(values, field, message):
    request, errors = erlang_form(QUESTION | values)
    if request is not None:
        with pytest.raises(service.InputErrors) as refused:
            service.erlang(request)
        errors = refused.value.errors
    assert [e.file for e in errors] == [field]
    assert message in errors[0].message
    page = erlang_page(QUESTION | values, errors=errors)
    shown = {f.name: f for f in page.fields}
    if field in shown:
        assert message in shown[field].error
        assert shown[field].value == (QUESTION | values)[field]


def test_every_calculator_label_has_a_translation():
    labels = [label for _, label, _ in ERLANG_FIELDS]
    bindings = ["service level", "occupancy cap", "abandonment cap", "planned occupancy"]
    assert [k for k in [*labels, *bindings] if k not in ZH] == []


def test_the_page_answers_14_and_marks_the_row(client):
    response = client.get("/erlang", params=QUESTION | {"lang": "en"})
    assert response.status_code == 200
    page = soup(response)
    assert page.select_one("#agents").text == "14"
    assert page.select_one("#binding").text == "service level"
    assert page.select_one("#service-level").text.startswith("88.8%")
    marked = page.select("table.erlang-table tr.answer-row td")
    assert marked[0].text == "→ 14"
    assert page.select_one("input[name=volume]")["value"] == "100"


def test_the_page_without_figures_is_the_form_with_defaults(client):
    page = soup(client.get("/erlang?lang=zh"))
    assert page.select_one("h1").text == "Erlang 计算器"
    assert page.select_one("input[name=aht]")["value"] == "180"
    assert page.select_one("#answer") is None


def test_bad_input_shows_the_form_again_with_the_problem(client):
    response = client.get("/erlang", params=QUESTION | {"aht": "<b>x</b>", "lang": "en"})
    assert response.status_code == 422
    page = soup(response)
    assert "is not a number" in page.select_one(".errors").text
    assert page.select_one("input[name=aht]")["value"] == "<b>x</b>"
    assert "<b>x</b>" not in response.text  # shown as text, not markup
    assert page.select_one("#answer") is None


def test_the_api_answers_in_the_clis_units(client):
    response = client.get(
        "/api/erlang", params={"volume": 100, "aht": 180, "target": 0.8, "within": 20}
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["model"], body["on_duty"], body["binding"]) == ("Erlang C", 14, "service level")
    assert round(body["figures"]["service_level"], 3) == 0.888
    assert body["figures"]["abandoned"] is None
    erlang_a = client.get("/api/erlang", params={"volume": 100, "aht": 180, "patience": 300}).json()
    assert erlang_a["model"] == "Erlang A"
    assert erlang_a["on_duty"] <= 14
    assert 0 < erlang_a["figures"]["abandoned"] < 0.05


@pytest.mark.parametrize(
    "params",
    [
        {"volume": 100, "aht": 0},
        {"volume": 100, "aht": 180, "target": 1.5},
        {"volume": "nan", "aht": 180},
        {"volume": 1e9, "aht": 180},
        {"volume": 100, "aht": 180, "concurrency": 9, "concurrency_method": "factor"},
        {"volume": 100, "aht": 180, "concurrency_method": "guess"},
        {"aht": 180},
    ],
)
def test_the_api_refuses_bad_figures_with_422(client, params):
    response = client.get("/api/erlang", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["errors"]


def test_a_queue_that_never_empties_has_no_asa_in_json(client):
    # A lax target and no occupancy cap: 11 agents for 10 erlangs; the table starts at 8,
    # where the queue grows without end.
    params = {"volume": 100, "aht": 180, "target": 0.1, "within": 3600, "max_occupancy": 1}
    body = client.get("/api/erlang", params=params).json()
    assert body["on_duty"] == 11
    assert [(r["agents"], r["asa_s"]) for r in body["table"][:3]] == [
        (8, None),
        (9, None),
        (10, None),
    ]
    body = client.get(
        "/api/erlang", params={"volume": 100, "aht": 180, "max_occupancy": 0.5}
    ).json()
    assert (body["binding"], body["on_duty"]) == ("occupancy cap", 20)
    assert client.get("/api/erlang", params={"volume": 0, "aht": 180}).json()["on_duty"] == 0
