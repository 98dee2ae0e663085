"""Drafts remember the result they were submitted as (a second submit lands on it), and
are found by the result they point to when it is deleted; stored times lose their minutes.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, column, what to keep): results and drafts to the hour, diary times to the minute.
COARSER = (("assessments", "created_at", "hour"), ("assessments", "expires_at", "hour"),
           ("drafts", "updated_at", "hour"), ("drafts", "expires_at", "hour"),
           ("diary_entries", "at", "minute"))
SQLITE_FORMAT = {"hour": "%Y-%m-%d %H:00:00.000000", "minute": "%Y-%m-%d %H:%M:00.000000"}


def upgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("result_token", sa.String(length=64), nullable=True))
    op.create_index("ix_drafts_retake_of", "drafts", ["retake_of"])
    op.create_index("ix_drafts_result_token", "drafts", ["result_token"])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for table, column, unit in COARSER:
        coarser = f"strftime('{SQLITE_FORMAT[unit]}', {column})" if sqlite \
            else f"date_trunc('{unit}', {column})"
        op.execute(f"UPDATE {table} SET {column} = {coarser}")  # noqa: S608 (constants only)


def downgrade() -> None:
    op.drop_index("ix_drafts_result_token", "drafts")
    op.drop_index("ix_drafts_retake_of", "drafts")
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("result_token")
