"""What every resource's router of the JSON API shares: the /api prefix, the tag, the errors."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import APIRouter
from fastapi.params import Depends

from scheduler.web.schemas import ErrorsPublic


def resource_router(dependencies: Sequence[Depends] = ()) -> APIRouter:
    """A router for one resource, under /api, with its 404 and 422 bodies documented."""
    return APIRouter(
        prefix="/api",
        tags=["api"],
        dependencies=dependencies,
        responses={
            404: {"model": ErrorsPublic, "description": "No such team, roster, agent or job"},
            422: {
                "model": ErrorsPublic,
                "description": "Refused input, each problem by file and line",
            },
        },
    )
