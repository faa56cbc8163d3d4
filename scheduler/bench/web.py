"""`scheduler bench web`: how fast the roster grid renders and how the server holds up."""

from __future__ import annotations

import asyncio
import socket
import statistics
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import solver
from scheduler.bench.roster import BENCH_MONTH, machine
from scheduler.i18n import HTML_LANG, translator
from scheduler.roster.build import make_roster
from scheduler.web import service
from scheduler.web.app import create_app, preload_templates
from scheduler.web.contexts import grid_page
from scheduler.web.settings import Settings

# Server starts measured for the first view of a roster.
COLD_RUNS = 5


@dataclass(frozen=True, kw_only=True)
class WebFigures:
    agents: int
    days: int
    cold_render_ms: list[float]
    render_ms: list[float]
    http_ms: list[float]
    concurrent: int
    concurrent_errors: int
    concurrent_wall_s: float
    concurrent_max_ms: float


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_web_bench(
    *, example: str = "large-team", renders: int = 30, concurrent: int = 50, build_s: float = 30
) -> WebFigures:
    """Store ``example`` and a roster for it, then time the grid page in and through the server."""
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        settings = Settings(data_dir=Path(tmp))
        app = create_app(settings)
        store = app.state.store
        record = service.load_example(store, settings, example)
        team = store.input_team(record.input_id)
        params = solver.SolveParams(time_limit_s=build_s, num_workers=2, seed=0)
        outcome = make_roster(team, BENCH_MONTH, params=params)
        if outcome.roster is None:
            raise RuntimeError(f"no roster for the benchmark: {outcome.explanation}")
        version = store.add_roster(
            team_id=record.id,
            input_id=record.input_id,
            roster=outcome.roster,
            summary=outcome.summary,
        ).version
        store.close()

        def fresh() -> tuple[Any, Any, Any]:
            """A new app on the same database: nothing cached, as after a server start."""
            app = create_app(settings)
            preload_templates(app.state.templates)
            return app, app.state.store, app.state.templates.env.get_template("grid.html")

        def render_once(store: Any, template: Any) -> float:
            started = time.perf_counter()
            view = service.roster_view(store, record.id, version)
            grid = grid_page(
                view.record,
                view.team,
                view.roster,
                view.coverage,
                lang="zh",
                page=service.roster_page(store, view, "zh"),
            )
            html = template.render(
                grid=grid, page=grid.page, _=translator("zh"), html_lang=HTML_LANG["zh"], lang="zh"
            )
            assert html.count('data-agent="') == len(team.agents)
            return 1000 * (time.perf_counter() - started)

        cold = []
        for _ in range(COLD_RUNS):
            app, store, template = fresh()
            cold.append(render_once(store, template))
            store.close()
        app, store, template = fresh()
        render_once(store, template)
        warm = [render_once(store, template) for _ in range(renders)]
        http_ms, errors, wall_s, slowest = _through_http(
            app, record.id, version, renders, concurrent
        )
        store.close()
        return WebFigures(
            agents=len(team.agents),
            days=BENCH_MONTH.num_days,
            cold_render_ms=cold,
            render_ms=warm,
            http_ms=http_ms,
            concurrent=concurrent,
            concurrent_errors=errors,
            concurrent_wall_s=wall_s,
            concurrent_max_ms=slowest,
        )


def _through_http(
    app: object, team_id: int, version: int, renders: int, concurrent: int
) -> tuple[list[float], int, float, float]:
    """Sequential grid loads, then ``concurrent`` page loads at once, over a real socket."""
    import httpx2
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))  # type: ignore[arg-type]
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    base = f"http://127.0.0.1:{port}"
    grid = f"{base}/teams/{team_id}/rosters/{version}"
    pages = [
        grid,
        f"{grid}?shop=",
        f"{base}/teams/{team_id}",
        f"{base}/",
        f"{base}/api/teams/{team_id}/rosters/{version}",
    ]
    try:
        with httpx2.Client(timeout=30) as client:
            http_ms = []
            for _ in range(renders):
                started = time.perf_counter()
                response = client.get(grid)
                response.raise_for_status()
                http_ms.append(1000 * (time.perf_counter() - started))

        async def load_all() -> tuple[int, float, float]:
            async with httpx2.AsyncClient(
                timeout=60, limits=httpx2.Limits(max_connections=concurrent)
            ) as client:

                async def one(url: str) -> tuple[bool, float]:
                    started = time.perf_counter()
                    try:
                        ok = (await client.get(url)).status_code == 200
                    except httpx2.HTTPError:
                        ok = False
                    return ok, 1000 * (time.perf_counter() - started)

                started = time.perf_counter()
                results = await asyncio.gather(
                    *(one(pages[i % len(pages)]) for i in range(concurrent))
                )
                wall = time.perf_counter() - started
            return sum(1 for ok, _ in results if not ok), wall, max(ms for _, ms in results)

        errors, wall_s, slowest = asyncio.run(load_all())
    finally:
        server.should_exit = True
        thread.join(10)
    return http_ms, errors, wall_s, slowest


def figures_section(f: WebFigures) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "## Web",
        "",
        f"`scheduler bench web`. Machine: {machine()}. Date: {stamp}.",
        "",
        f"Roster grid page of the large example: {f.agents} agents × {f.days} days "
        "(read from SQLite, context built, template rendered).",
        "",
        "| measure | median ms | p95 ms | max ms |",
        "|---|---|---|---|",
        f"| grid render, first view after a server start ({len(f.cold_render_ms)} starts: team "
        f"and roster read from the database) | {statistics.median(f.cold_render_ms):.0f} | – "
        f"| {max(f.cold_render_ms):.0f} |",
        f"| grid render, in process ({len(f.render_ms)} runs) "
        f"| {statistics.median(f.render_ms):.0f} | {_percentile(f.render_ms, 0.95):.0f} "
        f"| {max(f.render_ms):.0f} |",
        f"| grid page over HTTP ({len(f.http_ms)} sequential loads) "
        f"| {statistics.median(f.http_ms):.0f} | {_percentile(f.http_ms, 0.95):.0f} "
        f"| {max(f.http_ms):.0f} |",
        "",
        f"{f.concurrent} concurrent page loads (grid, filtered grid, team, home, roster JSON): "
        f"{f.concurrent_errors} errors, all done in {f.concurrent_wall_s:.2f} s, "
        f"slowest {f.concurrent_max_ms:.0f} ms.",
    ]
    return "\n".join(lines)
