"""Connections through the DB-API driver alone: how the read commands start fast.

`tracker list`, `scores` and shell completion run dozens of times an hour,
and importing SQLAlchemy used to be most of their time. They open the
database here, with the driver itself (the standard library's sqlite3, or
psycopg for PostgreSQL), with what tracker.db gives every other command:
the same location rules, connection settings, read-only fallback, schema
check and one-line errors. Nothing here imports SQLAlchemy; tracker.db
takes its settings from here, so the two cannot differ.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import sqlite3
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tracker.errors import TrackerError

# The newest migration; a test holds it equal to Alembic's head, so that
# commands can check a database without importing Alembic.
SCHEMA_REVISION = "0015"
ENV_VAR = "TRACKER_DB"
DEFAULT_PATH = "tracker.db"
BUSY_TIMEOUT_MS = 30_000
# Every SQLite connection's settings but foreign keys (which migrations turn
# off): the wait for a lock, and a page cache of 64 MB rather than SQLite's
# 2 MB, so that a large database is read far faster while a small one uses
# no more memory than it needs.
SQLITE_PRAGMAS = (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", "PRAGMA cache_size = -65536")
# The SQL function SQLite's guard on source_file calls (migration 0011).
SHA256_FUNCTION = "tracker_sha256"
Note = Callable[[str], None]


def location(value: str | None = None) -> str:
    """What ``value``, ``$TRACKER_DB`` or the default names: a URL, or a file's absolute path."""
    value = value or os.environ.get(ENV_VAR) or DEFAULT_PATH
    return value if is_url(value) else str(Path(value).expanduser().absolute())


def is_url(value: str) -> bool:
    return "://" in value


def describe_url(url: str) -> str:
    """A database URL without its password."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    user = urllib.parse.unquote(parts.username or "")
    netloc = f"{user}:***@{parts.hostname or ''}" + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def writable(path: Path) -> bool:
    return os.access(path, os.W_OK)


def read_only_uri(path: Path) -> str | None:
    """How to open ``path`` read-only when it cannot be written, else None.

    A read-only file in a folder tracker can write opens with mode=ro (WAL
    makes its shared-memory file beside it). Where nothing can be written,
    a WAL database opens only as immutable: read as the file is.
    """
    if writable(path) and writable(path.parent):
        return None
    query = "mode=ro" if writable(path.parent) else "mode=ro&immutable=1"
    return f"file:{urllib.parse.quote(str(path))}?{query}"


def schema_problem(revision: str | None, where: str) -> str | None:
    """What is wrong with a database at ``revision`` for this tracker, if anything."""
    if revision is None:
        return f"{where} holds no tracker schema; run `tracker init`"
    if revision == SCHEMA_REVISION:
        return None
    if revision < SCHEMA_REVISION:
        return (
            f"{where} is at schema revision {revision} and this tracker needs"
            f" {SCHEMA_REVISION}: run `tracker db upgrade` (after a backup)"
        )
    return (
        f"{where} is at schema revision {revision}, newer than this tracker"
        f" ({SCHEMA_REVISION}): upgrade tracker"
    )


def refused(exc: Exception) -> TrackerError:
    """The one-line error for what the driver raised."""
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return TrackerError(f"the database refused: {lines[0]}")


def _iso_date(value: str | None) -> dt.date | None:
    return None if value is None else dt.date.fromisoformat(value)


class Reader:
    """A driver connection and the little that differs between the engines.

    SQL is written once with ``?`` for its parameters; on PostgreSQL they
    become psycopg's ``%s``. SQLite hands dates, timestamps and JSON back
    as text, which :meth:`date`, :meth:`timestamp` and :meth:`json`'s
    function read (raising ValueError on a value that is not one), as
    SQLAlchemy's types read them; psycopg has already.
    """

    def __init__(self, connection: Any, engine: str):
        self.connection = connection
        self.engine = engine
        self.sqlite = engine == "sqlite"
        self.date: Callable[[Any], dt.date | None] = _iso_date if self.sqlite else _same
        self.timestamp: Callable[[Any], dt.datetime] = (
            dt.datetime.fromisoformat if self.sqlite else _same
        )
        if self.sqlite:
            self.error: type[Exception] = sqlite3.Error
        else:
            import psycopg

            self.error = psycopg.Error

    def json(self) -> Callable[[Any], Any]:
        """What reads a JSON column's value (json imported only by the reads that need it)."""
        if not self.sqlite:
            return _same
        import json

        return json.loads

    def _sql(self, sql: str) -> str:
        return sql if self.sqlite else sql.replace("%", "%%").replace("?", "%s")

    def rows(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
        with self.errors():
            return list(self.connection.execute(self._sql(sql), parameters).fetchall())

    def execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> None:
        """A statement that returns no rows (an import's staging table, tracker.staging)."""
        with self.errors():
            self.connection.execute(self._sql(sql), parameters)

    def value(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        with self.errors():
            row = self.connection.execute(self._sql(sql), parameters).fetchone()
        return None if row is None else row[0]

    def stream(self, sql: str, parameters: tuple[Any, ...] = ()) -> Iterator[Any]:
        """The rows a thousand at a time: a listing of any length in little memory."""
        with self.errors():
            cursor = self.connection.execute(self._sql(sql), parameters)
            while batch := cursor.fetchmany(1000):
                yield from batch

    def scan(self, sql: str, parameters: tuple[Any, ...] = ()) -> Iterator[Any]:
        """As :meth:`stream`, for a pass over a whole table (a history, an export).

        PostgreSQL's driver fetches every row at once; a named cursor leaves
        them on the server until they are read, and is planned to start fast.
        """
        if self.sqlite:
            yield from self.stream(sql, parameters)
            return
        name = f"tracker_scan_{next(_SCANS)}"
        with self.errors(), self.connection.cursor(name=name) as cursor:
            cursor.execute(self._sql(sql), parameters)
            while batch := cursor.fetchmany(1000):
                yield from batch

    @contextmanager
    def errors(self) -> Iterator[None]:
        try:
            yield
        except self.error as exc:
            raise refused(exc) from exc

    def close(self) -> None:
        self.connection.close()


_SCANS = itertools.count(1)  # names for named cursors, unique in the process


def _same(value: Any) -> Any:
    return value


def sqlite_settings(connection: sqlite3.Connection) -> None:
    """What every SQLite connection tracker opens gets (foreign keys aside): SQLITE_PRAGMAS,
    and tracker_sha256(content), without which no source file can be added (migration 0011)."""
    for pragma in SQLITE_PRAGMAS:
        connection.execute(pragma)
    connection.create_function(SHA256_FUNCTION, 1, _sha256, deterministic=True)


def _sha256(content: Any) -> str | None:
    """The SHA-256 of a BLOB as 64 lower-case hex digits; None for any other value."""
    if not isinstance(content, bytes):
        return None
    import hashlib  # only a write of a source file needs it

    return hashlib.sha256(content).hexdigest()


def open_reader(value: str | None, note: Note | None = None) -> Reader:
    """A reader for the database ``value`` names, checked as tracker.db.open_engine checks it."""
    where = location(value)
    if is_url(where):
        reader = _postgresql(where)
        shown = describe_url(where)
    else:
        path = Path(where)
        if not path.exists():
            raise TrackerError(f"no database at {path}; run `tracker init` to create it")
        read_only = read_only_uri(path)
        if read_only is not None and note is not None:
            note(f"{path} cannot be written here; reading it read-only")
        try:
            connection = sqlite3.connect(
                read_only or path, uri=read_only is not None, isolation_level=None
            )
            sqlite_settings(connection)
        except sqlite3.Error as exc:
            raise refused(exc) from exc
        reader = Reader(connection, "sqlite")
        shown = str(path)
    try:
        try:
            revision = reader.value("SELECT version_num FROM alembic_version")
        except TrackerError:
            revision = None
            if not reader.sqlite:
                reader.connection.rollback()
        problem = schema_problem(revision, shown)
        if problem:
            raise TrackerError(problem)
    except TrackerError:
        reader.close()
        raise
    return reader


def _postgresql(url: str) -> Reader:
    try:
        import psycopg
    except ImportError as exc:
        raise TrackerError(f"cannot use {describe_url(url)}: {exc}") from exc
    scheme, rest = url.split("://", 1)
    if scheme.split("+")[0] not in ("postgresql", "postgres"):
        raise TrackerError(f"cannot use {describe_url(url)}: not a SQLite or PostgreSQL database")
    try:
        return Reader(psycopg.connect(f"postgresql://{rest}"), "postgresql")
    except psycopg.Error as exc:
        raise refused(exc) from exc


def begin(reader: Reader) -> None:
    """One snapshot for every read of a command (PostgreSQL begins by itself)."""
    if reader.sqlite:
        with reader.errors():
            reader.connection.execute("BEGIN")


BULK_LOAD_LEFT = "SELECT EXISTS (SELECT 1 FROM bulk_load)"


def bulk_load_left(reader: Reader) -> bool:
    """Whether an interrupted import left a bulk load behind (db.end_leftover_bulk_load ends it)."""
    return bool(reader.value(BULK_LOAD_LEFT))
