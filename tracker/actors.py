"""Add actors that statements do not name, such as the members assessed one by one."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from tracker import values, vocab
from tracker.errors import TrackerError
from tracker.models import Actor, ActorAlias
from tracker.places import country_code


def add_actor(
    session: Session, name: str, kind: str, country: str | None, aliases: list[str]
) -> Actor:
    name = name.strip()
    names = [name, *(a.strip() for a in aliases)]
    for label in names:
        try:
            values.text(label, values.MAX_NAME, one_line=True)
        except values.ValueProblem as exc:
            raise TrackerError(f"an actor's name or alias {label!r}: {exc}") from None
    if kind not in vocab.ACTOR_KINDS:
        raise TrackerError(f"{kind!r} is not one of {', '.join(vocab.ACTOR_KINDS)}")
    code = None
    if country:
        try:
            code = country_code(country)
        except LookupError:
            raise TrackerError(
                f"no country is called {country!r} (pycountry, countryinfo)"
            ) from None
    lowered = [n.lower() for n in names]
    if len(set(lowered)) < len(lowered):
        raise TrackerError("the name and aliases must be different")
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


def recreate(session: Session, item: Any) -> None:
    """Recreate an actor as `tracker export` wrote it; one already there must agree."""
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        raise TrackerError("an actor must be an object with a name")
    kind, code, aliases = item.get("kind"), item.get("country_code"), item.get("aliases") or []
    if not isinstance(kind, str) or (code is not None and not isinstance(code, str)):
        raise TrackerError(f"actor {item['name']!r}: kind and country_code must be text")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise TrackerError(f"actor {item['name']!r}: aliases must be a list of names")
    known = session.scalar(select(Actor).where(Actor.name == item["name"]))
    if known is not None:
        if (known.kind, known.country_code) != (kind, code):
            raise TrackerError(
                f"actor {item['name']!r} is already here, as another kind or country"
            )
        return
    add_actor(session, item["name"], kind, code, aliases)
