"""A peak plan's defaults, the same for the form and the JSON API."""

DEFAULT_PEAK_EVENT = "double11"
DEFAULT_PEAK_TIME_LIMIT_S = 15
"""Seconds per scenario (as `scheduler peak`)."""
