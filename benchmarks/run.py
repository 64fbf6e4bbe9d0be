"""Measure tracker against its floors: raw SQLite, and bare Python with Click.

    python benchmarks/run.py                        # small and medium
    python benchmarks/run.py --sizes small,medium,large

Builds (once, cached in benchmarks/.cache) a synthetic corpus at each size
(see corpus.py), then prints, side by side with each figure's floor and the
ratio between them:

- process start-up of `tracker --help`, shell completion, `tracker list` and
  `tracker show ID` on the seed database, against `python -c "import click"`
  and `python -c "import click, sqlalchemy.orm"`;
- `tracker list` with each common filter, up to 1,000 rows, against the same
  question asked in hand-written SQL through Python's sqlite3, and whether
  the query plan reads the follow-up table from end to end;
- `tracker scores` for one statement against hand-written SQL, and
  `SELECT * FROM commitment_overview` for one statement;
- `tracker follow-up import` of a CSV file against inserting the same rows
  with sqlite3's executemany in one transaction: into a bare table, then
  into follow_up with its keys and checks, its indexes, and its triggers;
  and the importer's peak memory.

Each time is the median of several runs. Nothing here asserts: it reports.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus import (
    CACHE,
    INSERT_FOLLOW_UP,
    SIZES,
    Size,
    build,
    follow_up_rows,
    row_values,
    write_import_csv,
)

from tracker import db, planner, queries

TRACKER = str(Path(sys.executable).parent / "tracker")
LIST_TARGET_MS = 200
LIST_RATIO, START_RATIO, HELP_RATIO, IMPORT_RATIO = 1.5, 1.25, 1.5, 0.5


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, value: str, floor: str, ratio: str, target: str) -> None:
    print(f"  {label:<34} {value:>12} {floor:>12} {ratio:>8}   {target}")


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"


def query_verdict(size: Size, seconds: float, ratio: float) -> str:
    """The query targets hold at the large size; smaller ones are shown for the trend."""
    if size.name != "large":
        return "(targets are for large)"
    return verdict(seconds * 1000 < LIST_TARGET_MS and ratio <= LIST_RATIO)


def startup(seed_db: Path, runs: int) -> None:
    print("\nProcess start-up on the seed database (median wall time)")
    line("", "tracker", "floor", "ratio", "target")
    env = os.environ | {"TRACKER_DB": str(seed_db)}

    def run(*args: str, extra: dict[str, str] | None = None) -> Callable[[], object]:
        return lambda: subprocess.run(
            args, env=env | (extra or {}), stdout=subprocess.DEVNULL, check=True
        )

    python = sys.executable
    click_only = median_seconds(run(python, "-c", "import click"), runs)
    click_orm = median_seconds(run(python, "-c", "import click, sqlalchemy.orm"), runs)
    completion = {
        "_TRACKER_COMPLETE": "bash_complete",
        "COMP_WORDS": "tracker li",
        "COMP_CWORD": "1",
    }
    cases = [
        ("tracker --help", run(TRACKER, "--help"), click_only, "import click", HELP_RATIO),
        ("completion of 'tracker li'", run(TRACKER, extra=completion), click_only,
         "import click", HELP_RATIO),
        ("tracker list", run(TRACKER, "list"), click_orm, "import click, sqlalchemy.orm",
         START_RATIO),
        ("tracker show gc2017-4.1", run(TRACKER, "show", "gc2017-4.1"), click_orm,
         "import click, sqlalchemy.orm", START_RATIO),
    ]  # fmt: skip
    print(f"  floors: import click {click_only * 1000:.0f} ms,"
          f" import click, sqlalchemy.orm {click_orm * 1000:.0f} ms")  # fmt: skip
    for label, action, floor, floor_name, target in cases:
        seconds = median_seconds(action, runs)
        ratio = seconds / floor
        line(label, f"{seconds * 1000:.0f} ms", f"{floor * 1000:.0f} ms", f"{ratio:.2f}x",
             f"<= {target}x of {floor_name}: {verdict(ratio <= target)}")  # fmt: skip


HAND_LIST = """
SELECT c.id, s.code, p.number, se.position, c.start_offset, c.end_offset, c.quote, c.title,
       c.type, c.binding, c.theme, c.deadline, c.note, cs.status, cs.as_of, cs.last_follow_up_on,
       (SELECT group_concat(a.name || '|' || ca.role, ';') FROM commitment_actor AS ca
        JOIN actor AS a ON a.id = ca.actor_id WHERE ca.commitment_id = c.id) AS actors,
       (SELECT group_concat(r.name || '|' || coalesce(r.iso_code, '') || '|'
                            || coalesce(pr.name, ''), ';')
        FROM commitment_region AS cr JOIN region AS r ON r.id = cr.region_id
        LEFT JOIN region AS pr ON pr.id = r.parent_id WHERE cr.commitment_id = c.id) AS regions,
       (SELECT group_concat(k.kind || '|' || k.text, ';') FROM catalyst AS k
        WHERE k.commitment_id = c.id) AS catalysts
FROM commitment AS c
JOIN statement AS s ON s.id = c.statement_id
JOIN paragraph AS p ON p.id = c.paragraph_id
JOIN sentence AS se ON se.id = c.sentence_id
JOIN commitment_status AS cs ON cs.commitment_id = c.id
WHERE {condition}
ORDER BY s.date, s.code, c.start_offset
LIMIT 1000"""


def list_cases(size: Size) -> list[tuple[str, queries.Filters, str]]:
    synthetic = size.statements > 0
    region = "Fictional country 001" if synthetic else "Iraq"
    actor = "Fictional member 007" if synthetic else "INTERPOL"
    since = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    return [
        ("status", queries.Filters(status="in_progress" if synthetic else "not_assessed"),
         f"cs.status = '{'in_progress' if synthetic else 'not_assessed'}'"),
        ("region, places within included", queries.Filters(region=region),
         "EXISTS (SELECT 1 FROM commitment_region AS cr JOIN region_ancestor AS ra"
         " ON ra.region_id = cr.region_id WHERE cr.commitment_id = c.id"
         f" AND ra.ancestor = '{region}')"),
        ("actor with role", queries.Filters(actor=actor, role="partner"),
         "EXISTS (SELECT 1 FROM commitment_actor AS ca JOIN actor AS a ON a.id = ca.actor_id"
         f" WHERE ca.commitment_id = c.id AND a.name = '{actor}' AND ca.role = 'partner')"),
        ("overdue", queries.Filters(overdue=True),
         "c.deadline < date('now') AND cs.status NOT IN ('achieved', 'no_longer_applicable')"),
        ("stale (365 days)", queries.Filters(stale=365),
         f"coalesce(cs.last_follow_up_on, s.date) < '{since}'"
         " AND cs.status NOT IN ('achieved', 'no_longer_applicable')"),
        ("search 'passports'", queries.Filters(search="passports"),
         "c.id IN (SELECT commitment_id FROM commitment_search"
         " WHERE commitment_search MATCH '\"passports\"')"),
    ]  # fmt: skip


def lists(size: Size, path: Path, runs: int) -> None:
    print(f"\n[{size.name}] tracker list, up to 1,000 rows (median; floor: hand-written SQL)")
    line("filter", "tracker", "SQL", "ratio", f"target: < {LIST_TARGET_MS} ms, <= {LIST_RATIO}x")
    engine = db.open_engine(db.resolve_url(str(path)))
    connection = sqlite3.connect(path)
    with db.transaction(engine) as session:
        for label, filters, condition in list_cases(size):
            hand = HAND_LIST.format(condition=condition)
            ours_s = median_seconds(
                lambda f=filters: queries.list_commitments(session, f, limit=1000), runs
            )
            sql_s = median_seconds(lambda h=hand: connection.execute(h).fetchall(), runs)
            ids = [row[0] for row in connection.execute(hand)]
            records = queries.list_commitments(session, filters, limit=1000)
            assert ids == [r["id"] for r in records], f"{label}: not the same commitments"
            rows = len(ids)
            ratio = ours_s / sql_s
            line(f"{label} ({rows} rows)", f"{ours_s * 1000:.1f} ms", f"{sql_s * 1000:.1f} ms",
                 f"{ratio:.2f}x", query_verdict(size, ours_s, ratio))  # fmt: skip
    plans(size, engine)
    connection.close()
    engine.dispose()


def plans(size: Size, engine) -> None:  # type: ignore[no-untyped-def]
    print(f"[{size.name}] query plans: does any list filter read follow_up from end to end?")
    with db.transaction(engine) as session:
        for label, filters, _ in list_cases(size):
            query = queries.commitment_query(queries.list_conditions(session, filters), 1000)
            scans = [
                s for s in planner.query_plan(session, query) if s.startswith("SCAN follow_up")
            ]
            print(f"  {label:<34} {'full scan: ' + scans[0] if scans else 'no full scan'}")


HAND_SCORES = """
SELECT c.id, c.title, a.name, a.country_code, f.score
FROM (SELECT f.commitment_id, f.actor_id, f.score, row_number() OVER (
          PARTITION BY f.commitment_id, f.actor_id
          ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC) AS rank
      FROM follow_up AS f
      WHERE f.commitment_id IN (SELECT id FROM commitment WHERE statement_id = ?)
        AND f.actor_id IS NOT NULL AND f.score IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)) AS f
JOIN commitment AS c ON c.id = f.commitment_id
JOIN actor AS a ON a.id = f.actor_id
WHERE f.rank = 1
ORDER BY c.start_offset, a.name"""


def scores_and_overview(size: Size, path: Path, runs: int) -> None:
    code = "syn00001" if size.statements else "gc2017"
    print(f"\n[{size.name}] one statement ({code}): scores and the overview view (median)")
    engine = db.open_engine(db.resolve_url(str(path)))
    connection = sqlite3.connect(path)
    [statement_id] = connection.execute(
        "SELECT id FROM statement WHERE code = ?", (code,)
    ).fetchone()
    with db.transaction(engine) as session:
        ours_s = median_seconds(lambda: queries.compliance_scores(session, code), runs)
    sql_s = median_seconds(
        lambda: connection.execute(HAND_SCORES, (statement_id,)).fetchall(), runs
    )
    cells = len(connection.execute(HAND_SCORES, (statement_id,)).fetchall())
    ratio = ours_s / sql_s
    line(f"tracker scores ({cells} cells)", f"{ours_s * 1000:.1f} ms", f"{sql_s * 1000:.1f} ms",
         f"{ratio:.2f}x", query_verdict(size, ours_s, ratio))  # fmt: skip
    overview = "SELECT * FROM commitment_overview WHERE statement = ?"
    view_s = median_seconds(lambda: connection.execute(overview, (code,)).fetchall(), runs)
    rows = len(connection.execute(overview, (code,)).fetchall())
    line(f"commitment_overview ({rows} rows)", f"{view_s * 1000:.1f} ms", "", "",
         f"< {LIST_TARGET_MS} ms: {verdict(view_s * 1000 < LIST_TARGET_MS)}")  # fmt: skip
    connection.close()
    engine.dispose()


PEAK_MEMORY = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


# The same rows inserted with executemany into ever more of what tracker's
# follow_up table is: where the gap between a bare table and tracker goes.
LADDER = [
    ("a bare table", "no checks, keys, indexes or triggers"),
    ("follow_up, keys and checks", "its foreign keys and CHECKs only"),
    ("  + indexes", "and its indexes"),
    ("  + triggers: the whole table", "guards, status, search: the floor"),
]


def executemany_rate(path: Path, values: list[tuple], layer: int) -> float:
    """Rows per second of executemany into ``path``'s follow_up, from layer 0 to 3 of LADDER."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA foreign_keys = ON")
    if layer == 0:
        connection.execute(
            "CREATE TABLE follow_up (id INTEGER PRIMARY KEY, commitment_id, actor_id, status,"
            " score, as_of, sources, note, assessor, recorded_at)"
        )
    for kind, name in connection.execute(
        "SELECT type, name FROM sqlite_master WHERE tbl_name = 'follow_up'"
        " AND (type = 'trigger' AND ? < 3 OR type = 'index' AND sql IS NOT NULL AND ? < 2)",
        (layer, layer),
    ).fetchall():
        connection.execute(f"DROP {kind} {name}")
    insert = INSERT_FOLLOW_UP.replace("(id, ", "(").replace("(?, ", "(", 1)
    start = time.perf_counter()
    connection.execute("BEGIN IMMEDIATE")
    connection.executemany(insert, values)
    connection.execute("COMMIT")
    seconds = time.perf_counter() - start
    connection.close()
    return len(values) / seconds


def bulk_import(size: Size, path: Path) -> None:
    print(f"\n[{size.name}] bulk import of {size.import_rows:,} follow-ups (one run each)")
    connection = sqlite3.connect(path)
    commitments = [
        (cid, dt.date.fromisoformat(day))
        for cid, day in connection.execute(
            "SELECT c.id, s.date FROM commitment AS c JOIN statement AS s ON s.id = c.statement_id"
        )
    ]
    actors = dict(
        connection.execute("SELECT id, name FROM actor WHERE kind = 'national_government'")
    )
    connection.close()
    rows = follow_up_rows(commitments, list(actors), size.import_rows, random.Random(9), first_id=0,
                          moment=dt.datetime(2026, 2, 1))  # fmt: skip
    csv_path = CACHE / f"{size.name}-import.csv"
    write_import_csv(csv_path, rows, actors)
    values = [row_values(row)[1:] for row in rows]
    copy = CACHE / f"{size.name}-copy.db"

    shutil.copy(path, copy)
    start = time.perf_counter()
    # A small Python in between starts the importer: a child forked straight
    # from this process would count this process's memory as its own.
    measured = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, TRACKER, "--db", str(copy), "follow-up", "import",
         str(csv_path)],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    ours = size.import_rows / (time.perf_counter() - start)
    peak_mb = int(measured.stdout) / 1024

    line("executemany into", "rows/s", "", "of bare", "")
    rates = []
    for layer, (label, what) in enumerate(LADDER):
        if layer == 0:
            copy.unlink()
        else:
            shutil.copy(path, copy)
        rates.append(executemany_rate(copy, values, layer))
        line(label, f"{rates[-1]:,.0f}", "", f"{rates[-1] / rates[0]:.2f}", what)
    bare, floor = rates[0], rates[-1]
    line("tracker follow-up import", f"{ours:,.0f}", "", f"{ours / bare:.2f}",
         f">= {IMPORT_RATIO} of bare: {verdict(ours / bare >= IMPORT_RATIO)};"
         f" {ours / floor:.2f}x the whole table's executemany")  # fmt: skip
    line("peak memory of the importer", f"{peak_mb:.0f} MB", "", "",
         f"< 300 MB: {verdict(peak_mb < 300)}")  # fmt: skip
    for used in (copy, csv_path):
        used.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="small,medium", help="small, medium and/or large")
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median)")
    arguments = parser.parse_args()
    sizes = [SIZES[name] for name in arguments.sizes.split(",")]
    print(f"tracker benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
          f" {platform.python_version()}, SQLite {sqlite3.sqlite_version}")  # fmt: skip
    seed_db = build(SIZES["small"])
    startup(seed_db, arguments.runs * 2)
    for size in sizes:
        path = build(size)
        lists(size, path, arguments.runs)
        scores_and_overview(size, path, arguments.runs)
        bulk_import(size, path)


if __name__ == "__main__":
    main()
