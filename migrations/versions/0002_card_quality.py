"""card quality (how well the learner answers each item, weighted toward recent answers), and a
meta table (which bank the items were last synced with)

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

# A card's quality starts from its latest scheduled answer: the score, or for a self-rated answer
# its rating on the same 0-1 scale (again 0, hard 0.5, good 0.8, easy 1).
BACKFILL = """
UPDATE cards SET quality = (
    SELECT CASE
        WHEN a.score IS NOT NULL THEN a.score
        WHEN a.final_rating = 1 THEN 0.0
        WHEN a.final_rating = 2 THEN 0.5
        WHEN a.final_rating = 3 THEN 0.8
        ELSE 1.0
    END
    FROM attempts AS a
    WHERE a.card_id = cards.id AND NOT a.undone AND a.scheduled
    ORDER BY a.id DESC
    LIMIT 1
)
"""


def upgrade() -> None:
    op.add_column("cards", sa.Column("quality", sa.Float(), nullable=True))
    op.execute(BACKFILL)
    op.create_table(
        "meta",
        sa.Column("key", sa.String(length=60), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("meta")
    with op.batch_alter_table("cards") as batch:
        batch.drop_column("quality")
