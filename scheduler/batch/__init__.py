"""Many teams' rosters at once, on a local process pool or on Ray."""

from __future__ import annotations

from scheduler.batch.executors import (
    Executor,
    Finished,
    PoolExecutor,
    RayExecutor,
    RayFutures,
    make_executor,
    make_ray_futures,
)
from scheduler.batch.page import BatchPage, render_batch_page
from scheduler.batch.run import (
    BATCH_HTML,
    BATCH_JSON,
    BatchReport,
    TeamReport,
    batch_json,
    run_batch,
    team_dirs,
)
from scheduler.batch.team_build import TeamBuild, build_team

__all__ = [
    "BATCH_HTML",
    "BATCH_JSON",
    "BatchPage",
    "BatchReport",
    "Executor",
    "Finished",
    "PoolExecutor",
    "RayExecutor",
    "RayFutures",
    "TeamBuild",
    "TeamReport",
    "batch_json",
    "build_team",
    "make_executor",
    "make_ray_futures",
    "render_batch_page",
    "run_batch",
    "team_dirs",
]
