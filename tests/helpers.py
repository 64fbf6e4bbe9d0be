"""Helpers the tests share: run the CLI in-process, look at a database."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import Engine, inspect, select, text

from tracker import db, schema_doc, status
from tracker.cli import cli
from tracker.models import CommitmentStatus, FollowUp

REPO = Path(__file__).resolve().parent.parent
STATEMENT = REPO / "seeds" / "2017-03-22-global-coalition-ministerial-statement.txt"
ANNOTATION = STATEMENT.with_suffix(".yaml")


# Fictional follow-ups (example.org is reserved for examples): a correction,
# a member's scores, a month-precision date, a context, a titled source.
EVIDENCE = "https://example.org/fictional-report"
FOLLOW_UPS = [
    ["source", "add", EVIDENCE, "--title", "A fictional report", "--published", "2019-10"],
    ["follow-up", "add", "gc2017-4.1", "--status", "in_progress", "--as-of", "2017-09-30",
     "--source", EVIDENCE, "--note", "Fictional: first.", "--assessor", "A. Analyst"],
    ["follow-up", "add", "gc2017-4.1", "gc2017-4.2", "--status", "stalled", "--as-of", "2018-01",
     "--source", EVIDENCE, "--source", "https://example.org/other", "--note", "two\nlines"],
    ["follow-up", "add", "gc2017-4.1", "--status", "achieved", "--as-of", "2018-03-01",
     "--source", EVIDENCE, "--actor", "INTERPOL", "--score", "1"],
    ["follow-up", "add", "gc2017-4.1", "--status", "stalled", "--as-of", "2018-03-01",
     "--source", EVIDENCE, "--actor", "INTERPOL", "--score", "0", "--corrects", "4"],
    ["follow-up", "add", "gc2017-4.1", "--context", "--as-of", "2016-06-01",
     "--source", "https://example.org/other", "--note", "Fictional: context."],
]  # fmt: skip


def run(database: str, *args: str, input: str | None = None) -> Result:
    """Invoke `tracker --db DATABASE ARGS...` in-process."""
    return CliRunner().invoke(cli, ["--db", database, *args], input=input)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file, which must hold it."""
    source = path.read_text(encoding="utf-8")
    assert old in source
    path.write_text(source.replace(old, new, 1), encoding="utf-8")


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
                if not name.startswith(schema_doc.FULL_TEXT)
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


def status_mismatches(database: str) -> list[str]:
    """Commitments whose kept status is not the one tracker.status gives."""
    engine = engine_for(database)
    try:
        with engine.connect() as connection:
            follow_ups = defaultdict(list)
            for row in connection.execute(
                select(
                    FollowUp.id,
                    FollowUp.commitment_id,
                    FollowUp.actor_id,
                    FollowUp.status,
                    FollowUp.as_of,
                    FollowUp.recorded_at,
                    FollowUp.corrects_id,
                    FollowUp.kind,
                )
            ):
                follow_ups[row.commitment_id].append(row)
            kept = connection.execute(select(CommitmentStatus)).all()
    finally:
        engine.dispose()
    return [
        row.commitment_id
        for row in kept
        if status.Current(row.follow_up_id, row.status, row.as_of, row.last_follow_up_on)
        != status.current(follow_ups[row.commitment_id])
    ]
