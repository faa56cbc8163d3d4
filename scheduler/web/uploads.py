"""Uploaded team files, as the API and the pages both receive them."""

from __future__ import annotations

from typing import Literal

from fastapi import UploadFile

import scheduler.web.service as service
from scheduler.web.settings import Settings

FileName = Literal[
    "team.toml",
    "shops.csv",
    "agents.csv",
    "leave.csv",
    "requirements.csv",
    "pins.csv",
    "history.csv",
    "events.csv",
]
"""The files of a team one may read, edit or replace by name."""


def read_uploads(files: list[UploadFile], settings: Settings) -> list[service.Upload]:
    """Each upload's bytes, at most one byte past its limit (so a larger file is refused)."""
    return [
        service.Upload(
            name=f.filename or "",
            data=f.file.read(service.upload_limit(f.filename or "", settings) + 1),
        )
        for f in files
    ]
