"""After a form is taken, the browser goes on to the page it changed (POST, then GET)."""

from __future__ import annotations

from fastapi.responses import RedirectResponse


def see_other(url: str) -> RedirectResponse:
    """A 303 to ``url``: the browser GETs it, and a reload does not post the form again."""
    return RedirectResponse(url, status_code=303)
