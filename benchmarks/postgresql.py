"""The medium corpus on a PostgreSQL server, for `run.py --engine postgresql`.

The rows of the SQLite corpus (corpus.py) are copied into a schema of their
own (``bench_medium``) of the database the URL names, migrated by tracker's
own revisions, with every trigger on (the follow-ups in a bulk load, as
`tracker follow-up import` writes them). Built once; later runs find it.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import psycopg
from sqlalchemy.engine import make_url

from tracker import db, migrate

SCHEMA = "bench_medium"
# Parents before children: each row's foreign keys find their rows.
TABLES = ("statement", "paragraph", "sentence", "actor", "actor_alias", "region", "commitment",
          "catalyst", "commitment_actor", "commitment_region", "follow_up")  # fmt: skip


def schema_url(base: str, schema: str = SCHEMA) -> str:
    """The SQLAlchemy URL of ``schema`` in the database ``base`` names."""
    url = make_url(base).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False)


def driver_url(url: str) -> str:
    """The same database as a libpq URL, for psycopg itself."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def build(base: str, sqlite_path: Path) -> str:
    """The URL of the corpus of ``sqlite_path`` on the server, copied there once."""
    url = schema_url(base)
    with psycopg.connect(driver_url(base), autocommit=True) as connection:
        connection.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
    source = sqlite3.connect(sqlite_path)
    wanted = source.execute("SELECT count(*) FROM follow_up").fetchone()[0]
    with psycopg.connect(driver_url(url)) as target:
        try:
            have = target.execute("SELECT count(*) FROM follow_up").fetchone()
            if have and have[0] == wanted:
                engine = db.make_engine(make_url(url))
                migrate.upgrade(engine)  # to the newest schema, as corpus.build does
                engine.dispose()
                return url
        except psycopg.Error:
            pass
    with psycopg.connect(driver_url(base), autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA {SCHEMA} CASCADE")
        connection.execute(f"CREATE SCHEMA {SCHEMA}")
    engine = db.make_engine(make_url(url))
    migrate.upgrade(engine)
    engine.dispose()
    with psycopg.connect(driver_url(url)) as target:
        target.execute("INSERT INTO bulk_load (id, started_at) VALUES (1, localtimestamp)")
        for table in TABLES:
            print(f"copying {table} to PostgreSQL", file=sys.stderr)
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with target.cursor().copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in source.execute(f"SELECT {names} FROM {table}"):
                    copy.write_row(row)
            if "id" in columns and table not in ("commitment",):
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                    f" (SELECT max(id) FROM {table}))"
                )
        print("catching statuses and search up", file=sys.stderr)
        target.execute("DELETE FROM bulk_load")
        target.execute("ANALYZE")
    source.close()
    return url
