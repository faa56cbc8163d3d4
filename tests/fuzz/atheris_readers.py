"""Coverage-guided fuzzing of every reader with atheris (the longer run; docs/reliability.md).

    pip install -e '.[fuzz]'
    python -m tests.fuzz.atheris_readers -max_total_time=600 -rss_limit_mb=4096

The byte stream from libFuzzer drives the same mutations as the hypothesis tests, starting
from each target's valid files. Any exception other than InputErrors stops the run with a
crash file that replays it.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["scheduler"]):
    from tests.fuzz.mutations import mutate
    from tests.fuzz.targets import TARGETS, check_reader, write_files


class StreamChooser:
    """Mutation choices read from libFuzzer's bytes."""

    def __init__(self, data: bytes) -> None:
        self.fdp = atheris.FuzzedDataProvider(data)

    def integer(self, low: int, high: int) -> int:
        return int(self.fdp.ConsumeIntInRange(low, max(low, high)))

    def text(self) -> str:
        return str(self.fdp.ConsumeUnicodeNoSurrogates(self.fdp.ConsumeIntInRange(0, 40)))

    def raw(self) -> bytes:
        return bytes(self.fdp.ConsumeBytes(self.fdp.ConsumeIntInRange(0, 64)))


SEEDS = [target.seed() for target in TARGETS]
FOLDER = Path(tempfile.mkdtemp(prefix="atheris-readers-"))


def one_input(data: bytes) -> None:
    chooser = StreamChooser(data)
    index = chooser.integer(0, len(TARGETS) - 1)
    files = mutate(SEEDS[index], chooser, chooser.integer(1, 3))
    write_files(FOLDER, files)
    check_reader(TARGETS[index], FOLDER)


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
