"""Shared fixtures: databases on SQLite and PostgreSQL, seeded or empty.

PostgreSQL tests run when TRACKER_TEST_POSTGRESQL_URL names a database the
tests may create schemas in (CI sets it); elsewhere they skip, saying so.
Each test gets a schema of its own: an empty one is dropped afterwards, a
seeded one is reset to `tracker init`'s rows for the next test (or dropped).
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
from helpers import FOLLOW_UPS, run
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tracker import db, seed

POSTGRESQL_ENV = "TRACKER_TEST_POSTGRESQL_URL"


@pytest.fixture(autouse=True)
def _no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as a pipe gets them, whatever $COLUMNS the shell or a test runner exports."""
    monkeypatch.delenv("COLUMNS", raising=False)


@pytest.fixture
def seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of seeds/ that init reads instead of the shipped one: its annotation."""
    from helpers import ANNOTATION, STATEMENT

    folder = tmp_path / "seeds"
    folder.mkdir()
    shutil.copy(STATEMENT, folder)
    shutil.copy(ANNOTATION, folder)
    monkeypatch.setattr(seed, "SEEDS", folder)
    return folder / ANNOTATION.name


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
    then adds constraints and triggers, as a restore does. The schema it was
    taken from stays for the session, as the rows a used schema is reset to.
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


# Everything in a schema but its rows: what a test may have changed with DDL
# (dropped a trigger, downgraded, altered a column) and a reset cannot undo.
SCHEMA_DEFINITION = """
SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
    SELECT concat_ws(' ', 'class', c.relname, c.relkind, c.relowner, c.relacl, c.relrowsecurity)
        AS line
    FROM pg_class c WHERE c.relnamespace = %(schema)s::regnamespace
    UNION ALL
    SELECT concat_ws(' ', 'column', c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                     a.attnotnull, a.attidentity, a.attgenerated, pg_get_expr(d.adbin, d.adrelid))
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
    WHERE c.relnamespace = %(schema)s::regnamespace AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT concat_ws(' ', 'constraint', c.relname, k.conname, pg_get_constraintdef(k.oid))
    FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid
    WHERE c.relnamespace = %(schema)s::regnamespace
    UNION ALL
    SELECT concat_ws(' ', 'trigger', t.tgname, t.tgenabled, pg_get_triggerdef(t.oid))
    FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE c.relnamespace = %(schema)s::regnamespace AND NOT t.tgisinternal
    UNION ALL
    SELECT concat_ws(' ', 'index', pg_get_indexdef(i.indexrelid))
    FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
    WHERE c.relnamespace = %(schema)s::regnamespace
    UNION ALL
    SELECT concat_ws(' ', 'view', c.relname, pg_get_viewdef(c.oid))
    FROM pg_class c WHERE c.relnamespace = %(schema)s::regnamespace AND c.relkind IN ('v', 'm')
    UNION ALL
    SELECT concat_ws(' ', 'function', p.oid::regprocedure, pg_get_functiondef(p.oid))
    FROM pg_proc p WHERE p.pronamespace = %(schema)s::regnamespace
    UNION ALL
    SELECT concat_ws(' ', 'sequence', c.relname, s.seqtypid, s.seqstart, s.seqincrement,
                     s.seqmin, s.seqmax, s.seqcycle)
    FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid
    WHERE c.relnamespace = %(schema)s::regnamespace
    UNION ALL
    SELECT concat_ws(' ', 'comment', d.objoid::regclass, d.objsubid, d.description)
    FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
    WHERE d.classoid = 'pg_class'::regclass AND c.relnamespace = %(schema)s::regnamespace
) AS definition
"""


def _definition(connection: psycopg.Connection, schema: str) -> str:
    [(digest,)] = connection.execute(SCHEMA_DEFINITION, {"schema": schema}).fetchall()
    return str(digest)


class _SeededSchemas:
    """Seeded schemas for one test process: restored from the dump, then reused.

    Restoring the dump (and dropping the schema afterwards) costs a second
    or more of DDL. After a test, a schema whose definition is as restored
    is reused: as it is when no row, row position or sequence moved (the
    test only read), else emptied and refilled from the session's seeded
    schema, sequences included. Any other schema is dropped. Either way the
    next test starts from `tracker init`'s rows.
    """

    def __init__(self, base: str, template: str, script: str):
        self.base = base
        self.dsn = make_url(base).set(drivername="postgresql").render_as_string(hide_password=False)
        self.template = template
        self.script = script
        self.spare: list[str] = []
        self.definitions: dict[str, str] = {}
        self.states: dict[str, str] = {}
        with psycopg.connect(self.dsn) as connection:
            self.tables = self._tables_in_load_order(connection)
            self.sequences = [
                name
                for (name,) in connection.execute(
                    "SELECT relname FROM pg_class WHERE relkind = 'S'"
                    " AND relnamespace = %s::regnamespace ORDER BY relname",
                    (template,),
                )
            ]

    def _tables_in_load_order(self, connection: psycopg.Connection) -> list[tuple[str, str]]:
        """The template's tables, each after those its foreign keys name, with their columns."""
        columns: dict[str, list[str]] = {}
        for table, column in connection.execute(
            "SELECT c.relname, a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
            " WHERE c.relnamespace = %s::regnamespace AND c.relkind = 'r' AND a.attnum > 0"
            " AND NOT a.attisdropped AND a.attgenerated = '' ORDER BY c.relname, a.attnum",
            (self.template,),
        ):
            columns.setdefault(table, []).append(f'"{column}"')
        needs: dict[str, set[str]] = {table: set() for table in columns}
        for table, referenced in connection.execute(
            "SELECT c.relname, r.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
            " JOIN pg_class r ON r.oid = k.confrelid WHERE k.contype = 'f'"
            " AND c.relnamespace = %s::regnamespace",
            (self.template,),
        ):
            if referenced != table:
                needs[table].add(referenced)
        ordered: list[str] = []
        while needs:
            ready = sorted(t for t, n in needs.items() if n <= set(ordered))
            assert ready, f"foreign keys in a cycle: {needs}"
            ordered += ready
            for table in ready:
                del needs[table]
        return [(table, ", ".join(columns[table])) for table in ordered]

    def url(self, schema: str) -> str:
        """The URL tracker is given for ``schema``."""
        return _schema_url(self.base, schema)

    def take(self) -> str:
        if self.spare:
            return self.spare.pop()
        schema = _new_schema()
        with psycopg.connect(self.dsn) as connection:
            connection.execute(self.script.replace(self.template, schema))
            self.definitions[schema] = _definition(connection, schema)
            self.states[schema] = self._state(connection, schema)
        return schema

    def give_back(self, schema: str) -> None:
        """Reset ``schema`` for the next test, or drop it when DDL changed it."""
        try:
            with psycopg.connect(self.dsn) as connection:
                if _definition(connection, schema) == self.definitions[schema]:
                    if self._state(connection, schema) != self.states[schema]:
                        self._reset(connection, schema)
                        self.states[schema] = self._state(connection, schema)
                    self.spare.append(schema)
                    return
        except psycopg.Error:
            pass  # not reusable: dropped as a changed one is
        with psycopg.connect(self.dsn) as connection:
            connection.execute(f"DROP SCHEMA {schema} CASCADE")
        del self.definitions[schema], self.states[schema]

    def _state(self, connection: psycopg.Connection, schema: str) -> str:
        """A digest of every row where it lies (ctid: an update moves it) and every sequence."""
        rows = " UNION ALL ".join(
            [
                f"SELECT '{t}', md5(string_agg(x.ctid::text || x::text, ',' ORDER BY x.ctid))"
                f" FROM {schema}.{t} x"
                for t, _ in self.tables
            ]
            + [
                f"SELECT '{n}', concat(last_value, is_called) FROM {schema}.{n}"
                for n in self.sequences
            ]
        )
        return repr(connection.execute(f"{rows} ORDER BY 1").fetchall())

    def _reset(self, connection: psycopg.Connection, schema: str) -> None:
        """The template's rows and sequence positions, loaded past the guards."""
        tables = [table for table, _ in self.tables]
        for table in tables:
            connection.execute(f"ALTER TABLE {schema}.{table} DISABLE TRIGGER USER")
        # DELETE, not TRUNCATE: it makes no new files, and the tables are small.
        for table in reversed(tables):
            connection.execute(f"DELETE FROM {schema}.{table}")
        for table, columns in self.tables:
            connection.execute(
                f"INSERT INTO {schema}.{table} ({columns}) OVERRIDING SYSTEM VALUE"
                f" SELECT {columns} FROM {self.template}.{table}"
            )
        for name in self.sequences:
            connection.execute(
                f"SELECT setval('{schema}.{name}', last_value, is_called)"
                f" FROM {self.template}.{name}"
            )
        for table in tables:
            connection.execute(f"ALTER TABLE {schema}.{table} ENABLE TRIGGER USER")

    def drop_all(self) -> None:
        with psycopg.connect(self.dsn) as connection:
            for schema in self.definitions:
                connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


@pytest.fixture(scope="session")
def seeded_postgresql_schemas(
    seeded_postgresql_dump: tuple[str, str],
) -> Iterator[_SeededSchemas]:
    template, script = seeded_postgresql_dump
    schemas = _SeededSchemas(_postgresql_base(), template, script)
    yield schemas
    schemas.drop_all()


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
def seeded_postgresql(seeded_postgresql_schemas: _SeededSchemas) -> Iterator[str]:
    """A PostgreSQL schema after `tracker init`, of this test alone."""
    schema = seeded_postgresql_schemas.take()
    yield seeded_postgresql_schemas.url(schema)
    seeded_postgresql_schemas.give_back(schema)


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


@pytest.fixture
def followed(seeded: str) -> str:
    """The seed with helpers.FOLLOW_UPS, on each engine."""
    for args in FOLLOW_UPS:
        done = run(seeded, *args)
        assert done.exit_code == 0, done.output
    return seeded
