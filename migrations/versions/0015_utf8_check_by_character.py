"""SQLite: the guards' UTF-8 check walks characters instead of bytes, in a quarter of the SQL.

0006 checks every text column (41 of them, in their insert and update
triggers: 76 copies, with 0009's) with a walk over the value's bytes that
keeps, in CASE chains, which bytes may come next: about 2,300 characters
of SQL a copy, most of the schema's 250 KB of trigger SQL (117 KB after
this revision). SQLite parses the whole schema at the first statement of
every connection, so each ``tracker`` command, sqlite3 shell, Datasette or
pandas connection paid for it: opening the seed took 9 to 13 ms of CPU, 4
ms after this revision (issue #17).

The walk here goes a character at a time. SQLite splits text into
characters as it reads UTF-8, leniently: a character is one byte, and
after a byte of 0xC0 or more, every continuation byte (0x80 to 0xBF) that
follows. ``unicode()`` decodes such a piece the same lenient way (an
overlong form, a surrogate, U+FFFE or U+FFFF becomes U+FFFD) and
``char()`` writes a code point back in its one well-formed encoding. So a
piece is well-formed UTF-8 exactly when ``char(unicode(piece))`` gives its
bytes back, but for U+FFFE and U+FFFF, which are well-formed and come back
as U+FFFD: those two are let through by name. Each piece is taken from at
most four bytes at a time, so no step reads more than that; a piece longer
than four bytes is cut there, and its rest, continuation bytes, is a bad
piece of its own. The new check is also about a third faster on long
non-ASCII text (20,000 characters: 17 ms against 27).

It refuses exactly the same values. tests/test_migrations.py holds both
checks and Python's UTF-8 decoder to the same answer on every string of one
and two bytes, on every string of three and four bytes drawn from the
bytes at the edges of UTF-8's ranges (slow), around every code point's
encoding, and on refusals through the triggers at 0014 and 0015.

Every trigger that holds 0006's check is created again with the new one in
its place and the rest of its SQL as it was; with it, every other trigger
of its table is dropped and created again in the old order (SQLite fires a
table's triggers newest first, so the order decides which guard speaks).
Downgrade writes 0006's check back the same way, byte for byte.
PostgreSQL: a no-op both ways; it checks UTF-8 itself.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

import re
import runpy
from collections.abc import Callable, Sequence
from pathlib import Path

from alembic import op

revision: str = "0015"
down_revision: str | Sequence[str] | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# 0006's check, as released.
R6 = runpy.run_path(str(Path(__file__).with_name("0006_guards_on_any_connection.py")))
BY_BYTE: Callable[[str], str] = R6["_sqlite_bad_utf8"]
# A text each check holds and the other does not: 0006's spells out the
# hexadecimal digits, the new one names U+FFFE.
HEX_DIGITS = "0123456789ABCDEF"
U_FFFE = "x'EFBFBE'"
# Every value 0006's guards check: a column of the new row.
VALUE = re.compile(r"NEW\.\w+")


def by_character(value: str) -> str:
    """True when ``value`` (text, non-ASCII) is not well-formed UTF-8."""
    blob = f"CAST({value} AS BLOB)"

    def piece(at: str) -> str:  # the character at byte ``at``, as bytes
        return f"CAST(substr(CAST(substr({blob}, {at}, 4) AS TEXT), 1, 1) AS BLOB)"

    bad = (
        "(CAST(char(unicode(CAST(u.c AS TEXT))) AS BLOB) <> u.c"
        " AND u.c NOT IN (x'EFBFBE', x'EFBFBF'))"
    )
    following = "u.i + length(u.c)"
    return (
        f"EXISTS (WITH RECURSIVE u (i, c) AS (SELECT 1, {piece('1')} UNION ALL"
        f" SELECT {following}, {piece(following)} FROM u"
        f" WHERE NOT {bad} AND {following} <= length({blob}))"
        f" SELECT 1 FROM u WHERE {bad})"
    )


def rewrite(sql: str, old: Callable[[str], str], new: Callable[[str], str]) -> str:
    """``sql`` with each check ``old`` writes for a value of the new row written by ``new``."""
    for value in sorted(set(VALUE.findall(sql))):
        sql = sql.replace(old(value), new(value))
    return sql


def _switch(old: Callable[[str], str], new: Callable[[str], str], marker: str) -> None:
    """Create every trigger holding ``old``'s check again with ``new``'s, its table's order kept.

    ``marker`` is a text only ``old``'s check holds: a trigger that still
    holds it once rewritten stops the migration, with nothing changed.
    """
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        return
    triggers = connection.exec_driver_sql(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
    ).all()
    tables = {table for _, table, sql in triggers if marker in sql}
    again = [(name, rewrite(sql, old, new)) for name, table, sql in triggers if table in tables]
    for name, sql in again:
        if marker in sql:
            raise RuntimeError(f"trigger {name} holds a UTF-8 check this revision cannot read")
    for name, _ in again:
        connection.exec_driver_sql(f'DROP TRIGGER "{name}"')
    for _, sql in again:
        connection.exec_driver_sql(sql)


def upgrade() -> None:
    _switch(BY_BYTE, by_character, HEX_DIGITS)


def downgrade() -> None:
    _switch(by_character, BY_BYTE, U_FFFE)
