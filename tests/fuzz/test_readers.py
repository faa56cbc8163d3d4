"""Property-based fuzzing of every reader: changed files are read or refused, never a crash.

``make test`` runs a bounded number of examples per reader; FUZZ_EXAMPLES raises it
(docs/reliability.md has the longer runs and atheris's coverage-guided one).
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from tests.fuzz.mutations import mutate
from tests.fuzz.targets import TARGETS, Target, check_reader, write_files

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))


class DrawChooser:
    """Mutation choices drawn by hypothesis (so failures shrink to a small change)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(st.integers(low, max(low, high)))

    def text(self) -> str:
        return self.data.draw(st.text(max_size=40))

    def raw(self) -> bytes:
        return self.data.draw(st.binary(max_size=64))


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_the_valid_seed_is_accepted(target: Target, tmp_path: Path):
    """The fuzzing starts from inputs the reader accepts, so changes reach every check."""
    write_files(tmp_path, target.seed())
    assert check_reader(target, tmp_path) is None


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: t.name)
def test_changed_files_are_read_or_refused_with_file_and_line(target: Target):
    seed = target.seed()
    outcomes: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        folder = Path(tmp)

        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            database=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
        )
        @given(st.data())
        def read_changed(data: st.DataObject) -> None:
            chooser = DrawChooser(data)
            files = mutate(seed, chooser, chooser.integer(1, 3))
            write_files(folder, files)
            outcome = "refused" if check_reader(target, folder) else "accepted"
            outcomes[outcome] += 1
            event(outcome)

        read_changed()
    print(f"{target.name}: {outcomes['accepted']} accepted, {outcomes['refused']} refused")
    # Changes must reach past the first checks: some files still read, most are refused.
    assert outcomes["refused"] > 0
    assert outcomes["accepted"] > 0 or EXAMPLES < 50
