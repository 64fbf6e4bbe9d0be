"""Which database the commands use, and how to connect to it.

The location comes from ``--db``, else ``TRACKER_DB``, else ``./tracker.db``.
A plain path is a SQLite file; anything with ``://`` is a SQLAlchemy URL,
such as ``postgresql+psycopg://user@host/name``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, delete, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.orm import Session

from tracker import driver
from tracker.errors import TrackerError
from tracker.models import BulkLoad

# The schema revision, location and SQLite settings are tracker.driver's,
# which the read commands use without SQLAlchemy.
ENV_VAR, DEFAULT_PATH = driver.ENV_VAR, driver.DEFAULT_PATH
SCHEMA_REVISION = driver.SCHEMA_REVISION
BUSY_TIMEOUT_MS = driver.BUSY_TIMEOUT_MS
SQLITE_PRAGMAS = driver.SQLITE_PRAGMAS
WAIT_SECONDS = BUSY_TIMEOUT_MS // 1000  # for the write lock, unless told otherwise
# A writer that finds the lock taken says so after this long, then waits on.
QUIET_WAIT_MS = 1_000
LOCK_NOT_AVAILABLE = "55P03"  # PostgreSQL's SQLSTATE when lock_timeout ends a wait
Note = Callable[[str], None]


def resolve_url(value: str | None = None) -> URL:
    """The URL for ``value``, ``$TRACKER_DB`` or the default file."""
    value = driver.location(value)  # the same rules as the read commands
    if not driver.is_url(value):
        return URL.create("sqlite", database=value)
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


def make_engine(
    url: URL,
    *,
    foreign_keys: bool = True,
    wait: float = WAIT_SECONDS,
    note: Note | None = None,
    read_only_uri: str | None = None,
) -> Engine:
    """An engine; on SQLite every connection gets the project's pragmas.

    ``foreign_keys=False`` is for migrations only: SQLite rebuilds a table
    to alter it, which foreign keys would block midway. They are checked
    when the migration ends (see migrations/env.py). A writer waits up to
    ``wait`` seconds for another's lock, telling ``note`` that it waits.
    ``read_only_uri`` opens a SQLite file through that URI instead.
    """
    extra: dict[str, Any] = {}
    if read_only_uri is not None:
        extra["creator"] = lambda: sqlite3.connect(read_only_uri, uri=True, check_same_thread=False)
    try:
        engine = create_engine(url, **extra)
    except (ArgumentError, ImportError) as exc:
        raise TrackerError(f"cannot use {describe(url)}: {exc}") from exc
    engine.update_execution_options(
        tracker_wait=wait, tracker_note=note, tracker_read_only=read_only_uri is not None
    )
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, foreign_keys)
    elif engine.dialect.name == "postgresql":
        _configure_postgresql(engine)
    return engine


def _configure_postgresql(engine: Engine) -> None:
    @event.listens_for(engine, "begin")
    def on_begin(connection):  # type: ignore[no-untyped-def]
        # PostgreSQL would wait for a lock for ever (a long import holds the
        # rows of the statuses it updates): a writer waits --wait seconds.
        options = connection.get_execution_options()
        if options.get("tracker_write", False):
            wait_ms = max(int(options["tracker_wait"] * 1000), 1)
            connection.exec_driver_sql(f"SET LOCAL lock_timeout = {wait_ms}")


def _configure_sqlite(engine: Engine, foreign_keys: bool) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        # Let SQLAlchemy's "begin" event below emit BEGIN itself: the
        # sqlite3 module's own implicit transactions do not cover DDL and
        # cannot take the write lock up front.
        dbapi_connection.isolation_level = None
        driver.sqlite_settings(dbapi_connection)
        dbapi_connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")

    @event.listens_for(engine, "begin")
    def on_begin(connection):  # type: ignore[no-untyped-def]
        options = connection.get_execution_options()
        if options.get("tracker_lock", False) and not options.get("tracker_read_only"):
            # A check that must not run beside a writer takes the lock, and
            # changes nothing else (not even the journal mode).
            _begin_writing(connection, options)
            return
        if not options.get("tracker_write", False):
            connection.exec_driver_sql("BEGIN")
            return
        # Only a writer turns WAL on (it stays on in the file): a command that
        # fails, or reads a file that is not tracker's, leaves it as it was.
        if engine.url.database not in (None, "", ":memory:"):
            mode = connection.exec_driver_sql("PRAGMA journal_mode").scalar()
            if mode != "wal":
                connection.exec_driver_sql("PRAGMA journal_mode = WAL")
        _begin_writing(connection, options)


def _begin_writing(connection: Any, options: dict[str, Any]) -> None:
    """BEGIN IMMEDIATE: take the write lock now, waiting for another writer.

    Taking it up front makes the writer wait (busy timeout) instead of
    failing at its first write. A short wait passes quietly; a longer one
    is announced, and one longer than ``--wait`` is refused saying why.
    """
    wait_ms = int(options["tracker_wait"] * 1000)
    note: Note | None = options["tracker_note"]
    where = describe(connection.engine.url)
    try:
        for attempt, timeout in enumerate((min(QUIET_WAIT_MS, wait_ms), wait_ms - QUIET_WAIT_MS)):
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {max(timeout, 0)}")
            try:
                connection.exec_driver_sql("BEGIN IMMEDIATE")
                return
            except DBAPIError as exc:
                if "locked" not in str(exc.orig) and "busy" not in str(exc.orig):
                    raise
                if attempt or timeout >= wait_ms:
                    raise TrackerError(
                        f"{where} is still locked by another writer (a long import?) after"
                        f" {options['tracker_wait']:g} s; try again later, or give --wait SECONDS"
                    ) from exc
                if note:
                    note(
                        f"waiting for another command writing to {where}, for up to"
                        f" {options['tracker_wait']:g} s (--wait SECONDS changes this)"
                    )
    finally:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def open_engine(
    url: URL,
    *,
    create: bool = False,
    check_schema: bool = True,
    wait: float = WAIT_SECONDS,
    note: Note | None = None,
) -> Engine:
    """An engine for an existing database (or a new one when ``create``).

    Unless told not to, it first checks that the database's schema is the
    one this version of tracker writes, and says what to do if not. A
    SQLite file tracker cannot write (a read-only file, folder or disk) is
    opened read-only, telling ``note`` so: reading it still works.
    """
    path = sqlite_path(url)
    if path is not None and not create and not path.exists():
        raise TrackerError(f"no database at {path}; run `tracker init` to create it")
    if path is not None and create:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TrackerError(f"cannot create {path.parent}: {exc.strerror}") from exc
    read_only = None if path is None or create else read_only_uri(path)
    if read_only is not None and note is not None:
        note(f"{path} cannot be written here; reading it read-only")
    engine = make_engine(url, wait=wait, note=note, read_only_uri=read_only)
    if check_schema and not create:
        try:
            _check_schema(engine)
        except TrackerError:
            engine.dispose()
            raise
    return engine


writable = driver.writable
read_only_uri = driver.read_only_uri


def _check_schema(engine: Engine) -> None:
    with database_errors(), engine.connect() as connection:
        try:
            revision = connection.exec_driver_sql(
                "SELECT version_num FROM alembic_version"
            ).scalar()
        except DBAPIError:
            revision = None
    problem = driver.schema_problem(revision, describe(engine.url))
    if problem:
        raise TrackerError(problem)


@contextmanager
def database_errors() -> Iterator[None]:
    """Turn an error the database raised into a one-line TrackerError."""
    try:
        yield
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            raise TrackerError(
                "the database is still locked by another writer (a long import?) after"
                " the --wait limit; try again later, or give --wait SECONDS"
            ) from exc
        raise driver.refused(exc.orig or exc) from exc


@contextmanager
def transaction(engine: Engine, *, write: bool = False) -> Iterator[Session]:
    """A session in one transaction: committed on success, else rolled back."""
    bind = engine.execution_options(tracker_write=True) if write else engine
    try:
        with database_errors(), Session(bind) as session, session.begin():
            yield session
    except ValueError as exc:  # a date or time an older schema let in
        raise unreadable(engine, exc) from exc
    except TrackerError as exc:
        if isinstance(exc.__cause__, DBAPIError) and "decode" in str(exc):
            raise unreadable(engine, exc) from exc
        raise


def unreadable(engine: Engine, exc: Exception) -> Exception:
    """A one-line error naming the row that could not be read, if one is found."""
    from tracker import verify

    finding = verify.first_unreadable(engine)
    if finding is None:
        return exc
    return TrackerError(f"cannot read {finding}; `tracker db verify` lists every such row")


def reader(session: Session) -> driver.Reader:
    """The session's own driver connection, in its transaction, for SQL without SQLAlchemy."""
    connection = session.connection()
    return driver.Reader(connection.connection.driver_connection, connection.dialect.name)


@contextmanager
def bulk_load(session: Session) -> Iterator[None]:
    """Defer the upkeep triggers to the end of a load of many follow-ups.

    The protocol, and with end_leftover_bulk_load below the only code that
    touches its tables (verify.py only reads them): while a row is
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


LEFTOVER_BULK_LOAD = (
    "warning: a bulk import was interrupted and left its bulk_load row; ended it,"
    " and brought statuses and the search index up to date"
)


def end_leftover_bulk_load(engine: Engine) -> bool:
    """End a bulk load an interrupted import left behind (SQLite); True if there was one.

    PostgreSQL refuses to commit a transaction that leaves one; SQLite
    cannot check at commit, so each command looks before it starts.
    """
    with database_errors(), engine.connect() as connection:
        if not connection.exec_driver_sql(driver.BULK_LOAD_LEFT).scalar():
            return False
    with transaction(engine, write=True) as session:
        # Deleting the row lets the triggers catch statuses and notes up.
        session.execute(delete(BulkLoad))
    return True
