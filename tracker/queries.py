"""Every read the commands make, as records (plain dicts) ready to print."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased, joinedload, selectinload

from tracker.errors import TrackerError
from tracker.models import (
    Actor,
    ActorAlias,
    Commitment,
    CommitmentActor,
    CommitmentRegion,
    FollowUp,
    Paragraph,
    Region,
    Sentence,
    Statement,
)


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


def latest_follow_ups() -> Select[Any]:
    """The current collective follow-up of each commitment that has one.

    The newest by as-of date, then by recording time, leaving out follow-ups
    that a later one corrects and per-actor assessments.
    """
    correction = aliased(FollowUp)
    ranked = (
        select(
            FollowUp.commitment_id,
            FollowUp.id.label("follow_up_id"),
            FollowUp.status,
            FollowUp.as_of,
            func.row_number()
            .over(
                partition_by=FollowUp.commitment_id,
                order_by=(FollowUp.as_of.desc(), FollowUp.recorded_at.desc(), FollowUp.id.desc()),
            )
            .label("rank"),
        )
        .where(
            FollowUp.actor_id.is_(None),
            ~exists().where(correction.corrects_id == FollowUp.id),
        )
        .subquery()
    )
    return select(
        ranked.c.commitment_id, ranked.c.follow_up_id, ranked.c.status, ranked.c.as_of
    ).where(ranked.c.rank == 1)


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
    tree = select(Region.id).where(Region.id == region_id).cte("region_tree", recursive=True)
    tree = tree.union_all(select(Region.id).where(Region.parent_id == tree.c.id))
    return select(tree.c.id)


def list_commitments(session: Session, filters: Filters) -> list[dict[str, Any]]:
    latest = latest_follow_ups().subquery()
    query = (
        select(Commitment, latest.c.status, latest.c.as_of)
        .join(Statement)
        .outerjoin(latest, latest.c.commitment_id == Commitment.id)
        .order_by(Statement.date, Statement.code, Commitment.start_offset)
    )
    if filters.statement:
        query = query.where(
            Commitment.statement_id == find_statement(session, filters.statement).id
        )
    if filters.status:
        current = func.coalesce(latest.c.status, "not_assessed")
        query = query.where(current == filters.status)
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
    rows = session.execute(query.options(*_record_options())).all()
    return [commitment_record(c, status, as_of) for c, status, as_of in rows]


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


def commitment_record(c: Commitment, status: str | None, as_of: Any) -> dict[str, Any]:
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
        "status": status or "not_assessed",
        "as_of": as_of,
    }


def show_commitment(session: Session, commitment_id: str) -> dict[str, Any]:
    """One commitment's record, with its paragraph and its place in it."""
    commitment = find_commitment(session, commitment_id)
    latest = latest_follow_ups().subquery()
    current = select(latest.c.status, latest.c.as_of).where(latest.c.commitment_id == commitment.id)
    status, as_of = session.execute(current).first() or (None, None)
    record = commitment_record(commitment, status, as_of)
    paragraph = commitment.paragraph
    record["statement_title"] = commitment.statement.title
    record["statement_date"] = commitment.statement.date
    record["paragraph_text"] = paragraph.text
    record["quote_in_paragraph"] = [
        commitment.start_offset - paragraph.start_offset,
        commitment.end_offset - paragraph.start_offset,
    ]
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
