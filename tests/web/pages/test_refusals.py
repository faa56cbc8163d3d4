"""Refused form input is turned into the form page to show; other errors pass through."""

from __future__ import annotations

import pytest

from scheduler.team.errors import InputError, InputErrors
from scheduler.web.pages.refusals import FormRefused, refused_shows


def test_refused_input_carries_its_problems_and_the_page_to_show():
    problem = InputError("agents.csv", 3, "unknown shop XX")

    def show(errors):
        return ("the form", tuple(errors))

    with pytest.raises(FormRefused) as caught, refused_shows(show):
        raise InputErrors([problem])
    assert caught.value.show(caught.value.errors) == ("the form", (problem,))


def test_other_errors_are_not_turned_into_the_form():
    with pytest.raises(KeyError), refused_shows(lambda errors: None):
        raise KeyError("x")


def test_a_refused_upload_shows_the_team_page_again_with_422(client):
    response = client.post(
        "/teams", files=[("files", ("agents.csv", b"\xff\xfe not text", "text/csv"))]
    )
    assert response.status_code == 422
    assert "agents.csv" in response.text
    assert 'action="/teams"' in response.text  # the upload form, to try again
