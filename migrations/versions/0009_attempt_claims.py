"""claims: the rubric points of an attempt that the scorer missed and the learner claimed to
have stated ("I said this"; a JSON list of point ids, NULL for none), and per rubric point how
often it was claimed (counted apart from the points found, and no longer as missed)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("attempts", sa.Column("claimed", sa.Text(), nullable=True))
    op.add_column(
        "point_activity",
        sa.Column("claimed", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )


def downgrade() -> None:
    # SQLite drops a plain column in place (a batch copy would trip the keys to the tables).
    op.execute(sa.text("ALTER TABLE point_activity DROP COLUMN claimed"))
    op.execute(sa.text("ALTER TABLE attempts DROP COLUMN claimed"))
