"""Helpers the tests share: run the CLI in-process, look at a database."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
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


def completing(words: str, database: str | None = None) -> dict[str, str]:
    """The environment in which bash asks for the completion of the last of ``words``
    (`tracker ...`), of ``database`` if given."""
    return {
        "_TRACKER_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    } | ({} if database is None else {"TRACKER_DB": database})


def imported_by(
    lines: list[list[str]], env: dict[str, str] | None, among: tuple[str, ...]
) -> tuple[list[int], list[str]]:
    """The exit codes of ``lines``, run in turn in one process as the console script runs
    them, and the modules of ``among`` (or within them) they loaded between them."""
    code = (
        "import os, sys\n"
        "from tracker import lane\n"
        f"codes = [lane.dispatch(args, os.environ) for args in {lines!r}]\n"
        f"among = {among!r}\n"
        "loaded = sorted(m for m in sys.modules if m in among or m.split('.')[0] in among)\n"
        "print('\\n' + repr([codes, loaded]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ | (env or {}),
    )
    # repr, not JSON: importing json would count among what a command loads.
    codes, loaded = ast.literal_eval(done.stdout.splitlines()[-1])
    return codes, loaded


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
