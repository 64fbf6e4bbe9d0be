"""Full-text rows keyed by the rows they index, so Datasette's ?_search= works.

Datasette searches a table through an FTS table named in its metadata
(``fts_table``), keeping the rows whose ``fts_pk`` column is
``IN (SELECT rowid FROM <fts_table> WHERE <fts_table> MATCH ...)``: the FTS
rowid must be the indexed row's key. So, on SQLite:

- ``commitment_search`` is rebuilt with each follow-up note's row at the
  follow-up's id as its rowid (``follow_up``: fts_pk ``id``), and each
  commitment's row at minus the commitment's rowid, so the two never meet;
- ``commitment_fts`` indexes each commitment's title and quote at the
  commitment's rowid (``commitment``: fts_pk ``rowid``). The commitment
  table has a text key, so its rowid is SQLite's own: VACUUM may renumber
  such rowids (it kept them in the tests, SQLite 3.40), and `tracker db
  verify` reports any commitment the index no longer finds at its rowid.

The guards of revision 0006 hold on both tables (and now also hold each
row to its key), and a bulk load still indexes its notes at its end
(revision 0005). PostgreSQL, which Datasette does not serve, is unchanged:
its search is a tsvector column.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TOKENIZE = "tokenize = 'porter unicode61 remove_diacritics 2'"
KEPT = "commitment_search is kept by the database: change the commitments or record follow-ups"
FTS_KEPT = "commitment_fts is kept by the database: change the commitments"
IN_BULK_LOAD = "EXISTS (SELECT 1 FROM bulk_load)"
PENDING_NOTES = """FROM bulk_load_pending_note AS pending
        JOIN follow_up AS f ON f.id = pending.follow_up_id"""

# Every trigger this revision replaces or adds, on the tables it keeps.
INDEX_TRIGGERS = ["insert", "update", "delete", "follow_up", "catch_up"]
FTS_GUARDS = [
    "guard_commitment_fts_insert",
    "guard_commitment_fts_delete",
    "guard_commitment_fts_update",
]

SQLITE = [
    "DROP TABLE commitment_search",
    f"""CREATE VIRTUAL TABLE commitment_search USING fts5(
        commitment_id UNINDEXED, follow_up_id UNINDEXED, title, quote, note,
        {TOKENIZE})""",
    """INSERT INTO commitment_search (rowid, commitment_id, title, quote)
    SELECT -rowid, id, title, quote FROM commitment""",
    """INSERT INTO commitment_search (rowid, commitment_id, follow_up_id, note)
    SELECT id, commitment_id, id, note FROM follow_up WHERE note IS NOT NULL""",
    f"CREATE VIRTUAL TABLE commitment_fts USING fts5(title, quote, {TOKENIZE})",
    "INSERT INTO commitment_fts (rowid, title, quote) SELECT rowid, title, quote FROM commitment",
    """CREATE TRIGGER commitment_search_insert AFTER INSERT ON commitment
    BEGIN
        INSERT INTO commitment_search (rowid, commitment_id, title, quote)
        VALUES (-NEW.rowid, NEW.id, NEW.title, NEW.quote);
        INSERT INTO commitment_fts (rowid, title, quote) VALUES (NEW.rowid, NEW.title, NEW.quote);
    END""",
    """CREATE TRIGGER commitment_search_update AFTER UPDATE OF id, title, quote ON commitment
    BEGIN
        UPDATE commitment_search SET commitment_id = NEW.id, title = NEW.title, quote = NEW.quote
        WHERE rowid = -OLD.rowid;
        UPDATE commitment_fts SET title = NEW.title, quote = NEW.quote WHERE rowid = OLD.rowid;
    END""",
    """CREATE TRIGGER commitment_search_delete AFTER DELETE ON commitment
    BEGIN
        DELETE FROM commitment_search WHERE commitment_id = OLD.id;
        DELETE FROM commitment_fts WHERE rowid = OLD.rowid;
    END""",
    f"""CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL AND NOT {IN_BULK_LOAD}
    BEGIN
        INSERT INTO commitment_search (rowid, commitment_id, follow_up_id, note)
        VALUES (NEW.id, NEW.commitment_id, NEW.id, NEW.note);
    END""",
    f"""CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load
    BEGIN
        INSERT INTO commitment_search (rowid, commitment_id, follow_up_id, note)
        SELECT f.id, f.commitment_id, f.id, f.note {PENDING_NOTES};
        DELETE FROM bulk_load_pending_note;
    END""",
    # The guards of revision 0006 (commitment_search_content: c0
    # commitment_id, c1 follow_up_id, c2 title, c3 quote, c4 note), each
    # row now also at its key's rowid. Keys are unique, so a row that
    # repeats another's key collides on the rowid instead of being sought.
    f"""CREATE TRIGGER guard_search_insert BEFORE INSERT ON commitment_search_content
    BEGIN
        SELECT RAISE(ABORT, '{KEPT}') WHERE NOT (CASE WHEN NEW.c1 IS NULL
            THEN EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.c0
                AND -c.rowid = NEW.id AND c.title IS NEW.c2 AND c.quote IS NEW.c3
                AND NEW.c4 IS NULL)
            ELSE EXISTS (SELECT 1 FROM follow_up AS f WHERE f.id = NEW.c1 AND f.id = NEW.id
                AND f.commitment_id IS NEW.c0 AND f.note IS NEW.c4
                AND NEW.c2 IS NULL AND NEW.c3 IS NULL) END);
    END""",
    f"""CREATE TRIGGER guard_search_delete BEFORE DELETE ON commitment_search_content
    BEGIN
        SELECT RAISE(ABORT, '{KEPT}') WHERE CASE WHEN OLD.c1 IS NULL
            THEN EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = OLD.c0
                AND c.title IS OLD.c2 AND c.quote IS OLD.c3)
            ELSE EXISTS (SELECT 1 FROM follow_up AS f WHERE f.id = OLD.c1) END;
    END""",
    f"""CREATE TRIGGER guard_search_update BEFORE UPDATE ON commitment_search_content
    BEGIN
        SELECT RAISE(ABORT, '{KEPT}');
    END""",
    # commitment_fts_content: id the commitment's rowid, c0 title, c1 quote.
    f"""CREATE TRIGGER guard_commitment_fts_insert BEFORE INSERT ON commitment_fts_content
    BEGIN
        SELECT RAISE(ABORT, '{FTS_KEPT}') WHERE NOT EXISTS (SELECT 1 FROM commitment AS c
            WHERE c.rowid = NEW.id AND c.title IS NEW.c0 AND c.quote IS NEW.c1);
    END""",
    f"""CREATE TRIGGER guard_commitment_fts_delete BEFORE DELETE ON commitment_fts_content
    BEGIN
        SELECT RAISE(ABORT, '{FTS_KEPT}') WHERE EXISTS (SELECT 1 FROM commitment AS c
            WHERE c.rowid = OLD.id AND c.title IS OLD.c0 AND c.quote IS OLD.c1);
    END""",
    f"""CREATE TRIGGER guard_commitment_fts_update BEFORE UPDATE ON commitment_fts_content
    BEGIN
        SELECT RAISE(ABORT, '{FTS_KEPT}');
    END""",
]

# Revision 0006's triggers as released (0003's for commitments, 0005's for
# notes, 0006's guard); the rows keep the rowids this revision gave them.
SQLITE_DOWN = [
    """CREATE TRIGGER commitment_search_insert AFTER INSERT ON commitment
    BEGIN
        INSERT INTO commitment_search (commitment_id, title, quote)
        VALUES (NEW.id, NEW.title, NEW.quote);
    END""",
    """CREATE TRIGGER commitment_search_update AFTER UPDATE OF id, title, quote ON commitment
    BEGIN
        UPDATE commitment_search SET commitment_id = NEW.id, title = NEW.title, quote = NEW.quote
        WHERE commitment_id = OLD.id AND follow_up_id IS NULL;
    END""",
    """CREATE TRIGGER commitment_search_delete AFTER DELETE ON commitment
    BEGIN
        DELETE FROM commitment_search WHERE commitment_id = OLD.id;
    END""",
    f"""CREATE TRIGGER commitment_search_follow_up AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL AND NOT {IN_BULK_LOAD}
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        VALUES (NEW.commitment_id, NEW.id, NEW.note);
    END""",
    f"""CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        SELECT f.commitment_id, f.id, f.note {PENDING_NOTES};
        DELETE FROM bulk_load_pending_note;
    END""",
    f"""CREATE TRIGGER guard_search_insert BEFORE INSERT ON commitment_search_content
BEGIN
SELECT RAISE(ABORT, '{KEPT}') WHERE NOT (CASE WHEN NEW.c1 IS NULL THEN EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.c0 AND c.title IS NEW.c2 AND c.quote IS NEW.c3 AND NEW.c4 IS NULL) ELSE EXISTS (SELECT 1 FROM follow_up AS f WHERE f.id = NEW.c1 AND f.commitment_id IS NEW.c0 AND f.note IS NEW.c4 AND NEW.c2 IS NULL AND NEW.c3 IS NULL) END) OR EXISTS (SELECT 1 FROM commitment_search_content AS s WHERE s.id <> NEW.id AND s.c0 IS NEW.c0 AND s.c1 IS NEW.c1);
END""",
]


def _finish_bulk_loads() -> None:
    """Let any bulk load an interrupted tool left behind catch up, by the rules it began under."""
    op.execute("DELETE FROM bulk_load")


def _drop_index_triggers() -> None:
    for name in INDEX_TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS commitment_search_{name}")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _finish_bulk_loads()
    _drop_index_triggers()
    for statement in SQLITE:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    _finish_bulk_loads()
    _drop_index_triggers()
    for name in ["guard_search_insert", *FTS_GUARDS]:
        op.execute(f"DROP TRIGGER {name}")
    op.execute("DROP TABLE commitment_fts")
    for statement in SQLITE_DOWN:
        op.execute(statement)
