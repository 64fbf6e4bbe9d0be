"""Links from a later commitment to an earlier one it repeats.

Statements repeat earlier promises, sometimes word for word. Loading a
statement compares each of its commitments with those of every statement
dated before it (tracker/repeats.py) and records the close matches in
``commitment_link``: ``reaffirms`` when the later sentence uses a verb of
reaffirming, else ``restates``, with the similarity score (0 to 100). The
view ``restated_commitment`` sets each link beside the current status of
both commitments.

The database refuses a link to itself, a pair recorded twice, a kind
outside the vocabulary, a score that is not a whole number from 0 to 100,
and an earlier commitment whose statement is not dated before the later
one's; on SQLite also with foreign keys off (references, REPLACE, and
deleting, re-keying or moving to another statement a linked commitment),
as revision 0006 does for the other tables.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = ("reaffirms", "restates")  # frozen copy of vocab.LINK_KINDS

NOT_EARLIER = (
    "commitment_link: the earlier commitment must belong to a statement dated before the later one"
)
KEY_TAKEN = (
    "commitment_link: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)"
)
MISSING = "commitment_link.{column} names no commitment"
STILL_LINKED = "commitment: a commitment_link still names this row"
BAD_VALUE = "commitment_link.{column} must be {what}"
KEPT = "commitment_link is kept by the database: it cannot be truncated"

# True when NEW's earlier commitment is not in a statement dated before the later's.
NOT_IN_ORDER = """NOT EXISTS (SELECT 1
        FROM commitment AS e JOIN statement AS es ON es.id = e.statement_id,
             commitment AS l JOIN statement AS ls ON ls.id = l.statement_id
        WHERE e.id = NEW.earlier_id AND l.id = NEW.later_id AND es.date < ls.date)"""

VIEW = """CREATE VIEW restated_commitment AS
SELECT l.later_id,
       ls.code AS later_statement,
       ls.date AS later_date,
       lc.title AS later_title,
       l.kind,
       l.score,
       l.earlier_id,
       es.code AS earlier_statement,
       es.date AS earlier_date,
       ec.title AS earlier_title,
       CASE WHEN EXISTS (SELECT 1 FROM commitment_link AS b WHERE b.later_id = l.earlier_id)
            THEN 0 ELSE 1 END AS earlier_is_first,
       est.status AS earlier_status,
       est.as_of AS earlier_as_of,
       lst.status AS later_status,
       lst.as_of AS later_as_of
FROM commitment_link AS l
JOIN commitment AS lc ON lc.id = l.later_id
JOIN statement AS ls ON ls.id = lc.statement_id
JOIN commitment AS ec ON ec.id = l.earlier_id
JOIN statement AS es ON es.id = ec.statement_id
LEFT JOIN commitment_status AS est ON est.commitment_id = l.earlier_id
LEFT JOIN commitment_status AS lst ON lst.commitment_id = l.later_id"""


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _raise(message: str, when: str) -> str:
    return f"SELECT RAISE(ABORT, {_sql_string(message)}) WHERE {when};"


def _sqlite_text(value: str) -> str:
    # The ids and the kind are ASCII (CHECKs on commitment.id and kind), so
    # a text without NUL is all there is to check.
    return f"typeof({value}) <> 'text' OR instr(CAST({value} AS BLOB), x'00') > 0"


def _sqlite_row_checks() -> list[str]:
    body = [
        _raise(
            BAD_VALUE.format(column=column, what="text without NUL"), _sqlite_text(f"NEW.{column}")
        )
        for column in ("earlier_id", "later_id", "kind")
    ]
    body.append(
        _raise(
            BAD_VALUE.format(column="score", what="a whole number"),
            "typeof(NEW.score) <> 'integer'",
        )
    )
    body += [
        _raise(
            MISSING.format(column=column),
            f"NOT EXISTS (SELECT 1 FROM commitment AS c WHERE c.id = NEW.{column})",
        )
        for column in ("earlier_id", "later_id")
    ]
    body.append(_raise(NOT_EARLIER, NOT_IN_ORDER))
    return body


def _sqlite_trigger(name: str, timing: str, table: str, body: list[str], when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {name} {timing} ON {table}{condition}\nBEGIN\n" + "\n".join(body) + "\nEND"
    )


LINKED = (
    "EXISTS (SELECT 1 FROM commitment_link AS k WHERE k.earlier_id = OLD.id OR k.later_id = OLD.id)"
)

SQLITE_TRIGGERS = {
    "guard_commitment_link_insert": (
        "BEFORE INSERT",
        "commitment_link",
        [
            _raise(
                KEY_TAKEN,
                "EXISTS (SELECT 1 FROM commitment_link AS t"
                " WHERE t.earlier_id = NEW.earlier_id AND t.later_id = NEW.later_id)",
            ),
            *_sqlite_row_checks(),
        ],
        "",
    ),
    "guard_commitment_link_update": (
        "BEFORE UPDATE",
        "commitment_link",
        [
            _raise(
                KEY_TAKEN,
                "(NEW.earlier_id IS NOT OLD.earlier_id OR NEW.later_id IS NOT OLD.later_id)"
                " AND EXISTS (SELECT 1 FROM commitment_link AS t"
                " WHERE t.earlier_id = NEW.earlier_id AND t.later_id = NEW.later_id)",
            ),
            *_sqlite_row_checks(),
        ],
        "",
    ),
    "guard_commitment_link_delete": (
        "BEFORE DELETE",
        "commitment",
        [_raise(STILL_LINKED, LINKED)],
        "",
    ),
    "guard_commitment_link_rekey": (
        "BEFORE UPDATE OF id, statement_id",
        "commitment",
        [_raise(STILL_LINKED, LINKED)],
        "NEW.id IS NOT OLD.id OR NEW.statement_id IS NOT OLD.statement_id",
    ),
}

POSTGRESQL = [
    f"""CREATE FUNCTION tracker_guard_commitment_link() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF {NOT_IN_ORDER} THEN
            RAISE EXCEPTION '{NOT_EARLIER}' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER guard_commitment_link BEFORE INSERT OR UPDATE ON commitment_link
    FOR EACH ROW EXECUTE FUNCTION tracker_guard_commitment_link()""",
    # Foreign keys refuse deleting or re-keying a linked commitment; moving
    # one to another statement would break the order the link was checked in.
    f"""CREATE FUNCTION tracker_guard_commitment_linked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF {LINKED} THEN
            RAISE EXCEPTION '{STILL_LINKED}' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER guard_commitment_linked BEFORE UPDATE OF statement_id ON commitment
    FOR EACH ROW WHEN (NEW.statement_id IS DISTINCT FROM OLD.statement_id)
    EXECUTE FUNCTION tracker_guard_commitment_linked()""",
    f"""CREATE TRIGGER guard_commitment_link_truncate BEFORE TRUNCATE ON commitment_link
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('{KEPT}')""",
]


def upgrade() -> None:
    kinds = ", ".join(f"'{kind}'" for kind in KINDS)
    op.create_table(
        "commitment_link",
        sa.Column("earlier_id", sa.String(length=40), nullable=False),
        sa.Column("later_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"kind IN ({kinds})", name=op.f("ck_commitment_link_kind")),
        sa.CheckConstraint("score BETWEEN 0 AND 100", name=op.f("ck_commitment_link_score")),
        sa.CheckConstraint("earlier_id <> later_id", name=op.f("ck_commitment_link_not_self")),
        sa.ForeignKeyConstraint(
            ["earlier_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_link_earlier_id_commitment"),
        ),
        sa.ForeignKeyConstraint(
            ["later_id"], ["commitment.id"], name=op.f("fk_commitment_link_later_id_commitment")
        ),
        sa.PrimaryKeyConstraint("earlier_id", "later_id", name=op.f("pk_commitment_link")),
    )
    with op.batch_alter_table("commitment_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_link_later_id"), ["later_id"], unique=False)
    if op.get_bind().dialect.name == "sqlite":
        for name, (timing, table, body, when) in SQLITE_TRIGGERS.items():
            op.execute(_sqlite_trigger(name, timing, table, body, when))
    else:
        for statement in POSTGRESQL:
            op.execute(statement)
    op.execute(VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW restated_commitment")
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
    else:
        op.execute("DROP FUNCTION tracker_guard_commitment_linked() CASCADE")
        op.execute("DROP FUNCTION tracker_guard_commitment_link() CASCADE")
    with op.batch_alter_table("commitment_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_link_later_id"))
    op.drop_table("commitment_link")
