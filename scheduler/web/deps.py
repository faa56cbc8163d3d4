"""FastAPI dependencies as Annotated aliases: the store, settings, builds and page language."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Path, Request

from scheduler.i18n import DEFAULT_LANGUAGE
from scheduler.web.jobs import JobRunner
from scheduler.web.settings import Settings
from scheduler.web.store import Store


def get_store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_runner(request: Request) -> JobRunner:
    runner: JobRunner = request.app.state.runner
    return runner


def get_lang(request: Request) -> str:
    """The page language chosen by the middleware (query, cookie, then Accept-Language)."""
    return getattr(request.state, "lang", DEFAULT_LANGUAGE)


StoreDep = Annotated[Store, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RunnerDep = Annotated[JobRunner, Depends(get_runner)]
LangDep = Annotated[str, Depends(get_lang)]

# SQL integers are 64-bit: a larger id names nothing and is refused before any query.
MAX_ID = 2**63 - 1
TeamId = Annotated[int, Path(ge=1, le=MAX_ID)]
Version = Annotated[int, Path(ge=1, le=MAX_ID)]
JobId = Annotated[int, Path(ge=1, le=MAX_ID)]
ProposalId = Annotated[int, Path(ge=1, le=MAX_ID)]
PlanId = Annotated[int, Path(ge=1, le=MAX_ID)]
RequestId = Annotated[int, Path(ge=1, le=MAX_ID)]
