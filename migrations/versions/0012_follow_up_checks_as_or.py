"""follow_up's vocabulary CHECKs as chains of ``=`` on SQLite: the same refusals, cheaper.

SQLite evaluates ``x IN ('a', 'b', ...)`` in a CHECK by building an
ephemeral table of the list for every row it checks, paid by every
follow-up an import writes (issue #17); ``x = 'a' OR x = 'b' OR ...`` costs
next to nothing. 200,000 valid follow-ups by ``executemany`` into follow_up
with its keys and CHECKs only (SQLite 3.40.1, CPU): 55,924 rows/s with IN,
136,310 with the chains; into the whole table, triggers and all, 6,747 and
7,394. The chains refuse exactly the same values: SQLite defines
``x IN (a, b)`` as ``x = +a OR x = +b`` (the column's affinity and
collation, BINARY here, with literals that have no affinity of their own),
and a NULL passes a CHECK in both forms, so no ``x IS NULL OR`` is needed
(score is the only nullable one of the four, and NULL passed before).
tests/test_migrations.py tries every value, NULL, other cases, neighbouring
strings and integers against text on a database at 0011 and at 0012.

The four CHECKs: status and score (0001), kind and as_of_precision (0009).
SQLite cannot change a CHECK, so follow_up is rebuilt, by the steps of
SQLite's "Making Other Kinds Of Table Schema Changes", inside the
migration's one transaction with foreign keys off (migrations/env.py runs
``PRAGMA foreign_key_check`` before committing), but for one: the old
table is renamed away rather than the new one renamed into place, which
would leave it stored as ``CREATE TABLE "follow_up"`` and fails anyway in
SQLite's modern mode while other tables' triggers name a missing
follow_up:

- the table's SQL, its indexes' and its triggers' are read from
  sqlite_master; the table's is the old one with the four CHECKs rewritten
  (each must appear exactly once, else nothing is changed);
- the old table is renamed away with ``PRAGMA legacy_alter_table=ON``, so
  that the triggers and views of other tables and their foreign keys
  (follow_up_source, commitment_status, bulk_load_pending_note) keep naming
  ``follow_up``, and the new table is created under the old name, its
  other columns and constraints byte for byte as they were;
- every row is copied, ids (the rowid, which the search index keys notes
  by) included, then the old table is dropped, taking its indexes and
  triggers with it;
- the indexes and triggers are created again from their own SQL, in their
  old order (SQLite fires a table's triggers newest first, so the order
  decides which guard speaks), and ``ANALYZE follow_up`` runs again if the
  database had statistics (sqlite_stat1).

Downgrade rebuilds it the same way with the IN form. PostgreSQL: a no-op
both ways; IN costs it nothing there, and the models keep IN on it.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""

from collections.abc import Callable, Sequence

from alembic import op
from sqlalchemy import Connection

revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# follow_up's vocabularies as 0001 and 0009 wrote them, in their order.
VOCABULARIES: dict[str, tuple[str | int, ...]] = {
    "status": (
        "not_assessed", "not_started", "in_progress", "stalled", "partially_achieved",
        "achieved", "not_achieved", "no_longer_applicable",
    ),
    "score": (1, 0, -1),
    "kind": ("assessment", "context"),
    "as_of_precision": ("day", "month", "year"),
}  # fmt: skip

# Where the old table waits while its rows are copied.
ASIDE = "follow_up_before_0012"

Form = Callable[[str, tuple[str | int, ...]], str]


def _literal(value: str | int) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def listed(column: str, values: tuple[str | int, ...]) -> str:
    """0011's CHECK: ``CHECK (status IN ('not_assessed', ...))``."""
    return f"CHECK ({column} IN ({', '.join(map(_literal, values))}))"


def chained(column: str, values: tuple[str | int, ...]) -> str:
    """0012's CHECK: ``CHECK (status = 'not_assessed' OR status = ...)``."""
    return f"CHECK ({' OR '.join(f'{column} = {_literal(v)}' for v in values)})"


def table_sql(sql: str, old: Form, new: Form) -> str:
    """follow_up's CREATE TABLE with its four CHECKs from the ``old`` form to the ``new``."""
    for column, values in VOCABULARIES.items():
        before, after = old(column, values), new(column, values)
        if sql.count(before) != 1:
            raise RuntimeError(
                f"follow_up's CREATE TABLE holds {before} {sql.count(before)} times, not once;"
                " nothing was changed"
            )
        sql = sql.replace(before, after)
    return sql


def _rebuild(bind: Connection, old: Form, new: Form) -> None:
    def run(sql: str) -> None:
        # The stored SQL as it is, not through text(): no bind parameters.
        bind.exec_driver_sql(sql)

    def rows(sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in bind.exec_driver_sql(sql)]

    if rows("PRAGMA foreign_keys") != [(0,)]:
        # With them on, SQLite would move the references of follow_up_source
        # and the rest to the renamed table, and drop them with it.
        raise RuntimeError("follow_up is rebuilt with foreign keys off; nothing was changed")
    [(sql,)] = rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'follow_up'")
    rebuilt = table_sql(str(sql), old, new)
    dependants = [
        str(statement)
        for (statement,) in rows(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'follow_up'"
            " AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid"
        )
    ]
    columns = ", ".join(f'"{name}"' for _, name, *_ in rows("PRAGMA table_info(follow_up)"))
    analyzed = rows("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
    [(legacy,)] = rows("PRAGMA legacy_alter_table")
    run("PRAGMA legacy_alter_table = ON")
    try:
        run(f"ALTER TABLE follow_up RENAME TO {ASIDE}")
    finally:
        run(f"PRAGMA legacy_alter_table = {int(str(legacy))}")
    run(rebuilt)
    run(f"INSERT INTO follow_up ({columns}) SELECT {columns} FROM {ASIDE} ORDER BY id")
    run(f"DROP TABLE {ASIDE}")
    for statement in dependants:
        run(statement)
    if analyzed:
        run("ANALYZE follow_up")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, listed, chained)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _rebuild(bind, chained, listed)
