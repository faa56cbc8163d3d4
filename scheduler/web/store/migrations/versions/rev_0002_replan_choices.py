"""A re-plan's second choice, "keep the cover", beside the "fewest changes" roster.

Revision ID: 0002
Revises: 0001
Created: 2026-12-06
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import Column, String, Text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # NULL in proposals made before there were two choices.
    with op.batch_alter_table("proposals") as batch:
        batch.add_column(Column("cover_roster", Text, nullable=True))
        batch.add_column(Column("cover_summary", Text, nullable=True))
        batch.add_column(Column("accepted_choice", String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("proposals") as batch:
        batch.drop_column("accepted_choice")
        batch.drop_column("cover_summary")
        batch.drop_column("cover_roster")
