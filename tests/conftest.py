"""Shared fixtures: databases on SQLite and PostgreSQL, seeded or empty.

PostgreSQL tests run when TRACKER_TEST_POSTGRESQL_URL names a database the
tests may create schemas in (CI sets it); elsewhere they skip, saying so.
Each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import db, seed

POSTGRESQL_ENV = "TRACKER_TEST_POSTGRESQL_URL"


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a pipe gets them, whatever $COLUMNS the shell or a test runner exports."""
    monkeypatch.delenv("COLUMNS", raising=False)


def _postgresql_base() -> str:
    base = os.environ.get(POSTGRESQL_ENV)
    if not base:
        pytest.skip(f"set {POSTGRESQL_ENV} to a PostgreSQL URL to run the PostgreSQL tests")
    return base


def _schema_url(base: str, schema: str) -> str:
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


@contextmanager
def _dropped_afterwards(base: str, schema: str) -> Iterator[str]:
    admin = create_engine(base)
    try:
        yield _schema_url(base, schema)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()


def _new_schema() -> str:
    return f"test_{uuid.uuid4().hex[:12]}"


@pytest.fixture(scope="session", autouse=True)
def _drafting_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The drafting caches (tracker/drafting/cache.py) of the tests, in a folder of their own."""
    before = os.environ.get("TRACKER_CACHE")
    os.environ["TRACKER_CACHE"] = str(tmp_path_factory.mktemp("cache"))
    yield
    if before is None:
        del os.environ["TRACKER_CACHE"]
    else:
        os.environ["TRACKER_CACHE"] = before


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    base = _postgresql_base()
    schema = _new_schema()
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    with _dropped_afterwards(base, schema) as url:
        yield url


@pytest.fixture(scope="session")
def seeded_postgresql_dump() -> Iterator[tuple[str, str]]:
    """`tracker init` once, as SQL that recreates it under another schema name.

    Migrating and seeding a schema takes seconds; replaying pg_dump's script
    takes a fraction of that. The dump creates tables, loads rows, and only
    then adds constraints and triggers, as a restore does.
    """
    base = _postgresql_base()
    schema = _new_schema()
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    admin.dispose()
    with _dropped_afterwards(base, schema) as url:
        engine = db.open_engine(db.resolve_url(url), create=True)
        seed.init(engine)
        engine.dispose()
        where = make_url(base)
        dumped = subprocess.run(
            ["pg_dump", "--schema", schema, "--no-owner", "--no-privileges", "--inserts",
             "--host", where.host or "localhost", "--port", str(where.port or 5432),
             "--username", where.username or "", where.database or ""],
            env={**os.environ, "PGPASSWORD": where.password or ""},
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
    # psql meta-commands (\restrict) are not SQL.
    script = "\n".join(line for line in dumped.splitlines() if not line.startswith("\\"))
    yield schema, script


@contextmanager
def restored_postgresql(dump: tuple[str, str]) -> Iterator[str]:
    """A new PostgreSQL schema after `tracker init`, restored from the dump; dropped after."""
    base = _postgresql_base()
    template, script = dump
    schema = _new_schema()
    with _dropped_afterwards(base, schema) as url:
        where = make_url(base).set(drivername="postgresql")
        with psycopg.connect(where.render_as_string(hide_password=False)) as connection:
            connection.execute(script.replace(template, schema))
        yield url


@pytest.fixture
def seeded_postgresql(seeded_postgresql_dump: tuple[str, str]) -> Iterator[str]:
    """A PostgreSQL schema after `tracker init`, restored from the dump."""
    with restored_postgresql(seeded_postgresql_dump) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database on each engine: a file path or a URL for --db."""
    if request.param == "sqlite":
        return str(tmp_path / "tracker.db")
    return str(request.getfixturevalue("postgresql_url"))


@pytest.fixture(scope="session")
def seeded_sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "tracker.db"
    engine = db.open_engine(db.resolve_url(str(path)), create=True)
    seed.init(engine)
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def seeded(request: pytest.FixtureRequest, tmp_path: Path, seeded_sqlite_template: Path) -> str:
    """A database on each engine after `tracker init`."""
    if request.param == "sqlite":
        path = tmp_path / "tracker.db"
        shutil.copy(seeded_sqlite_template, path)
        return str(path)
    return str(request.getfixturevalue("seeded_postgresql"))


@pytest.fixture
def seeded_sqlite(tmp_path: Path, seeded_sqlite_template: Path) -> str:
    path = tmp_path / "tracker.db"
    shutil.copy(seeded_sqlite_template, path)
    return str(path)
