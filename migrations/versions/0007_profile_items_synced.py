"""each profile's own record of the bank its cards were last brought up to date with, so that a
question whose rev rose resets every learner's card, not only the card of the learner whose start
synced the shared items (on PostgreSQL, row-level security confines that sync to their own rows)

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("profiles", sa.Column("items_synced", sa.String(64), nullable=True))


def downgrade() -> None:
    # SQLite drops a plain column in place (a batch copy of profiles would trip the keys to it).
    op.execute(sa.text("ALTER TABLE profiles DROP COLUMN items_synced"))
