"""Every read the commands make, as records (tracker.records) ready to print.

The read commands' SQL (listing, show, history, scores, sources, export,
lookups by name) is tracker.reads's, run here on the session's own
connection; time travel (the statuses of another moment, worked out in
Python), the report's reads and the rest are built here.
"""

from __future__ import annotations

import datetime as dt
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
    select,
)
from sqlalchemy.engine import Row
from sqlalchemy.orm import Session, selectinload

from tracker import reads, values
from tracker.clock import today
from tracker.db import reader
from tracker.models import (
    Actor,
    Commitment,
    CommitmentStatus,
    FollowUp,
    Statement,
    latest_actor_follow_up,
)
from tracker.records import (
    ActorRecord,
    ChangeRecord,
    CommitmentDetail,
    CommitmentRecord,
    ExportRecord,
    FollowUpRecord,
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


def find_statement(session: Session, code: str) -> Statement:
    return session.get_one(Statement, reads.statement_id(reader(session), code))


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
    """One commitment's record (see reads.commitment_detail); at a ``moment`` other than
    now, its status then, and the history seen then."""
    record = reads.commitment_detail(reader(session), commitment_id, moment)
    if moment:
        then = past_statuses(session, moment, record["id"]).get(record["id"], NOT_THEN)
        record |= then.fields()  # type: ignore[typeddict-item]
        for repeat in (*record["repeats"], *record["repeated_by"]):  # few, as a rule
            repeat["status"] = status_at(past_statuses(session, moment, repeat["id"]), repeat["id"])
    return record


def status_at(past: dict[str, Past], commitment_id: str) -> str:
    """A commitment's status in past_statuses' answer: not assessed then if it has none."""
    return past.get(commitment_id, NOT_THEN).current.status


def list_restated(
    session: Session, filters: Filters, limit: int | None, moment: Moment
) -> list[RestatedRecord]:
    """reads.restated_among at ``moment``: the links either commitment of which
    ``tracker list`` would list then, with both commitments' statuses then."""
    wanted = None
    if filters != Filters():
        wanted = {r["id"] for r in _commitments_at(session, filters, None, False, moment)}
    found = reads.either_side(reads.restated(reader(session)), wanted, limit)
    past = past_statuses(session, moment)
    for link in found:
        link["earlier_status"] = status_at(past, link["earlier_id"])
        link["later_status"] = status_at(past, link["later_id"])
    return found


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


def follow_up_history(
    session: Session,
    commitment_id: str | None = None,
    since: dt.date | None = None,
    statement: str | None = None,
    *,
    moment: Moment = NOW,
) -> list[FollowUpRecord]:
    """Follow-ups oldest first (by as-of date, then recording), with corrections."""
    found = reader(session)
    conditions = reads.follow_up_conditions(found, commitment_id, since, statement)
    return list(reads.follow_ups(found, conditions, moment))


def export_records(
    session: Session, statement: str | None, moment: Moment = NOW
) -> Iterator[ExportRecord]:
    """reads.export_records at ``moment``: the status then (the statuses are worked out
    first, in memory), and the follow-ups seen then."""
    past = past_statuses(session, moment)
    for record in reads.export_records(reader(session), statement, moment):
        then = past.get(record["commitment"], NOT_THEN)
        record |= {"status": then.current.status, "as_of": then.current.as_of,
                   "as_of_precision": then.as_of_precision}  # fmt: skip
        yield record


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


def list_sources(session: Session, urls: Iterable[str] | None = None) -> list[SourceRecord]:
    """Every source by URL, or those of ``urls`` (see reads.sources)."""
    return reads.sources(reader(session), urls)


def with_member(
    session: Session, records: Iterable[Mapping[str, Any]], member: str
) -> Iterator[dict[str, Any]]:
    """Commitment records with one member's newest assessment of each (see reads.with_member)."""
    return reads.with_member(reader(session), records, member)


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