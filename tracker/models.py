"""The schema: SQLAlchemy models of statements, commitments and follow-ups.

The schema is a public interface (people query the SQLite file directly),
so names are plain and every closed vocabulary is a CHECK constraint.
Offsets are character positions into ``statement.text``: a span is
``text[start_offset:end_offset]`` in Python, or
``substr(text, start_offset + 1, end_offset - start_offset)`` in SQL.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeEngine

from tracker import vocab
from tracker.clock import utcnow
from tracker.status import KINDS
from tracker.values import MAX_SOURCE_FILE, PRECISIONS, URL_FORBIDDEN

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class JsonList(TypeDecorator[list[Any]]):
    """JSON on SQLite, JSONB on PostgreSQL.

    Chosen when a dialect asks, so that commands on SQLite do not import
    PostgreSQL's dialect just to start.
    """

    impl = JSON
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            from sqlalchemy.dialects.postgresql import JSONB

            return dialect.type_descriptor(JSONB())
        return dialect.type_descriptor(JSON())


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def _literal(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value)


def one_of(column: str, values: Any, name: str | None = None) -> CheckConstraint:
    """A CHECK that ``column`` holds one of ``values`` (NULL passes)."""
    listed = ", ".join(map(_literal, values))
    return CheckConstraint(f"{column} IN ({listed})", name=name or column)


def one_of_chained(column: str, values: Any) -> tuple[CheckConstraint, CheckConstraint]:
    """``one_of``, written on SQLite as ``column = a OR column = b ...``.

    For the tables written row by row in bulk (follow_up): SQLite builds an
    ephemeral table for ``IN (...)`` in a CHECK at every row it checks,
    where the chain of ``=`` costs next to nothing (follow_up's four: 2.4
    times the rows a second into the table with its keys and CHECKs alone,
    1.1 times into the whole table; migration 0012). Both refuse exactly
    the same values: ``x IN (a, b)`` is by definition ``x = +a OR x = +b``,
    the same affinity and collation, and NULL passes both (the test of
    migration 0012 tries each value). PostgreSQL keeps ``IN``, which costs
    it nothing.
    """
    chained = " OR ".join(f"{column} = {_literal(v)}" for v in values)
    return (
        CheckConstraint(chained, name=column).ddl_if(dialect="sqlite"),
        one_of(column, values).ddl_if(dialect="postgresql"),
    )


def span_checks() -> tuple[CheckConstraint, ...]:
    return (
        CheckConstraint("start_offset >= 0", name="start_offset"),
        CheckConstraint("end_offset > start_offset", name="end_offset"),
    )


def sqlite_date(column: str) -> CheckConstraint:
    """SQLite keeps dates as text: insist on a real YYYY-MM-DD day."""
    return CheckConstraint(f"{column} = date({column})", name=f"{column}_is_date").ddl_if(
        dialect="sqlite"
    )


# What a source URL may not hold, as PostgreSQL's CHECKs write it (0009);
# on SQLite the guards' triggers check it.
_URL_FORBIDDEN = (
    "[[:space:][:cntrl:]" + URL_FORBIDDEN.replace("\\", "\\\\").replace("'", "''") + "]"
)


def postgresql_url_ok(column: str) -> str:
    return f"{column} !~ '{_URL_FORBIDDEN}' AND {column} ~* '^https?://[^/?#]'"


class Statement(Base):
    """A published statement, its text kept byte for byte."""

    __tablename__ = "statement"
    __table_args__ = (
        CheckConstraint("code = lower(code) AND length(code) > 0", name="code"),
        CheckConstraint("length(sha256) = 64", name="sha256"),
        sqlite_date("date"),
        Index("ix_statement_reading_order", "date", "code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str] = mapped_column(String(200))
    place: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date)
    source_url: Mapped[str | None] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))
    annotation_sha256: Mapped[str] = mapped_column(String(64))
    loaded_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    paragraphs: Mapped[list[Paragraph]] = relationship(order_by="Paragraph.number")


class Paragraph(Base):
    """A paragraph; number 0 is an unnumbered preamble."""

    __tablename__ = "paragraph"
    __table_args__ = (
        UniqueConstraint("statement_id", "number"),
        UniqueConstraint("id", "statement_id"),
        CheckConstraint("number >= 0", name="number"),
        *span_checks(),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    number: Mapped[int]
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    text: Mapped[str] = mapped_column(Text)


class Sentence(Base):
    """A sentence and what the annotation decided about it."""

    __tablename__ = "sentence"
    __table_args__ = (
        UniqueConstraint("paragraph_id", "position"),
        UniqueConstraint("id", "paragraph_id", "statement_id"),
        ForeignKeyConstraint(
            ["paragraph_id", "statement_id"], ["paragraph.id", "paragraph.statement_id"]
        ),
        CheckConstraint("position >= 1", name="position"),
        *span_checks(),
        one_of("decision", vocab.DECISIONS),
        one_of("exclusion_reason", vocab.EXCLUSION_REASONS),
        CheckConstraint(
            "(decision = 'excluded') = (exclusion_reason IS NOT NULL)",
            name="reason_iff_excluded",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    paragraph_id: Mapped[int] = mapped_column(index=True)
    position: Mapped[int]
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    decision: Mapped[str] = mapped_column(String(20))
    exclusion_reason: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)

    paragraph: Mapped[Paragraph] = relationship()


class Commitment(Base):
    """A commitment: a verbatim span of one sentence, coded."""

    __tablename__ = "commitment"
    __table_args__ = (
        ForeignKeyConstraint(
            ["sentence_id", "paragraph_id", "statement_id"],
            ["sentence.id", "sentence.paragraph_id", "sentence.statement_id"],
        ),
        CheckConstraint("id = lower(id) AND length(id) > 0", name="id"),
        *span_checks(),
        one_of("type", vocab.COMMITMENT_TYPES),
        one_of("binding", vocab.BINDING),
        one_of("theme", vocab.THEMES),
        sqlite_date("deadline"),
        # Reading order within a statement; also indexes the foreign key.
        Index("ix_commitment_reading_order", "statement_id", "start_offset"),
    )

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"))
    paragraph_id: Mapped[int] = mapped_column(index=True)
    sentence_id: Mapped[int] = mapped_column(index=True)
    start_offset: Mapped[int]
    end_offset: Mapped[int]
    quote: Mapped[str] = mapped_column(Text)
    title: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(20))
    binding: Mapped[str] = mapped_column(String(10))
    theme: Mapped[str] = mapped_column(String(30), index=True)
    deadline: Mapped[dt.date | None] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text)


class CommitmentLink(Base):
    """A later commitment that repeats an earlier one, found by fuzzy matching at load.

    A trigger holds the earlier commitment to a statement dated before the
    later one's (see migration 0008).
    """

    __tablename__ = "commitment_link"
    __table_args__ = (
        one_of("kind", vocab.LINK_KINDS),
        CheckConstraint("score BETWEEN 0 AND 100", name="score"),
        CheckConstraint("earlier_id <> later_id", name="not_self"),
    )

    earlier_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"), primary_key=True)
    later_id: Mapped[str] = mapped_column(
        ForeignKey("commitment.id"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    score: Mapped[int]


class Catalyst(Base):
    """A feature that makes compliance more likely, quoted from the sentence."""

    __tablename__ = "catalyst"
    __table_args__ = (one_of("kind", vocab.CATALYSTS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(String(300))


class Actor(Base):
    """Someone a commitment binds, addresses, partners or benefits."""

    __tablename__ = "actor"
    __table_args__ = (
        one_of("kind", vocab.ACTOR_KINDS),
        CheckConstraint(
            "country_code = upper(country_code) AND length(country_code) = 2",
            name="country_code",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    country_code: Mapped[str | None] = mapped_column(String(2))

    aliases: Mapped[list[ActorAlias]] = relationship(order_by="ActorAlias.alias")


class ActorAlias(Base):
    """Another name for an actor, as written in a statement."""

    __tablename__ = "actor_alias"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), index=True)
    alias: Mapped[str] = mapped_column(String(200), unique=True)


class CommitmentActor(Base):
    __tablename__ = "commitment_actor"
    __table_args__ = (one_of("role", vocab.ACTOR_ROLES),)

    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"), primary_key=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("actor.id"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20), primary_key=True)
    position: Mapped[int]  # the order the annotation lists them in


class Region(Base):
    """A place; ``parent_id`` nests cities in countries, countries in regions."""

    __tablename__ = "region"
    __table_args__ = (
        one_of("kind", vocab.REGION_KINDS),
        CheckConstraint("parent_id <> id", name="parent_not_self"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    iso_code: Mapped[str | None] = mapped_column(String(6), unique=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("region.id"), index=True)


class CommitmentRegion(Base):
    __tablename__ = "commitment_region"

    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"), primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id"), primary_key=True, index=True)
    position: Mapped[int]


class FollowUp(Base):
    """What happened later: append-only, corrected by newer rows, never edited."""

    __tablename__ = "follow_up"
    __table_args__ = (
        # Chained rather than IN on SQLite: each is checked at every row an
        # import writes (see one_of_chained; migration 0012).
        *one_of_chained("status", vocab.STATUSES),
        *one_of_chained("score", vocab.SCORES),
        *one_of_chained("kind", KINDS),
        *one_of_chained("as_of_precision", PRECISIONS),
        CheckConstraint("corrects_id <> id", name="corrects_not_self"),
        CheckConstraint(
            "json_valid(sources) AND json_type(sources) = 'array' AND "
            "(status = 'not_assessed' OR json_array_length(sources) > 0)",
            name="sources",
        ).ddl_if(dialect="sqlite"),
        CheckConstraint(
            "jsonb_typeof(sources) = 'array' AND "
            "(status = 'not_assessed' OR jsonb_array_length(sources) > 0)",
            name="sources",
        ).ddl_if(dialect="postgresql"),
        CheckConstraint("as_of <= date(recorded_at)", name="as_of_recorded").ddl_if(
            dialect="sqlite"
        ),
        CheckConstraint("as_of <= CAST(recorded_at AS DATE)", name="as_of_recorded").ddl_if(
            dialect="postgresql"
        ),
        sqlite_date("as_of"),
        # Text that sorts in time order: "YYYY-MM-DD HH:MM:SS[.ffffff]", UTC.
        CheckConstraint(
            "recorded_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] "
            "[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*' AND datetime(recorded_at) IS NOT NULL",
            name="recorded_at_format",
        ).ddl_if(dialect="sqlite"),
        Index("ix_follow_up_history", "commitment_id", "actor_id", "as_of", "recorded_at", "id"),
        Index("ix_follow_up_recent", "commitment_id", "as_of"),
        # `follow-up list` order, for --since (migration 0010).
        Index("ix_follow_up_by_date", "as_of", "recorded_at", "id"),
        # Both are partial in the database (WHERE the column IS NOT NULL; see
        # migration 0001): most follow-ups assess no single actor and correct
        # nothing, and bulk imports should not pay for indexing their NULLs.
        # Said here without the WHERE, which would load both dialects at start-up.
        Index("ix_follow_up_actor_id", "actor_id"),
        # A follow-up is corrected at most once: fix a correction by correcting it.
        Index("uq_follow_up_corrects_id", "corrects_id", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Indexed first in ix_follow_up_history.
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("actor.id"))
    status: Mapped[str] = mapped_column(String(30))
    score: Mapped[int | None]
    as_of: Mapped[dt.date] = mapped_column(Date)
    sources: Mapped[list[str]] = mapped_column(JsonList())
    note: Mapped[str | None] = mapped_column(Text)
    assessor: Mapped[str | None] = mapped_column(String(200))
    recorded_at: Mapped[dt.datetime] = mapped_column(
        DateTime, default=utcnow, server_default=text("CURRENT_TIMESTAMP")
    )
    # The same commitment and actor as the one it corrects (a trigger checks).
    corrects_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up.id"))
    # assessment, or context (before the statement, never a status or score).
    kind: Mapped[str] = mapped_column(
        String(10), default="assessment", server_default=text("'assessment'")
    )
    # day, month or year; a month or year is stored as its last day.
    as_of_precision: Mapped[str] = mapped_column(
        String(5), default="day", server_default=text("'day'")
    )


class Source(Base):
    """Evidence: a page or document some follow-ups cite, known by its URL."""

    __tablename__ = "source"
    __table_args__ = (
        one_of("published_precision", ("day", "month", "year")),
        CheckConstraint(
            "(published IS NULL) = (published_precision IS NULL)", name="published_with_precision"
        ),
        # On SQLite, triggers refuse the same (migration 0009).
        CheckConstraint(postgresql_url_ok("url"), name="url").ddl_if(dialect="postgresql"),
        CheckConstraint(
            f"archived_url IS NULL OR ({postgresql_url_ok('archived_url')})", name="archived_url"
        ).ddl_if(dialect="postgresql"),
        CheckConstraint("trim(title) <> '' AND trim(publisher) <> ''", name="not_empty").ddl_if(
            dialect="postgresql"
        ),
        CheckConstraint(
            "NOT ((published_precision = 'month' AND extract(day FROM published + 1) <> 1)"
            " OR (published_precision = 'year' AND to_char(published, 'MM-DD') <> '12-31'))",
            name="published_last_day",
        ).ddl_if(dialect="postgresql"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    title: Mapped[str | None] = mapped_column(String(500))
    publisher: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[dt.date | None] = mapped_column(Date)
    published_precision: Mapped[str | None] = mapped_column(String(5))
    consulted_on: Mapped[dt.date | None] = mapped_column(Date)
    archived_url: Mapped[str | None] = mapped_column(String(2000))


class SourceFile(Base):
    """A local copy of a source, kept with its SHA-256 so that it outlives the link."""

    __tablename__ = "source_file"
    __table_args__ = (
        CheckConstraint(f"length(content) <= {MAX_SOURCE_FILE}", name="size"),
        # SQLite has no sha256(): there a trigger checks it, through the
        # function tracker gives its connections (migration 0009).
        CheckConstraint("sha256 = encode(sha256(content), 'hex')", name="sha256").ddl_if(
            dialect="postgresql"
        ),
    )

    source_id: Mapped[int] = mapped_column(
        ForeignKey("source.id", ondelete="CASCADE"), primary_key=True
    )
    name: Mapped[str] = mapped_column(String(255))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))


class FollowUpSource(Base):
    """A source a follow-up cites; kept by a trigger from ``follow_up.sources``."""

    __tablename__ = "follow_up_source"

    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id"), primary_key=True)
    source_id: Mapped[int] = mapped_column(ForeignKey("source.id"), primary_key=True, index=True)
    position: Mapped[int]  # where the follow-up lists it, from 0


class CommitmentStatus(Base):
    """The current collective status of every commitment.

    Kept by triggers as follow-ups arrive, in the same transaction, and
    refused when written to any other value: the follow-up it names is the
    newest by as-of date, then recording time, that no other corrects.
    """

    __tablename__ = "commitment_status"
    __table_args__ = (one_of("status", vocab.STATUSES), sqlite_date("as_of"))

    commitment_id: Mapped[str] = mapped_column(
        ForeignKey("commitment.id", ondelete="CASCADE"), primary_key=True
    )
    follow_up_id: Mapped[int | None] = mapped_column(ForeignKey("follow_up.id"), index=True)
    status: Mapped[str] = mapped_column(String(30), index=True)
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    # The newest as-of date of any follow-up, per-actor ones included.
    last_follow_up_on: Mapped[dt.date | None] = mapped_column(Date, index=True)


class BulkLoad(Base):
    """One row while a bulk import runs, inside the import's own transaction.

    While it is there, commitment_status and the search index wait: new
    follow-ups only note their commitment in bulk_load_pending, and
    themselves in bulk_load_pending_note if they have a note. Deleting the
    row brings those commitments up to date and indexes those notes at once
    (triggers do it).
    """

    __tablename__ = "bulk_load"
    __table_args__ = (CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class BulkLoadPending(Base):
    """A commitment whose status waits for the running bulk load to end."""

    __tablename__ = "bulk_load_pending"

    # The primary key indexes this foreign key.
    commitment_id: Mapped[str] = mapped_column(ForeignKey("commitment.id"), primary_key=True)


class BulkLoadPendingNote(Base):
    """A follow-up whose note waits for the running bulk load to end to be searchable."""

    __tablename__ = "bulk_load_pending_note"

    follow_up_id: Mapped[int] = mapped_column(ForeignKey("follow_up.id"), primary_key=True)


# The views that migration 0003 creates, described for queries only: they
# live in a MetaData of their own so that Alembic does not try to make them.
views = MetaData()

region_ancestor = Table(
    "region_ancestor",
    views,
    Column("region_id", Integer),
    Column("region", String),
    Column("ancestor_id", Integer),
    Column("ancestor", String),
    Column("depth", Integer),
)

latest_actor_follow_up = Table(
    "latest_actor_follow_up",
    views,
    Column("commitment_id", String),
    Column("actor_id", Integer),
    Column("actor", String),
    Column("follow_up_id", Integer),
    Column("status", String),
    Column("score", Integer),
    Column("as_of", Date),
    Column("assessor", String),
    Column("as_of_precision", String),  # migration 0009
)

compliance_matrix = Table(
    "compliance_matrix",
    views,
    Column("statement", String),
    Column("commitment_id", String),
    Column("title", String),
    Column("actor_id", Integer),
    Column("actor", String),
    Column("country_code", String),
    Column("score", Integer),
    Column("percent", Integer),
    Column("as_of", Date),
    Column("follow_up_id", Integer),
)

restated_commitment = Table(
    "restated_commitment",
    views,
    Column("later_id", String),
    Column("later_statement", String),
    Column("later_date", Date),
    Column("later_title", String),
    Column("kind", String),
    Column("score", Integer),
    Column("earlier_id", String),
    Column("earlier_statement", String),
    Column("earlier_date", Date),
    Column("earlier_title", String),
    Column("earlier_is_first", Integer),
    Column("earlier_status", String),
    Column("earlier_as_of", Date),
    Column("later_status", String),
    Column("later_as_of", Date),
)
