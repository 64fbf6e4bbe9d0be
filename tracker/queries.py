"""Every read the commands make, as records (tracker.records) ready to print."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import itertools
import json
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    Integer,
    MetaData,
    Select,
    String,
    Table,
    and_,
    bindparam,
    func,
    literal_column,
    not_,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, aliased, selectinload

from tracker import planner, search, suggest, values
from tracker.clock import today
from tracker.errors import TrackerError
from tracker.models import (
    Actor,
    ActorAlias,
    Catalyst,
    Commitment,
    CommitmentActor,
    CommitmentRegion,
    CommitmentStatus,
    FollowUp,
    FollowUpSource,
    Paragraph,
    Region,
    Sentence,
    Source,
    SourceFile,
    Statement,
    compliance_matrix,
    latest_actor_follow_up,
    region_ancestor,
    restated_commitment,
)
from tracker.planner import AnySelect
from tracker.records import (
    ActorLink,
    ActorRecord,
    Average,
    CatalystRecord,
    ChangeRecord,
    CommitmentDetail,
    CommitmentRecord,
    ExcludedRecord,
    ExportRecord,
    FollowUpRecord,
    RegionLink,
    RepeatRecord,
    RestatedRecord,
    Scores,
    SourceRecord,
    StatementHeader,
)
from tracker.repeats import Earlier
from tracker.status import (
    CLOSED,
    NOT_ASSESSED,
    Current,
    is_overdue,
    is_stale,
    stale_before,
)
from tracker.status import current as current_status
from tracker.suggest import did_you_mean

# As migration 0003 tokenizes commitment_search on SQLite.
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Moment:
    """A moment to see the tracker at; None for no limit.

    ``as_of`` (valid time): only follow-ups dated on or before that day, and
    overdue and stale judged on it. ``known_at`` (recording time, UTC): only
    follow-ups recorded by then, so that a report made at that moment can be
    made again exactly after later corrections. Both combine. Statements,
    commitments and actors are taken as they are now.
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


@dataclass
class Filters:
    """What ``tracker list`` narrows the commitments to; None means any."""

    statement: str | None = None
    status: str | None = None
    actor: str | None = None
    role: str | None = None
    region: str | None = None
    theme: str | None = None
    type: str | None = None
    search: str | None = None
    due_before: dt.date | None = None
    overdue: bool = False
    stale: int | None = None  # days
    assessed: str | None = None  # a member assessed on it (tracker list --assessed)


def find_statement(session: Session, code: str) -> Statement:
    statement = session.scalar(select(Statement).where(Statement.code == code.strip().lower()))
    if statement is None:
        codes = session.scalars(select(Statement.code).order_by(Statement.code)).all()
        hint = did_you_mean(code, codes) or f"; there are: {', '.join(codes) or 'none'}"
        raise TrackerError(f"no statement {code}{hint}")
    return statement


def find_actor(session: Session, name: str, *, abbreviated: bool = False) -> Actor:
    """An actor by canonical name or alias, ignoring case.

    With ``abbreviated`` (lookups that only read), the beginning of the one
    name that begins so will do.
    """
    wanted = name.strip().lower()
    actor = session.scalar(select(Actor).where(func.lower(Actor.name) == wanted))
    actor = actor or session.scalar(
        select(Actor).join(ActorAlias).where(func.lower(ActorAlias.alias) == wanted)
    )
    if actor is None:
        names = session.scalars(select(Actor.name)).all()
        whole = suggest.abbreviated(name, names) if abbreviated else None
        if whole is None:
            raise TrackerError(f"no actor {name}{did_you_mean(name, names)}")
        actor = session.scalar(select(Actor).where(Actor.name == whole))
        assert actor is not None
    return actor


def find_region(session: Session, name: str, *, abbreviated: bool = False) -> Region:
    """A region by name or ISO code, ignoring case; ``abbreviated`` as for find_actor."""
    wanted = name.strip().lower()
    region = session.scalar(
        select(Region).where(
            or_(func.lower(Region.name) == wanted, func.lower(Region.iso_code) == wanted)
        )
    )
    if region is None:
        names = session.scalars(select(Region.name)).all()
        whole = suggest.abbreviated(name, names) if abbreviated else None
        if whole is None:
            raise TrackerError(f"no region {name}{did_you_mean(name, names)}")
        region = session.scalar(select(Region).where(Region.name == whole))
        assert region is not None
    return region


def find_commitment(session: Session, commitment_id: str) -> Commitment:
    commitment = session.get(Commitment, commitment_id.strip().lower())
    if commitment is None:
        ids = session.scalars(select(Commitment.id)).all()
        raise TrackerError(f"no commitment {commitment_id}{did_you_mean(commitment_id, ids)}")
    return commitment


def region_and_descendants(region_id: int) -> Select[Any]:
    return select(region_ancestor.c.region_id).where(region_ancestor.c.ancestor_id == region_id)


def _search(
    session: Session, query: str, key: Any, matches: Callable[[search.Term], Any]
) -> ColumnElement[bool]:
    """The condition that ``query`` (tracker.search's language) sets on ``key``.

    ``matches`` gives the keys that one term finds; AND, OR and NOT are
    joined here, so both engines read a query alike.
    """

    def condition(node: search.Query) -> ColumnElement[bool]:
        if isinstance(node, search.Term):
            return cast(ColumnElement[bool], key.in_(matches(node)))
        if isinstance(node, search.Not):
            return not_(condition(node.item))
        joined = [condition(item) for item in node.items]
        return and_(*joined) if isinstance(node, search.Every) else or_(*joined)

    return condition(search.parse(query))


def _fts5(term: search.Term) -> str:
    """A term as an FTS5 string: its words quoted, so nothing in them is syntax."""
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _tsquery(term: search.Term) -> Any:
    """A term as a PostgreSQL tsquery (english, stemmed as the index is)."""
    if term.prefix:  # a word of \w characters: nothing in it is tsquery syntax
        return func.to_tsquery("english", f"{term.words[0]}:*")
    return func.phraseto_tsquery("english", " ".join(term.words))


def _commitment_search(session: Session, query: str) -> ColumnElement[bool]:
    """Commitments whose quote, title or a follow-up's note ``query`` finds."""
    sqlite = session.get_bind().dialect.name == "sqlite"

    def matches(term: search.Term) -> Any:
        if sqlite:
            return (
                text(
                    "SELECT commitment_id FROM commitment_search"
                    " WHERE commitment_search MATCH :term"
                )
                .bindparams(bindparam("term", _fts5(term), unique=True))
                .columns(commitment_id=String)
            )
        return (
            select(literal_column("commitment_id"))
            .select_from(text("commitment_search"))
            .where(literal_column("document").op("@@")(_tsquery(term)))
        )

    return _search(session, query, Commitment.id, matches)


def _sentence_search(session: Session, query: str) -> ColumnElement[bool]:
    """Excluded sentences whose text ``query`` finds, tokenized as commitments are.

    SQLite has no index of sentences, so a temporary one is made for the
    command (the excluded sentences are few); PostgreSQL reads them as it goes.
    """
    search.parse(query)  # a syntax error before any work
    if session.get_bind().dialect.name == "sqlite":
        for statement in (
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentence_search USING fts5("
            f" sentence_id UNINDEXED, text, tokenize = '{SEARCH_TOKENIZER}')",
            "DELETE FROM temp.sentence_search",
            "INSERT INTO temp.sentence_search (sentence_id, text)"
            " SELECT id, text FROM sentence WHERE decision = 'excluded'",
        ):
            session.execute(text(statement))

        def matches(term: search.Term) -> Any:
            return (
                text("SELECT sentence_id FROM sentence_search WHERE sentence_search MATCH :term")
                .bindparams(bindparam("term", _fts5(term), unique=True))
                .columns(sentence_id=Integer)
            )
    else:

        def matches(term: search.Term) -> Any:
            document = func.to_tsvector("english", Sentence.text)
            return select(Sentence.id).where(document.op("@@")(_tsquery(term)))

    return _search(session, query, Sentence.id, matches)


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
        return commitment_records(session, list_conditions(session, filters), limit, links=links)
    return _commitments_at(session, filters, limit, links, moment)


def _commitments_at(
    session: Session, filters: Filters, limit: int | None, links: bool, moment: Moment
) -> Iterator[CommitmentRecord]:
    now_only = replace(filters, status=None, overdue=False, stale=None)
    past = past_statuses(session, moment)
    dates = {code: date for code, date in session.execute(select(Statement.code, Statement.date))}
    day = moment.today()
    found = 0
    for record in commitment_records(session, list_conditions(session, now_only), links=links):
        current, note = past.get(record["id"], (NOT_THEN, None))
        record |= {
            "status": current.status,
            "as_of": current.as_of,
            "last_follow_up_on": current.last_follow_up_on,
            "latest_note": note,
        }
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


NOT_THEN = Current(None, NOT_ASSESSED, None, None)


def past_statuses(
    session: Session, moment: Moment, commitment_id: str | None = None
) -> dict[str, tuple[Current, str | None]]:
    """Each commitment's status at ``moment``, with the note of the follow-up that set it.

    Read from every follow-up seen then (one commitment's, given its id) and
    worked out by tracker.status.current; commitments without one are left out.
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
    ).where(*moment.seen())
    if commitment_id is not None:
        query = query.where(FollowUp.commitment_id == commitment_id)
    by_commitment: dict[str, list[Any]] = {}
    for row in session.execute(query.order_by(FollowUp.commitment_id)):
        by_commitment.setdefault(row.commitment_id, []).append(row)
    found = {}
    for key, rows in by_commitment.items():
        current = current_status(rows)
        notes = {row.id: row.note for row in rows}
        found[key] = (current, notes.get(current.follow_up_id) if current.follow_up_id else None)
    return found


def commitment_ids(session: Session, filters: Filters) -> list[str]:
    """The ids ``tracker list`` would show, in its order, without their records."""
    query = commitment_query(list_conditions(session, filters), None)
    return list(session.scalars(query.with_only_columns(Commitment.id)))


def list_conditions(session: Session, filters: Filters) -> list[ColumnElement[bool]]:
    """The WHERE conditions that ``filters`` stand for."""
    conditions: list[ColumnElement[bool]] = []
    if filters.statement:
        conditions.append(Commitment.statement_id == find_statement(session, filters.statement).id)
    if filters.status:
        wanted = filters.status
        conditions.append(
            planner.column_test(session, CommitmentStatus.status, lambda c: c == wanted)
        )
    if filters.theme:
        conditions.append(Commitment.theme == filters.theme)
    if filters.type:
        conditions.append(Commitment.type == filters.type)
    if filters.actor or filters.role:
        link = []
        if filters.actor:
            actor = find_actor(session, filters.actor, abbreviated=True)
            link.append(CommitmentActor.actor_id == actor.id)
        if filters.role:
            link.append(CommitmentActor.role == filters.role)
        conditions.append(planner.linked(session, CommitmentActor, link))
    if filters.region:
        region = find_region(session, filters.region, abbreviated=True)
        within = region_and_descendants(region.id)
        conditions.append(
            planner.linked(session, CommitmentRegion, [CommitmentRegion.region_id.in_(within)])
        )
    if filters.search is not None:
        conditions.append(_commitment_search(session, filters.search))
    if filters.due_before:
        conditions.append(_due_before(session, filters.due_before))
    if filters.overdue:
        conditions += [
            _due_before(session, today()),
            CommitmentStatus.status.not_in(CLOSED),
        ]
    if filters.assessed:
        member = find_actor(session, filters.assessed).id
        conditions.append(
            Commitment.id.in_(
                select(FollowUp.commitment_id).where(
                    FollowUp.actor_id == member, FollowUp.kind == "assessment"
                )
            )
        )
    if filters.stale is not None:
        since = stale_before(today(), filters.stale)
        conditions += [
            func.coalesce(CommitmentStatus.last_follow_up_on, Statement.date) < since,
            CommitmentStatus.status.not_in(CLOSED),
        ]
    return conditions


def _due_before(session: Session, day: dt.date) -> ColumnElement[bool]:
    return planner.column_test(session, Commitment.deadline, lambda c: c < day)


def commitment_query(conditions: list[ColumnElement[bool]], limit: int | None) -> AnySelect:
    """The commitments that meet ``conditions``, in reading order, with their status.

    The latest note is the note of the follow-up that set the status.
    """
    latest = aliased(FollowUp)
    return (
        select(
            Commitment.id,
            Statement.code.label("statement"),
            Paragraph.number.label("paragraph"),
            Sentence.position.label("sentence"),
            Commitment.start_offset,
            Commitment.end_offset,
            Commitment.quote,
            Commitment.title,
            Commitment.type,
            Commitment.binding,
            Commitment.theme,
            Commitment.deadline,
            Commitment.note,
            CommitmentStatus.status,
            CommitmentStatus.as_of,
            CommitmentStatus.last_follow_up_on,
            latest.note.label("latest_note"),
        )
        .join(Statement, Statement.id == Commitment.statement_id)
        .join(Paragraph, Paragraph.id == Commitment.paragraph_id)
        .join(Sentence, Sentence.id == Commitment.sentence_id)
        .join(CommitmentStatus, CommitmentStatus.commitment_id == Commitment.id)
        .outerjoin(latest, latest.id == CommitmentStatus.follow_up_id)
        .where(*conditions)
        .order_by(Statement.date, Statement.code, Commitment.start_offset)
        .limit(limit)
    )


CHUNK = 5000  # ids per IN (...) list
LINKS = "links"  # the column _with_links adds


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))


def commitment_records(
    session: Session,
    conditions: list[ColumnElement[bool]],
    limit: int | None = None,
    *,
    links: bool = True,
) -> Iterator[CommitmentRecord]:
    """Records of the commitments that meet ``conditions``, in reading order.

    One query, each row with its actors, regions and catalysts as JSON; or,
    with ``links=False``, without them (no "actors", "regions" or
    "catalysts"): a table of commitments does not show them, and decoding
    them is most of the work of a long listing. When the database would
    sort every match to find the first ``limit``, it sorts their ids alone
    first, then reads the whole of those few.
    """

    def whole(query: AnySelect) -> AnySelect:
        return _with_links(session, query) if links else query

    query = commitment_query(conditions, limit)
    if limit is not None and planner.sorts_every_match(session, query):
        ids = session.scalars(query.with_only_columns(Commitment.id)).all()
        found = {
            row.id: row
            for chunk in _chunks(list(ids))
            for row in session.execute(whole(commitment_query([Commitment.id.in_(chunk)], None)))
        }
        rows: Iterable[Any] = [found[i] for i in ids]
    else:
        rows = session.execute(whole(query).execution_options(yield_per=1000))
    return map(_record, rows)


def _with_links(session: Session, query: AnySelect) -> AnySelect:
    """The query with each commitment's actors, regions and catalysts, as one JSON array.

    It holds three arrays of arrays, the first item of each its place in
    the annotation: neither engine promises to aggregate in the order a
    subquery gives, so _links sorts by it. One column rather than three
    halves the time a thousand records take to decode.
    """
    parent = aliased(Region)
    links = [
        select(CommitmentActor.position, Actor.name, CommitmentActor.role)
        .join(Actor, Actor.id == CommitmentActor.actor_id)
        .where(CommitmentActor.commitment_id == Commitment.id),
        select(CommitmentRegion.position, Region.name, Region.iso_code, parent.name)
        .join(CommitmentRegion, CommitmentRegion.region_id == Region.id)
        .outerjoin(parent, parent.id == Region.parent_id)
        .where(CommitmentRegion.commitment_id == Commitment.id),
        select(Catalyst.id, Catalyst.kind, Catalyst.text).where(
            Catalyst.commitment_id == Commitment.id
        ),
    ]
    if session.get_bind().dialect.name == "postgresql":
        arrays = func.json_build_array(*map(_postgresql_arrays, links))
        return query.add_columns(arrays.label(LINKS))
    actors, regions, catalysts = map(_sqlite_arrays, links)
    # Joined as text: a subquery's result is no longer JSON to json_array().
    return query.add_columns(("[" + actors + "," + regions + "," + catalysts + "]").label(LINKS))


def _postgresql_arrays(rows: AnySelect) -> Any:
    columns = list(rows.correlate(Commitment).subquery().c)
    arrays = select(func.json_agg(func.json_build_array(*columns))).scalar_subquery()
    return func.coalesce(arrays, literal_column("'[]'::json"))


def _sqlite_arrays(rows: AnySelect) -> Any:
    columns = list(rows.correlate(Commitment).subquery().c)
    return select(func.json_group_array(func.json_array(*columns), type_=String)).scalar_subquery()


def _links(value: Any) -> tuple[list[ActorLink], list[RegionLink], list[CatalystRecord]]:
    """Actors, regions and catalysts as records, in the annotation's order."""
    actors, regions, catalysts = value if isinstance(value, list) else json.loads(value)
    for items in (actors, regions, catalysts):
        if len(items) > 1:
            items.sort(key=itemgetter(0))
    return (
        [{"name": name, "role": role} for _, name, role in actors],
        [{"name": name, "code": code, "parent": parent} for _, name, code, parent in regions],
        [{"kind": kind, "text": text} for _, kind, text in catalysts],
    )


def _record(row: Row[Any]) -> CommitmentRecord:
    head = {
        "id": row.id,
        "statement": row.statement,
        "paragraph": row.paragraph,
        "sentence": row.sentence,
        "offsets": [row.start_offset, row.end_offset],
        "text": row.quote,
        "title": row.title,
        "type": row.type,
        "binding": row.binding,
        "theme": row.theme,
        "deadline": row.deadline,
    }
    links = (
        dict(zip(("actors", "regions", "catalysts"), _links(getattr(row, LINKS)), strict=True))
        if LINKS in row._fields
        else {}
    )
    tail = {
        "note": row.note,
        "status": row.status,
        "as_of": row.as_of,
        "last_follow_up_on": row.last_follow_up_on,
        "latest_note": row.latest_note,
    }
    # The links sit before the note, where JSON has always shown them.
    return cast(CommitmentRecord, head | links | tail)


def show_commitment(session: Session, commitment_id: str, moment: Moment = NOW) -> CommitmentDetail:
    """One commitment's record, with its paragraph, its place in it and its history.

    At a ``moment`` other than now: its status then, and the history seen then.
    """
    commitment = find_commitment(session, commitment_id)
    [record] = commitment_records(session, [Commitment.id == commitment.id])
    if moment:
        current, note = past_statuses(session, moment, commitment.id).get(
            commitment.id, (NOT_THEN, None)
        )
        record |= {
            "status": current.status,
            "as_of": current.as_of,
            "last_follow_up_on": current.last_follow_up_on,
            "latest_note": note,
        }
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


def list_excluded(
    session: Session, statement: str | None, search_: str | None = None, limit: int | None = None
) -> list[ExcludedRecord]:
    """The sentences judged not commitments, in reading order."""
    query = (
        select(Sentence, Paragraph.number, Statement.code)
        .join(Paragraph, Sentence.paragraph_id == Paragraph.id)
        .join(Statement, Sentence.statement_id == Statement.id)
        .where(Sentence.decision == "excluded")
        .order_by(Statement.date, Statement.code, Sentence.start_offset)
        .limit(limit)
    )
    if statement:
        query = query.where(Statement.id == find_statement(session, statement).id)
    if search_ is not None:
        query = query.where(_sentence_search(session, search_))
    return [
        {
            "statement": code,
            "paragraph": number,
            "sentence": s.position,
            "reason": s.exclusion_reason,
            "note": s.note,
            "text": s.text,
        }
        for s, number, code in session.execute(query)
    ]


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
) -> Iterator[FollowUpRecord]:
    """As follow_up_history, a record at a time: a history of any length in little memory.

    ``actor`` keeps the follow-ups assessing that actor on its own,
    ``assessor`` those by that assessor (in any case), ``status`` those
    giving that status.
    """
    query = _history_query(moment).order_by(FollowUp.as_of, FollowUp.recorded_at, FollowUp.id)
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


def export_records(
    session: Session, statement: str | None, moment: Moment = NOW
) -> Iterator[ExportRecord]:
    """Each commitment with its current status and all its follow-ups, by id.

    Streams: the follow-ups are read in one ordered pass beside the
    commitments, so memory does not grow with the history. At a ``moment``,
    the status then and the follow-ups seen then (the statuses are worked
    out first, in memory).
    """
    past = past_statuses(session, moment) if moment else None
    commitments = (
        select(Commitment.id, Commitment.title, CommitmentStatus.status, CommitmentStatus.as_of)
        .join(CommitmentStatus)
        .join(Statement)
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
    rows = session.execute(commitments).all()
    pending = (
        follow_up_record(row)
        for row in session.execute(follow_ups.execution_options(yield_per=2000))
    )
    upcoming = next(pending, None)
    for commitment_id, title, status, as_of in rows:
        history: list[FollowUpRecord] = []
        while upcoming is not None and upcoming["commitment"] == commitment_id:
            history.append(upcoming)
            upcoming = next(pending, None)
        if past is not None:
            then = past.get(commitment_id, (NOT_THEN, None))[0]
            status, as_of = then.status, then.as_of
        yield {
            "commitment": commitment_id,
            "title": title,
            "status": status,
            "as_of": as_of,
            "follow_ups": history,
        }


def compliance_scores(session: Session, statement: str | None, moment: Moment = NOW) -> Scores:
    """The compliance matrix: each actor's latest score on each commitment.

    A cell (a row of the compliance_matrix view) is the score of the newest
    assessment, by as-of date then recording, of that actor on that
    commitment that no later follow-up corrects, scored or not: a newer
    unscored assessment, or a correction without a score, empties the cell. Averages
    are per commitment, per actor and overall; a percentage is
    (average + 1) / 2 x 100. At a ``moment``, the same among the follow-ups
    seen then.
    """
    rows = (
        _past_score_rows(session, statement, moment)
        if moment
        else [tuple(row) for row in session.execute(scores_query(session, statement))]
    )
    actors: dict[str, str | None] = {}
    commitments: dict[str, dict[str, Any]] = {}
    for commitment_id, title, actor, code, score in rows:
        actors[actor] = code
        row = commitments.setdefault(
            commitment_id, {"id": commitment_id, "title": title, "scores": {}}
        )
        row["scores"][actor] = score
    for row in commitments.values():
        row.update(_average(list(row["scores"].values())))
    names = sorted(actors)
    per_actor = [
        {"actor": name, "code": actors[name]}
        | _average([r["scores"][name] for r in commitments.values() if name in r["scores"]])
        for name in names
    ]
    every = [score for r in commitments.values() for score in r["scores"].values()]
    return cast(
        Scores,
        {
            "statement": statement,
            "actors": names,
            "commitments": list(commitments.values()),
            "actor_averages": per_actor,
            "overall": _average(every),
        },
    )


def _past_score_rows(
    session: Session, statement: str | None, moment: Moment
) -> list[tuple[str, str, str, str | None, int]]:
    """The cells of the compliance matrix at ``moment``, as scores_query gives them now."""
    query = (
        select(
            FollowUp.id,
            FollowUp.commitment_id,
            Commitment.title,
            Actor.name,
            Actor.country_code,
            FollowUp.score,
            FollowUp.as_of,
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
    # The newest assessment, scored or not: an unscored one empties the cell.
    return [
        (r.commitment_id, r.title, r.name, r.country_code, r.score)
        for r in newest.values()
        if r.score is not None
    ]


def _average(scores: list[int]) -> Average:
    if not scores:
        return {"count": 0, "average": None, "percent": None}
    average = sum(scores) / len(scores)
    return {
        "count": len(scores),
        "average": round(average, 3),
        "percent": round((average + 1) / 2 * 100, 1),
    }


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
            current.follow_up_id: commitment
            for commitment, (current, _) in past_statuses(session, moment).items()
            if current.follow_up_id is not None
        }
        found: dict[str, list[str]] = {}
        ids = list(setting)
        for start in range(0, len(ids), CHUNK):
            rows = session.execute(
                select(FollowUp.id, FollowUp.sources).where(
                    FollowUp.id.in_(ids[start : start + CHUNK])
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


def scores_query(session: Session, statement: str | None) -> AnySelect:
    """The rows of the compliance matrix, for one statement or all."""
    matrix = compliance_matrix.c
    query = (
        select(Commitment.id, Commitment.title, matrix.actor, matrix.country_code, matrix.score)
        .join(compliance_matrix, matrix.commitment_id == Commitment.id)
        .join(Statement)
        .order_by(Statement.date, Statement.code, Commitment.start_offset, matrix.actor)
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    return query


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
            member.assessor,
        )
        .join(Commitment, Commitment.id == member.commitment_id)
        .join(Actor, Actor.id == member.actor_id)
        .join(Statement, Statement.id == Commitment.statement_id)
        .order_by(Statement.date, Statement.code, Commitment.start_offset, member.actor)
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    return [dict(row._mapping) for row in session.execute(query)]


def changes(
    session: Session, since: dt.date, until: dt.date, statement: str | None = None
) -> list[ChangeRecord]:
    """What changed in follow-ups dated from ``since`` to ``until``: `tracker changes`.

    Per commitment in reading order, oldest first: each collective
    follow-up that changed the status (from the status the history gave
    just before it, by tracker.status's rule), each new score of a member,
    each correction, and each follow-up citing a source that no earlier
    follow-up of the commitment cited (new evidence; ``new_sources`` lists
    them on every change). The history before ``since`` is read too, to know
    what a status changed from.
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
        before: list[Any] = []  # rows, as tracker.status reads follow-ups
        cited: set[str] = set()
        for row in rows:
            was = current_status(before).status
            before.append(row)
            new_sources = [url for url in row.sources if url not in cited]
            cited.update(row.sources)
            if not since <= row.as_of <= until:
                continue
            now = current_status(before).status
            if row.corrects_id is not None:
                change = "correction"
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
                    "as_of": row.as_of,
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
    query = (
        select(
            FollowUp.id,
            FollowUp.commitment_id,
            Actor.name,
            Actor.country_code,
            FollowUp.status,
            FollowUp.score,
            FollowUp.as_of,
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
    return [
        {"commitment": r.commitment_id, "actor": r.name, "code": r.country_code,
         "status": r.status, "score": r.score, "as_of": r.as_of, "assessor": r.assessor}
        for r in newest.values()
    ]  # fmt: skip
