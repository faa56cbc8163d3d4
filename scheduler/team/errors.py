"""Input problems, each tied to a file and line so a team lead can fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class InputError:
    """One problem in one input file; ``line`` is 1-based, None for the whole file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.message}"


class InputErrors(Exception):
    """Every problem found in the input, raised together once reading is done."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(str(e) for e in self.errors))


def raise_if_any(errors: list[InputError]) -> None:
    if errors:
        raise InputErrors(errors)
