"""The web app: ``create_app(settings)`` builds everything; nothing is built at import time."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from scheduler.i18n import HTML_LANG, LANGUAGES, negotiate, translator
from scheduler.people.audit import action_words, audited
from scheduler.roster.page import environment
from scheduler.team.model import LEAVE_KINDS
from scheduler.web.api import routers as api_routers
from scheduler.web.auth import LoginRequired, authorize, session_of, team_of
from scheduler.web.errors import add_handlers
from scheduler.web.jobs import JobRunner, make_jobs
from scheduler.web.pages import routers as page_routers
from scheduler.web.render import language_href
from scheduler.web.settings import Settings
from scheduler.web.store import Store

TOKEN_COOKIE = "scheduler_token"
LANG_COOKIE = "lang"
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
Next = Callable[[Request], Awaitable[Response]]
DOC_PATHS = frozenset({"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"})


def create_app(settings: Settings | None = None) -> FastAPI:
    """The app for ``settings``: its store (schema created), build runner and routes."""
    settings = settings or Settings()
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    store = Store(settings.url())
    runner = JobRunner(store, max_builds=settings.max_builds, jobs=make_jobs(settings.ray_address))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # Jobs still queued or running belong to a server that stopped (or was killed).
        store.fail_interrupted_jobs()
        runner.open()
        preload_templates(templates)
        yield
        runner.close()
        store.close()

    app = FastAPI(
        title="CS roster",
        summary="Rosters for e-commerce customer-service teams: teams, builds, rosters, exports.",
        version="0.1.0",
        lifespan=lifespan,
        # Every route passes this check first (scheduler/web/auth.py).
        dependencies=[Depends(authorize)],
    )
    app.state.settings = settings
    app.state.store = store
    app.state.runner = runner
    templates = Jinja2Templates(env=environment())
    templates.env.globals["language_href"] = language_href
    templates.env.globals["leave_kinds"] = LEAVE_KINDS
    app.state.templates = templates

    @app.middleware("http")
    async def guard(request: Request, call_next: Next) -> Response:
        lang = negotiate(
            request.query_params.get("lang"),
            request.cookies.get(LANG_COOKIE),
            request.headers.get("accept-language"),
        )
        request.state.lang = lang
        refused = _refuse(request, settings)
        response = refused or await call_next(request)
        _audit(request, response)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.query_params.get("lang") in LANGUAGES:
            response.set_cookie(LANG_COOKIE, lang, max_age=365 * 86400, samesite="lax")
        token = request.query_params.get("token")
        if (
            settings.token
            and token
            and hmac.compare_digest(token.encode(), settings.token.encode())
        ):
            response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    def _refuse(request: Request, settings: Settings) -> Response | None:
        length = request.headers.get("content-length")
        if length and length.isdigit() and int(length) > settings.max_request_bytes:
            return JSONResponse({"detail": "The request is too large."}, status_code=413)
        if length is None and "chunked" in request.headers.get("transfer-encoding", "").lower():
            # A body of unknown size would be spooled to disk whole before any limit applies;
            # browsers and HTTP clients send uploads with a Content-Length.
            return JSONResponse({"detail": "Send the request with a Content-Length."}, 411)
        # FastAPI's own schema and docs pages are no routes of ours: with accounts, they too
        # need a login.
        if (
            request.url.path in DOC_PATHS
            and store.has_users()
            and session_of(request, store) is None
        ):
            return JSONResponse({"detail": "Log in first."}, status_code=401)
        # With accounts, a login replaces the shared token (scheduler/web/auth.py).
        if settings.token and not _has_token(request, settings.token) and not store.has_users():
            if request.url.path.startswith("/api"):
                return JSONResponse({"detail": "An access token is required."}, status_code=401)
            _ = translator(request.state.lang)
            return templates.TemplateResponse(
                request=request,
                name="message.html",
                context={
                    "_": _,
                    "html_lang": HTML_LANG[request.state.lang],
                    "lang": request.state.lang,
                    "heading": _("Access token required"),
                    "message": _(
                        "Open the link with ?token=… or send the header Authorization: Bearer …."
                    ),
                    "nav": False,
                },
                status_code=401,
            )
        return None

    def _audit(request: Request, response: Response) -> None:
        account = getattr(request.state, "account", None)
        route = request.scope.get("route")
        path = getattr(route, "path", "")
        if account is not None and audited(request.method, path, response.status_code):
            store.add_audit(
                username=account.username,
                team_id=team_of(request),
                action=action_words(request.method, path),
                status=response.status_code,
            )

    for router in (*api_routers, *page_routers):
        app.include_router(router)
    add_handlers(app)

    @app.exception_handler(LoginRequired)
    async def login_first(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={exc.next_url}", status_code=303)

    return app


def preload_templates(templates: Jinja2Templates) -> None:
    """Compile every page template now, so the first visitor does not wait for it."""
    for name in templates.env.list_templates(extensions=["html"]):
        templates.env.get_template(name)


def _has_token(request: Request, token: str) -> bool:
    given = [
        request.cookies.get(TOKEN_COOKIE, ""),
        request.query_params.get("token", ""),
    ]
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given.append(header[7:].strip())
    return any(g and hmac.compare_digest(g.encode(), token.encode()) for g in given)
