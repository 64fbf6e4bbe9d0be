"""Which database the commands use, and how to connect to it.

The location comes from ``--db``, else ``TRACKER_DB``, else ``./tracker.db``.
A plain path is a SQLite file; anything with ``://`` is a SQLAlchemy URL,
such as ``postgresql+psycopg://user@host/name``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, delete, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from tracker.errors import TrackerError
from tracker.models import BulkLoad

# The newest migration; a test holds it equal to Alembic's head, so that
# commands can check a database without importing Alembic.
SCHEMA_REVISION = "0006"
ENV_VAR = "TRACKER_DB"
DEFAULT_PATH = "tracker.db"
BUSY_TIMEOUT_MS = 30_000


def resolve_url(value: str | None = None) -> URL:
    """The URL for ``value``, ``$TRACKER_DB`` or the default file."""
    value = value or os.environ.get(ENV_VAR) or DEFAULT_PATH
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))
    try:
        return make_url(value)
    except ArgumentError as exc:
        raise TrackerError(f"not a database URL: {value}") from exc


def describe(url: URL) -> str:
    """The file of a SQLite URL, else the URL without its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL; None for other databases and memory."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def make_engine(url: URL, *, foreign_keys: bool = True) -> Engine:
    """An engine; on SQLite every connection gets the project's pragmas.

    ``foreign_keys=False`` is for migrations only: SQLite rebuilds a table
    to alter it, which foreign keys would block midway. They are checked
    when the migration ends (see migrations/env.py).
    """
    try:
        engine = create_engine(url)
    except (ArgumentError, ImportError) as exc:
        raise TrackerError(f"cannot use {describe(url)}: {exc}") from exc
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys)
    return engine


def _configure_sqlite(engine: Engine, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below emit BEGIN itself: the
        # sqlite3 module's own implicit transactions do not cover DDL and
        # cannot take the write lock up front.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # A page cache of 64 MB rather than SQLite's 2 MB: a large database is
        # read far faster, and a small one uses no more memory than it needs.
        cursor.execute("PRAGMA cache_size = -65536")
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode = WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection):  # type: ignore[no-untyped-def]
        # A writer takes the lock when it begins, so it waits for another
        # writer (busy timeout) instead of failing at its first write.
        writes = connection.get_execution_options().get("tracker_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writes else "BEGIN")


def open_engine(url: URL, *, create: bool = False, check_schema: bool = True) -> Engine:
    """An engine for an existing database (or a new one when ``create``).

    Unless told not to, it first checks that the database's schema is the
    one this version of tracker writes, and says what to do if not.
    """
    path = sqlite_path(url)
    if path is not None and not create and not path.exists():
        raise TrackerError(f"no database at {path}; run `tracker init` to create it")
    if path is not None and create:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url)
    if check_schema and not create:
        try:
            _check_schema(engine)
        except TrackerError:
            engine.dispose()
            raise
    return engine


def _check_schema(engine: Engine) -> None:
    with database_errors(), engine.connect() as connection:
        try:
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
        except DBAPIError:
            revision = None
    where = describe(engine.url)
    if revision is None:
        raise TrackerError(f"{where} holds no tracker schema; run `tracker init`")
    if revision != SCHEMA_REVISION:
        raise TrackerError(
            f"{where} is at schema revision {revision} and this tracker needs"
            f" {SCHEMA_REVISION}: run `tracker db upgrade` (after a backup)"
            if revision < SCHEMA_REVISION
            else f"{where} is at schema revision {revision}, newer than this tracker"
            f" ({SCHEMA_REVISION}): upgrade tracker"
        )


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn an error the database raised into a one-line TrackerError."""
    try:
        yield
    except DBAPIError as exc:
        lines = str(exc.orig).strip().splitlines() or [type(exc.orig).__name__]
        raise TrackerError(f"the database refused: {lines[0]}") from exc


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """A session in one transaction: committed on success, else rolled back."""
    bind = engine.execution_options(tracker_write=True) if write else engine
    try:
        with database_errors(), Session(bind) as session, session.begin():
            yield session
    except ValueError as exc:  # a date or time an older schema let in
        raise _unreadable(engine, exc) from exc
    except TrackerError as exc:
        if isinstance(exc.__cause__, DBAPIError) and "decode" in str(exc):
            raise _unreadable(engine, exc) from exc
        raise


def _unreadable(engine: Engine, exc: Exception) -> Exception:
    """A one-line error naming the row that could not be read, if one is found."""
    from tracker import verify

    finding = verify.first_unreadable(engine)
    if finding is None:
        return exc
    return TrackerError(f"cannot read {finding}; `tracker db verify` lists every such row")


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """Defer the upkeep triggers to the end of a load of many follow-ups.

    The protocol, and the only code that touches its tables: while a row is
    in ``bulk_load``, each new follow-up only lists its commitment in
    ``bulk_load_pending`` (and its note in ``bulk_load_pending_note``);
    deleting the row brings every listed status and search entry up to date
    at once (migrations 0002 and 0005). A row some interrupted tool left
    behind is deleted, and so caught up, first. If the block raises, nothing
    is caught up: the caller's transaction must roll back, row and all.
    """
    session.execute(delete(BulkLoad))
    session.add(BulkLoad(id=1))
    session.flush()
    yield
    session.execute(delete(BulkLoad))
