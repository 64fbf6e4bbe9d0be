"""Write checked annotations to the database; ``tracker init`` seeds.

Loading is a sync keyed on natural keys (statement code, paragraph
number, sentence position, commitment id), so loading the same file twice
changes nothing and a corrected annotation updates rows in place.
Follow-ups are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from tracker import db, migrate, queries, repeats
from tracker.annotation import Annotation, read_annotation
from tracker.errors import TrackerError
from tracker.models import (
    Actor,
    ActorAlias,
    Catalyst,
    Commitment,
    CommitmentActor,
    CommitmentLink,
    CommitmentRegion,
    FollowUp,
    Paragraph,
    Region,
    Sentence,
    Statement,
)

SEEDS = Path(str(files("tracker.seeds")))


@dataclass
class LoadResult:
    code: str
    outcome: str  # "loaded", "updated" or "unchanged"
    commitments: int
    excluded: int
    repeats: int = 0  # links to earlier commitments

    def __str__(self) -> str:
        counts = f"{self.commitments} commitments, {self.excluded} excluded sentences"
        if self.repeats:
            counts += f", {self.repeats} repeating earlier ones"
        if self.outcome == "unchanged":
            return f"{self.code}: already loaded, nothing changed ({counts})"
        return f"{self.code}: {self.outcome} ({counts})"


def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.yaml"))


def init(engine: Engine) -> list[LoadResult]:
    """Upgrade the schema to the newest revision, then load every seed."""
    annotations = [read_annotation(path) for path in seed_files()]
    migrate.upgrade(engine)
    with db.transaction(engine, write=True) as session:
        return [store(session, annotation) for annotation in annotations]


def load(engine: Engine, path: Path, *, accept_drafts: bool = False) -> LoadResult:
    """Load one annotation file as a new statement (``tracker load``)."""
    annotation = read_annotation(path, accept_drafts=accept_drafts)
    with db.transaction(engine, write=True) as session:
        if session.scalar(select(Statement.id).where(Statement.code == annotation.code)):
            raise TrackerError(f"statement {annotation.code} is already loaded")
        return store(session, annotation)


def store(session: Session, a: Annotation, *, links: bool = True) -> LoadResult:
    """Write ``a``; ``links=False`` leaves out the links to earlier commitments, for a
    schema older than revision 0008 (tests/fixtures/make.py fills those)."""
    excluded = sum(1 for s in a.sentences if s.exclusion_reason)
    statement = session.scalar(select(Statement).where(Statement.code == a.code))
    outcome = "loaded" if statement is None else "updated"
    if statement is not None:
        if statement.annotation_sha256 == a.annotation_sha256:
            return LoadResult(a.code, "unchanged", len(a.commitments), excluded)
        if statement.sha256 != a.sha256:
            raise TrackerError(f"statement {a.code} is already loaded with a different text")
    else:
        statement = Statement(code=a.code, text=a.text, sha256=a.sha256)
        session.add(statement)
    statement.title, statement.issuer, statement.place = a.title, a.issuer, a.place
    statement.date, statement.source_url = a.date, a.source_url
    statement.annotation_sha256 = a.annotation_sha256
    session.flush()
    _check_commitment_ids(session, a, statement.id)
    actors = _store_actors(session, a)
    regions = _store_regions(session, a)
    sentences = _store_text(session, a, statement)
    if links:
        _unlink(session, a, statement.id)
    _store_commitments(session, a, statement.id, sentences, actors, regions)
    _remove_stale_text(session, a, statement.id, sentences)
    repeating = _store_links(session, a) if links else 0
    return LoadResult(a.code, outcome, len(a.commitments), excluded, repeating)


def _check_commitment_ids(session: Session, a: Annotation, statement_id: int) -> None:
    ids = [c.id for c in a.commitments]
    clash = session.scalar(
        select(Commitment.id).where(Commitment.id.in_(ids), Commitment.statement_id != statement_id)
    )
    if clash:
        raise TrackerError(f"commitment id {clash} already belongs to another statement")
    dropped = select(Commitment.id).where(
        Commitment.statement_id == statement_id, Commitment.id.not_in(ids)
    )
    followed = session.scalar(
        select(FollowUp.commitment_id).where(FollowUp.commitment_id.in_(dropped))
    )
    if followed:
        raise TrackerError(
            f"commitment {followed} has follow-ups but is no longer in {a.path.name}"
        )


def _store_actors(session: Session, a: Annotation) -> dict[str, int]:
    known = {actor.name: actor for actor in session.scalars(select(Actor))}
    owners = dict(session.execute(select(ActorAlias.alias, ActorAlias.actor_id)).all())
    for entry in a.actors:
        actor = known.get(entry.name)
        if actor is None:
            actor = known[entry.name] = Actor(name=entry.name)
            session.add(actor)
        elif (actor.kind, actor.country_code) != (entry.kind, entry.country_code):
            raise TrackerError(
                f"actor {entry.name} is already known as {actor.kind}"
                f" ({actor.country_code or 'no country'}); the annotation disagrees"
            )
        actor.kind, actor.country_code = entry.kind, entry.country_code
        session.flush()
        for alias in entry.aliases:
            owner = owners.get(alias)
            if owner is None:
                session.add(ActorAlias(actor_id=actor.id, alias=alias))
                owners[alias] = actor.id
            elif owner != actor.id:
                raise TrackerError(f"the alias {alias!r} already names another actor")
    session.flush()
    return {name: actor.id for name, actor in known.items()}


def _store_regions(session: Session, a: Annotation) -> dict[str, int]:
    known = {region.name: region for region in session.scalars(select(Region))}
    for entry in a.regions:  # parents come first (the annotation checks)
        parent_id = known[entry.parent].id if entry.parent else None
        region = known.get(entry.name)
        if region is None:
            region = known[entry.name] = Region(name=entry.name)
            session.add(region)
        elif (region.kind, region.iso_code, region.parent_id) != (
            entry.kind,
            entry.iso_code,
            parent_id,
        ):
            raise TrackerError(f"region {entry.name} is already known differently")
        region.kind, region.iso_code, region.parent_id = entry.kind, entry.iso_code, parent_id
        session.flush()
    return {name: region.id for name, region in known.items()}


def _store_text(
    session: Session, a: Annotation, statement: Statement
) -> dict[tuple[int, int], Sentence]:
    """Paragraphs and sentences, keyed by (paragraph number, position)."""
    paragraphs = {p.number: p for p in statement.paragraphs}
    for paragraph_entry in a.paragraphs:
        paragraph = paragraphs.get(paragraph_entry.number)
        if paragraph is None:
            paragraph = paragraphs[paragraph_entry.number] = Paragraph(
                statement_id=statement.id, number=paragraph_entry.number
            )
            session.add(paragraph)
        paragraph.start_offset, paragraph.end_offset = paragraph_entry.start, paragraph_entry.end
        paragraph.text = a.text[paragraph_entry.start : paragraph_entry.end]
    session.flush()
    sentences = {
        (s.paragraph.number, s.position): s
        for s in session.scalars(select(Sentence).where(Sentence.statement_id == statement.id))
    }
    for entry in a.sentences:
        sentence = sentences.get((entry.paragraph, entry.position))
        if sentence is None:
            sentence = sentences[(entry.paragraph, entry.position)] = Sentence(
                statement_id=statement.id,
                paragraph_id=paragraphs[entry.paragraph].id,
                position=entry.position,
            )
            session.add(sentence)
        sentence.start_offset, sentence.end_offset, sentence.text = (
            entry.start,
            entry.end,
            entry.text,
        )
        sentence.decision = "excluded" if entry.exclusion_reason else "commitment"
        sentence.exclusion_reason, sentence.note = entry.exclusion_reason, entry.note
    session.flush()
    return sentences


def _store_commitments(
    session: Session,
    a: Annotation,
    statement_id: int,
    sentences: dict[tuple[int, int], Sentence],
    actors: dict[str, int],
    regions: dict[str, int],
) -> None:
    ours = select(Commitment.id).where(Commitment.statement_id == statement_id)
    for link in (Catalyst, CommitmentActor, CommitmentRegion):
        session.execute(delete(link).where(link.commitment_id.in_(ours)))
    wanted = {c.id for c in a.commitments}
    session.execute(
        delete(Commitment).where(
            Commitment.statement_id == statement_id, Commitment.id.not_in(wanted)
        )
    )
    existing = {c.id: c for c in session.scalars(ours.with_only_columns(Commitment))}
    for sentence_entry in a.sentences:
        sentence = sentences[(sentence_entry.paragraph, sentence_entry.position)]
        for entry in sentence_entry.commitments:
            commitment = existing.get(entry.id) or Commitment(id=entry.id)
            session.add(commitment)
            commitment.statement_id = statement_id
            commitment.paragraph_id, commitment.sentence_id = sentence.paragraph_id, sentence.id
            commitment.start_offset, commitment.end_offset = entry.start, entry.end
            commitment.quote, commitment.title, commitment.note = (
                entry.quote,
                entry.title,
                entry.note,
            )
            commitment.type, commitment.binding = entry.type, entry.binding
            commitment.theme, commitment.deadline = entry.theme, entry.deadline
            session.flush()
            session.add_all(
                Catalyst(commitment_id=entry.id, kind=k, text=t) for k, t in entry.catalysts
            )
            session.add_all(
                CommitmentActor(
                    commitment_id=entry.id, actor_id=actors[name], role=role, position=i
                )
                for i, (role, name) in enumerate(entry.actors, start=1)
            )
            session.add_all(
                CommitmentRegion(commitment_id=entry.id, region_id=regions[name], position=i)
                for i, name in enumerate(entry.regions, start=1)
            )


def _unlink(session: Session, a: Annotation, statement_id: int) -> None:
    """Drop this statement's links to earlier commitments: the ones its load stores afresh.

    Later statements' links to its commitments are theirs (found by their load, or kept
    by their reviewer): a commitment they name cannot be dropped.
    """
    ours = select(Commitment.id).where(Commitment.statement_id == statement_id)
    dropped = ours.where(Commitment.id.not_in([c.id for c in a.commitments]))
    repeated = session.execute(
        select(CommitmentLink.earlier_id, CommitmentLink.later_id)
        .where(CommitmentLink.earlier_id.in_(dropped))
        .order_by(CommitmentLink.earlier_id, CommitmentLink.later_id)
    ).first()
    if repeated:
        raise TrackerError(
            f"commitment {repeated.earlier_id} is repeated by {repeated.later_id} but is no"
            f" longer in {a.path.name}"
        )
    session.execute(delete(CommitmentLink).where(CommitmentLink.later_id.in_(ours)))


def _store_links(session: Session, a: Annotation) -> int:
    """The links to earlier commitments: as the annotation lists them, else found anew."""
    if a.repeats_listed:
        earlier = {e.id: e for e in queries.earlier_commitments(session, a.date)}
        links = []
        for commitment in a.commitments:
            for entry in commitment.repeats:
                if entry.earlier_id not in earlier:
                    raise TrackerError(
                        f"{commitment.id} repeats {entry.earlier_id}, which is no commitment"
                        f" of a statement dated before {a.date}"
                    )
                links.append(
                    repeats.Link(entry.earlier_id, commitment.id, entry.kind, entry.score)
                )
    else:
        links = repeats.find(
            ((c.id, c.quote) for c in a.commitments),
            a.date,
            queries.earlier_commitments(session, a.date),
        )
    session.add_all(
        CommitmentLink(earlier_id=k.earlier_id, later_id=k.later_id, kind=k.kind, score=k.score)
        for k in links
    )
    session.flush()
    return len(links)


def _remove_stale_text(
    session: Session, a: Annotation, statement_id: int, sentences: dict[tuple[int, int], Sentence]
) -> None:
    """Drop the sentences and paragraphs a corrected annotation no longer has."""
    keys = {(s.paragraph, s.position) for s in a.sentences}
    for key, sentence in sentences.items():
        if key not in keys:
            session.delete(sentence)
    session.flush()
    numbers = [p.number for p in a.paragraphs]
    session.execute(
        delete(Paragraph).where(
            Paragraph.statement_id == statement_id, Paragraph.number.not_in(numbers)
        )
    )
