"""The database's migrations (Alembic): env.py, and one revision per schema change in
versions/. The store runs them up to head when it opens a database (``migrate.upgrade``)."""
