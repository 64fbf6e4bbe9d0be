"""Evidence: sources of their own, dates as precise as the evidence, context, scores that agree.

- ``source`` (one row per URL: title, publisher, publication date and its
  precision, the day it was consulted, an archived copy), ``source_file``
  (a local copy, with its SHA-256) and ``follow_up_source`` (which sources a
  follow-up cites). ``follow_up.sources`` stays the list of URLs; a trigger
  on follow_up makes an unknown URL a source and links every URL, so the
  list and the links agree whoever writes (links are never written by hand).
- ``follow_up.as_of_precision`` (day, month, year): an imprecise date is
  stored as the last day it could mean (2019-10 as 2019-10-31), so that
  ordering, staleness and --since share one rule (tracker/status.py).
- ``follow_up.kind`` (assessment, context): context may predate the
  statement and never sets a status or a score; the status triggers and
  the per-actor views leave it out.
- a score needs an actor and agrees with its status (status.SCORE_STATUSES);
- an exact repeat of a follow-up is refused, by one indexed look-up
  (``ix_follow_up_repeat``); rows an older schema let in stay, and
  ``tracker db verify`` names them.

Every guard of revisions 0001, 0002, 0003, 0006 and 0007 stays: those this
revision redefines (follow_up_guard, the status triggers, the views) keep
each refusal and gain the new columns. SQLite's columns are added with
ALTER TABLE, not a batch copy, so no trigger on follow_up is lost.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

from tracker import status, values

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_FILE = values.MAX_SOURCE_FILE
MAX_ID = 1_000_000_000


def _released(name: str) -> ModuleType:
    """A released revision's module, whose SQL this one builds on or restores."""
    path = Path(__file__).with_name(f"{name}.py")
    spec = importlib.util.spec_from_file_location(f"tracker_revision_{name}", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


R1 = _released("0001_initial_schema")
R2 = _released("0002_commitment_status")
R3 = _released("0003_views_and_search")
R6 = _released("0006_guards_on_any_connection")

ASSESSMENT = " AND f.kind = 'assessment'"
# The status rule of 0002, leaving out context.
LATEST = R2.LATEST.replace("AND f.actor_id IS NULL", "AND f.actor_id IS NULL" + ASSESSMENT)
LAST_ON = R2.LAST_ON.replace(
    "WHERE f.commitment_id = {c}", "WHERE f.commitment_id = {c}" + ASSESSMENT
)
assert LATEST != R2.LATEST and LAST_ON != R2.LAST_ON


def _status_sql(latest: str, last_on: str) -> tuple[list[str], list[str]]:
    """0002's status triggers (SQLite, PostgreSQL) written with ``latest`` and ``last_on``."""
    old_latest, old_last_on = R2.LATEST, R2.LAST_ON
    try:
        R2.LATEST, R2.LAST_ON = latest, last_on
        refresh = f"""UPDATE commitment_status
    SET follow_up_id = latest.id, status = coalesce(latest.status, 'not_assessed'),
        as_of = latest.as_of, last_follow_up_on = {last_on.format(c="NEW.commitment_id")}
    FROM (SELECT 1) AS one
    LEFT JOIN follow_up AS latest ON latest.id = {latest.format(c="NEW.commitment_id")}
    WHERE commitment_status.commitment_id = NEW.commitment_id"""
        catch_up = [
            "UPDATE commitment_status SET "
            + ", ".join(
                f"{k} = {v}" for k, v in R2._columns("commitment_status.commitment_id").items()
            )
            + " WHERE commitment_id IN (SELECT commitment_id FROM bulk_load_pending)",
            "DELETE FROM bulk_load_pending",
        ]
        differs = {
            op_: R2._differs("NEW.commitment_id", op_) for op_ in ("IS NOT", "IS DISTINCT FROM")
        }
    finally:
        R2.LATEST, R2.LAST_ON = old_latest, old_last_on
    sqlite = [
        f"""CREATE TRIGGER commitment_status_follow_up AFTER INSERT ON follow_up
    WHEN NOT EXISTS (SELECT 1 FROM bulk_load)
    BEGIN {refresh}; END""",
        f"""CREATE TRIGGER commitment_status_catch_up AFTER DELETE ON bulk_load
    BEGIN {"; ".join(catch_up)}; END""",
        *(
            f"""CREATE TRIGGER commitment_status_guard_{event.lower()} BEFORE {event} ON commitment_status
        WHEN {differs["IS NOT"]}
        BEGIN SELECT RAISE(ABORT, '{R2.KEPT}'); END"""
            for event in ("INSERT", "UPDATE")
        ),
    ]
    postgresql = [
        f"""CREATE OR REPLACE FUNCTION tracker_status_follow_up() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM bulk_load) THEN
            INSERT INTO bulk_load_pending (commitment_id) VALUES (NEW.commitment_id)
            ON CONFLICT DO NOTHING;
            RETURN NULL;
        END IF;
        PERFORM 1 FROM commitment_status WHERE commitment_id = NEW.commitment_id FOR UPDATE;
        {refresh};
        RETURN NULL;
    END $$""",
        f"""CREATE OR REPLACE FUNCTION tracker_status_catch_up() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        {"; ".join(catch_up)};
        RETURN NULL;
    END $$""",
        f"""CREATE OR REPLACE FUNCTION tracker_status_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            IF EXISTS (SELECT 1 FROM commitment WHERE id = OLD.commitment_id) THEN
                RAISE EXCEPTION '{R2.KEPT}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN OLD;
        END IF;
        IF {differs["IS DISTINCT FROM"]} THEN
            RAISE EXCEPTION '{R2.KEPT}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END $$""",
    ]
    return sqlite, postgresql


SQLITE_STATUS_TRIGGERS = [
    "commitment_status_follow_up",
    "commitment_status_catch_up",
    "commitment_status_guard_insert",
    "commitment_status_guard_update",
]

# --- the views of 0003, with the new columns and without context ---------


def _newest_per_actor() -> str:
    """0003's rule for the newest follow-up of a commitment and actor, among assessments.

    Scored or not: a newer unscored assessment, or a correction that takes a
    score away, empties the cell of the compliance matrix.
    """
    return (
        R3._newest_per_actor(scored=False)
        .replace("f.actor_id IS NOT NULL", "f.actor_id IS NOT NULL" + ASSESSMENT)
        .replace(
            "AND newer.actor_id = f.actor_id",
            "AND newer.actor_id = f.actor_id AND newer.kind = 'assessment'",
        )
    )


VIEWS = ["latest_follow_up", "latest_actor_follow_up", "compliance_matrix"]
NEW_VIEWS = [
    """CREATE VIEW latest_follow_up AS
    SELECT cs.commitment_id, f.id AS follow_up_id, f.status, f.score, f.as_of,
           f.as_of_precision, f.sources, f.note, f.assessor, f.recorded_at
    FROM commitment_status AS cs JOIN follow_up AS f ON f.id = cs.follow_up_id""",
    f"""CREATE VIEW latest_actor_follow_up AS
    SELECT f.commitment_id, f.actor_id, a.name AS actor, f.id AS follow_up_id, f.status,
           f.score, f.as_of, f.as_of_precision, f.sources, f.note, f.assessor, f.recorded_at
    FROM follow_up AS f JOIN actor AS a ON a.id = f.actor_id
    WHERE {_newest_per_actor()}""",
    f"""CREATE VIEW compliance_matrix AS
    SELECT s.code AS statement, c.id AS commitment_id, c.title, f.actor_id, a.name AS actor,
           a.country_code, f.score, (f.score + 1) * 50 AS percent, f.as_of,
           f.id AS follow_up_id
    FROM follow_up AS f
    JOIN commitment AS c ON c.id = f.commitment_id
    JOIN statement AS s ON s.id = c.statement_id
    JOIN actor AS a ON a.id = f.actor_id
    WHERE {_newest_per_actor()} AND f.score IS NOT NULL""",
    # One row per source a follow-up cites, with what is known of it.
    """CREATE VIEW follow_up_evidence AS
    SELECT l.follow_up_id, f.commitment_id, f.kind, l.position, s.id AS source_id, s.url,
           s.title, s.publisher, s.published, s.published_precision, s.consulted_on,
           s.archived_url,
           CASE WHEN EXISTS (SELECT 1 FROM source_file AS sf WHERE sf.source_id = s.id)
                THEN 1 ELSE 0 END AS has_file
    FROM follow_up_source AS l
    JOIN follow_up AS f ON f.id = l.follow_up_id
    JOIN source AS s ON s.id = l.source_id""",
]
OLD_VIEWS = [v for v in R3.PORTABLE_VIEWS if any(f"CREATE VIEW {n} " in v for n in VIEWS)]
assert len(OLD_VIEWS) == 3

# --- messages -------------------------------------------------------------

SCORE_NEEDS_ACTOR = "follow_up.score needs an actor: a compliance score is always of one member"
SCORE_DISAGREES = "follow_up.score disagrees with follow_up.status (see status.SCORE_STATUSES)"
CONTEXT = (
    "follow_up: context never sets a status or a score: its status is not_assessed,"
    " with no score and at least one source"
)
PRECISION = "follow_up.as_of must be the last day of its month or year when as_of_precision says so"
REPEAT = "follow_up: an exact repeat of follow-up {0}"
REPEAT_SQLITE = "follow_up: an exact repeat of an existing follow-up"
SOURCE_URL = "source.url must be an http or https URL without spaces, control characters or HTML"
ARCHIVED_URL = (
    "source.archived_url must be an http or https URL without spaces, control characters or HTML"
)
SOURCE_TITLE = "source.{0} must not be empty when given"
PUBLISHED = (
    "source.published must be the last day of its month or year when published_precision says so"
)
URL_FIXED = "source.url never changes: follow-ups cite it; add a new source"
STILL_CITED = "source: a follow-up still cites it"
FILE_HASH = "source_file.sha256 must be the SHA-256 of its content, 64 lower-case hex digits"
FILE_SIZE = f"source_file.content must be at most {MAX_FILE:,} bytes"
FILE_FIXED = "source_file rows never change: delete it and add the file again"
LINKS_KEPT = "follow_up_source is kept by the database: it follows follow_up.sources"

# score -> the statuses it may go with, as SQL (status.SCORE_STATUSES).
AGREES = " OR ".join(
    f"(NEW.score = {score} AND NEW.status IN ({', '.join(repr(s) for s in statuses)}))"
    for score, statuses in status.SCORE_STATUSES.items()
)
FORBIDDEN = R6.URL_FORBIDDEN


def _sqlite_url_bad(value: str) -> str:
    return (
        f"typeof({value}) <> 'text' OR instr(CAST({value} AS BLOB), x'00') > 0"
        f" OR {value} GLOB '*[' || char("
        + ", ".join(map(str, [*range(1, 33), 127]))
        + f") || {R6._sql_string(FORBIDDEN)} || ']*'"
        f" OR NOT ((lower(substr({value}, 1, 7)) = 'http://'"
        f" AND substr({value}, 8, 1) NOT IN ('', '/', '?', '#'))"
        f" OR (lower(substr({value}, 1, 8)) = 'https://'"
        f" AND substr({value}, 9, 1) NOT IN ('', '/', '?', '#')))"
    )


def _sqlite_precision_bad(day: str, precision: str) -> str:
    return (
        f"({precision} = 'month' AND substr(date({day}, '+1 day'), 9, 2) <> '01')"
        f" OR ({precision} = 'year' AND substr({day}, 6, 5) <> '12-31')"
    )


def _postgresql_precision_bad(day: str, precision: str) -> str:
    return (
        f"({precision} = 'month' AND extract(day FROM {day} + 1) <> 1)"
        f" OR ({precision} = 'year' AND to_char({day}, 'MM-DD') <> '12-31')"
    )


def _repeat_columns(engine: str, row: str = "") -> list[str]:
    """The expressions two follow-ups repeat each other on (ix_follow_up_repeat's)."""
    p = row
    # md5 on PostgreSQL: a B-tree entry holds at most about 2,700 bytes.
    sources = f"md5(CAST({p}sources AS TEXT))" if engine == "postgresql" else f"{p}sources"
    note = f"md5(coalesce({p}note, ''))" if engine == "postgresql" else f"coalesce({p}note, '')"
    return [
        f"{p}commitment_id",
        f"coalesce({p}actor_id, 0)",
        f"{p}as_of",
        f"{p}status",
        f"coalesce({p}score, 9)",
        f"{p}kind",
        f"{p}as_of_precision",
        f"coalesce({p}corrects_id, 0)",
        sources,
        note,
    ]


def _repeat_match(engine: str) -> str:
    return " AND ".join(
        f"{a} = {b}"
        for a, b in zip(_repeat_columns(engine, "r."), _repeat_columns(engine, "NEW."), strict=True)
    )


SQLITE_UP = [
    f"""CREATE TRIGGER guard_follow_up_evidence BEFORE INSERT ON follow_up
    BEGIN
        {R6._raise(SCORE_NEEDS_ACTOR, "NEW.score IS NOT NULL AND NEW.actor_id IS NULL")}
        {R6._raise(SCORE_DISAGREES, f"NEW.score IS NOT NULL AND NOT ({AGREES})")}
        {R6._raise(CONTEXT, "NEW.kind = 'context' AND (NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL OR NOT json_valid(NEW.sources) OR json_array_length(NEW.sources) = 0)")}
        {R6._raise(PRECISION, _sqlite_precision_bad("NEW.as_of", "NEW.as_of_precision"))}
        {R6._raise(REPEAT_SQLITE, f"EXISTS (SELECT 1 FROM follow_up AS r WHERE {_repeat_match('sqlite')})")}
    END""",
    # Every URL a follow-up cites becomes a source, and a link.
    """CREATE TRIGGER follow_up_source_link AFTER INSERT ON follow_up
    WHEN json_valid(NEW.sources) AND json_array_length(NEW.sources) > 0
    BEGIN
        INSERT INTO source (url)
            SELECT DISTINCT j.value FROM json_each(NEW.sources) AS j
            WHERE NOT EXISTS (SELECT 1 FROM source AS s WHERE s.url = j.value);
        INSERT INTO follow_up_source (follow_up_id, source_id, position)
            SELECT NEW.id, s.id, min(j.key) FROM json_each(NEW.sources) AS j
            JOIN source AS s ON s.url = j.value GROUP BY s.id;
    END""",
    f"""CREATE TRIGGER guard_source_insert BEFORE INSERT ON source
    BEGIN
        {R6._raise("source: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)", "EXISTS (SELECT 1 FROM source AS t WHERE t.id = NEW.id) OR EXISTS (SELECT 1 FROM source AS t WHERE t.url = NEW.url)")}
    END""",
    f"""CREATE TRIGGER guard_source_id AFTER INSERT ON source
    BEGIN {R6._raise(f"source.id must be a whole number from 1 to {MAX_ID:,}", f"NEW.id NOT BETWEEN 1 AND {MAX_ID}")} END""",
    *(
        f"""CREATE TRIGGER guard_source_values_{event.lower()} BEFORE {event} ON source
    BEGIN
        {R6._raise(SOURCE_URL, _sqlite_url_bad("NEW.url"))}
        {R6._raise(ARCHIVED_URL, f"NEW.archived_url IS NOT NULL AND ({_sqlite_url_bad('NEW.archived_url')})")}
        {"".join(R6._raise(R6.BAD_VALUE.format(table="source", column=c, what=R6.WHAT[k]), f"NEW.{c} IS NOT NULL AND ({R6._sqlite_invalid(k, f'NEW.{c}')})") for c, k in (("title", R6.TEXT), ("publisher", R6.TEXT), ("published", R6.DATE), ("consulted_on", R6.DATE)))}
        {R6._raise(SOURCE_TITLE.format("title"), "NEW.title IS NOT NULL AND trim(NEW.title) = ''")}
        {R6._raise(SOURCE_TITLE.format("publisher"), "NEW.publisher IS NOT NULL AND trim(NEW.publisher) = ''")}
        {R6._raise(PUBLISHED, _sqlite_precision_bad("NEW.published", "NEW.published_precision"))}
    END"""
        for event in ("INSERT", "UPDATE")
    ),
    f"""CREATE TRIGGER guard_source_url BEFORE UPDATE OF url, id ON source
    WHEN NEW.url IS NOT OLD.url OR NEW.id IS NOT OLD.id
    BEGIN SELECT RAISE(ABORT, '{URL_FIXED}'); END""",
    f"""CREATE TRIGGER guard_source_delete BEFORE DELETE ON source
    BEGIN
        {R6._raise(STILL_CITED, "EXISTS (SELECT 1 FROM follow_up_source AS l WHERE l.source_id = OLD.id)")}
        DELETE FROM source_file WHERE source_id = OLD.id;
    END""",
    f"""CREATE TRIGGER guard_source_file_insert BEFORE INSERT ON source_file
    BEGIN
        {R6._raise("source_file: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)", "EXISTS (SELECT 1 FROM source_file AS t WHERE t.source_id = NEW.source_id)")}
        {R6._raise("source_file.source_id names no source", "NOT EXISTS (SELECT 1 FROM source AS s WHERE s.id = NEW.source_id)")}
        {R6._raise(R6.BAD_VALUE.format(table="source_file", column="name", what=R6.WHAT[R6.TEXT]), R6._sqlite_invalid(R6.TEXT, "NEW.name"))}
        {R6._raise("source_file.content must be a BLOB", "typeof(NEW.content) <> 'blob'")}
        {R6._raise(FILE_SIZE, f"length(NEW.content) > {MAX_FILE}")}
        {R6._raise(FILE_HASH, "typeof(NEW.sha256) <> 'text' OR length(NEW.sha256) <> 64 OR NEW.sha256 GLOB '*[^0-9a-f]*'")}
    END""",
    f"""CREATE TRIGGER guard_source_file_update BEFORE UPDATE ON source_file
    BEGIN SELECT RAISE(ABORT, '{FILE_FIXED}'); END""",
    f"""CREATE TRIGGER guard_follow_up_source_insert BEFORE INSERT ON follow_up_source
    BEGIN
        {R6._raise(LINKS_KEPT, "NOT EXISTS (SELECT 1 FROM follow_up AS f, json_each(f.sources) AS j, source AS s WHERE f.id = NEW.follow_up_id AND s.id = NEW.source_id AND j.value = s.url AND j.key = NEW.position) OR EXISTS (SELECT 1 FROM follow_up_source AS t WHERE t.follow_up_id = NEW.follow_up_id AND t.source_id = NEW.source_id)")}
    END""",
    f"""CREATE TRIGGER guard_follow_up_source_update BEFORE UPDATE ON follow_up_source
    BEGIN SELECT RAISE(ABORT, '{LINKS_KEPT}'); END""",
    f"""CREATE TRIGGER guard_follow_up_source_delete BEFORE DELETE ON follow_up_source
    BEGIN SELECT RAISE(ABORT, '{LINKS_KEPT}'); END""",
]

SQLITE_DROP = [
    "guard_follow_up_evidence", "follow_up_source_link", "guard_source_insert", "guard_source_id",
    "guard_source_values_insert", "guard_source_values_update", "guard_source_url",
    "guard_source_delete", "guard_source_file_insert", "guard_source_file_update",
    "guard_follow_up_source_insert", "guard_follow_up_source_update",
    "guard_follow_up_source_delete",
]  # fmt: skip

PG_FORBIDDEN = "[[:space:][:cntrl:]" + FORBIDDEN.replace("\\", "\\\\").replace("'", "''") + "]"


def _pg_url_ok(column: str) -> str:
    return f"{column} !~ '{PG_FORBIDDEN}' AND {column} ~* '^https?://[^/?#]'"


POSTGRESQL_FUNCTIONS = ["tracker_guard_follow_up_evidence", "tracker_follow_up_source_link",
                        "tracker_guard_follow_up_source", "tracker_guard_source_url"]  # fmt: skip

POSTGRESQL_UP = [
    f"""CREATE FUNCTION tracker_guard_follow_up_evidence() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        repeated integer;
    BEGIN
        IF NEW.score IS NOT NULL AND NEW.actor_id IS NULL THEN
            RAISE EXCEPTION '{SCORE_NEEDS_ACTOR}' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.score IS NOT NULL AND NOT ({AGREES}) THEN
            RAISE EXCEPTION 'follow_up.score % disagrees with follow_up.status %', NEW.score, NEW.status
                USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.kind = 'context' AND (NEW.status <> 'not_assessed' OR NEW.score IS NOT NULL) THEN
            RAISE EXCEPTION '{CONTEXT}' USING ERRCODE = 'check_violation';
        END IF;
        IF NEW.kind = 'context' AND jsonb_typeof(NEW.sources) = 'array' THEN
            IF jsonb_array_length(NEW.sources) = 0 THEN
                RAISE EXCEPTION '{CONTEXT}' USING ERRCODE = 'check_violation';
            END IF;
        END IF;
        IF {_postgresql_precision_bad("NEW.as_of", "NEW.as_of_precision")} THEN
            RAISE EXCEPTION '{PRECISION}' USING ERRCODE = 'check_violation';
        END IF;
        SELECT r.id INTO repeated FROM follow_up AS r WHERE {_repeat_match("postgresql")} LIMIT 1;
        IF repeated IS NOT NULL THEN
            RAISE EXCEPTION 'follow_up: an exact repeat of follow-up %', repeated
                USING ERRCODE = 'unique_violation';
        END IF;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER guard_follow_up_evidence BEFORE INSERT ON follow_up
    FOR EACH ROW EXECUTE FUNCTION tracker_guard_follow_up_evidence()""",
    """CREATE FUNCTION tracker_follow_up_source_link() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF jsonb_typeof(NEW.sources) = 'array' AND jsonb_array_length(NEW.sources) > 0 THEN
            INSERT INTO source (url)
                SELECT DISTINCT j.value FROM jsonb_array_elements_text(NEW.sources) AS j (value)
                ON CONFLICT (url) DO NOTHING;
            INSERT INTO follow_up_source (follow_up_id, source_id, position)
                SELECT NEW.id, s.id, min(j.n - 1)
                FROM jsonb_array_elements_text(NEW.sources) WITH ORDINALITY AS j (value, n)
                JOIN source AS s ON s.url = j.value GROUP BY s.id;
        END IF;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER follow_up_source_link AFTER INSERT ON follow_up
    FOR EACH ROW EXECUTE FUNCTION tracker_follow_up_source_link()""",
    f"""CREATE FUNCTION tracker_guard_follow_up_source() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF pg_trigger_depth() < 2 THEN
            RAISE EXCEPTION '{LINKS_KEPT}' USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$""",
    """CREATE TRIGGER guard_follow_up_source BEFORE INSERT OR UPDATE OR DELETE ON follow_up_source
    FOR EACH ROW EXECUTE FUNCTION tracker_guard_follow_up_source()""",
    f"""CREATE TRIGGER guard_follow_up_source_truncate BEFORE TRUNCATE ON follow_up_source
    FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('{LINKS_KEPT}')""",
    f"""CREATE FUNCTION tracker_guard_source_url() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION '{URL_FIXED}' USING ERRCODE = 'integrity_constraint_violation';
    END $$""",
    """CREATE TRIGGER guard_source_url BEFORE UPDATE OF url ON source
    FOR EACH ROW WHEN (NEW.url IS DISTINCT FROM OLD.url)
    EXECUTE FUNCTION tracker_guard_source_url()""",
    """CREATE TRIGGER guard_source_id BEFORE INSERT OR UPDATE OF id ON source
    FOR EACH ROW EXECUTE FUNCTION tracker_guard_id()""",
    f"""CREATE TRIGGER guard_source_file_update BEFORE UPDATE ON source_file
    FOR EACH ROW EXECUTE FUNCTION tracker_refuse('{FILE_FIXED}')""",
]


def _follow_up_guard(sqlite: bool, context_allowed: bool) -> str:
    """0001's follow_up_guard; with ``context_allowed``, context may predate the statement."""
    if sqlite:
        old = next(s for s in R1.SQLITE_GUARDS if "TRIGGER follow_up_guard " in s)
        new = old.replace("WHERE NEW.as_of <", "WHERE NEW.kind = 'assessment' AND NEW.as_of <")
    else:
        old = next(s for s in R1.POSTGRESQL_GUARDS if "FUNCTION tracker_follow_up_guard()" in s)
        old = old.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION")
        new = old.replace("IF NEW.as_of <", "IF NEW.kind = 'assessment' AND NEW.as_of <")
    assert new != old
    return new if context_allowed else old


def _create_tables(sqlite: bool) -> None:
    pg = not sqlite
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=True),
        sa.Column("publisher", sa.String(length=200), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("published_precision", sa.String(length=5), nullable=True),
        sa.Column("consulted_on", sa.Date(), nullable=True),
        sa.Column("archived_url", sa.String(length=2000), nullable=True),
        sa.CheckConstraint(
            "published_precision IN ('day', 'month', 'year')",
            name=op.f("ck_source_published_precision"),
        ),
        sa.CheckConstraint(
            "(published IS NULL) = (published_precision IS NULL)",
            name=op.f("ck_source_published_with_precision"),
        ),
        *(
            [
                sa.CheckConstraint(_pg_url_ok("url"), name=op.f("ck_source_url")),
                sa.CheckConstraint(
                    "archived_url IS NULL OR (" + _pg_url_ok("archived_url") + ")",
                    name=op.f("ck_source_archived_url"),
                ),
                sa.CheckConstraint(
                    "trim(title) <> '' AND trim(publisher) <> ''", name=op.f("ck_source_not_empty")
                ),
                sa.CheckConstraint(
                    "NOT (" + _postgresql_precision_bad("published", "published_precision") + ")",
                    name=op.f("ck_source_published_last_day"),
                ),
            ]
            if pg
            else []
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("url", name=op.f("uq_source_url")),
    )
    op.create_table(
        "source_file",
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.CheckConstraint(f"length(content) <= {MAX_FILE}", name=op.f("ck_source_file_size")),
        *(
            [
                sa.CheckConstraint(
                    "sha256 = encode(sha256(content), 'hex')", name=op.f("ck_source_file_sha256")
                )
            ]
            if pg
            else []
        ),
        sa.ForeignKeyConstraint(
            ["source_id"],
            ["source.id"],
            name=op.f("fk_source_file_source_id_source"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("source_id", name=op.f("pk_source_file")),
    )
    op.create_table(
        "follow_up_source",
        sa.Column("follow_up_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["follow_up_id"],
            ["follow_up.id"],
            name=op.f("fk_follow_up_source_follow_up_id_follow_up"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_follow_up_source_source_id_source")
        ),
        sa.PrimaryKeyConstraint("follow_up_id", "source_id", name=op.f("pk_follow_up_source")),
    )
    op.create_index("ix_follow_up_source_source_id", "follow_up_source", ["source_id"])


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("DELETE FROM bulk_load")  # a leftover load catches up by the rules it began under
    _create_tables(sqlite)
    # ALTER TABLE, not a batch copy: a copy would drop follow_up's triggers.
    op.execute(
        "ALTER TABLE follow_up ADD COLUMN kind VARCHAR(10) DEFAULT 'assessment' NOT NULL"
        " CONSTRAINT ck_follow_up_kind CHECK (kind IN ('assessment', 'context'))"
    )
    op.execute(
        "ALTER TABLE follow_up ADD COLUMN as_of_precision VARCHAR(5) DEFAULT 'day' NOT NULL"
        " CONSTRAINT ck_follow_up_as_of_precision"
        " CHECK (as_of_precision IN ('day', 'month', 'year'))"
    )
    engine = "sqlite" if sqlite else "postgresql"
    op.execute(
        f"CREATE INDEX ix_follow_up_repeat ON follow_up ({', '.join(_repeat_columns(engine))})"
    )
    # The links of every follow-up already recorded.
    if sqlite:
        op.execute(
            "INSERT INTO source (url) SELECT DISTINCT j.value FROM follow_up AS f,"
            " json_each(f.sources) AS j WHERE json_valid(f.sources) AND j.type = 'text'"
            " ORDER BY j.value"
        )
        op.execute(
            "INSERT INTO follow_up_source (follow_up_id, source_id, position)"
            " SELECT f.id, s.id, min(j.key) FROM follow_up AS f, json_each(f.sources) AS j"
            " JOIN source AS s ON s.url = j.value WHERE json_valid(f.sources)"
            " GROUP BY f.id, s.id"
        )
    else:
        op.execute(
            "INSERT INTO source (url) SELECT DISTINCT j.value FROM follow_up AS f,"
            " jsonb_array_elements_text(f.sources) AS j (value) ORDER BY j.value"
        )
        op.execute(
            "INSERT INTO follow_up_source (follow_up_id, source_id, position)"
            " SELECT f.id, s.id, min(j.n - 1) FROM follow_up AS f,"
            " jsonb_array_elements_text(f.sources) WITH ORDINALITY AS j (value, n)"
            " JOIN source AS s ON s.url = j.value GROUP BY f.id, s.id"
        )
    status_sqlite, status_postgresql = _status_sql(LATEST, LAST_ON)
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    if sqlite:
        op.execute("DROP TRIGGER follow_up_guard")
        for name in SQLITE_STATUS_TRIGGERS:
            op.execute(f"DROP TRIGGER {name}")
        statements = [_follow_up_guard(True, True), *status_sqlite, *SQLITE_UP]
    else:
        statements = [_follow_up_guard(False, True), *status_postgresql, *POSTGRESQL_UP]
    for statement in [*statements, *NEW_VIEWS]:
        op.execute(statement)


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    op.execute("DELETE FROM bulk_load")
    bind = op.get_bind()
    context = bind.exec_driver_sql("SELECT count(*) FROM follow_up WHERE kind = 'context'").scalar()
    if context:
        raise RuntimeError(
            f"{context} follow-ups are context, which revision 0008 cannot hold; nothing was changed"
        )
    for view in [*VIEWS, "follow_up_evidence"]:
        op.execute(f"DROP VIEW {view}")
    status_sqlite, status_postgresql = _status_sql(R2.LATEST, R2.LAST_ON)
    if sqlite:
        for name in [*SQLITE_DROP, "follow_up_guard", *SQLITE_STATUS_TRIGGERS]:
            op.execute(f"DROP TRIGGER {name}")
        statements = [_follow_up_guard(True, False), *status_sqlite]
    else:
        op.execute("DROP TRIGGER guard_source_id ON source")
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}() CASCADE")
        statements = [_follow_up_guard(False, False), *status_postgresql]
    op.execute("DROP INDEX ix_follow_up_repeat")
    # 0006's guard_follow_up_insert names only 0006's columns, so these can go.
    op.execute("ALTER TABLE follow_up DROP COLUMN as_of_precision")
    op.execute("ALTER TABLE follow_up DROP COLUMN kind")
    op.drop_table("follow_up_source")
    op.drop_table("source_file")
    op.drop_table("source")
    for statement in [*statements, *OLD_VIEWS]:
        op.execute(statement)
