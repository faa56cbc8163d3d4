"""The Erlang calculator page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

import scheduler.web.service as service
from scheduler.team.errors import InputErrors
from scheduler.web.contexts.erlang import ERLANG_FIELDS, erlang_answer, erlang_form, erlang_page
from scheduler.web.deps import LangDep
from scheduler.web.render import render

router = APIRouter(include_in_schema=False)


@router.get("/erlang")
def erlang_calculator(request: Request, lang: LangDep) -> Response:
    """The form; with figures in the query, the answer below it (a link keeps the question)."""
    values = dict(request.query_params)
    if not any(name in values for name, _, _ in ERLANG_FIELDS):
        return render(request, "erlang.html", lang, page=erlang_page({}))
    parsed, errors = erlang_form(values)
    answer = None
    if parsed is not None:
        try:
            given, result = service.erlang(parsed)
            answer = erlang_answer(given, result, service.erlang_by_method(given))
        except InputErrors as refused:
            errors = list(refused.errors)
    page = erlang_page(values, answer, errors)
    return render(request, "erlang.html", lang, 422 if errors else 200, page=page)
