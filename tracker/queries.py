"""Every read the commands make, as records (tracker.records) ready to print.

The everyday reads (listing, scores, lookups by name, excluded sentences)
are tracker.reads's SQL, run here on the session's own connection; time
travel, history, export and the rest are built here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeAlias, cast

from sqlalchemy import (
    ColumnElement,
    MetaData,
    Select,
    Table,
    and_,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, aliased, selectinload

from tracker import reads, values
from tracker.clock import today
from tracker.driver import Reader
from tracker.errors import TrackerError
from tracker.models import (
    Actor,
    Commitment,
    CommitmentActor,
    CommitmentStatus,
    FollowUp,
    FollowUpSource,
    Paragraph,
    Source,
    SourceFile,
    Statement,
    latest_actor_follow_up,
    restated_commitment,
)
from tracker.records import (
    ActorRecord,
    ChangeRecord,
    CommitmentDetail,
    CommitmentRecord,
    ExportRecord,
    FollowUpRecord,
    RepeatRecord,
    RestatedRecord,
    Scores,
    SourceRecord,
    StatementHeader,
)
from tracker.repeats import Earlier
from tracker.status import (
    CONTEXT,
    NOT_ASSESSED,
    Current,
    Replay,
    is_overdue,
    is_stale,
    newest,
)
from tracker.status import current as current_status

# As migration 0003 tokenizes commitment_search on SQLite.
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Moment:
    """A moment to see the tracker at; None for no limit.

    ``as_of`` (valid time): only follow-ups dated on or before that day, and
    overdue and stale judged on it. ``known_at`` (recording time, UTC): only
    follow-ups recorded by then, so that a report made at that moment can be
    made again exactly after later corrections. Both combine. Statements,
    commitments and actors are taken as they are now; ``--search`` reads the
    notes of the follow-ups seen (reads.Filters.notes_dated_by, notes_recorded_by).
    ``known_at`` is UTC, without its zone.
    """

    as_of: dt.date | None = None
    known_at: dt.datetime | None = None

    def __bool__(self) -> bool:
        return self.as_of is not None or self.known_at is not None

    def today(self) -> dt.date:
        """The day overdue and stale are judged on."""
        if self.as_of is not None:
            return self.as_of
        return self.known_at.date() if self.known_at is not None else today()

    def seen(self, follow_up: Any = FollowUp) -> list[ColumnElement[bool]]:
        """Conditions for a follow-up (``follow_up``: FollowUp or an alias) to be seen."""
        conditions: list[ColumnElement[bool]] = []
        if self.as_of is not None:
            conditions.append(follow_up.as_of <= self.as_of)
        if self.known_at is not None:
            conditions.append(follow_up.recorded_at <= self.known_at)
        return conditions


NOW = Moment()


Filters = reads.Filters
# A query of any columns (Select[Any] would mean one column of any type).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"


def reader(session: Session) -> Reader:
    """The session's own driver connection, in its transaction, for tracker.reads."""
    connection = session.connection()
    return Reader(connection.connection.driver_connection, connection.dialect.name)


def find_statement(session: Session, code: str) -> Statement:
    return session.get_one(Statement, reads.statement_id(reader(session), code))


def find_actor(session: Session, name: str, *, abbreviated: bool = False) -> Actor:
    """An actor by canonical name or alias (see reads.actor_id)."""
    return session.get_one(Actor, reads.actor_id(reader(session), name, abbreviated=abbreviated))


def find_commitment(session: Session, commitment_id: str) -> Commitment:
    return session.get_one(Commitment, reads.commitment_id(reader(session), commitment_id))


def list_commitments(
    session: Session,
    filters: Filters,
    limit: int | None = None,
    *,
    links: bool = True,
    moment: Moment = NOW,
) -> list[CommitmentRecord]:
    return list(iter_commitments(session, filters, limit, links=links, moment=moment))


def iter_commitments(
    session: Session,
    filters: Filters,
    limit: int | None = None,
    *,
    links: bool = True,
    moment: Moment = NOW,
) -> Iterator[CommitmentRecord]:
    """As list_commitments, a record at a time: a listing of any length in little memory.

    At a ``moment`` other than now, each status is worked out from the
    follow-ups seen then (tracker.status's rule, in Python), and the
    filters on it (status, overdue, stale) are applied to that.
    """
    if not moment:
        return reads.commitments(reader(session), filters, limit, links=links)
    return _commitments_at(session, filters, limit, links, moment)


def _commitments_at(
    session: Session, filters: Filters, limit: int | None, links: bool, moment: Moment
) -> Iterator[CommitmentRecord]:
    now_only = filters._replace(
        status=None, overdue=False, stale=None,
        notes_dated_by=moment.as_of, notes_recorded_by=moment.known_at,
    )  # fmt: skip
    past = past_statuses(session, moment)
    dates = {code: date for code, date in session.execute(select(Statement.code, Statement.date))}
    day = moment.today()
    found = 0
    for record in reads.commitments(reader(session), now_only, links=links):
        then = past.get(record["id"], NOT_THEN)
        current = then.current
        record |= then.fields()  # type: ignore[typeddict-item]
        if filters.status and current.status != filters.status:
            continue
        if filters.overdue and not is_overdue(record["deadline"], current.status, day):
            continue
        if filters.stale is not None and not is_stale(
            current.last_follow_up_on, dates[record["statement"]], current.status, day,
            filters.stale,
        ):  # fmt: skip
            continue
        yield record
        found += 1
        if limit is not None and found >= limit:
            return


@dataclass(frozen=True)
class Past:
    """A commitment's status at a moment, with what its record shows of the follow-ups."""

    current: Current
    note: str | None = None  # of the follow-up that set the status
    as_of_precision: str | None = None
    last_follow_up_precision: str | None = None

    def fields(self) -> dict[str, Any]:
        """The fields of a commitment record (tracker.records) that the moment sets."""
        return {
            "status": self.current.status,
            "as_of": self.current.as_of,
            "as_of_precision": self.as_of_precision,
            "last_follow_up_on": self.current.last_follow_up_on,
            "last_follow_up_precision": self.last_follow_up_precision,
            "latest_note": self.note,
        }


NOT_THEN = Past(Current(None, NOT_ASSESSED, None, None))


def past_statuses(
    session: Session, moment: Moment, commitment_id: str | None = None
) -> dict[str, Past]:
    """Each commitment's status at ``moment``, with the note of the follow-up that set it.

    Read from every follow-up seen then (one commitment's, given its id) and
    worked out by tracker.status's rule; commitments without one are left out.
    """
    query = select(
        FollowUp.id,
        FollowUp.commitment_id,
        FollowUp.actor_id,
        FollowUp.status,
        FollowUp.as_of,
        FollowUp.recorded_at,
        FollowUp.corrects_id,
        FollowUp.note,
        FollowUp.kind,
        FollowUp.as_of_precision,
    ).where(*moment.seen())
    if commitment_id is not None:
        query = query.where(FollowUp.commitment_id == commitment_id)
    by_commitment: dict[str, list[Any]] = {}
    for row in session.execute(query.order_by(FollowUp.commitment_id)):
        by_commitment.setdefault(row.commitment_id, []).append(row)
    found = {}
    for key, rows in by_commitment.items():
        latest, last = newest(rows)
        found[key] = Past(
            current_status(rows),
            latest.note if latest else None,
            latest.as_of_precision if latest else None,
            last.as_of_precision if last else None,
        )
    return found


def commitment_ids(session: Session, filters: Filters) -> list[str]:
    """The ids ``tracker list`` would show, in its order, without their records."""
    return reads.ids(reader(session), filters)


def show_commitment(session: Session, commitment_id: str, moment: Moment = NOW) -> CommitmentDetail:
    """One commitment's record, with its paragraph, its place in it and its history.

    At a ``moment`` other than now: its status then, and the history seen then.
    """
    commitment = find_commitment(session, commitment_id)
    [record] = reads.records(reader(session), [("commitment.id = ?", (commitment.id,))], None)
    if moment:
        then = past_statuses(session, moment, commitment.id).get(commitment.id, NOT_THEN)
        record |= then.fields()  # type: ignore[typeddict-item]
    history = follow_up_history(session, commitment.id, moment=moment)
    title, date, text_, start = session.execute(
        select(Statement.title, Statement.date, Paragraph.text, Paragraph.start_offset)
        .join(Paragraph, Paragraph.statement_id == Statement.id)
        .where(Paragraph.id == commitment.paragraph_id)
    ).one()
    return {
        **record,
        "statement_title": title,
        "statement_date": date,
        "paragraph_text": text_,
        "quote_in_paragraph": [commitment.start_offset - start, commitment.end_offset - start],
        "history": history,
        "sources": {
            s["url"]: s
            for s in list_sources(session, {url for f in history for url in f["sources"]})
        },
        "repeats": repeats_of(session, commitment.id, later=True),
        "repeated_by": repeats_of(session, commitment.id, later=False),
    }


def repeats_of(session: Session, commitment_id: str, *, later: bool) -> list[RepeatRecord]:
    """The earlier commitments one repeats (``later``: it is the later one), or the later
    ones that repeat it, oldest first."""
    view = restated_commitment.c
    mine, other = ("later", "earlier") if later else ("earlier", "later")
    rows = session.execute(
        select(
            view[f"{other}_id"],
            view[f"{other}_statement"],
            view[f"{other}_date"],
            view.kind,
            view.score,
            view[f"{other}_status"],
        )
        .where(view[f"{mine}_id"] == commitment_id)
        .order_by(view[f"{other}_date"], view[f"{other}_id"])
    )
    return [
        {"id": i, "statement": code, "date": date, "kind": kind, "score": score, "status": status}
        for i, code, date, kind, score, status in rows
    ]


def list_restated(session: Session, statement: str | None) -> list[RestatedRecord]:
    """Every link from a commitment to an earlier one it repeats, in the later's reading order.

    With ``statement``, the links either side of which is in it.
    """
    view = restated_commitment.c
    query = (
        select(restated_commitment, Commitment.start_offset)
        .join(Commitment, Commitment.id == view.later_id)
        .order_by(view.later_date, view.later_statement, Commitment.start_offset, view.earlier_date)
    )
    if statement:
        code = find_statement(session, statement).code
        query = query.where(or_(view.later_statement == code, view.earlier_statement == code))
    return [
        {
            "later_id": row.later_id,
            "later_date": row.later_date,
            "kind": row.kind,
            "score": row.score,
            "earlier_id": row.earlier_id,
            "earlier_date": row.earlier_date,
            "earlier_status": row.earlier_status,
            "later_status": row.later_status,
            "later_title": row.later_title,
        }
        for row in session.execute(query)
    ]


def earlier_commitments(session: Session, before: dt.date | None = None) -> list[Earlier]:
    """Every loaded commitment with its statement's date, for finding repeats.

    With ``before``, only those of statements dated before it.
    """
    query = (
        select(Commitment.id, Statement.date, Commitment.quote)
        .join(Statement, Statement.id == Commitment.statement_id)
        .order_by(Statement.date, Statement.code, Commitment.start_offset)
    )
    if before is not None:
        query = query.where(Statement.date < before)
    return [Earlier(i, date, quote) for i, date, quote in session.execute(query)]


def statement_codes(session: Session) -> set[str]:
    return set(session.scalars(select(Statement.code)))


def _history_query(moment: Moment = NOW) -> AnySelect:
    """Follow-ups as columns, not ORM objects: a long history loads in half the time.

    At a ``moment``, only the follow-ups seen then, and the corrections seen then.
    """
    correction = aliased(FollowUp)
    return (
        select(
            FollowUp.id,
            FollowUp.commitment_id.label("commitment"),
            Actor.name.label("actor"),
            FollowUp.status,
            FollowUp.score,
            FollowUp.as_of,
            FollowUp.sources,
            FollowUp.note,
            FollowUp.assessor,
            FollowUp.recorded_at,
            FollowUp.corrects_id.label("corrects"),
            correction.id.label("corrected_by"),
            FollowUp.kind,
            FollowUp.as_of_precision,
        )
        .outerjoin(Actor, FollowUp.actor_id == Actor.id)
        .outerjoin(
            correction, and_(correction.corrects_id == FollowUp.id, *moment.seen(correction))
        )
        .where(*moment.seen())
    )


# Oldest first: the order of ix_follow_up_by_date.
HISTORY_ORDER = (FollowUp.as_of, FollowUp.recorded_at, FollowUp.id)


def follow_up_record(row: Row[Any]) -> FollowUpRecord:
    """A row of _history_query as a record."""
    return {
        "id": row.id,
        "commitment": row.commitment,
        "actor": row.actor,
        "status": row.status,
        "score": row.score,
        "as_of": row.as_of,
        "sources": list(row.sources),
        "note": row.note,
        "assessor": row.assessor,
        "recorded_at": row.recorded_at.isoformat(sep=" ", timespec="microseconds"),
        "corrects": row.corrects,
        "corrected_by": row.corrected_by,
        "kind": row.kind,
        "as_of_precision": row.as_of_precision,
    }


def follow_up_history(
    session: Session,
    commitment_id: str | None = None,
    since: dt.date | None = None,
    statement: str | None = None,
    *,
    moment: Moment = NOW,
) -> list[FollowUpRecord]:
    """Follow-ups oldest first (by as-of date, then recording), with corrections."""
    return list(iter_follow_up_history(session, commitment_id, since, statement, moment=moment))


def iter_follow_up_history(
    session: Session,
    commitment_id: str | None = None,
    since: dt.date | None = None,
    statement: str | None = None,
    *,
    actor: str | None = None,
    assessor: str | None = None,
    status: str | None = None,
    moment: Moment = NOW,
    limit: int | None = None,
) -> Iterator[FollowUpRecord]:
    """As follow_up_history, a record at a time: a history of any length in little memory.

    ``actor`` keeps the follow-ups assessing that actor on its own,
    ``assessor`` those by that assessor (in any case), ``status`` those
    giving that status. Read in the order of ix_follow_up_by_date, so that
    --since starts where it should and a limit stops the reading.
    """
    query = _history_query(moment).order_by(*HISTORY_ORDER).limit(limit)
    if actor is not None:
        query = query.where(FollowUp.actor_id == find_actor(session, actor, abbreviated=True).id)
    if assessor is not None:
        query = query.where(func.lower(FollowUp.assessor) == assessor.strip().lower())
    if status is not None:
        query = query.where(FollowUp.status == status)
    if commitment_id is not None:
        query = query.where(FollowUp.commitment_id == find_commitment(session, commitment_id).id)
    if since is not None:
        query = query.where(FollowUp.as_of >= since)
    if statement is not None:
        ours = select(Commitment.id).where(
            Commitment.statement_id == find_statement(session, statement).id
        )
        query = query.where(FollowUp.commitment_id.in_(ours))
    rows = session.execute(query.execution_options(yield_per=1000))
    return map(follow_up_record, rows)


SCAN_CACHE = -4096  # KiB of SQLite page cache for a pass over every table


def export_records(
    session: Session, statement: str | None, moment: Moment = NOW
) -> Iterator[ExportRecord]:
    """Each commitment with its current status and all its follow-ups, by id.

    Streams: the commitments and their follow-ups are read in two ordered
    passes side by side, so memory grows neither with the commitments nor
    with the history. At a ``moment``,
    the status then and the follow-ups seen then (the statuses are worked
    out first, in memory).
    """
    past = past_statuses(session, moment) if moment else None
    commitments = (
        select(
            Commitment.id,
            Commitment.title,
            CommitmentStatus.status,
            CommitmentStatus.as_of,
            FollowUp.as_of_precision,
        )
        .join(CommitmentStatus, CommitmentStatus.commitment_id == Commitment.id)
        .outerjoin(FollowUp, FollowUp.id == CommitmentStatus.follow_up_id)
        .join(Statement, Statement.id == Commitment.statement_id)
        .order_by(Statement.date, Statement.code, Commitment.start_offset, Commitment.id)
    )
    follow_ups = (
        _history_query(moment)
        .join(Commitment, Commitment.id == FollowUp.commitment_id)
        .join(Statement)
    )
    if statement:
        statement_id = find_statement(session, statement).id
        commitments = commitments.where(Commitment.statement_id == statement_id)
        follow_ups = follow_ups.where(Commitment.statement_id == statement_id)
    follow_ups = follow_ups.order_by(
        Statement.date, Statement.code, Commitment.start_offset, Commitment.id, FollowUp.id
    )
    if session.get_bind().dialect.name == "sqlite":
        # One pass over each table needs no large page cache: the 64 MB a
        # connection gets (driver.SQLITE_PRAGMAS) would be most of the memory used.
        session.execute(text(f"PRAGMA cache_size = {SCAN_CACHE}"))
    rows = session.execute(commitments.execution_options(yield_per=2000))
    pending = (
        follow_up_record(row)
        for row in session.execute(follow_ups.execution_options(yield_per=2000))
    )
    upcoming = next(pending, None)
    precision: str | None
    for commitment_id, title, status, as_of, precision in rows:
        history: list[FollowUpRecord] = []
        while upcoming is not None and upcoming["commitment"] == commitment_id:
            history.append(upcoming)
            upcoming = next(pending, None)
        if past is not None:
            then = past.get(commitment_id, NOT_THEN)
            status, as_of, precision = then.current.status, then.current.as_of, then.as_of_precision
        yield {
            "commitment": commitment_id,
            "title": title,
            "status": status,
            "as_of": as_of,
            "as_of_precision": precision,
            "follow_ups": history,
        }


def compliance_scores(session: Session, statement: str | None, moment: Moment = NOW) -> Scores:
    """The compliance matrix (see reads.compliance_scores); at a ``moment``, the same
    among the follow-ups seen then."""
    if not moment:
        return reads.compliance_scores(reader(session), statement)
    return reads.scores_of(_past_score_rows(session, statement, moment), statement)


def _past_score_rows(
    session: Session, statement: str | None, moment: Moment
) -> list[tuple[str, str, str, str | None, int]]:
    """The cells of the compliance matrix at ``moment``, as scores_query gives them now."""
    # The newest assessment, scored or not: an unscored one empties the cell.
    return [
        (r.commitment_id, r.title, r.name, r.country_code, r.score)
        for r in _past_member_assessments(session, statement, moment)
        if r.score is not None
    ]


def _past_member_assessments(
    session: Session, statement: str | None, moment: Moment
) -> list[Any]:
    """Each member's newest live assessment per commitment among those seen at ``moment``.

    In reading order, then by member; corrected rows left out.
    """
    query = (
        select(
            FollowUp.id,
            FollowUp.commitment_id,
            Commitment.title,
            Actor.name,
            Actor.country_code,
            FollowUp.status,
            FollowUp.score,
            FollowUp.as_of,
            FollowUp.as_of_precision,
            FollowUp.assessor,
            FollowUp.recorded_at,
            FollowUp.corrects_id,
        )
        .join(Commitment, Commitment.id == FollowUp.commitment_id)
        .join(Statement, Statement.id == Commitment.statement_id)
        .join(Actor, Actor.id == FollowUp.actor_id)
        .where(*moment.seen(), FollowUp.kind == "assessment")
        .order_by(Statement.date, Statement.code, Commitment.start_offset, Actor.name)
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    rows = session.execute(query).all()
    corrected = {row.corrects_id for row in rows if row.corrects_id is not None}
    newest: dict[tuple[str, str], Any] = {}
    for row in rows:
        key = (row.commitment_id, row.name)
        if row.id in corrected:
            continue
        if key not in newest or (row.as_of, row.recorded_at, row.id) > (
            newest[key].as_of, newest[key].recorded_at, newest[key].id
        ):  # fmt: skip
            newest[key] = row
    return list(newest.values())


def list_actors(session: Session) -> list[ActorRecord]:
    actors = session.scalars(
        select(Actor).options(selectinload(Actor.aliases)).order_by(Actor.name)
    ).all()
    return [
        {
            "name": a.name,
            "kind": a.kind,
            "country_code": a.country_code,
            "aliases": [alias.alias for alias in a.aliases],
        }
        for a in actors
    ]


def statement_headers(session: Session, statement: str | None) -> list[StatementHeader]:
    """The statements a report covers, one or all, oldest first, without their text."""
    query = select(
        Statement.code,
        Statement.title,
        Statement.issuer,
        Statement.place,
        Statement.date,
        Statement.source_url,
    ).order_by(Statement.date, Statement.code)
    if statement:
        query = query.where(Statement.id == find_statement(session, statement).id)
    return [cast(StatementHeader, dict(row._mapping)) for row in session.execute(query)]


def _source_query() -> AnySelect:
    cited = (
        select(func.count())
        .select_from(FollowUpSource)
        .where(FollowUpSource.source_id == Source.id)
        .scalar_subquery()
    )
    return (
        select(Source, SourceFile.name, SourceFile.sha256, cited.label("cited_by"))
        .outerjoin(SourceFile, SourceFile.source_id == Source.id)
        .order_by(Source.url)
    )


def _source_record(row: Row[Any]) -> SourceRecord:
    source = row[0]
    published = (
        values.shown_date(source.published, source.published_precision or "day")
        if source.published
        else None
    )
    return {
        "url": source.url,
        "title": source.title,
        "publisher": source.publisher,
        "published": published,
        "consulted_on": source.consulted_on,
        "archived_url": source.archived_url,
        "file": row.name,
        "sha256": row.sha256,
        "cited_by": row.cited_by,
    }


def list_sources(session: Session, urls: Iterable[str] | None = None) -> list[SourceRecord]:
    """Every source by URL, or those of ``urls``."""
    query = _source_query()
    if urls is not None:
        wanted = sorted(set(urls))
        if not wanted:
            return []
        query = query.where(Source.url.in_(wanted))
    return [_source_record(row) for row in session.execute(query)]


def find_source(session: Session, url: str) -> SourceRecord:
    found = list_sources(session, [url])
    if not found:
        raise TrackerError(f"no source {url}; add it with `tracker source add URL`")
    return found[0]


def source_file(session: Session, url: str) -> tuple[str, bytes]:
    """A source's local copy: its name and bytes, checked against its SHA-256."""
    row = session.execute(
        select(SourceFile.name, SourceFile.content, SourceFile.sha256)
        .join(Source)
        .where(Source.url == url)
    ).first()
    if row is None:
        raise TrackerError(f"source {url} has no file")
    content = bytes(row.content)
    if hashlib.sha256(content).hexdigest() != row.sha256:
        raise TrackerError(f"the file of source {url} no longer matches its SHA-256")
    return row.name, content


def with_member(
    session: Session, records: Iterable[Mapping[str, Any]], member: str
) -> Iterator[dict[str, Any]]:
    """Commitment records with one member's newest assessment of each (latest_actor_follow_up)."""
    actor = find_actor(session, member)
    view = latest_actor_follow_up.c
    for chunk in _batched(records, 500):
        found = {
            row.commitment_id: row
            for row in session.execute(
                select(
                    view.commitment_id, view.status, view.score, view.as_of, view.as_of_precision
                ).where(
                    view.actor_id == actor.id,
                    view.commitment_id.in_([r["id"] for r in chunk]),
                )
            )
        }
        for record in chunk:
            row = found.get(record["id"])
            yield {
                **record,
                "member": actor.name,
                "member_status": row.status if row else None,
                "member_score": row.score if row else None,
                "member_as_of": values.shown_date(_as_date(row.as_of), row.as_of_precision)
                if row
                else None,
            }


def _as_date(value: Any) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else cast(dt.date, value)


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def export_actors(session: Session) -> list[dict[str, Any]]:
    """The actors no statement names (added with `actor add`), as `tracker export` writes them."""
    named = select(CommitmentActor.actor_id)
    actors = session.scalars(
        select(Actor)
        .where(Actor.id.not_in(named))
        .options(selectinload(Actor.aliases))
        .order_by(Actor.name)
    ).all()
    return [
        {
            "actor": {
                "name": a.name,
                "kind": a.kind,
                "country_code": a.country_code,
                "aliases": sorted(alias.alias for alias in a.aliases),
            }
        }
        for a in actors
    ]


def export_sources(session: Session) -> Iterator[dict[str, Any]]:
    """Every source, its file base64-encoded, as `tracker export` writes them."""
    for record in list_sources(session):
        item: dict[str, Any] = {
            k: v for k, v in record.items() if k not in ("cited_by", "file", "sha256")
        }
        if record["file"] is not None:
            name, content = source_file(session, record["url"])
            item["file"] = {
                "name": name,
                "sha256": record["sha256"],
                "base64": base64.b64encode(content).decode("ascii"),
            }
        yield {"source": item}


def current_sources(
    session: Session, statement: str | None, moment: Moment = NOW
) -> dict[str, list[str]]:
    """The evidence behind each current status: the sources of the follow-up that set it.

    Commitments whose status no follow-up has set are left out. At a
    ``moment``, the status then.
    """
    if moment:
        setting = {
            then.current.follow_up_id: commitment
            for commitment, then in past_statuses(session, moment).items()
            if then.current.follow_up_id is not None
        }
        found: dict[str, list[str]] = {}
        ids = list(setting)
        for start in range(0, len(ids), reads.CHUNK):
            rows = session.execute(
                select(FollowUp.id, FollowUp.sources).where(
                    FollowUp.id.in_(ids[start : start + reads.CHUNK])
                )
            )
            found |= {setting[i]: list(sources) for i, sources in rows}
        if statement:
            ours = set(commitment_ids(session, Filters(statement=statement)))
            found = {k: v for k, v in found.items() if k in ours}
        return found
    query = (
        select(CommitmentStatus.commitment_id, FollowUp.sources)
        .join(FollowUp, FollowUp.id == CommitmentStatus.follow_up_id)
        .join(Commitment, Commitment.id == CommitmentStatus.commitment_id)
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    return {commitment_id: list(sources) for commitment_id, sources in session.execute(query)}


def relation(session: Session, name: str) -> Table:
    """A table or view as the database declares it, its columns typed."""
    with warnings.catch_warnings():
        # ix_follow_up_repeat indexes expressions, which reflection skips.
        warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based")
        return Table(name, MetaData(), autoload_with=session.connection())


def relation_rows(session: Session, table: Table) -> Iterator[Row[Any]]:
    """Every row of a table or view, by its primary key (a view: by every column)."""
    order = list(table.primary_key.columns) or list(table.columns)
    return iter(session.execute(select(table).order_by(*order).execution_options(yield_per=1000)))


def member_statuses(
    session: Session, statement: str | None, moment: Moment = NOW
) -> list[dict[str, Any]]:
    """Each member's own current status on each commitment: latest_actor_follow_up's rows.

    In reading order, then by actor; scored or not. At a ``moment``, the
    same rule over the follow-ups seen then.
    """
    if moment:
        return _past_member_rows(session, statement, moment)
    member = latest_actor_follow_up.c
    query = (
        select(
            member.commitment_id.label("commitment"),
            member.actor,
            Actor.country_code.label("code"),
            member.status,
            member.score,
            member.as_of,
            member.as_of_precision,
            member.assessor,
        )
        .join(Commitment, Commitment.id == member.commitment_id)
        .join(Actor, Actor.id == member.actor_id)
        .join(Statement, Statement.id == Commitment.statement_id)
        .order_by(Statement.date, Statement.code, Commitment.start_offset, member.actor)
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    return [_member_row(dict(row._mapping)) for row in session.execute(query)]


def _member_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """A row of member_statuses, its as-of date as given."""
    shown = dict(row)
    shown["as_of"] = values.shown_date(shown["as_of"], shown.pop("as_of_precision"))
    return shown


def changes(
    session: Session, since: dt.date, until: dt.date, statement: str | None = None
) -> list[ChangeRecord]:
    """What changed in follow-ups dated from ``since`` to ``until``: `tracker changes`.

    Per commitment in reading order, oldest first: each collective
    follow-up that changed the status (from the status the history gave
    just before it, by tracker.status's rule), each new score of a member,
    each correction, each context follow-up (the situation before: a
    briefer's background, with its new sources), and each follow-up citing
    a source that no earlier follow-up of the commitment cited (new
    evidence; ``new_sources`` lists them on every change). The history
    before ``since`` is read too, to know what a status changed from; each
    row is replayed once (status.Replay), so the cost is linear in it.
    """
    in_window = select(FollowUp.commitment_id).where(FollowUp.as_of.between(since, until))
    query = (
        select(
            FollowUp.id,
            FollowUp.commitment_id,
            FollowUp.actor_id,
            Actor.name.label("actor"),
            FollowUp.status,
            FollowUp.score,
            FollowUp.as_of,
            FollowUp.recorded_at,
            FollowUp.corrects_id,
            FollowUp.note,
            FollowUp.assessor,
            FollowUp.sources,
            FollowUp.kind,
            FollowUp.as_of_precision,
        )
        .join(Commitment, Commitment.id == FollowUp.commitment_id)
        .join(Statement, Statement.id == Commitment.statement_id)
        .outerjoin(Actor, Actor.id == FollowUp.actor_id)
        .where(FollowUp.commitment_id.in_(in_window))
        .order_by(
            Statement.date,
            Statement.code,
            Commitment.start_offset,
            FollowUp.as_of,
            FollowUp.recorded_at,
            FollowUp.id,
        )
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    found: list[ChangeRecord] = []
    for _, rows in itertools.groupby(session.execute(query), key=lambda row: row.commitment_id):
        replay = Replay()  # the status after the rows so far, in constant time per row
        cited: set[str] = set()
        for row in rows:
            was = replay.status
            replay.add(row)
            new_sources = [url for url in row.sources if url not in cited]
            cited.update(row.sources)
            if not since <= row.as_of <= until:
                continue
            now = replay.status
            if row.corrects_id is not None:
                change = "correction"
            elif row.kind == CONTEXT:
                change = "context"
            elif row.actor_id is not None and row.score is not None:
                change = "score"
            elif row.actor_id is None and now != was:
                change = "status"
            elif new_sources:
                change = "source"
            else:
                continue
            found.append(
                {
                    "commitment": row.commitment_id,
                    "follow_up": row.id,
                    "as_of": values.shown_date(row.as_of, row.as_of_precision),
                    "change": change,
                    "actor": row.actor,
                    "from_status": was,
                    "to_status": now,
                    "score": row.score,
                    "corrects": row.corrects_id,
                    "note": row.note,
                    "assessor": row.assessor,
                    "sources": list(row.sources),
                    "new_sources": new_sources,
                    "recorded_at": row.recorded_at.isoformat(sep=" ", timespec="microseconds"),
                }
            )
    return found


def _past_member_rows(
    session: Session, statement: str | None, moment: Moment
) -> list[dict[str, Any]]:
    """member_statuses at ``moment``: the newest live follow-up per commitment and actor."""
    return [
        _member_row({"commitment": r.commitment_id, "actor": r.name, "code": r.country_code,
                     "status": r.status, "score": r.score, "as_of": r.as_of,
                     "as_of_precision": r.as_of_precision, "assessor": r.assessor})
        for r in _past_member_assessments(session, statement, moment)
    ]  # fmt: skip