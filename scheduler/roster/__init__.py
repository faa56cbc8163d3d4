"""A month's roster: problem, build, files, coverage, explanations, re-plan, page."""
