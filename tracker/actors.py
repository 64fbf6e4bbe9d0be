"""Add actors that statements do not name, such as the members assessed one by one."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import vocab
from tracker.errors import TrackerError
from tracker.models import Actor, ActorAlias
from tracker.places import country_code
from tracker.text import one_line, one_line_problem


def add_actor(
    session: Session, name: str, kind: str, country: str | None, aliases: list[str]
) -> Actor:
    name = name.strip()
    if not name or len(name) > 200:
        raise TrackerError("an actor's name is one to 200 characters of text")
    for label in [name, *aliases, *([country] if country else [])]:
        problem = one_line_problem(label)
        if problem:
            raise TrackerError(f"{one_line(label)!r} {problem}")
    if kind not in vocab.ACTOR_KINDS:
        raise TrackerError(f"{kind!r} is not one of {', '.join(vocab.ACTOR_KINDS)}")
    code = None
    if country:
        try:
            code = country_code(country)
        except LookupError:
            raise TrackerError(f"pycountry knows no country called {country!r}") from None
    names = [name, *(a.strip() for a in aliases)]
    lowered = [n.lower() for n in names]
    if len(set(lowered)) < len(lowered) or not all(names):
        raise TrackerError("the name and aliases must be different and not empty")
    taken = session.scalar(
        select(Actor.name).where(func.lower(Actor.name).in_(lowered))
    ) or session.scalar(select(ActorAlias.alias).where(func.lower(ActorAlias.alias).in_(lowered)))
    if taken:
        raise TrackerError(f"{taken!r} already names an actor")
    actor = Actor(name=name, kind=kind, country_code=code)
    actor.aliases = [ActorAlias(alias=a) for a in names[1:]]
    session.add(actor)
    session.flush()
    return actor
