from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scheduler.web import Settings, create_app
from tests.web.helpers import make_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings with an empty SQLite database in a temporary folder."""
    return make_settings(tmp_path / "data")


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A test client of a fresh app (lifespan run, so builds are stopped at the end)."""
    with TestClient(create_app(settings)) as c:
        yield c
