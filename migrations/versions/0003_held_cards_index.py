"""an index of held cards (suspended, or buried at some time), so every queue finds the few it
leaves out without reading all of a profile's cards

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

HELD = "suspended OR buried_until IS NOT NULL"  # as in quiz.store.fast.HELD


def upgrade() -> None:
    op.create_index(
        "ix_cards_held",
        "cards",
        ["profile_id"],
        sqlite_where=sa.text(HELD),
        postgresql_where=sa.text(HELD),
    )


def downgrade() -> None:
    op.drop_index("ix_cards_held", table_name="cards")
