"""`scheduler serve`: the web app on this machine."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from scheduler.cli.app import app


@app.command()
def serve(
    data_dir: Annotated[
        Path,
        typer.Option(help="Folder for the database (scheduler.db) when DATABASE_URL is unset."),
    ] = Path("data"),
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    max_builds: Annotated[int, typer.Option(help="Roster builds running at once.")] = 2,
) -> None:
    """Serve the web app: teams, builds, roster grid, exports, and the JSON API under /api.

    The database is SQLite in DATA_DIR unless DATABASE_URL names another (PostgreSQL).
    SCHEDULER_TOKEN, when set, is required on every page and API call.
    """
    import uvicorn

    from scheduler.web import Settings, create_app

    settings = Settings(data_dir=data_dir, max_builds=max_builds)
    typer.echo(f"Serving on http://{host}:{port}  (data: {settings.url()})", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
