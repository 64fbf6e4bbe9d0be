"""Corrections of context stay context; SQLite checks a source file's SHA-256 too.

- A follow-up correcting context (``kind = 'context'``) sets no status and
  no score: context never does, and a correction must not make it an
  assessment through the back door. Both engines, BEFORE INSERT.
- SQLite has no SHA-256 in SQL, so tracker gives every connection it opens
  one, ``tracker_sha256(content)`` (tracker.driver.sqlite_settings), and a
  trigger refuses a ``source_file`` whose ``sha256`` is not its content's.
  A connection without the function (the sqlite3 shell, Datasette) cannot
  add a source file at all ("no such function: tracker_sha256"): the check
  fails closed rather than keeping an unchecked hash. Reading, deleting
  sources (and with them their files), backups and migrations do not call
  it. PostgreSQL has checked the hash since 0009 (ck_source_file_sha256).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

import runpy
from collections.abc import Sequence
from pathlib import Path

from alembic import op

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Revision 0009's SQL, which this one builds on (and through it 0006's).
R9 = runpy.run_path(str(Path(__file__).with_name("0009_evidence.py")))
_raise, FILE_HASH = R9["R6"]._raise, R9["FILE_HASH"]

CONTEXT_CORRECTED = (
    "follow_up: a correction of context is context: it sets no status and no score"
)
ASSESSES = "(NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL)"
CORRECTS_CONTEXT = (
    "EXISTS (SELECT 1 FROM follow_up AS c WHERE c.id = NEW.corrects_id AND c.kind = 'context')"
)

SQLITE_UP = [
    f"""CREATE TRIGGER guard_follow_up_context_correction BEFORE INSERT ON follow_up
    WHEN NEW.corrects_id IS NOT NULL
    BEGIN
        {_raise(CONTEXT_CORRECTED, f"{ASSESSES} AND {CORRECTS_CONTEXT}")}
    END""",
    f"""CREATE TRIGGER guard_source_file_sha256 BEFORE INSERT ON source_file
    BEGIN
        {_raise(FILE_HASH, "NEW.sha256 IS NOT tracker_sha256(NEW.content)")}
    END""",
]
SQLITE_DROP = ["guard_follow_up_context_correction", "guard_source_file_sha256"]

POSTGRESQL_UP = [
    f"""CREATE FUNCTION tracker_guard_context_correction() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF {ASSESSES} AND {CORRECTS_CONTEXT} THEN
            RAISE EXCEPTION '{CONTEXT_CORRECTED}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER guard_follow_up_context_correction BEFORE INSERT ON follow_up
    FOR EACH ROW WHEN (NEW.corrects_id IS NOT NULL)
    EXECUTE FUNCTION tracker_guard_context_correction()""",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_UP if sqlite else POSTGRESQL_UP:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_DROP:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP FUNCTION tracker_guard_context_correction() CASCADE")
