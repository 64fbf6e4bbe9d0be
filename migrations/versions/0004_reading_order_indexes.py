"""Indexes that walk commitments in reading order: by statement date, then offset.

`tracker list` shows commitments by statement date, code and offset. A filter
that matches many commitments is answered by walking statements in that
order and stopping at the limit, which needs these two indexes. The new
commitment index starts with statement_id, so it also serves that foreign
key, and the index on statement_id alone goes.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_statement_reading_order", "statement", ["date", "code"])
    op.create_index("ix_commitment_reading_order", "commitment", ["statement_id", "start_offset"])
    op.drop_index("ix_commitment_statement_id", table_name="commitment")


def downgrade() -> None:
    op.create_index("ix_commitment_statement_id", "commitment", ["statement_id"])
    op.drop_index("ix_commitment_reading_order", table_name="commitment")
    op.drop_index("ix_statement_reading_order", table_name="statement")
