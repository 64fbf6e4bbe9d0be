"""docs/triggers.sql: every trigger, trigger function and view, as the database holds it.

The migrations build their SQL from templates; this dump is what they
install, on each engine, so the rules can be read (and diffed) as SQL.
tests/test_schema.py fails when it is stale. Regenerate it from a
PostgreSQL database the dump may create a scratch schema in:

    python -m tracker.triggers_doc postgresql+psycopg://user@host/db > docs/triggers.sql

(or with ``$TRACKER_TEST_POSTGRESQL_URL`` set, no argument).
"""

from __future__ import annotations

import os
import sys
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from tracker import db, migrate

HEADER = """\
-- Every trigger, trigger function and view of the tracker schema, as each
-- engine holds it after `tracker init`. Generated; do not edit: run
--     python -m tracker.triggers_doc POSTGRESQL_URL > docs/triggers.sql
-- The rules they keep are described in tracker/status.py and docs/schema.md.
"""
SQLITE_TITLE = "-- SQLite\n"
POSTGRESQL_TITLE = "-- PostgreSQL\n"


def _entry(kind: str, name: str, sql: str) -> str:
    return f"\n-- {kind} {name}\n{sql.strip()};\n"


def sqlite_section() -> str:
    """The SQLite part: a freshly migrated file's sqlite_master."""
    with tempfile.TemporaryDirectory() as folder:
        engine = db.make_engine(db.resolve_url(str(Path(folder) / "tracker.db")))
        try:
            migrate.upgrade(engine)
            with engine.connect() as connection:
                rows = connection.execute(
                    text(
                        "SELECT type, name, sql FROM sqlite_master"
                        " WHERE type IN ('view', 'trigger') ORDER BY type DESC, name"
                    )
                ).all()
        finally:
            engine.dispose()
    return SQLITE_TITLE + "".join(_entry(kind, name, sql) for kind, name, sql in rows)


def postgresql_section(url: str) -> str:
    """The PostgreSQL part: a scratch schema, migrated, read back, then dropped."""
    schema = f"triggers_doc_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url)
    try:
        with admin.begin() as connection:
            connection.execute(text(f"CREATE SCHEMA {schema}"))
        scoped = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        engine = db.make_engine(scoped)
        try:
            migrate.upgrade(engine)
            with engine.connect() as connection:
                entries = _postgresql_entries(connection)
        finally:
            engine.dispose()
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        admin.dispose()
    # The scratch schema's name is no part of the rules.
    body = "".join(_entry(kind, name, sql.replace(f"{schema}.", "")) for kind, name, sql in entries)
    return POSTGRESQL_TITLE + body


def _postgresql_entries(connection: Connection) -> list[tuple[str, str, str]]:
    views = connection.execute(
        text(
            "SELECT 'view', c.relname,"
            " 'CREATE VIEW ' || c.relname || ' AS' || chr(10) || pg_get_viewdef(c.oid)"
            " FROM pg_class AS c JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND c.relkind = 'v' ORDER BY c.relname"
        )
    ).all()
    functions = connection.execute(
        text(
            "SELECT 'function', p.proname, pg_get_functiondef(p.oid)"
            " FROM pg_proc AS p JOIN pg_namespace AS n ON n.oid = p.pronamespace"
            " WHERE n.nspname = current_schema() ORDER BY p.proname"
        )
    ).all()
    triggers = connection.execute(
        text(
            "SELECT 'trigger', t.tgname, pg_get_triggerdef(t.oid)"
            " FROM pg_trigger AS t JOIN pg_class AS c ON c.oid = t.tgrelid"
            " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
            " WHERE n.nspname = current_schema() AND NOT t.tgisinternal"
            " ORDER BY t.tgname, c.relname"
        )
    ).all()
    return [(kind, name, sql) for kind, name, sql in [*views, *functions, *triggers]]


def render(postgresql_url: str) -> str:
    """docs/triggers.sql."""
    return HEADER + "\n" + sqlite_section() + "\n" + postgresql_section(postgresql_url)


def main(argv: list[str]) -> int:
    usage = f"usage: python -m tracker.triggers_doc POSTGRESQL_URL\n{__doc__}"
    if argv[:1] in (["-h"], ["--help"]):
        print(usage)
        return 0
    url = argv[0] if argv else os.environ.get("TRACKER_TEST_POSTGRESQL_URL")
    if not url:
        print(usage, file=sys.stderr)
        return 2
    sys.stdout.write(render(url))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
