"""an index of removed items, so every figure that leaves them out finds the few there are
without reading every item

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

REMOVED = "removed"  # as in quiz.store.fast.REMOVED


def upgrade() -> None:
    op.create_index(
        "ix_items_removed",
        "items",
        ["id"],
        sqlite_where=sa.text(REMOVED),
        postgresql_where=sa.text(REMOVED),
    )


def downgrade() -> None:
    op.drop_index("ix_items_removed", table_name="items")
