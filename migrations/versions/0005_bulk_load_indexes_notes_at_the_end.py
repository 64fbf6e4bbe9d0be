"""A bulk load indexes its follow-ups' notes for search once, at its end.

Adding notes to the search index one row at a time costs a bulk import
about a third of its time; the same notes added in one statement at the end
cost a fifth of that. So, as with statuses (revision 0002), while a
``bulk_load`` row exists a new follow-up with a note is only listed in
``bulk_load_pending_note``, and deleting the ``bulk_load`` row indexes
those notes at once. Outside a bulk load nothing changes: each note is
searchable as soon as its follow-up is recorded.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING_NOTES = """FROM bulk_load_pending_note AS pending
    JOIN follow_up AS f ON f.id = pending.follow_up_id"""

SQLITE_INDEX_NOTE = """INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        VALUES (NEW.commitment_id, NEW.id, NEW.note)"""
LIST_NOTE = "INSERT INTO bulk_load_pending_note (follow_up_id) VALUES (NEW.id)"
IN_BULK_LOAD = "EXISTS (SELECT 1 FROM bulk_load)"


def _sqlite_note_trigger(name: str, when: str, action: str) -> str:
    return f"""CREATE TRIGGER commitment_search_{name} AFTER INSERT ON follow_up
    WHEN NEW.note IS NOT NULL{when}
    BEGIN
        {action};
    END"""


SQLITE = [
    "DROP TRIGGER commitment_search_follow_up",
    _sqlite_note_trigger("follow_up", f" AND NOT {IN_BULK_LOAD}", SQLITE_INDEX_NOTE),
    _sqlite_note_trigger("pending", f" AND {IN_BULK_LOAD}", LIST_NOTE),
    f"""CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, note)
        SELECT f.commitment_id, f.id, f.note {PENDING_NOTES};
        DELETE FROM bulk_load_pending_note;
    END""",
]
SQLITE_DOWN = [
    *(f"DROP TRIGGER commitment_search_{name}" for name in ("follow_up", "pending", "catch_up")),
    _sqlite_note_trigger("follow_up", "", SQLITE_INDEX_NOTE),
]

# Only follow-ups with a note are indexed, so the note is never NULL here.
POSTGRESQL_DOCUMENT = "to_tsvector('english', {0})"


def _postgresql_search_follow_up(during_bulk_load: bool) -> str:
    listed = f"""IF {IN_BULK_LOAD} THEN
            {LIST_NOTE};
            RETURN NULL;
        END IF;"""
    return f"""CREATE OR REPLACE FUNCTION tracker_search_follow_up() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        {listed if during_bulk_load else ""}
        INSERT INTO commitment_search (commitment_id, follow_up_id, document)
        VALUES (NEW.commitment_id, NEW.id, {POSTGRESQL_DOCUMENT.format("NEW.note")});
        RETURN NULL;
    END $$"""


POSTGRESQL = [
    _postgresql_search_follow_up(during_bulk_load=True),
    f"""CREATE FUNCTION tracker_search_catch_up() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO commitment_search (commitment_id, follow_up_id, document)
        SELECT f.commitment_id, f.id, {POSTGRESQL_DOCUMENT.format("f.note")} {PENDING_NOTES};
        DELETE FROM bulk_load_pending_note;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER commitment_search_catch_up AFTER DELETE ON bulk_load
    FOR EACH ROW EXECUTE FUNCTION tracker_search_catch_up()""",
]
POSTGRESQL_DOWN = [
    "DROP FUNCTION tracker_search_catch_up() CASCADE",
    _postgresql_search_follow_up(during_bulk_load=False),
]


def _finish_bulk_loads() -> None:
    """Let any bulk load an interrupted tool left behind catch up, by the rules it began under."""
    op.execute("DELETE FROM bulk_load")


def upgrade() -> None:
    _finish_bulk_loads()
    op.create_table(
        "bulk_load_pending_note",
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_bulk_load_pending_note_follow_up_id_follow_up"),
        ),
        sa.PrimaryKeyConstraint("follow_up_id", name=op.f("pk_bulk_load_pending_note")),
    )
    for statement in SQLITE if op.get_bind().dialect.name == "sqlite" else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    _finish_bulk_loads()
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRESQL_DOWN:
        op.execute(statement)
    op.drop_table("bulk_load_pending_note")
