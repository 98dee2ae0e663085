"""Diary entries keep the time zone they were noted in (entries before this were noted,
and are shown, in UTC).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.add_column(sa.Column("tz", sa.String(length=64), server_default="UTC",
                                   nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("diary_entries") as batch:
        batch.drop_column("tz")
