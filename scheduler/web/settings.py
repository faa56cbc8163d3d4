"""The web app's settings, from arguments or SCHEDULER_* environment variables."""

from __future__ import annotations

from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"


class Settings(BaseSettings):
    """Where data lives and how many builds may run; see docs/web.md."""

    model_config = SettingsConfigDict(env_prefix="SCHEDULER_", frozen=True)

    data_dir: Path = Path("data")
    """Holds scheduler.db (SQLite) unless database_url points elsewhere."""
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "SCHEDULER_DATABASE_URL")
    )
    """A SQLAlchemy URL, e.g. postgresql+psycopg://user:password@host/db."""
    examples_dir: Path = EXAMPLES_DIR
    max_builds: int = Field(default=2, ge=1, le=32)
    """Builds running at once (each in its own process)."""
    max_queued: int = Field(default=20, ge=0)
    """Builds waiting beyond those; more are refused."""
    build_workers: int = Field(default=1, ge=1, le=64)
    """CP-SAT threads per build."""
    seed: int = 0
    default_time_limit_s: float = Field(default=30.0, gt=0)
    max_time_limit_s: float = Field(default=600.0, gt=0)
    max_upload_bytes: int = Field(default=5_000_000, gt=0)
    """Per uploaded file but history.csv; a request larger than 8 times this (plus
    max_history_bytes) is refused whole."""
    max_history_bytes: int = Field(default=20_000_000, gt=0)
    """history.csv: three years of hourly history of a dozen shops is about 8 MB."""
    session_hours: float = Field(default=12.0, gt=0, le=24 * 30)
    """How long a login lasts (then log in again)."""
    ray_address: str | None = None
    """When set (SCHEDULER_RAY_ADDRESS: "local" or a Ray cluster's address), builds, re-plans
    and peak plans run as Ray tasks there instead of processes of this machine."""
    token: str | None = None
    """When set (SCHEDULER_TOKEN), every page and API call needs it."""

    def url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'scheduler.db').resolve()}"

    @property
    def max_request_bytes(self) -> int:
        """A request larger than this is refused before it is read (413)."""
        return 8 * self.max_upload_bytes + self.max_history_bytes
