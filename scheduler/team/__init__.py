"""The team folder: the team model, calendar, files and workbook, input errors."""
