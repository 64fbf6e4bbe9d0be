"""Every read the commands make, as records (tracker.records) ready to print."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

from sqlalchemy import (
    ColumnElement,
    MetaData,
    Select,
    String,
    Table,
    and_,
    bindparam,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, aliased, selectinload

from tracker import planner
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
    Paragraph,
    Region,
    Sentence,
    Statement,
    compliance_matrix,
    region_ancestor,
    restated_commitment,
)
from tracker.planner import AnySelect
from tracker.records import (
    ActorLink,
    ActorRecord,
    Average,
    CatalystRecord,
    CommitmentDetail,
    CommitmentRecord,
    ExcludedRecord,
    ExportRecord,
    FollowUpRecord,
    RegionLink,
    RepeatRecord,
    RestatedRecord,
    Scores,
    StatementHeader,
)
from tracker.repeats import Earlier
from tracker.status import CLOSED, stale_before


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


def find_statement(session: Session, code: str) -> Statement:
    statement = session.scalar(select(Statement).where(Statement.code == code.lower()))
    if statement is None:
        codes = session.scalars(select(Statement.code).order_by(Statement.code)).all()
        raise TrackerError(f"no statement {code}; there are: {', '.join(codes) or 'none'}")
    return statement


def find_actor(session: Session, name: str) -> Actor:
    """An actor by canonical name or alias, ignoring case."""
    wanted = name.strip().lower()
    actor = session.scalar(select(Actor).where(func.lower(Actor.name) == wanted))
    actor = actor or session.scalar(
        select(Actor).join(ActorAlias).where(func.lower(ActorAlias.alias) == wanted)
    )
    if actor is None:
        names = session.scalars(select(Actor.name)).all()
        raise TrackerError(f"no actor {name}{_suggest(name, names)}")
    return actor


def find_region(session: Session, name: str) -> Region:
    """A region by name or ISO code, ignoring case."""
    wanted = name.strip().lower()
    region = session.scalar(
        select(Region).where(
            or_(func.lower(Region.name) == wanted, func.lower(Region.iso_code) == wanted)
        )
    )
    if region is None:
        names = session.scalars(select(Region.name)).all()
        raise TrackerError(f"no region {name}{_suggest(name, names)}")
    return region


def find_commitment(session: Session, commitment_id: str) -> Commitment:
    commitment = session.get(Commitment, commitment_id.strip().lower())
    if commitment is None:
        ids = session.scalars(select(Commitment.id)).all()
        raise TrackerError(f"no commitment {commitment_id}{_suggest(commitment_id.lower(), ids)}")
    return commitment


def _suggest(word: str, candidates: Any) -> str:
    import difflib  # only when something was not found

    close = difflib.get_close_matches(word, list(candidates), n=3, cutoff=0.6)
    return f"; did you mean {', '.join(close)}?" if close else ""


def region_and_descendants(region_id: int) -> Select[Any]:
    return select(region_ancestor.c.region_id).where(region_ancestor.c.ancestor_id == region_id)


def _search(session: Session, words_text: str) -> ColumnElement[bool]:
    """Every word in the quote, the title or a follow-up's note, by full-text search.

    Only the words are kept, so that nothing typed is read as search syntax.
    """
    words = re.findall(r"\w+", words_text)
    if not words:
        raise TrackerError("--search needs at least one word")
    if session.get_bind().dialect.name == "sqlite":
        match = "commitment_search MATCH :word"
        words = [f'"{word}"' for word in words]  # an FTS5 string: one token, no operators
    else:
        match = "document @@ plainto_tsquery('english', :word)"
    return and_(
        *(
            Commitment.id.in_(
                text(f"SELECT commitment_id FROM commitment_search WHERE {match}")
                .bindparams(bindparam("word", word, unique=True))
                .columns(commitment_id=String)
            )
            for word in words
        )
    )


def list_commitments(
    session: Session, filters: Filters, limit: int | None = None, *, links: bool = True
) -> list[CommitmentRecord]:
    return list(iter_commitments(session, filters, limit, links=links))


def iter_commitments(
    session: Session, filters: Filters, limit: int | None = None, *, links: bool = True
) -> Iterator[CommitmentRecord]:
    """As list_commitments, a record at a time: a listing of any length in little memory."""
    return commitment_records(session, list_conditions(session, filters), limit, links=links)


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
            link.append(CommitmentActor.actor_id == find_actor(session, filters.actor).id)
        if filters.role:
            link.append(CommitmentActor.role == filters.role)
        conditions.append(planner.linked(session, CommitmentActor, link))
    if filters.region:
        within = region_and_descendants(find_region(session, filters.region).id)
        conditions.append(
            planner.linked(session, CommitmentRegion, [CommitmentRegion.region_id.in_(within)])
        )
    if filters.search is not None:
        conditions.append(_search(session, filters.search))
    if filters.due_before:
        conditions.append(_due_before(session, filters.due_before))
    if filters.overdue:
        conditions += [
            _due_before(session, today()),
            CommitmentStatus.status.not_in(CLOSED),
        ]
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
    """The commitments that meet ``conditions``, in reading order, with their status."""
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
        )
        .join(Statement, Statement.id == Commitment.statement_id)
        .join(Paragraph, Paragraph.id == Commitment.paragraph_id)
        .join(Sentence, Sentence.id == Commitment.sentence_id)
        .join(CommitmentStatus, CommitmentStatus.commitment_id == Commitment.id)
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
    }
    # The links sit before the note, where JSON has always shown them.
    return cast(CommitmentRecord, head | links | tail)


def show_commitment(session: Session, commitment_id: str) -> CommitmentDetail:
    """One commitment's record, with its paragraph, its place in it and its history."""
    commitment = find_commitment(session, commitment_id)
    [record] = commitment_records(session, [Commitment.id == commitment.id])
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
        "history": follow_up_history(session, commitment.id),
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


def list_excluded(session: Session, statement: str | None) -> list[ExcludedRecord]:
    query = (
        select(Sentence, Paragraph.number, Statement.code)
        .join(Paragraph, Sentence.paragraph_id == Paragraph.id)
        .join(Statement, Sentence.statement_id == Statement.id)
        .where(Sentence.decision == "excluded")
        .order_by(Statement.date, Statement.code, Sentence.start_offset)
    )
    if statement:
        query = query.where(Statement.id == find_statement(session, statement).id)
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


def _history_query() -> AnySelect:
    """Follow-ups as columns, not ORM objects: a long history loads in half the time."""
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
        )
        .outerjoin(Actor, FollowUp.actor_id == Actor.id)
        .outerjoin(correction, correction.corrects_id == FollowUp.id)
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
    }


def follow_up_history(
    session: Session,
    commitment_id: str | None = None,
    since: dt.date | None = None,
    statement: str | None = None,
) -> list[FollowUpRecord]:
    """Follow-ups oldest first (by as-of date, then recording), with corrections."""
    return list(iter_follow_up_history(session, commitment_id, since, statement))


def iter_follow_up_history(
    session: Session,
    commitment_id: str | None = None,
    since: dt.date | None = None,
    statement: str | None = None,
) -> Iterator[FollowUpRecord]:
    """As follow_up_history, a record at a time: a history of any length in little memory."""
    query = _history_query().order_by(FollowUp.as_of, FollowUp.recorded_at, FollowUp.id)
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


def export_records(session: Session, statement: str | None) -> Iterator[ExportRecord]:
    """Each commitment with its current status and all its follow-ups, by id.

    Streams: the follow-ups are read in one ordered pass beside the
    commitments, so memory does not grow with the history.
    """
    commitments = (
        select(Commitment.id, Commitment.title, CommitmentStatus.status, CommitmentStatus.as_of)
        .join(CommitmentStatus)
        .join(Statement)
        .order_by(Statement.date, Statement.code, Commitment.start_offset, Commitment.id)
    )
    follow_ups = (
        _history_query().join(Commitment, Commitment.id == FollowUp.commitment_id).join(Statement)
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
        yield {
            "commitment": commitment_id,
            "title": title,
            "status": status,
            "as_of": as_of,
            "follow_ups": history,
        }


def compliance_scores(session: Session, statement: str | None) -> Scores:
    """The compliance matrix: each actor's latest score on each commitment.

    A cell (a row of the compliance_matrix view) is the score of the newest
    follow-up, by as-of date then recording, that assesses that actor on that
    commitment with a score and that no later follow-up corrects. Averages
    are per commitment, per actor and overall; a percentage is
    (average + 1) / 2 x 100.
    """
    rows = session.execute(scores_query(session, statement)).all()
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


def current_sources(session: Session, statement: str | None) -> dict[str, list[str]]:
    """The evidence behind each current status: the sources of the follow-up that set it.

    Commitments whose status no follow-up has set are left out.
    """
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
    return Table(name, MetaData(), autoload_with=session.connection())


def relation_rows(session: Session, table: Table) -> Iterator[Row[Any]]:
    """Every row of a table or view, by its primary key (a view: by every column)."""
    order = list(table.primary_key.columns) or list(table.columns)
    return iter(session.execute(select(table).order_by(*order).execution_options(yield_per=1000)))
