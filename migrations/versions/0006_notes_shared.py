"""A result's typed notes are shown through its share link only when the person ticks
"Show my notes to anyone with the link": one flag, off for every result stored before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A plain ADD COLUMN: a batch copy of the table on SQLite would drop the old one, and
    # with it (ON DELETE CASCADE) every diary entry.
    op.add_column("assessments", sa.Column("notes_shared", sa.Boolean(), nullable=False,
                                           server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table("assessments") as table:
        table.drop_column("notes_shared")
