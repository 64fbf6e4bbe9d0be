"""PostgreSQL: a follow-up's sources looked up by index, whatever the number of sources.

0009's ``tracker_follow_up_source_link`` joins the follow-up's URLs to
``source``. PostgreSQL expects a set-returning function such as
``jsonb_array_elements_text`` to give 100 rows, and for 100 look-ups it
prefers to read the whole of ``source`` into a hash table: it did so at
every follow-up written until ``source`` held some tens of thousands of
rows. An import into a young database was quadratic: 20,000 follow-ups,
each citing a new source, took 24 s on PostgreSQL 15 (3,000 took 1.3 s).
Here each URL is looked up on its own (a LATERAL subquery the planner may
not flatten, ``OFFSET 0``), by ``uq_source_url``: the same import takes
3.7 s. Only that join changes, in the function as the database holds it.
The links written are the same: the same source for each URL, and its
first position in the list.

SQLite: a no-op both ways; its planner looks each URL up by index already.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BY_INDEX = (
    "CROSS JOIN LATERAL (SELECT source.id FROM source WHERE source.url = j.value OFFSET 0) AS s"
)
BY_HASH = "JOIN source AS s ON s.url = j.value"  # 0009's


def replace_in_function(function: str, old: str, new: str) -> None:
    """Replace ``old``, which must stand once in it, by ``new`` in a PostgreSQL function
    as the database holds it: the rest of its text stays as released (0014 uses it too)."""
    bind = op.get_bind()
    definition = bind.exec_driver_sql(f"SELECT pg_get_functiondef('{function}'::regproc)").scalar()
    if definition.count(old) != 1:
        raise RuntimeError(
            f"{function} is not the function this revision knows; nothing was changed"
        )
    op.execute(definition.replace(old, new))  # as 0009 made it, through op.execute


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        replace_in_function("tracker_follow_up_source_link", BY_HASH, BY_INDEX)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        replace_in_function("tracker_follow_up_source_link", BY_INDEX, BY_HASH)
