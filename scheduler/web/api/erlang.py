"""The Erlang calculator: agents needed for one queue of chats."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query

import scheduler.web.service as service
from scheduler.demand.erlang import ConcurrencyMethod
from scheduler.web.api.routing import resource_router
from scheduler.web.demand_schemas import ErlangPublic

router = resource_router()


@router.get("/erlang")
def erlang_calculator(
    volume: Annotated[float, Query(description="Chats arriving per interval.")],
    aht: Annotated[float, Query(description="Average handle time, seconds.")],
    interval: Annotated[float, Query(description="Interval length, minutes.")] = 30,
    target: Annotated[float, Query(description="Share to answer within `within`.")] = 0.8,
    within: Annotated[float, Query(description="Answer within this many seconds.")] = 20,
    patience: Annotated[
        float | None, Query(description="Mean patience, seconds: Erlang A (else Erlang C).")
    ] = None,
    concurrency: Annotated[int, Query(description="Chats one agent runs at once.")] = 1,
    concurrency_method: ConcurrencyMethod = ConcurrencyMethod.SLOTS,
    shrinkage: Annotated[float, Query(description="Share of paid time not on chats.")] = 0.0,
    max_occupancy: Annotated[float, Query(description="Occupancy cap.")] = 0.85,
    max_abandon: Annotated[float, Query(description="Abandonment cap (Erlang A).")] = 0.05,
) -> ErlangPublic:
    """Agents needed for one queue of chats, as `scheduler erlang` (same options, shares
    as fractions): service level, ASA, occupancy, abandonment and the table around it."""
    request = service.ErlangRequest(
        volume=volume,
        aht=aht,
        interval=interval,
        target=target,
        within=within,
        patience=patience,
        concurrency=concurrency,
        concurrency_method=concurrency_method,
        shrinkage=shrinkage,
        max_occupancy=max_occupancy,
        max_abandon=max_abandon,
    )
    given, answer = service.erlang(request)
    return ErlangPublic.of(given, answer, service.erlang_by_method(given))
