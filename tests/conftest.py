"""Shared fixtures: databases on SQLite and PostgreSQL, seeded or empty.

PostgreSQL tests run when TRACKER_TEST_POSTGRESQL_URL names a database the
tests may create schemas in (CI sets it); elsewhere they skip, saying so.
Each test gets a schema of its own, dropped afterwards.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import db, seed

POSTGRESQL_ENV = "TRACKER_TEST_POSTGRESQL_URL"


@pytest.fixture
def postgresql_url() -> Iterator[str]:
    base = os.environ.get(POSTGRESQL_ENV)
    if not base:
        pytest.skip(f"set {POSTGRESQL_ENV} to a PostgreSQL URL to run the PostgreSQL tests")
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


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


@pytest.fixture
def seeded(request: pytest.FixtureRequest, database: str, seeded_sqlite_template: Path) -> str:
    """A database on each engine after `tracker init`."""
    if database.endswith(".db"):
        shutil.copy(seeded_sqlite_template, database)
    else:
        engine = db.open_engine(db.resolve_url(database), create=True)
        seed.init(engine)
        engine.dispose()
    return database


@pytest.fixture
def seeded_postgresql(postgresql_url: str) -> str:
    engine = db.open_engine(db.resolve_url(postgresql_url), create=True)
    seed.init(engine)
    engine.dispose()
    return postgresql_url


@pytest.fixture
def seeded_sqlite(tmp_path: Path, seeded_sqlite_template: Path) -> str:
    path = tmp_path / "tracker.db"
    shutil.copy(seeded_sqlite_template, path)
    return str(path)
