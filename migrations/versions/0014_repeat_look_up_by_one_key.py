"""PostgreSQL: an exact repeat looked up by one key, however many follow-ups share a day.

0009's guard looks a new follow-up's exact repeat up by ten equalities,
which ``ix_follow_up_repeat`` holds in ten columns. PostgreSQL may serve
the first two of them, commitment and day, from ``ix_follow_up_recent``
instead and check the other eight on every follow-up of that commitment
and day; it does so at every size measured, so each follow-up of a busy
day read all the ones before it: 3,000 follow-ups of one commitment on
one day, their notes apart, took 5.4 s in the guard. Here the index is
one key, the md5 of the ten values joined by a separator, and the guard
looks up that key alone: the ten equalities, unchanged, are checked
inside ``(...) IS TRUE``, which no index serves, so ``ix_follow_up_repeat``
is the only way in. The key is a function of the ten values, so every row
the equalities find has the new row's key: the guard refuses exactly what
it refused. Days are written as their number from 2000-01-01, since a
date's text depends on the session's DateStyle and an index's expression
may not.

SQLite: a no-op both ways; its planner takes ix_follow_up_repeat already.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

import runpy
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0014"
down_revision: str | Sequence[str] | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Revision 0013, for its way of changing a function as the database holds it.
R13 = runpy.run_path(str(Path(__file__).with_name("0013_source_links_by_index.py")))

# 0009's look-up and index, as released.
MATCH = (
    "r.commitment_id = NEW.commitment_id AND coalesce(r.actor_id, 0) = coalesce(NEW.actor_id, 0)"
    " AND r.as_of = NEW.as_of AND r.status = NEW.status"
    " AND coalesce(r.score, 9) = coalesce(NEW.score, 9) AND r.kind = NEW.kind"
    " AND r.as_of_precision = NEW.as_of_precision"
    " AND coalesce(r.corrects_id, 0) = coalesce(NEW.corrects_id, 0)"
    " AND md5(CAST(r.sources AS TEXT)) = md5(CAST(NEW.sources AS TEXT))"
    " AND md5(coalesce(r.note, '')) = md5(coalesce(NEW.note, ''))"
)
BY_COLUMNS = f"SELECT r.id INTO repeated FROM follow_up AS r WHERE {MATCH} LIMIT 1;"
COLUMNS_INDEX = (
    "CREATE INDEX ix_follow_up_repeat ON follow_up (commitment_id, coalesce(actor_id, 0), as_of,"
    " status, coalesce(score, 9), kind, as_of_precision, coalesce(corrects_id, 0),"
    " md5(CAST(sources AS TEXT)), md5(coalesce(note, '')))"
)


def key(p: str) -> str:
    """The md5 of the ten values of the row ``p`` names (``r.``, ``NEW.``, or ``""``: the table's)."""
    values = [
        f"CAST({p}commitment_id AS TEXT)",
        f"CAST(coalesce({p}actor_id, 0) AS TEXT)",
        f"CAST({p}as_of - DATE '2000-01-01' AS TEXT)",
        f"CAST({p}status AS TEXT)",
        f"CAST(coalesce({p}score, 9) AS TEXT)",
        f"CAST({p}kind AS TEXT)",
        f"CAST({p}as_of_precision AS TEXT)",
        f"CAST(coalesce({p}corrects_id, 0) AS TEXT)",
        f"md5(CAST({p}sources AS TEXT))",
        f"md5(coalesce({p}note, ''))",
    ]
    return "md5(" + " || '|' || ".join(values) + ")"


BY_KEY = (
    f"SELECT r.id INTO repeated FROM follow_up AS r WHERE {key('r.')} = {key('NEW.')}"
    f" AND ({MATCH}) IS TRUE LIMIT 1;"
)
KEY_INDEX = f"CREATE INDEX ix_follow_up_repeat ON follow_up (({key('')}))"


def _switch(old: str, new: str, index: str) -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    R13["replace_in_function"]("tracker_guard_follow_up_evidence", old, new)
    op.execute("DROP INDEX ix_follow_up_repeat")
    op.execute(index)


def upgrade() -> None:
    _switch(BY_COLUMNS, BY_KEY, KEY_INDEX)


def downgrade() -> None:
    _switch(BY_KEY, BY_COLUMNS, COLUMNS_INDEX)
