"""A consistent copy of a live SQLite database, checked before it is kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import URL

from tracker import db, files, verify
from tracker.errors import TrackerError

PG_DUMP = (
    "tracker backup copies SQLite files; back up PostgreSQL with pg_dump,"
    " for example: pg_dump --format=custom --file=tracker.dump DBNAME"
)


def backup(engine: Engine, target: Path) -> int:
    """Copy the database to ``target`` (a new file); return its size in bytes.

    SQLite's online backup copies one consistent snapshot even while others
    write, which a file copy of a database in WAL mode would not. The copy
    must pass integrity and foreign-key checks before it takes its name.
    """
    source_path = db.sqlite_path(engine.url)
    if source_path is None:
        raise TrackerError(PG_DUMP)
    if target.exists() or target.is_symlink():
        raise TrackerError(f"{target} exists already; give a new file")
    try:
        with files.atomic_path(target) as partial:
            source = sqlite3.connect(source_path)
            copy = sqlite3.connect(partial)
            try:
                source.execute(f"PRAGMA busy_timeout = {db.BUSY_TIMEOUT_MS}")
                source.backup(copy)
                # One self-contained file: no -wal beside it until tracker opens it.
                copy.execute("PRAGMA journal_mode = DELETE")
                integrity = copy.execute("PRAGMA integrity_check").fetchall()
                dangling = copy.execute("PRAGMA foreign_key_check").fetchall()
            finally:
                source.close()
                copy.close()
            if integrity != [("ok",)] or dangling:
                raise TrackerError(f"the copy failed its checks ({integrity[:1]}, {dangling[:1]})")
            findings = _verify(partial)
            if findings:
                raise TrackerError(
                    f"the copy failed its checks ({findings[0]}; {len(findings)} problems in all,"
                    " see `tracker db verify`)"
                )
    except sqlite3.Error as exc:
        raise TrackerError(f"cannot back up to {target}: {exc}") from exc
    return target.stat().st_size


def _verify(path: Path) -> list[str]:
    # A plain engine: tracker's own would turn the copy to WAL mode.
    engine = create_engine(URL.create("sqlite", database=str(path)))
    try:
        return verify.verify(engine)
    finally:
        engine.dispose()
