"""what helped an answer: how many rubric criteria the learner revealed as hints before
submitting (a hint caps the rating), and whether the answer is a retry after feedback (recorded,
never scheduled: the card keeps the first answer's review)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "attempts", sa.Column("hints", sa.Integer(), nullable=False, server_default=sa.text("0"))
    )
    op.add_column(
        "attempts", sa.Column("retry", sa.Boolean(), nullable=False, server_default=sa.false())
    )


def downgrade() -> None:
    # SQLite drops a plain column in place (a batch copy of attempts would trip the keys to it).
    op.execute(sa.text("ALTER TABLE attempts DROP COLUMN retry"))
    op.execute(sa.text("ALTER TABLE attempts DROP COLUMN hints"))
