"""A file download: the body with its media type and a Content-Disposition name."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Response


def download(content: bytes | str, media_type: str, filename: str) -> Response:
    """``content`` as an attachment named ``filename`` (UTF-8 names kept, ASCII fallback)."""
    ascii_name = filename.encode("ascii", "replace").decode().replace("?", "_")
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(
        content=content, media_type=media_type, headers={"Content-Disposition": disposition}
    )
