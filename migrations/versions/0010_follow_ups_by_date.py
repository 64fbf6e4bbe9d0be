"""An index of follow-ups by date: `follow-up list --since` reads only what it lists.

`tracker follow-up list` shows follow-ups oldest first (as-of date, then
recording time, then id), and `--since DATE` keeps those as of that day or
later. Every other index on follow_up starts with the commitment, so the
listing read the whole table and sorted it; this one holds that order, so
the listing starts at DATE and streams, and `--limit N` stops after N.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_follow_up_by_date", "follow_up", ["as_of", "recorded_at", "id"])


def downgrade() -> None:
    op.drop_index("ix_follow_up_by_date", table_name="follow_up")
