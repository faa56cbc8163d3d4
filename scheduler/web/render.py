"""A page rendered from its template, in the visitor's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import Request, Response

from scheduler.i18n import HTML_LANG, translator


def render(
    request: Request, template: str, lang: str, status_code: int = 200, **context: Any
) -> Response:
    """``template`` with ``context``, the translator ``_`` and the page language."""
    templates = request.app.state.templates
    response: Response = templates.TemplateResponse(
        request=request,
        name=template,
        context={
            "_": translator(lang),
            "gettext": translator(lang),
            "html_lang": HTML_LANG[lang],
            "lang": lang,
            **context,
        },
        status_code=status_code,
    )
    return response


def language_href(request: Request, lang: str) -> str:
    """This page in ``lang``: the same query (filters, month, …) with ``lang`` replaced; an
    access token in the query is left out (the cookie carries it)."""
    kept = [(k, v) for k, v in request.query_params.multi_items() if k not in ("lang", "token")]
    return "?" + urlencode([*kept, ("lang", lang)])
