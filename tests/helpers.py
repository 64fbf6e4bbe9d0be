"""Helpers the tests share: run the CLI in-process, look at a database."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Engine, inspect, text

from tracker import db
from tracker.cli import cli

REPO = Path(__file__).resolve().parent.parent
STATEMENT = REPO / "seeds" / "2017-03-22-global-coalition-ministerial-statement.txt"
ANNOTATION = STATEMENT.with_suffix(".yaml")


def run(database: str, *args: str, input: str | None = None) -> Result:
    """Invoke `tracker --db DATABASE ARGS...` in-process."""
    return CliRunner().invoke(cli, ["--db", database, *args], input=input)


def engine_for(database: str) -> Engine:
    return db.make_engine(db.resolve_url(database))


def snapshot(database: str) -> dict[str, list[tuple]]:
    """Every row of every table, to prove that nothing changed."""
    engine = engine_for(database)
    try:
        with engine.connect() as connection:
            tables = sorted(
                name
                for name in inspect(connection).get_table_names()
                if not name.startswith("commitment_search")
            )
            return {
                name: sorted(
                    map(tuple, connection.execute(text(f"SELECT * FROM {name}"))), key=repr
                )
                for name in tables
            }
    finally:
        engine.dispose()


def execute(database: str, *statements: str) -> list[list[tuple]]:
    """Run SQL statements in one transaction; the rows each returned."""
    engine = engine_for(database)
    try:
        with engine.begin() as connection:
            rows = []
            for statement in statements:
                result = connection.execute(text(statement))
                rows.append(list(map(tuple, result)) if result.returns_rows else [])
            return rows
    finally:
        engine.dispose()


def add_government(database: str, name: str, country: str) -> None:
    """Add a (fictional or real) government to assess on its own."""
    result = run(
        database, "actor", "add", name, "--kind", "national_government", "--country", country
    )
    assert result.exit_code == 0, result.output
