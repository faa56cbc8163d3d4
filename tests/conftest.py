from __future__ import annotations

from pathlib import Path

import pytest

from scheduler.team.model import (
    Team,
)
from scheduler.team.writer import write_team_folder
from tests.helpers import ROOT, tiny_team_value


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
