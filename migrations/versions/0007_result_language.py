"""A result records the language it was made in, and keeps its reasons' and advice's words
in every language offered then, so it reads the same in each for as long as it lives.
Results stored before spoke English only: 'en', and no other words.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Plain ADD COLUMNs: a batch copy of the table on SQLite would drop the old one, and
    # with it (ON DELETE CASCADE) every diary entry.
    op.add_column("assessments", sa.Column("language", sa.String(16), nullable=False,
                                           server_default="en"))
    op.add_column("assessments", sa.Column("translations", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as table:
        table.drop_column("translations")
        table.drop_column("language")
