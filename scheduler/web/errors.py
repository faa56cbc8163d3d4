"""How errors answer: JSON under /api, a page elsewhere (a refused form shows that form)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

import scheduler.web.service as service
from scheduler.i18n import translator
from scheduler.team.errors import InputErrors
from scheduler.web.pages.refusals import FormRefused
from scheduler.web.render import render
from scheduler.web.schemas import ErrorsPublic, InputErrorPublic


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api")


def add_handlers(app: FastAPI) -> None:
    """Answer NotFound, Busy, refused input and invalid requests in words."""

    def message(request: Request, status: int, heading: str, text: str) -> Response:
        lang = getattr(request.state, "lang", "zh")
        return render(
            request, "message.html", lang, status, heading=heading, message=text, nav=True
        )

    @app.exception_handler(service.NotFound)
    async def not_found(request: Request, exc: service.NotFound) -> Response:
        if _wants_json(request):
            return JSONResponse(ErrorsPublic(detail=str(exc)).model_dump(), status_code=404)
        return message(request, 404, translator(request.state.lang)("Not found"), str(exc))

    @app.exception_handler(service.Busy)
    async def busy(request: Request, exc: service.Busy) -> Response:
        if _wants_json(request):
            return JSONResponse(ErrorsPublic(detail=str(exc)).model_dump(), status_code=429)
        return message(request, 429, translator(request.state.lang)("Build refused"), str(exc))

    @app.exception_handler(InputErrors)
    async def refused(request: Request, exc: InputErrors) -> Response:
        body = ErrorsPublic(
            detail="The input was refused; nothing was changed.",
            errors=[InputErrorPublic.model_validate(e, from_attributes=True) for e in exc.errors],
        )
        if _wants_json(request):
            return JSONResponse(body.model_dump(), status_code=422)
        return message(request, 422, body.detail, "\n".join(str(e) for e in exc.errors))

    @app.exception_handler(FormRefused)
    async def show_form(request: Request, exc: FormRefused) -> Response:
        # The form page reads the store, as the page handler itself would, off the event loop.
        return await run_in_threadpool(exc.show, exc.errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_json(request) or exc.status_code != 404:
            return await http_exception_handler(request, exc)
        return message(request, 404, translator(request.state.lang)("Not found"), str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            InputErrorPublic(
                file=".".join(str(p) for p in e.get("loc", ())), line=None, message=e.get("msg", "")
            )
            for e in exc.errors()
        ]
        body = ErrorsPublic(detail="The request is not valid.", errors=errors)
        if _wants_json(request):
            return JSONResponse(body.model_dump(), status_code=422)
        return message(
            request, 422, body.detail, "\n".join(f"{e.file}: {e.message}" for e in errors)
        )
