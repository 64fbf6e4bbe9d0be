"""Keep every commitment's current status in a table, as follow-ups arrive.

Recomputing the newest follow-up of every commitment on each query does not
scale to hundreds of thousands of commitments. ``commitment_status`` holds
the result, kept by triggers in the same transaction as the follow-up, and
refuses any value other than the one the follow-ups give.

A bulk import puts a row in ``bulk_load`` for the length of its
transaction: meanwhile each new follow-up only notes its commitment in
``bulk_load_pending``, and deleting the ``bulk_load`` row brings those
commitments up to date at once.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEPT = "commitment_status is kept by the database: record a follow-up instead"

# The current collective follow-up: newest by as-of date, then recording
# time, then id, leaving out per-actor ones and any that a later one corrects.
LATEST = """(SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = {c} AND f.actor_id IS NULL
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)"""
# Written as ORDER BY ... LIMIT 1, not max(), so that ix_follow_up_recent
# finds it without reading the commitment's whole history.
LAST_ON = """(SELECT f.as_of FROM follow_up AS f
    WHERE f.commitment_id = {c}
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC LIMIT 1)"""


def _columns(c: str) -> dict[str, str]:
    """The value of each commitment_status column for commitment ``c``."""
    latest = LATEST.format(c=c)
    return {
        "follow_up_id": latest,
        "status": f"coalesce((SELECT status FROM follow_up WHERE id = {latest}), 'not_assessed')",
        "as_of": f"(SELECT as_of FROM follow_up WHERE id = {latest})",
        "last_follow_up_on": LAST_ON.format(c=c),
    }


def _differs(c: str, not_equal: str) -> str:
    """True when NEW holds anything but what the follow-ups give.

    The newest follow-up is looked up once; status and as-of are then read
    from the follow-up NEW names.
    """
    named = "(SELECT {0} FROM follow_up WHERE id = NEW.follow_up_id)"
    return (
        f"NEW.follow_up_id {not_equal} {LATEST.format(c=c)}"
        f" OR NEW.status {not_equal} coalesce({named.format('status')}, 'not_assessed')"
        f" OR NEW.as_of {not_equal} {named.format('as_of')}"
        f" OR NEW.last_follow_up_on {not_equal} {LAST_ON.format(c=c)}"
    )


# One look-up of the newest follow-up per insert: UPDATE ... FROM a left
# join, so that a commitment whose every follow-up was corrected goes back
# to not_assessed.
REFRESH = f"""UPDATE commitment_status
    SET follow_up_id = latest.id, status = coalesce(latest.status, 'not_assessed'),
        as_of = latest.as_of, last_follow_up_on = {LAST_ON.format(c="NEW.commitment_id")}
    FROM (SELECT 1) AS one
    LEFT JOIN follow_up AS latest ON latest.id = {LATEST.format(c="NEW.commitment_id")}
    WHERE commitment_status.commitment_id = NEW.commitment_id"""

# Bring the commitments a bulk load touched up to date, then forget them.
CATCH_UP = [
    "UPDATE commitment_status SET "
    + ", ".join(f"{k} = {v}" for k, v in _columns("commitment_status.commitment_id").items())
    + " WHERE commitment_id IN (SELECT commitment_id FROM bulk_load_pending)",
    "DELETE FROM bulk_load_pending",
]

SQLITE = [
    """CREATE TRIGGER commitment_status_new AFTER INSERT ON commitment
    BEGIN INSERT INTO commitment_status (commitment_id, status) VALUES (NEW.id, 'not_assessed'); END""",
    f"""CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up
    WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
    BEGIN {REFRESH}; END""",
    """CREATE TRIGGER commitment_status_pending AFTER INSERT ON follow_up
    WHEN EXISTS (SELECT 1 FROM bulk_load)
    BEGIN INSERT OR IGNORE INTO bulk_load_pending (commitment_id) VALUES (NEW.commitment_id); END""",
    f"""CREATE TRIGGER commitment_status_catch_up AFTER DELETE ON bulk_load
    BEGIN {"; ".join(CATCH_UP)}; END""",
    *(
        f"""CREATE TRIGGER commitment_status_guard_{event.lower()} BEFORE {event} ON commitment_status
        WHEN {_differs("NEW.commitment_id", "IS NOT")}
        BEGIN SELECT RAISE(ABORT, '{KEPT}'); END"""
        for event in ("INSERT", "UPDATE")
    ),
    f"""CREATE TRIGGER commitment_status_guard_delete BEFORE DELETE ON commitment_status
    WHEN EXISTS (SELECT 1 FROM commitment WHERE id = OLD.commitment_id)
    BEGIN SELECT RAISE(ABORT, '{KEPT}'); END""",
]

POSTGRESQL_FUNCTIONS = [
    "tracker_status_new",
    "tracker_status_follow_up",
    "tracker_status_guard",
    "tracker_status_catch_up",
]

POSTGRESQL = [
    """CREATE FUNCTION tracker_status_new() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO commitment_status (commitment_id, status) VALUES (NEW.id, 'not_assessed');
        RETURN NULL;
    END $$""",
    # Lock the row first, so that the UPDATE's fresh snapshot sees any
    # follow-up a concurrent transaction committed while this one waited.
    f"""CREATE FUNCTION tracker_status_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM bulk_load) THEN
            INSERT INTO bulk_load_pending (commitment_id) VALUES (NEW.commitment_id)
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END IF;
        PERFORM 1 FROM commitment_status WHERE commitment_id = NEW.commitment_id FOR UPDATE;
        {REFRESH};
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION tracker_status_catch_up() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {"; ".join(CATCH_UP)};
        RETURN NULL;
    END $$""",
    f"""CREATE FUNCTION tracker_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF EXISTS (SELECT 1 FROM commitment WHERE id = OLD.commitment_id) THEN
                RAISE EXCEPTION '{KEPT}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF {_differs("NEW.commitment_id", "IS DISTINCT FROM")} THEN
            RAISE EXCEPTION '{KEPT}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER commitment_status_new AFTER INSERT ON commitment
    FOR EACH ROW EXECUTE FUNCTION tracker_status_new()""",
    """CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up
    FOR EACH ROW EXECUTE FUNCTION tracker_status_follow_up()""",
    """CREATE TRIGGER commitment_status_guard BEFORE INSERT OR UPDATE OR DELETE ON commitment_status
    FOR EACH ROW EXECUTE FUNCTION tracker_status_guard()""",
    """CREATE TRIGGER commitment_status_catch_up AFTER DELETE ON bulk_load
    FOR EACH ROW EXECUTE FUNCTION tracker_status_catch_up()""",
]


def upgrade() -> None:
    op.create_table(
        "commitment_status",
        sa.Column("commitment_id", sa.String(length=40), nullable=False),
        sa.Column("follow_up_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("last_follow_up_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "status IN ('not_assessed', 'not_started', 'in_progress', 'stalled', 'partially_achieved', 'achieved', 'not_achieved', 'no_longer_applicable')",
            name=op.f("ck_commitment_status_status"),
        ),
        sa.CheckConstraint(
            "as_of = date(as_of)", name=op.f("ck_commitment_status_as_of_is_date")
        ).ddl_if(dialect="sqlite"),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_status_commitment_id_commitment"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_commitment_status_follow_up_id_follow_up"),
        ),
        sa.PrimaryKeyConstraint("commitment_id", name=op.f("pk_commitment_status")),
    )
    op.create_table(
        "bulk_load",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_bulk_load_one_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bulk_load")),
    )
    op.create_table(
        "bulk_load_pending",
        sa.Column("commitment_id", sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_bulk_load_pending_commitment_id_commitment"),
        ),
        sa.PrimaryKeyConstraint("commitment_id", name=op.f("pk_bulk_load_pending")),
    )
    op.create_index("ix_follow_up_recent", "follow_up", ["commitment_id", "as_of"])
    op.create_index("ix_commitment_status_follow_up_id", "commitment_status", ["follow_up_id"])
    op.create_index("ix_commitment_status_status", "commitment_status", ["status"])
    op.create_index(
        "ix_commitment_status_last_follow_up_on", "commitment_status", ["last_follow_up_on"]
    )
    columns = _columns("commitment.id")
    op.execute(
        f"INSERT INTO commitment_status (commitment_id, {', '.join(columns)})"
        f" SELECT commitment.id, {', '.join(columns.values())} FROM commitment"
    )
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE if sqlite else POSTGRESQL:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
    else:
        for trigger in (
            "commitment_status_new",
            "commitment_status_follow_up",
            "commitment_status_pending",
        ):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table("commitment_status")
    op.drop_table("bulk_load_pending")
    op.drop_table("bulk_load")
    op.drop_index("ix_follow_up_recent", table_name="follow_up")
