from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from scheduler.web import Settings, create_app
from tests.web.chromium import CHROMIUM, CHROMIUM_ARGS
from tests.web.helpers import make_settings


@pytest.fixture
def settings(tmp_path: Path, db_url: str) -> Settings:
    """Settings with an empty database: SQLite in a temporary folder, or, for a test marked
    `pg`, also a database of its own on the throwaway PostgreSQL."""
    if db_url.startswith("sqlite"):
        return make_settings(tmp_path / "data")
    return make_settings(tmp_path / "data", database_url=db_url)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """A test client of a fresh app (lifespan run, so builds are stopped at the end)."""
    with TestClient(create_app(settings)) as c:
        yield c


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium, one per test module (its pages and contexts are per test)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
