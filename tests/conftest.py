from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from scheduler.team.model import (
    Team,
)
from scheduler.team.writer import write_team_folder
from tests.helpers import ROOT, tiny_team_value
from tests.postgres import Cluster, binaries, start_cluster

# The databases a test marked `pg` runs on; every other test that asks for `db_url` gets
# SQLite only.
BACKENDS = ("sqlite", "postgresql")


@pytest.fixture
def tiny_team() -> Team:
    """A four-agent, two-shop team for November 2026."""
    return tiny_team_value()


@pytest.fixture
def tiny_team_dir(tmp_path: Path, tiny_team: Team) -> Path:
    """The tiny team written as a team folder."""
    folder = tmp_path / "tiny"
    write_team_folder(tiny_team, folder)
    return folder


@pytest.fixture
def demo_team_dir() -> Path:
    """The bundled demo team folder."""
    return ROOT / "examples" / "demo-team"


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked `pg` that uses `db_url` (or the web tests' `settings`) runs twice."""
    if "db_url" in metafunc.fixturenames and metafunc.definition.get_closest_marker("pg"):
        metafunc.parametrize("db_url", BACKENDS, indirect=True)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """The throwaway PostgreSQL cluster, started once for the session and removed after.

    Skipped when PostgreSQL is not installed (`make postgres` installs it), except in CI
    (CI=true), where its absence fails the tests that need it.
    """
    bin_dir = binaries()
    if bin_dir is None:
        reason = "PostgreSQL is not installed (make postgres installs Debian's postgresql)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = start_cluster(bin_dir)
    yield cluster
    cluster.stop()


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A new empty database's URL: SQLite in ``tmp_path/data``, or (param "postgresql") a
    database of its own on the throwaway cluster."""
    if getattr(request, "param", "sqlite") == "sqlite":
        (tmp_path / "data").mkdir(exist_ok=True)
        yield f"sqlite:///{tmp_path / 'data' / 'scheduler.db'}"
        return
    cluster: Cluster = request.getfixturevalue("postgres")
    name = cluster.new_database()
    yield cluster.url(name)
    cluster.drop_database(name)
