"""A re-plan's second choice, "keep the cover", beside the "fewest changes" roster.

Revision ID: 0002
Revises: 0001
Created: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, String, Text, inspect

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def new_columns() -> list[Column[str]]:
    return [
        Column("cover_roster", Text, nullable=True),
        Column("cover_summary", Text, nullable=True),
        Column("accepted_choice", String(), nullable=True),
    ]


def upgrade() -> None:
    # NULL in proposals made before there were two choices. A database adopted from before
    # the migrations may have them already (the app once added missing columns on start).
    have = {c["name"] for c in inspect(op.get_bind()).get_columns("proposals")}
    with op.batch_alter_table("proposals") as batch:
        for column in new_columns():
            if column.name not in have:
                batch.add_column(column)


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("accepted_choice")
        batch.drop_column("cover_summary")
        batch.drop_column("cover_roster")
