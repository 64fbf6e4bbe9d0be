"""Is `tracker changes` linear in a commitment's history?

Run from the repository root: ``python benchmarks/changes.py [--rows N]``.

`tracker changes` replays each commitment's history oldest first to know
what every status changed from. It used to work the status out anew over
every prefix of the history (tracker.status.current on 1, 2, ... n
follow-ups: quadratic); it now keeps the status as the rows arrive
(tracker.status.Replay: linear). N and N/2 fictional follow-ups of one
commitment (some of them corrections, some context) go into a fresh copy
of the seed database; `changes` over the whole window is timed at each
size, and so is the old replay over the same rows, in Python alone.

Linear time shows as a ratio near 2 between N and N/2; a quadratic term
would push it towards 4.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

import corpus  # noqa: E402

from tracker import db, queries, status  # noqa: E402

COMMITMENT = "gc2017-4.1"
START = dt.date(2017, 4, 1)
RECORDED = dt.datetime(2020, 1, 1)


def history(count: int) -> list[tuple]:
    """Rows of follow_up: one in ten corrects the one before it, one in twenty is context."""
    rng = random.Random(14)
    rows = []
    for n in range(1, count + 1):
        context = n % 20 == 0
        rows.append((
            n, COMMITMENT, "not_assessed" if context else rng.choice(
                ["in_progress", "stalled", "achieved"]),
            (START + dt.timedelta(days=rng.randrange(900))).isoformat(),
            json.dumps([f"https://example.org/fictional/{rng.randrange(count // 4 + 1)}"]),
            f"Fictional: finding {n}.",
            (RECORDED + dt.timedelta(seconds=n)).isoformat(sep=" "),
            n - 1 if n % 10 == 0 and (n - 1) % 20 else None,
            "context" if context else "assessment",
        ))  # fmt: skip
    return rows


def load(template: Path, rows: list[tuple], database: Path) -> None:
    shutil.copy(template, database)
    connection = sqlite3.connect(database)
    connection.executemany(
        "INSERT INTO follow_up (id, commitment_id, status, as_of, sources, note, recorded_at,"
        " corrects_id, kind) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    connection.commit()
    connection.close()


def changes_seconds(database: Path) -> tuple[float, int]:
    engine = db.open_engine(db.resolve_url(str(database)))
    with db.transaction(engine) as session:
        start = time.process_time()
        found = queries.changes(session, dt.date(2017, 1, 1), dt.date(2020, 12, 31))
        elapsed = time.process_time() - start
    engine.dispose()
    return elapsed, len(found)


def old_replay_seconds(rows: list[tuple]) -> float:
    """What changes did before: tracker.status.current over every prefix."""
    follow_ups = sorted(
        (SimpleNamespace(id=r[0], actor_id=None, status=r[2], as_of=r[3], recorded_at=r[6],
                         corrects_id=r[7], kind=r[8]) for r in rows),
        key=lambda f: (f.as_of, f.recorded_at, f.id),
    )  # fmt: skip
    start = time.process_time()
    for count in range(1, len(follow_ups) + 1):
        status.current(follow_ups[:count])
    return time.process_time() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=4_000)
    options = parser.parse_args()
    seeded = corpus.build(corpus.SIZES["small"])  # the seed, built once
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        measured = {}
        for count in (options.rows // 2, options.rows):
            rows = history(count)
            load(seeded, rows, folder / "copy.db")
            elapsed, found = changes_seconds(folder / "copy.db")
            (folder / "copy.db").unlink()
            old = old_replay_seconds(rows)
            measured[count] = (elapsed, old)
            print(f"{count:,} follow-ups of one commitment: changes {elapsed:.2f} s"
                  f" ({found:,} changes); the old replay alone {old:.2f} s")  # fmt: skip
        half, whole = (measured[c] for c in (options.rows // 2, options.rows))
        print(f"ratio N to N/2: changes {whole[0] / half[0]:.2f}, old replay"
              f" {whole[1] / half[1]:.2f} (linear: 2, quadratic: 4)")  # fmt: skip


if __name__ == "__main__":
    main()
