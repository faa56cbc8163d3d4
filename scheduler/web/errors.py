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

# The refusals a page shows as a page (others answer as JSON).
HEADINGS = {401: "Log in first", 403: "Not allowed", 404: "Not found"}


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

    @app.exception_handler(service.Conflict)
    async def conflict(request: Request, exc: service.Conflict) -> Response:
        if _wants_json(request):
            body = {"detail": exc.detail, "reasons": list(exc.reasons), "rules": list(exc.rules)}
            return JSONResponse(body, status_code=409)
        _ = translator(request.state.lang)
        return message(request, 409, _("Not approved"), exc.detail)

    @app.exception_handler(service.LoginRefused)
    async def login_refused(request: Request, exc: service.LoginRefused) -> Response:
        return JSONResponse({"detail": "Wrong username or password."}, status_code=401)

    @app.exception_handler(service.Throttled)
    async def throttled(request: Request, exc: service.Throttled) -> Response:
        headers = {"Retry-After": str(exc.retry_after_s)}
        return JSONResponse({"detail": str(exc)}, status_code=429, headers=headers)

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
        if _wants_json(request) or exc.status_code not in HEADINGS:
            return await http_exception_handler(request, exc)
        heading = translator(request.state.lang)(HEADINGS[exc.status_code])
        return message(request, exc.status_code, heading, str(exc.detail))

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
