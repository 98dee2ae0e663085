"""Twitch diary entries, and re-takes linked to the result before.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import app.models

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "diary_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("at", app.models.UTCDateTime(), nullable=False),
        sa.Column("location", sa.String(length=32), nullable=False),
        sa.Column("duration", sa.String(length=16), nullable=False),
        sa.Column("intensity", sa.Integer(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_diary_entries_assessment_id", "diary_entries", ["assessment_id"])
    with op.batch_alter_table("assessments") as batch:
        batch.add_column(sa.Column("previous_id", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_assessments_previous_id", "assessments",
                                 ["previous_id"], ["id"], ondelete="SET NULL")
    with op.batch_alter_table("drafts") as batch:
        batch.add_column(sa.Column("retake_of", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drafts") as batch:
        batch.drop_column("retake_of")
    with op.batch_alter_table("assessments") as batch:
        batch.drop_constraint("fk_assessments_previous_id", type_="foreignkey")
        batch.drop_column("previous_id")
    op.drop_index("ix_diary_entries_assessment_id", table_name="diary_entries")
    op.drop_table("diary_entries")
