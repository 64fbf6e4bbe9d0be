"""Keep every commitment's current status in a table, as follow-ups arrive.

Recomputing the newest follow-up of every commitment on each query does not
scale to hundreds of thousands of commitments. ``commitment_status`` holds
the result, kept by triggers in the same transaction as the follow-up, and
refuses any value other than the one the follow-ups give.

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
LAST_ON = """(SELECT max(f.as_of) FROM follow_up AS f
    WHERE f.commitment_id = {c}
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id))"""


def _columns(c: str) -> dict[str, str]:
    """The value of each commitment_status column for commitment ``c``."""
    latest = LATEST.format(c=c)
    return {
        "follow_up_id": latest,
        "status": f"coalesce((SELECT status FROM follow_up WHERE id = {latest}), 'not_assessed')",
        "as_of": f"(SELECT as_of FROM follow_up WHERE id = {latest})",
        "last_follow_up_on": LAST_ON.format(c=c),
    }


def _differs(c: str, null_safe_not_equal: str) -> str:
    """A condition true when NEW holds anything but the computed values."""
    return " OR ".join(
        f"NEW.{column} {null_safe_not_equal} {value}" for column, value in _columns(c).items()
    )


REFRESH = ", ".join(
    f"{column} = {value}" for column, value in _columns("NEW.commitment_id").items()
)

SQLITE = [
    """CREATE TRIGGER commitment_status_new AFTER INSERT ON commitment
    BEGIN INSERT INTO commitment_status (commitment_id, status) VALUES (NEW.id, 'not_assessed'); END""",
    f"""CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up
    BEGIN UPDATE commitment_status SET {REFRESH} WHERE commitment_id = NEW.commitment_id; END""",
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

POSTGRESQL_FUNCTIONS = ["tracker_status_new", "tracker_status_follow_up", "tracker_status_guard"]

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
        PERFORM 1 FROM commitment_status WHERE commitment_id = NEW.commitment_id FOR UPDATE;
        UPDATE commitment_status SET {REFRESH} WHERE commitment_id = NEW.commitment_id;
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
        for trigger in ("commitment_status_new", "commitment_status_follow_up"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    op.drop_table("commitment_status")
