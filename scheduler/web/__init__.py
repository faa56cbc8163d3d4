"""The local web app: ``create_app(settings)`` (see docs/web.md)."""

from scheduler.web.app import create_app
from scheduler.web.settings import Settings

__all__ = ["Settings", "create_app"]
