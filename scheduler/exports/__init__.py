"""Rosters as files opened elsewhere: Excel workbooks, calendars, formula-safe cells."""
