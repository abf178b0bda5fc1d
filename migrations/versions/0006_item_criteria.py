"""each item's rubric criteria, so the stats name a missed point without loading the bank; an
index of points by how often they were missed, so the most missed are found without reading all

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("items", sa.Column("criteria", sa.Text(), nullable=True))
    op.create_index("ix_point_activity_missed", "point_activity", ["profile_id", "missed"])
    # The items' criteria are written by the next sync with the bank: forget the last one.
    op.execute(sa.text("DELETE FROM meta WHERE key = 'bank_sync'"))


def downgrade() -> None:
    op.drop_index("ix_point_activity_missed", table_name="point_activity")
    # SQLite drops a plain column in place (a batch copy of items would trip the cards' keys).
    op.execute(sa.text("ALTER TABLE items DROP COLUMN criteria"))
