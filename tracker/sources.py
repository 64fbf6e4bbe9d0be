"""Record sources: the evidence follow-ups cite, with what a reviewer asks of it.

A source is known by its URL. `follow-up add --source URL` makes an unknown
URL a source with nothing else known (a database trigger does it, so that
any writer does); `tracker source add` gives or completes its title,
publisher, dates, archived copy and local file.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker import inputs, values
from tracker.errors import TrackerError
from tracker.models import Source, SourceFile

MAX_TITLE = 500


def _text(what: str, value: str | None, limit: int) -> str | None:
    if value is None:
        return None
    try:
        return values.text(value, limit, one_line=True).strip()
    except values.ValueProblem as exc:
        raise TrackerError(f"a source's {what}: {exc}") from None


def _url(what: str, value: str) -> str:
    try:
        return values.http_url(value)
    except values.ValueProblem as exc:
        raise TrackerError(f"a source's {what}: {exc}") from None


def _read_file(path: Path) -> bytes:
    limit = values.MAX_SOURCE_FILE
    try:
        return inputs.read_limited(path, limit)
    except TrackerError as exc:
        if "limit" not in exc.message:
            raise
        raise TrackerError(
            f"a source's file is at most {limit:,} bytes (10 MiB): {path.name} is larger;"
            " keep a smaller copy, or give --archived URL instead"
        ) from None


def add_source(
    session: Session,
    url: str,
    *,
    title: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    consulted_on: str | None = None,
    archived_url: str | None = None,
    file: Path | None = None,
    copy: tuple[str, bytes] | None = None,
) -> tuple[Source, bool]:
    """Add a source, or complete a known one; return it and whether it was new.

    A value already known is never overwritten by a different one: the
    follow-ups citing the source were recorded against what it said.
    """
    fields: dict[str, Any] = {
        "title": _text("title", title, MAX_TITLE),
        "publisher": _text("publisher", publisher, values.MAX_NAME),
        "archived_url": _url("archived copy", archived_url) if archived_url else None,
    }
    if published is not None:
        try:
            fields["published"], fields["published_precision"] = values.imprecise_date(published)
        except values.ValueProblem as exc:
            raise TrackerError(f"a source's publication date: {exc}") from None
    if consulted_on is not None:
        try:
            fields["consulted_on"] = values.date(consulted_on)
        except values.ValueProblem as exc:
            raise TrackerError(f"the day a source was consulted: {exc}") from None
    if file is not None:
        copy = (file.name, _read_file(file))
    if copy is not None and len(copy[1]) > values.MAX_SOURCE_FILE:
        raise TrackerError(f"a source's file is at most {values.MAX_SOURCE_FILE:,} bytes (10 MiB)")
    source = session.scalar(select(Source).where(Source.url == _url("URL", url)))
    new = source is None
    if source is None:
        source = Source(url=url)
        session.add(source)
    for key, value in fields.items():
        if value is None:
            continue
        known = getattr(source, key)
        if known is not None and known != value:
            raise TrackerError(f"source {url} already has a {key.replace('_', ' ')}: {known}")
        setattr(source, key, value)
    session.flush()
    if copy is not None:
        if session.get(SourceFile, source.id) is not None:
            raise TrackerError(f"source {url} already has a file")
        name = _text("file name", copy[0], 255) or "file"
        content = copy[1]
        session.add(
            SourceFile(
                source_id=source.id,
                name=name,
                content=content,
                sha256=hashlib.sha256(content).hexdigest(),
            )
        )
        session.flush()
    return source, new


def recreate(session: Session, item: Any) -> None:
    """Recreate a source as `tracker export` wrote it (its file base64-encoded)."""
    if not isinstance(item, dict) or not isinstance(item.get("url"), str):
        raise TrackerError("a source must be an object with a url")
    unknown = set(item) - {
        "url", "title", "publisher", "published", "consulted_on", "archived_url", "file",
    }  # fmt: skip
    if unknown:
        raise TrackerError(f"a source has an unknown field {sorted(unknown)[0]!r}")
    for key in ("title", "publisher", "published", "consulted_on", "archived_url"):
        if item.get(key) is not None and not isinstance(item[key], str):
            raise TrackerError(f"a source's {key} must be text")
    copy = None
    if item.get("file") is not None:
        file = item["file"]
        if not isinstance(file, dict) or not all(
            isinstance(file.get(k), str) for k in ("name", "sha256", "base64")
        ):
            raise TrackerError("a source's file must be an object with name, sha256 and base64")
        if len(file["base64"]) > values.MAX_SOURCE_FILE * 4 // 3 + 4:
            raise TrackerError(f"a source's file is at most {values.MAX_SOURCE_FILE:,} bytes")
        try:
            content = base64.b64decode(file["base64"], validate=True)
        except ValueError:
            raise TrackerError("a source's file is not valid base64") from None
        if hashlib.sha256(content).hexdigest() != file["sha256"]:
            raise TrackerError(f"the file of source {item['url']} does not match its sha256")
        copy = (file["name"], content)
    add_source(
        session,
        item["url"],
        title=item.get("title"),
        publisher=item.get("publisher"),
        published=item.get("published"),
        consulted_on=item.get("consulted_on"),
        archived_url=item.get("archived_url"),
        copy=copy,
    )
