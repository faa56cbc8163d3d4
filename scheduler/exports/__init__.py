"""Rosters as files team leads open elsewhere: Excel workbooks and calendars."""

from scheduler.exports.ics import agent_calendar
from scheduler.exports.xlsx import roster_workbook

__all__ = ["agent_calendar", "roster_workbook"]
