"""Initial schema: statements, commitments, actors, regions and follow-ups.

Besides the tables, triggers guard what CHECK constraints cannot: quotes
and paragraph and sentence texts equal the statement text at their offsets,
the statement text never changes, follow-ups are append-only, and a
follow-up's sources are http(s) URLs and its as-of date is not before the
statement's.

Revision ID: 0001
Revises:
Create Date: 2026-11-29 06:31:50.684445
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


APPEND_ONLY = "follow_up is append-only: record a new follow-up that corrects this one"
SOURCES = "follow_up.sources must be a list of http or https URLs"
BEFORE_STATEMENT = "follow_up.as_of is before the date of the statement"
SAME_SUBJECT = (
    "a correction must be about the same commitment and actor as the follow-up it corrects"
)
IMMUTABLE_TEXT = "statement.text and statement.sha256 never change once loaded"


def _sqlite_span_guard(table: str, column: str, container: str | None) -> list[str]:
    """Triggers refusing a row whose text is not the statement's at its offsets."""
    contained = (
        f" OR NEW.start_offset < (SELECT start_offset FROM {container} WHERE id = NEW.{container}_id)"
        f" OR NEW.end_offset > (SELECT end_offset FROM {container} WHERE id = NEW.{container}_id)"
        if container
        else ""
    )
    condition = (
        f"NEW.{column} IS NOT substr((SELECT text FROM statement WHERE id = NEW.statement_id),"
        f" NEW.start_offset + 1, NEW.end_offset - NEW.start_offset){contained}"
    )
    message = f"{table}.{column} is not the statement text at its offsets"
    return [
        f"CREATE TRIGGER {table}_{column}_verbatim_{event.split()[0].lower()} BEFORE {event} ON {table}"
        f" WHEN {condition} BEGIN SELECT RAISE(ABORT, '{message}'); END"
        for event in (
            "INSERT",
            f"UPDATE OF {column}, start_offset, end_offset, statement_id",
        )
    ]


SQLITE_GUARDS = [
    *_sqlite_span_guard("paragraph", "text", None),
    *_sqlite_span_guard("sentence", "text", "paragraph"),
    *_sqlite_span_guard("commitment", "quote", "sentence"),
    f"""CREATE TRIGGER statement_text_immutable BEFORE UPDATE OF text, sha256 ON statement
    WHEN NEW.text IS NOT OLD.text OR NEW.sha256 IS NOT OLD.sha256
    BEGIN SELECT RAISE(ABORT, '{IMMUTABLE_TEXT}'); END""",
    f"""CREATE TRIGGER follow_up_no_update BEFORE UPDATE ON follow_up
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    f"""CREATE TRIGGER follow_up_no_delete BEFORE DELETE ON follow_up
    BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY}'); END""",
    f"""CREATE TRIGGER follow_up_guard BEFORE INSERT ON follow_up
    BEGIN
        SELECT RAISE(ABORT, '{BEFORE_STATEMENT}')
        WHERE NEW.as_of < (SELECT s.date FROM commitment AS c
                           JOIN statement AS s ON s.id = c.statement_id
                           WHERE c.id = NEW.commitment_id);
        SELECT RAISE(ABORT, '{SAME_SUBJECT}')
        WHERE NEW.corrects_id IS NOT NULL AND EXISTS (
            SELECT 1 FROM follow_up AS corrected WHERE corrected.id = NEW.corrects_id
              AND (corrected.commitment_id IS NOT NEW.commitment_id
                   OR corrected.actor_id IS NOT NEW.actor_id));
        SELECT RAISE(ABORT, '{SOURCES}')
        WHERE json_valid(NEW.sources) AND EXISTS (
            SELECT 1 FROM json_each(NEW.sources)
            WHERE type <> 'text' OR instr(value, ' ') > 0
               OR (value NOT LIKE 'http://_%' AND value NOT LIKE 'https://_%'));
    END""",
]

POSTGRESQL_FUNCTIONS = [
    "tracker_refuse",
    "tracker_check_span",
    "tracker_follow_up_guard",
]

POSTGRESQL_GUARDS = [
    """CREATE FUNCTION tracker_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    # TG_ARGV: the column holding the text, then the table the span lies in.
    """CREATE FUNCTION tracker_check_span() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        content text := to_jsonb(NEW) ->> TG_ARGV[0];
        outer_start integer;
        outer_end integer;
    BEGIN
        IF TG_NARGS > 1 THEN
            EXECUTE format('SELECT start_offset, end_offset FROM %I WHERE id = $1', TG_ARGV[1])
                INTO outer_start, outer_end
                USING (to_jsonb(NEW) ->> (TG_ARGV[1] || '_id'))::integer;
        END IF;
        IF content IS DISTINCT FROM (
                SELECT substr(s.text, NEW.start_offset + 1, NEW.end_offset - NEW.start_offset)
                FROM statement AS s WHERE s.id = NEW.statement_id)
            OR NEW.start_offset < outer_start OR NEW.end_offset > outer_end THEN
            RAISE EXCEPTION '%.% is not the statement text at its offsets', TG_TABLE_NAME, TG_ARGV[0]
                USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
    END $$""",
    f"""CREATE FUNCTION tracker_follow_up_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.as_of < (SELECT s.date FROM commitment AS c
                        JOIN statement AS s ON s.id = c.statement_id
                        WHERE c.id = NEW.commitment_id) THEN
            RAISE EXCEPTION '{BEFORE_STATEMENT}' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.corrects_id IS NOT NULL AND EXISTS (
                SELECT 1 FROM follow_up AS corrected WHERE corrected.id = NEW.corrects_id
                  AND (corrected.commitment_id IS DISTINCT FROM NEW.commitment_id
                       OR corrected.actor_id IS DISTINCT FROM NEW.actor_id)) THEN
            RAISE EXCEPTION '{SAME_SUBJECT}' USING ERRCODE = 'check_violation';
        END IF;
        -- Nested, not AND: PostgreSQL may evaluate AND in either order, and
        -- jsonb_array_elements fails on a scalar (the CHECK reports that).
        IF jsonb_typeof(NEW.sources) = 'array' THEN
            IF EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.sources) AS e
                       WHERE jsonb_typeof(e) <> 'string' OR position(' ' IN e #>> '{{}}') > 0
                          OR (e #>> '{{}}' NOT LIKE 'http://_%' AND e #>> '{{}}' NOT LIKE 'https://_%')) THEN
                RAISE EXCEPTION '{SOURCES}' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER paragraph_text_verbatim BEFORE INSERT OR UPDATE ON paragraph
    FOR EACH ROW EXECUTE FUNCTION tracker_check_span('text')""",
    """CREATE TRIGGER sentence_text_verbatim BEFORE INSERT OR UPDATE ON sentence
    FOR EACH ROW EXECUTE FUNCTION tracker_check_span('text', 'paragraph')""",
    """CREATE TRIGGER commitment_quote_verbatim BEFORE INSERT OR UPDATE ON commitment
    FOR EACH ROW EXECUTE FUNCTION tracker_check_span('quote', 'sentence')""",
    f"""CREATE TRIGGER statement_text_immutable BEFORE UPDATE OF text, sha256 ON statement
    FOR EACH ROW WHEN (NEW.text IS DISTINCT FROM OLD.text OR NEW.sha256 IS DISTINCT FROM OLD.sha256)
    EXECUTE FUNCTION tracker_refuse('{IMMUTABLE_TEXT}')""",
    f"""CREATE TRIGGER follow_up_append_only BEFORE UPDATE OR DELETE ON follow_up
    FOR EACH ROW EXECUTE FUNCTION tracker_refuse('{APPEND_ONLY}')""",
    f"""CREATE TRIGGER follow_up_no_truncate BEFORE TRUNCATE ON follow_up
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('{APPEND_ONLY}')""",
    """CREATE TRIGGER follow_up_guard BEFORE INSERT ON follow_up
    FOR EACH ROW EXECUTE FUNCTION tracker_follow_up_guard()""",
]


def upgrade() -> None:
    op.create_table(
        "actor",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("country_code", sa.String(length=2), nullable=True),
        sa.CheckConstraint(
            "kind IN ('coalition', 'member_states', 'national_government', 'national_agency', 'person', 'un_body', 'international_organisation', 'non_state_group', 'parties', 'population', 'private_sector')",
            name=op.f("ck_actor_kind"),
        ),
        sa.CheckConstraint(
            "country_code = upper(country_code) AND length(country_code) = 2",
            name=op.f("ck_actor_country_code"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor")),
        sa.UniqueConstraint("name", name=op.f("uq_actor_name")),
    )
    op.create_table(
        "region",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("iso_code", sa.String(length=6), nullable=True),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "kind IN ('country', 'city', 'area', 'supranational')",
            name=op.f("ck_region_kind"),
        ),
        sa.CheckConstraint("parent_id <> id", name=op.f("ck_region_parent_not_self")),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["region.id"], name=op.f("fk_region_parent_id_region")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_region")),
        sa.UniqueConstraint("iso_code", name=op.f("uq_region_iso_code")),
        sa.UniqueConstraint("name", name=op.f("uq_region_name")),
    )
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_region_parent_id"), ["parent_id"], unique=False)

    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("issuer", sa.String(length=200), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("source_url", sa.String(length=500), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("annotation_sha256", sa.String(length=64), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "code = lower(code) AND length(code) > 0", name=op.f("ck_statement_code")
        ),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_statement_sha256")),
        sa.CheckConstraint("date = date(date)", name=op.f("ck_statement_date_is_date")).ddl_if(
            dialect="sqlite"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
        sa.UniqueConstraint("code", name=op.f("uq_statement_code")),
    )
    op.create_table(
        "actor_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_actor_alias_actor_id_actor")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_alias")),
        sa.UniqueConstraint("alias", name=op.f("uq_actor_alias_alias")),
    )
    with op.batch_alter_table("actor_alias", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_alias_actor_id"), ["actor_id"], unique=False)

    op.create_table(
        "paragraph",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.CheckConstraint("end_offset > start_offset", name=op.f("ck_paragraph_end_offset")),
        sa.CheckConstraint("number >= 0", name=op.f("ck_paragraph_number")),
        sa.CheckConstraint("start_offset >= 0", name=op.f("ck_paragraph_start_offset")),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_paragraph_statement_id_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_paragraph")),
        sa.UniqueConstraint("id", "statement_id", name=op.f("uq_paragraph_id_statement_id")),
        sa.UniqueConstraint(
            "statement_id", "number", name=op.f("uq_paragraph_statement_id_number")
        ),
    )
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_paragraph_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "sentence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("decision", sa.String(length=20), nullable=False),
        sa.Column("exclusion_reason", sa.String(length=20), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(decision = 'excluded') = (exclusion_reason IS NOT NULL)",
            name=op.f("ck_sentence_reason_iff_excluded"),
        ),
        sa.CheckConstraint(
            "decision IN ('commitment', 'excluded')", name=op.f("ck_sentence_decision")
        ),
        sa.CheckConstraint(
            "exclusion_reason IN ('welcome', 'commend', 'recognise', 'condemn', 'concern', 'fact', 'past_achievement', 'aspiration', 'editorial')",
            name=op.f("ck_sentence_exclusion_reason"),
        ),
        sa.CheckConstraint("end_offset > start_offset", name=op.f("ck_sentence_end_offset")),
        sa.CheckConstraint("position >= 1", name=op.f("ck_sentence_position")),
        sa.CheckConstraint("start_offset >= 0", name=op.f("ck_sentence_start_offset")),
        sa.ForeignKeyConstraint(
            ["paragraph_id", "statement_id"],
            ["paragraph.id", "paragraph.statement_id"],
            name=op.f("fk_sentence_paragraph_id_statement_id_paragraph"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_sentence_statement_id_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sentence")),
        sa.UniqueConstraint(
            "id",
            "paragraph_id",
            "statement_id",
            name=op.f("uq_sentence_id_paragraph_id_statement_id"),
        ),
        sa.UniqueConstraint(
            "paragraph_id", "position", name=op.f("uq_sentence_paragraph_id_position")
        ),
    )
    with op.batch_alter_table("sentence", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sentence_paragraph_id"), ["paragraph_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_sentence_statement_id"), ["statement_id"], unique=False
        )

    op.create_table(
        "commitment",
        sa.Column("id", sa.String(length=40), nullable=False),
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("paragraph_id", sa.Integer(), nullable=False),
        sa.Column("sentence_id", sa.Integer(), nullable=False),
        sa.Column("start_offset", sa.Integer(), nullable=False),
        sa.Column("end_offset", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("binding", sa.String(length=10), nullable=False),
        sa.Column("theme", sa.String(length=30), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.CheckConstraint("binding IN ('high', 'low')", name=op.f("ck_commitment_binding")),
        sa.CheckConstraint(
            "theme IN ('military', 'foreign_fighters', 'financing', 'stabilisation', 'communications', 'prevention', 'political_settlement', 'humanitarian', 'coordination')",
            name=op.f("ck_commitment_theme"),
        ),
        sa.CheckConstraint(
            "type IN ('pledge', 'support', 'call')", name=op.f("ck_commitment_type")
        ),
        sa.CheckConstraint(
            "deadline = date(deadline)", name=op.f("ck_commitment_deadline_is_date")
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint("end_offset > start_offset", name=op.f("ck_commitment_end_offset")),
        sa.CheckConstraint("id = lower(id) AND length(id) > 0", name=op.f("ck_commitment_id")),
        sa.CheckConstraint("start_offset >= 0", name=op.f("ck_commitment_start_offset")),
        sa.ForeignKeyConstraint(
            ["sentence_id", "paragraph_id", "statement_id"],
            ["sentence.id", "sentence.paragraph_id", "sentence.statement_id"],
            name=op.f("fk_commitment_sentence_id_paragraph_id_statement_id_sentence"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_commitment_statement_id_statement"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_commitment")),
    )
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_commitment_deadline"), ["deadline"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_commitment_paragraph_id"), ["paragraph_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_sentence_id"), ["sentence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_commitment_statement_id"), ["statement_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_commitment_theme"), ["theme"], unique=False)

    op.create_table(
        "catalyst",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("text", sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "kind IN ('deadline', 'time_frame', 'money_target', 'numeric_target', 'organisation', 'mandate', 'accountability')",
            name=op.f("ck_catalyst_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_catalyst_commitment_id_commitment"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalyst")),
    )
    with op.batch_alter_table("catalyst", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalyst_commitment_id"), ["commitment_id"], unique=False
        )

    op.create_table(
        "commitment_actor",
        sa.Column("commitment_id", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "role IN ('responsible', 'addressed', 'partner', 'beneficiary')",
            name=op.f("ck_commitment_actor_role"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_commitment_actor_actor_id_actor")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_actor_commitment_id_commitment"),
        ),
        sa.PrimaryKeyConstraint(
            "commitment_id", "actor_id", "role", name=op.f("pk_commitment_actor")
        ),
    )
    with op.batch_alter_table("commitment_actor", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_actor_actor_id"), ["actor_id"], unique=False
        )

    op.create_table(
        "commitment_region",
        sa.Column("commitment_id", sa.String(length=40), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_commitment_region_commitment_id_commitment"),
        ),
        sa.ForeignKeyConstraint(
            ["region_id"],
            ["region.id"],
            name=op.f("fk_commitment_region_region_id_region"),
        ),
        sa.PrimaryKeyConstraint("commitment_id", "region_id", name=op.f("pk_commitment_region")),
    )
    with op.batch_alter_table("commitment_region", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_commitment_region_region_id"), ["region_id"], unique=False
        )

    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("commitment_id", sa.String(length=40), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=30), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column(
            "sources",
            sa.JSON().with_variant(postgresql.JSONB(), "postgresql"),
            nullable=False,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("assessor", sa.String(length=200), nullable=True),
        sa.Column(
            "recorded_at",
            sa.DateTime(),
            server_default=sa.text("CURRENT_TIMESTAMP"),
            nullable=False,
        ),
        sa.Column("corrects_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "json_valid(sources) AND json_type(sources) = 'array' AND (status = 'not_assessed' OR json_array_length(sources) > 0)",
            name=op.f("ck_follow_up_sources"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint(
            "jsonb_typeof(sources) = 'array' AND (status = 'not_assessed' OR jsonb_array_length(sources) > 0)",
            name=op.f("ck_follow_up_sources"),
        ).ddl_if(dialect="postgresql"),
        sa.CheckConstraint(
            "status IN ('not_assessed', 'not_started', 'in_progress', 'stalled', 'partially_achieved', 'achieved', 'not_achieved', 'no_longer_applicable')",
            name=op.f("ck_follow_up_status"),
        ),
        sa.CheckConstraint(
            "as_of <= CAST(recorded_at AS DATE)",
            name=op.f("ck_follow_up_as_of_recorded"),
        ).ddl_if(dialect="postgresql"),
        sa.CheckConstraint(
            "as_of <= date(recorded_at)", name=op.f("ck_follow_up_as_of_recorded")
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint("corrects_id <> id", name=op.f("ck_follow_up_corrects_not_self")),
        sa.CheckConstraint("as_of = date(as_of)", name=op.f("ck_follow_up_as_of_is_date")).ddl_if(
            dialect="sqlite"
        ),
        sa.CheckConstraint(
            "recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND datetime(recorded_at) IS NOT NULL",
            name=op.f("ck_follow_up_recorded_at_format"),
        ).ddl_if(dialect="sqlite"),
        sa.CheckConstraint("score IN (1, 0, -1)", name=op.f("ck_follow_up_score")),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actor.id"], name=op.f("fk_follow_up_actor_id_actor")
        ),
        sa.ForeignKeyConstraint(
            ["commitment_id"],
            ["commitment.id"],
            name=op.f("fk_follow_up_commitment_id_commitment"),
        ),
        sa.ForeignKeyConstraint(
            ["corrects_id"], ["follow_up.id"], name=op.f("fk_follow_up_corrects_id_follow_up")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    for name, column, unique in (
        ("ix_follow_up_actor_id", "actor_id", False),
        ("uq_follow_up_corrects_id", "corrects_id", True),
    ):
        where = sa.text(f"{column} IS NOT NULL")
        op.create_index(
            name, "follow_up", [column], unique=unique, sqlite_where=where, postgresql_where=where
        )
    op.create_index(
        "ix_follow_up_history",
        "follow_up",
        ["commitment_id", "actor_id", "as_of", "recorded_at", "id"],
    )

    guards = SQLITE_GUARDS if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_GUARDS
    for statement in guards:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
    op.drop_table("follow_up")
    with op.batch_alter_table("commitment_region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_region_region_id"))

    op.drop_table("commitment_region")
    with op.batch_alter_table("commitment_actor", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_actor_actor_id"))

    op.drop_table("commitment_actor")
    with op.batch_alter_table("catalyst", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalyst_commitment_id"))

    op.drop_table("catalyst")
    with op.batch_alter_table("commitment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_commitment_theme"))
        batch_op.drop_index(batch_op.f("ix_commitment_statement_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_sentence_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_paragraph_id"))
        batch_op.drop_index(batch_op.f("ix_commitment_deadline"))

    op.drop_table("commitment")
    with op.batch_alter_table("sentence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sentence_statement_id"))
        batch_op.drop_index(batch_op.f("ix_sentence_paragraph_id"))

    op.drop_table("sentence")
    with op.batch_alter_table("paragraph", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_paragraph_statement_id"))

    op.drop_table("paragraph")
    with op.batch_alter_table("actor_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_alias_actor_id"))

    op.drop_table("actor_alias")
    op.drop_table("statement")
    with op.batch_alter_table("region", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_region_parent_id"))

    op.drop_table("region")
    op.drop_table("actor")
