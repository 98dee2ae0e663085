"""Index the one foreign key that had none: `assessments.previous_id` (a re-take's link to
the result before). It is ON DELETE SET NULL, so without an index every deleted result made
the database scan the whole table for rows pointing to it: one delete took 170 ms at 100,000
results, and the purge was quadratic.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_assessments_previous_id", "assessments", ["previous_id"])


def downgrade() -> None:
    op.drop_index("ix_assessments_previous_id", table_name="assessments")
