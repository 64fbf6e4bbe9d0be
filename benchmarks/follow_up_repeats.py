"""Does the repeat check cost one indexed look-up per row, whatever the shape of an import?

Run from the repository root: ``python benchmarks/follow_up_repeats.py [--skip-medium]``.

Every follow-up an import brings is checked against the database for an
exact repeat (migration 0009: a trigger and ix_follow_up_repeat). Two
shapes, each imported at N and N/2 rows into a fresh copy of its database:

- one commitment on one day: 10,000 follow-ups of gc2017-4.1 as of
  2017-06-30, differing only in their notes, into the seed database; every
  row meets all the others under the first columns of the index;
- spread: 200,000 follow-ups over the medium corpus of benchmarks/corpus.py
  (40,000 commitments, 200,000 follow-ups already there).

Linear time shows as a ratio near 2 between N and N/2; a quadratic term
would push it towards 4.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

from tracker import db, followups, seed  # noqa: E402


def one_day_rows(count: int) -> list[tuple[str, dict]]:
    return [
        (
            f"row {n}",
            {
                "commitment": "gc2017-4.1",
                "status": "in_progress",
                "as_of": "2017-06-30",
                "sources": ["https://example.org/fictional/one-day"],
                "note": f"Fictional: finding {n}.",
            },
        )
        for n in range(count)
    ]


def spread_rows(database: Path, count: int) -> list[tuple[str, dict]]:
    connection = sqlite3.connect(database)
    commitments = [
        (c, corpus.dt.date.fromisoformat(d))
        for c, d in connection.execute(
            "SELECT c.id, s.date FROM commitment AS c JOIN statement AS s ON s.id = c.statement_id"
        )
    ]
    members = dict(connection.execute("SELECT id, name FROM actor"))
    connection.close()
    rows = corpus.follow_up_rows(
        commitments, list(members), count, random.Random(13), first_id=10_000_000
    )
    return [
        (
            f"row {n}",
            {
                **{k: v for k, v in row.items() if k not in ("id", "actor", "recorded_at")},
                "actor": members.get(row["actor"]),
                "note": f"Fictional: spread finding {n}.",
            },
        )
        for n, row in enumerate(rows)
    ]


def seconds(template: Path, rows: list[tuple[str, dict]], folder: Path) -> float:
    database = folder / "copy.db"
    shutil.copy(template, database)
    engine = db.open_engine(db.resolve_url(str(database)))
    start = time.process_time()
    with db.transaction(engine, write=True) as session:
        followups.import_rows(session, rows)
    elapsed = time.process_time() - start
    engine.dispose()
    database.unlink()
    return elapsed


def measure(name: str, template: Path, rows: list[tuple[str, dict]], folder: Path) -> None:
    half = seconds(template, rows[: len(rows) // 2], folder)
    whole = seconds(template, rows, folder)
    print(
        f"{name}: {len(rows) // 2:,} rows {half:.2f} s ({len(rows) // 2 / half:,.0f} rows/s),"
        f" {len(rows):,} rows {whole:.2f} s ({len(rows) / whole:,.0f} rows/s);"
        f" ratio {whole / half:.2f} (linear: 2, quadratic: 4)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-medium", action="store_true", help="Only the one-day shape.")
    parser.add_argument("--one-day", type=int, default=10_000)
    parser.add_argument("--spread", type=int, default=200_000)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        seeded = folder / "seed.db"
        engine = db.open_engine(db.resolve_url(str(seeded)), create=True)
        seed.init(engine)
        engine.dispose()
        measure("one commitment, one day", seeded, one_day_rows(options.one_day), folder)
        if not options.skip_medium:
            medium = corpus.build(corpus.SIZES["medium"])
            rows = spread_rows(medium, options.spread)
            measure("spread over the medium corpus", medium, rows, folder)


if __name__ == "__main__":
    main()
