"""Every read the commands make, as records (plain dicts) ready to print."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from statistics import mean
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    bindparam,
    exists,
    func,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from tracker.clock import today
from tracker.errors import TrackerError
from tracker.models import (
    Actor,
    ActorAlias,
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
)

# Statuses that close a commitment: it is no longer overdue.
CLOSED = ("achieved", "no_longer_applicable")


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


def list_commitments(session: Session, filters: Filters) -> list[dict[str, Any]]:
    query = (
        select(Commitment, CommitmentStatus)
        .join(Statement)
        .join(CommitmentStatus)
        .order_by(Statement.date, Statement.code, Commitment.start_offset)
    )
    if filters.statement:
        query = query.where(
            Commitment.statement_id == find_statement(session, filters.statement).id
        )
    if filters.status:
        query = query.where(CommitmentStatus.status == filters.status)
    if filters.theme:
        query = query.where(Commitment.theme == filters.theme)
    if filters.type:
        query = query.where(Commitment.type == filters.type)
    if filters.actor or filters.role:
        link = [CommitmentActor.commitment_id == Commitment.id]
        if filters.actor:
            link.append(CommitmentActor.actor_id == find_actor(session, filters.actor).id)
        if filters.role:
            link.append(CommitmentActor.role == filters.role)
        query = query.where(exists().where(and_(*link)))
    if filters.region:
        within = region_and_descendants(find_region(session, filters.region).id)
        query = query.where(
            exists().where(
                CommitmentRegion.commitment_id == Commitment.id,
                CommitmentRegion.region_id.in_(within),
            )
        )
    if filters.search is not None:
        query = query.where(_search(session, filters.search))
    if filters.due_before:
        query = query.where(Commitment.deadline < filters.due_before)
    if filters.overdue:
        query = query.where(Commitment.deadline < today(), CommitmentStatus.status.not_in(CLOSED))
    if filters.stale is not None:
        since = today() - dt.timedelta(days=filters.stale)
        query = query.where(
            func.coalesce(CommitmentStatus.last_follow_up_on, Statement.date) < since
        )
    rows = session.execute(query.options(*_record_options())).all()
    return [commitment_record(c, status) for c, status in rows]


def _record_options() -> list[Any]:
    return [
        joinedload(Commitment.statement),
        joinedload(Commitment.paragraph),
        joinedload(Commitment.sentence),
        selectinload(Commitment.catalysts),
        selectinload(Commitment.actor_links).joinedload(CommitmentActor.actor),
        selectinload(Commitment.region_links)
        .joinedload(CommitmentRegion.region)
        .joinedload(Region.parent),
    ]


def commitment_record(c: Commitment, status: CommitmentStatus) -> dict[str, Any]:
    return {
        "id": c.id,
        "statement": c.statement.code,
        "paragraph": c.paragraph.number,
        "sentence": c.sentence.position,
        "offsets": [c.start_offset, c.end_offset],
        "text": c.quote,
        "title": c.title,
        "type": c.type,
        "binding": c.binding,
        "theme": c.theme,
        "deadline": c.deadline,
        "actors": [{"name": link.actor.name, "role": link.role} for link in c.actor_links],
        "regions": [
            {
                "name": link.region.name,
                "code": link.region.iso_code,
                "parent": link.region.parent.name if link.region.parent else None,
            }
            for link in c.region_links
        ],
        "catalysts": [{"kind": k.kind, "text": k.text} for k in c.catalysts],
        "note": c.note,
        "status": status.status,
        "as_of": status.as_of,
        "last_follow_up_on": status.last_follow_up_on,
    }


def show_commitment(session: Session, commitment_id: str) -> dict[str, Any]:
    """One commitment's record, with its paragraph, its place in it and its history."""
    commitment = find_commitment(session, commitment_id)
    status = session.get_one(CommitmentStatus, commitment.id)
    record = commitment_record(commitment, status)
    paragraph = commitment.paragraph
    record["statement_title"] = commitment.statement.title
    record["statement_date"] = commitment.statement.date
    record["paragraph_text"] = paragraph.text
    record["quote_in_paragraph"] = [
        commitment.start_offset - paragraph.start_offset,
        commitment.end_offset - paragraph.start_offset,
    ]
    record["history"] = follow_up_history(session, commitment.id)
    return record


def list_excluded(session: Session, statement: str | None) -> list[dict[str, Any]]:
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


def _history_query() -> Select[Any]:
    correction = aliased(FollowUp)
    return (
        select(FollowUp, Actor.name, correction.id)
        .outerjoin(Actor, FollowUp.actor_id == Actor.id)
        .outerjoin(correction, correction.corrects_id == FollowUp.id)
    )


def follow_up_record(f: FollowUp, actor: str | None, corrected_by: int | None) -> dict[str, Any]:
    return {
        "id": f.id,
        "commitment": f.commitment_id,
        "actor": actor,
        "status": f.status,
        "score": f.score,
        "as_of": f.as_of,
        "sources": list(f.sources),
        "note": f.note,
        "assessor": f.assessor,
        "recorded_at": f.recorded_at.isoformat(sep=" ", timespec="microseconds"),
        "corrects": f.corrects_id,
        "corrected_by": corrected_by,
    }


def follow_up_history(
    session: Session, commitment_id: str | None = None, since: dt.date | None = None
) -> list[dict[str, Any]]:
    """Follow-ups oldest first (by as-of date, then recording), with corrections."""
    query = _history_query().order_by(FollowUp.as_of, FollowUp.recorded_at, FollowUp.id)
    if commitment_id is not None:
        query = query.where(FollowUp.commitment_id == find_commitment(session, commitment_id).id)
    if since is not None:
        query = query.where(FollowUp.as_of >= since)
    return [follow_up_record(*row) for row in session.execute(query)]


def export_records(session: Session, statement: str | None) -> Iterator[dict[str, Any]]:
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
        follow_up_record(*row)
        for row in session.execute(follow_ups.execution_options(yield_per=2000))
    )
    upcoming = next(pending, None)
    for commitment_id, title, status, as_of in rows:
        history = []
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


def compliance_scores(session: Session, statement: str | None) -> dict[str, Any]:
    """The compliance matrix: each actor's latest score on each commitment.

    A cell (a row of the compliance_matrix view) is the score of the newest
    follow-up, by as-of date then recording, that assesses that actor on that
    commitment with a score and that no later follow-up corrects. Averages
    are per commitment, per actor and overall; a percentage is
    (average + 1) / 2 x 100.
    """
    matrix = compliance_matrix.c
    query = (
        select(Commitment.id, Commitment.title, matrix.actor, matrix.country_code, matrix.score)
        .join(compliance_matrix, matrix.commitment_id == Commitment.id)
        .join(Statement)
        .order_by(Statement.date, Statement.code, Commitment.start_offset, matrix.actor)
    )
    if statement:
        query = query.where(Commitment.statement_id == find_statement(session, statement).id)
    rows = session.execute(query).all()
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
    return {
        "statement": statement,
        "actors": names,
        "commitments": list(commitments.values()),
        "actor_averages": per_actor,
        "overall": _average(every),
    }


def _average(scores: list[int]) -> dict[str, Any]:
    if not scores:
        return {"count": 0, "average": None, "percent": None}
    average = mean(scores)
    return {
        "count": len(scores),
        "average": round(average, 3),
        "percent": round((average + 1) / 2 * 100, 1),
    }


def list_actors(session: Session) -> list[dict[str, Any]]:
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


def statement_headers(session: Session, statement: str | None) -> list[dict[str, Any]]:
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
    return [dict(row._mapping) for row in session.execute(query)]


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
