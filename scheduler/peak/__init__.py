"""Promotion peaks: scenarios, the plan (gap, overtime, temps, cost), files and page."""
