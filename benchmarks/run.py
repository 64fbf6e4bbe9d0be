"""Measure tracker against its floors, and print each target as met or missed.

    pip install -e '.[benchmark]'
    python benchmarks/run.py                        # small and medium, SQLite
    python benchmarks/run.py --sizes small,medium,large
    python benchmarks/run.py --engine postgresql --postgresql-url URL   # medium

Builds (once, cached in benchmarks/.cache; on PostgreSQL in a schema of
the database the URL names) a synthetic corpus at each size (corpus.py),
then prints each figure beside its floor, the ratio between them and the
target with its verdict:

- process start-up on the seed database: `tracker list`, `tracker list
  --format json`, `tracker show ID`, `tracker scores`, `tracker follow-up
  list ID` and shell completion,
  each run in turn with its floors (A, B, C, A, B, C ...), the verdict on
  the median of the per-round ratios of CPU time (the machine is shared:
  CPU time is what another process cannot take), wall time beside it, and
  the first call of each (a fresh process, before any of its rounds).
  tracker's modules are compiled to bytecode first and the runs may read
  and write bytecode, as after `pip install` (a shell with
  PYTHONDONTWRITEBYTECODE would recompile an editable install each run).
  Beside the verdicts, as information: `import click`, beneath which no
  command that goes through Click can go (tracker.lane runs these
  without it), the seed opened through the bare driver (SQLite parses the
  whole schema, triggers included, on opening), and a form of `tracker
  list` that the lane leaves to Click;
- `tracker list` with each common filter, up to 1,000 rows, `tracker
  scores` for one statement and the overview view: against tracker's own
  SQL replayed through the bare driver (the floor: the same statements,
  with no Python of tracker's around them) and against hand-written SQL
  (which may get another plan; shown, labelled, as information);
- `tracker follow-up import` against `executemany` into ever more of the
  follow_up table, with tracker's own connection settings, the whole table
  also in tracker's bulk mode (the floor), and an end-to-end floor that
  parses the same CSV with the csv module first; and the importer's peak
  memory. Tracker's import and the floor run in turn (--import-runs
  times), the verdict on the median of the per-pair ratios;
- the peak memory of `tracker export`, and `follow-up list --since --limit`.

Each time is a median of several runs. Nothing here asserts: it reports.
"""

from __future__ import annotations

import argparse
import compileall
import csv
import datetime as dt
import json
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tracker_reads
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

import tracker
from tracker import db

BIN = Path(sys.executable).parent
TRACKER = str(BIN / "tracker")
SQLITE_UTILS = str(BIN / "sqlite-utils")
LIST_TARGET_MS = 200
LIST_RATIO, IMPORT_RATIO, PEAK_MB, EXPORT_MB = 1.5, 1.0, 300, 150
# Start-up targets: at most this many times the floor's time.
CLICK_RATIO, SQLITE_RATIO, SQLITE_UTILS_RATIO = 1.5, 2.0, 1.0


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def line(label: str, value: str, floor: str, ratio: str, target: str) -> None:
    print(f"  {label:<38} {value:>11} {floor:>11} {ratio:>7}   {target}")


def verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 0.1 else f"{seconds * 1000:.0f} ms"


# Process start-up ---------------------------------------------------------


def process_times(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU (user + system) seconds of one run of ``argv``."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {child.returncode}")
    return wall, usage.ru_utime + usage.ru_stime


def completion(words: str) -> dict[str, str]:
    """The environment in which Click answers bash's completion of ``words``."""
    return {
        "_TRACKER_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }


# What opening the database costs before any query: SQLite reads and parses
# the whole schema (its triggers included) at the first statement.
OPENED = "SELECT version_num FROM alembic_version"


def floor_of(name: str, theirs: dict[str, list[tuple[float, float]]]) -> str:
    """An information floor as a multiple of `import sqlite3`, measured in the same rounds."""
    if "import sqlite3" not in theirs or name == "import sqlite3":
        return ""
    ratio = statistics.median(
        f[1] / s[1] for f, s in zip(theirs[name], theirs["import sqlite3"], strict=True)
    )
    return f"; itself {ratio:.2f}x import sqlite3"


def as_installed() -> dict[str, str]:
    """The environment of a user's install: tracker's modules compiled, bytecode read and kept."""
    compileall.compile_dir(Path(tracker.__file__).parent, quiet=1)
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def startup(seed_db: Path, runs: int) -> None:
    print("\nProcess start-up on the seed database: A, B, C, A, B, C ... in turn; CPU time,"
          " median of per-round ratios (wall time beside it); tracker's modules compiled"
          " first, as pip install leaves them")  # fmt: skip
    python = sys.executable
    opened = f"import sqlite3; sqlite3.connect({str(seed_db)!r}).execute({OPENED!r})"
    floors = {
        "import click": [python, "-c", "import click"],
        "import sqlite3": [python, "-c", "import sqlite3"],
        "sqlite-utils rows": [SQLITE_UTILS, "rows", str(seed_db), "commitment"],
        "sqlite-utils query": [SQLITE_UTILS, "query", str(seed_db),
                               "SELECT * FROM commitment_overview"],
        "the seed opened": [python, "-c", opened],
    }  # fmt: skip
    if not Path(SQLITE_UTILS).exists():
        print("  (sqlite-utils is not installed: pip install -e '.[benchmark]')")
        floors = {k: v for k, v in floors.items() if not k.startswith("sqlite-utils")}
    # Each command, its environment, and the floors it is held to (None:
    # information, what no command of Click's can go below).
    reads: dict[str, float | None] = {
        "import sqlite3": SQLITE_RATIO, "sqlite-utils rows": SQLITE_UTILS_RATIO,
        "sqlite-utils query": SQLITE_UTILS_RATIO, "import click": None,
        "the seed opened": None,
    }  # fmt: skip
    completing_ids = {"import click": CLICK_RATIO, "import sqlite3": SQLITE_RATIO,
                      "the seed opened": None}  # fmt: skip
    # A form the fast lane leaves to Click (tracker.lane), for information.
    through_click = {"import sqlite3": None, "import click": None}
    cases: list[tuple[str, list[str], dict[str, str], dict[str, float | None]]] = [
        ("tracker --help", ["--help"], {}, {"import click": CLICK_RATIO}),
        ("completion of 'tracker li'", [], completion("tracker li"),
         {"import click": CLICK_RATIO}),
        ("completion of 'tracker show gc2017-4.'", [], completion("tracker show gc2017-4."),
         completing_ids),
        ("completion of 'tracker list --actor In'", [], completion("tracker list --actor In"),
         completing_ids),
        ("tracker list", ["list"], {}, reads),
        ("tracker list --format json", ["list", "--format", "json"], {}, reads),
        ("tracker show gc2017-4.1", ["show", "gc2017-4.1"], {}, reads),
        ("tracker scores", ["scores"], {}, reads),
        ("tracker follow-up list gc2017-4.1", ["follow-up", "list", "gc2017-4.1"], {}, reads),
        ("tracker list --columns id,status (through Click)", ["list", "--columns", "id,status"],
         {}, through_click),
    ]  # fmt: skip
    env = as_installed() | {"TRACKER_DB": str(seed_db)}
    line("", "CPU", "floor CPU", "ratio", "target (wall: tracker / floor)")
    for label, args, extra, targets in cases:
        held = {name: ratio for name, ratio in targets.items() if name in floors}
        command = [TRACKER, *args]
        first_wall, first_cpu = process_times(command, env | extra)
        for name in held:  # one untimed round: each floor's first run is not a warm one
            process_times(floors[name], env)
        ours: list[tuple[float, float]] = []
        theirs: dict[str, list[tuple[float, float]]] = {name: [] for name in held}
        for _ in range(runs):
            ours.append(process_times(command, env | extra))
            for name in held:
                theirs[name].append(process_times(floors[name], env))
        wall = statistics.median(w for w, _ in ours)
        cpu = statistics.median(c for _, c in ours)
        print(f"  {label}: CPU {ms(cpu)}, wall {ms(wall)}; first call (fresh process)"
              f" CPU {ms(first_cpu)}, wall {ms(first_wall)}")  # fmt: skip
        for name, target in held.items():
            ratio = statistics.median(o[1] / t[1] for o, t in zip(ours, theirs[name], strict=True))
            wall_ratio = statistics.median(
                o[0] / t[0] for o, t in zip(ours, theirs[name], strict=True)
            )
            floor_cpu = statistics.median(c for _, c in theirs[name])
            if target is None:
                line(f"  over {name}", ms(cpu), ms(floor_cpu), f"{ratio:.2f}x",
                     f"(information; wall {wall_ratio:.2f}x){floor_of(name, theirs)}")  # fmt: skip
                continue
            # Faster than sqlite-utils, strictly; within the others' ratio.
            strict = target == SQLITE_UTILS_RATIO
            ok = ratio < target if strict else ratio <= target
            relation = "<" if strict else "<="
            line(f"  vs {name}", ms(cpu), ms(floor_cpu), f"{ratio:.2f}x",
                 f"{relation} {target}x: {verdict(ok)} (wall {wall_ratio:.2f}x)")  # fmt: skip


# Reads at size -------------------------------------------------------------


def list_cases(size: Size, engine: str) -> list[tuple[str, dict[str, Any], str]]:
    """(label, tracker's filters, the hand-written condition) for each common filter."""
    synthetic = size.statements > 0
    region = "Fictional country 001" if synthetic else "Iraq"
    actor = "Fictional member 007" if synthetic else "INTERPOL"
    status = "in_progress" if synthetic else "not_assessed"
    since = (dt.date.today() - dt.timedelta(days=365)).isoformat()
    today = "date('now')" if engine == "sqlite" else "current_date"
    search = (
        "c.id IN (SELECT commitment_id FROM commitment_search"
        " WHERE commitment_search MATCH '\"passports\"')"
        if engine == "sqlite"
        else "c.id IN (SELECT commitment_id FROM commitment_search"
        " WHERE document @@ plainto_tsquery('english', 'passports'))"
    )
    return [
        ("status", {"status": status}, f"cs.status = '{status}'"),
        ("region, places within included", {"region": region},
         "EXISTS (SELECT 1 FROM commitment_region AS cr JOIN region_ancestor AS ra"
         " ON ra.region_id = cr.region_id WHERE cr.commitment_id = c.id"
         f" AND ra.ancestor = '{region}')"),
        ("actor with role", {"actor": actor, "role": "partner"},
         "EXISTS (SELECT 1 FROM commitment_actor AS ca JOIN actor AS a ON a.id = ca.actor_id"
         f" WHERE ca.commitment_id = c.id AND a.name = '{actor}' AND ca.role = 'partner')"),
        ("theme", {"theme": "financing"}, "c.theme = 'financing'"),
        ("type", {"type": "pledge"}, "c.type = 'pledge'"),
        ("due before 2000-01-01", {"due_before": dt.date(2000, 1, 1)},
         "c.deadline < '2000-01-01'"),
        ("overdue", {"overdue": True},
         f"c.deadline < {today} AND cs.status NOT IN ('achieved', 'no_longer_applicable')"),
        ("stale (365 days)", {"stale": 365},
         f"coalesce(cs.last_follow_up_on, s.date) < '{since}'"
         " AND cs.status NOT IN ('achieved', 'no_longer_applicable')"),
        ("search 'passports'", {"search": "passports"}, search),
    ]  # fmt: skip


def hand_list(engine: str, condition: str) -> str:
    """Tracker's listing asked by hand: the same rows, links as text."""
    concat = "group_concat({}, ';')" if engine == "sqlite" else "string_agg({}, ';')"
    actors = concat.format("a.name || '|' || ca.role")
    regions = concat.format(
        "r.name || '|' || coalesce(r.iso_code, '') || '|' || coalesce(pr.name, '')"
    )
    catalysts = concat.format("k.kind || '|' || k.text")
    return f"""
SELECT c.id, s.code, p.number, se.position, c.start_offset, c.end_offset, c.quote, c.title,
       c.type, c.binding, c.theme, c.deadline, c.note, cs.status, cs.as_of, cs.last_follow_up_on,
       (SELECT {actors} FROM commitment_actor AS ca
        JOIN actor AS a ON a.id = ca.actor_id WHERE ca.commitment_id = c.id) AS actors,
       (SELECT {regions}
        FROM commitment_region AS cr JOIN region AS r ON r.id = cr.region_id
        LEFT JOIN region AS pr ON pr.id = r.parent_id WHERE cr.commitment_id = c.id) AS regions,
       (SELECT {catalysts} FROM catalyst AS k WHERE k.commitment_id = c.id) AS catalysts
FROM commitment AS c
JOIN statement AS s ON s.id = c.statement_id
JOIN paragraph AS p ON p.id = c.paragraph_id
JOIN sentence AS se ON se.id = c.sentence_id
JOIN commitment_status AS cs ON cs.commitment_id = c.id
WHERE {condition}
ORDER BY s.date, s.code, c.start_offset
LIMIT 1000"""


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


class Bare:
    """A bare driver connection: sqlite3, or psycopg for PostgreSQL."""

    def __init__(self, location: str):
        self.engine = "postgresql" if "://" in location else "sqlite"
        if self.engine == "sqlite":
            self.connection: Any = sqlite3.connect(location)
            for pragma in db.SQLITE_PRAGMAS:
                self.connection.execute(pragma)
        else:
            import psycopg
            from postgresql import driver_url

            self.connection = psycopg.connect(driver_url(location), autocommit=True)

    def rows(self, sql: str, parameters: Any = ()) -> list[Any]:
        if self.engine == "postgresql" and isinstance(parameters, tuple):
            sql = sql.replace("%", "%%").replace("?", "%s")
        cursor = self.connection.execute(sql, parameters)
        return cursor.fetchall() if cursor.description else []

    def replay(self, statements: list[tuple[str, Any]]) -> None:
        """Tracker's own statements, as it sent them to the driver."""
        for sql, parameters in statements:
            cursor = self.connection.execute(sql, parameters)
            if cursor.description:
                cursor.fetchall()

    def close(self) -> None:
        self.connection.close()


def read_line(label: str, ours: float, own: float, hand: float | None, size: Size) -> None:
    """A read against its floor (tracker's SQL) with the hand-written SQL beside it."""
    ratio = ours / own
    hand_part = f"; hand-written {ms(hand)}, {ours / hand:.2f}x" if hand else ""
    if size.name == "large" or size.name == "medium" and label.startswith("["):
        target = verdict(ours * 1000 < LIST_TARGET_MS and ratio <= LIST_RATIO)
    else:
        target = "(targets are for large)"
    line(label, ms(ours), ms(own), f"{ratio:.2f}x", f"{target}{hand_part}")


def reads(size: Size, location: str, runs: int) -> None:
    bare = Bare(location)
    engine = bare.engine
    print(f"\n[{size.name}, {engine}] tracker list, up to 1,000 rows (median); floor: tracker's own"
          f" SQL through the bare driver; hand-written SQL beside it")  # fmt: skip
    line("filter", "tracker", "own SQL", "ratio",
         f"target: < {LIST_TARGET_MS} ms and <= {LIST_RATIO}x own SQL")  # fmt: skip
    with tracker_reads.Reads(location) as ours:
        for label, filters, condition in list_cases(size, engine):
            hand = hand_list(engine, condition)
            ours_s = median_seconds(lambda f=filters: ours.list(f, 1000), runs)
            statements = ours.statements(lambda f=filters: ours.list(f, 1000))
            own_s = median_seconds(lambda s=statements: bare.replay(s), runs)
            hand_s = median_seconds(lambda h=hand: bare.rows(h), runs)
            ids = [row[0] for row in bare.rows(hand)]
            listed = ours.list(filters, 1000)
            assert ids == [r["id"] for r in listed], f"{label}: not the same commitments"
            read_line(f"{label} ({len(ids)} rows)", ours_s, own_s, hand_s, size)
        if engine == "sqlite":
            ours.plans([filters for _, filters, _ in list_cases(size, engine)])
        code = "syn00001" if size.statements else "gc2017"
        print(f"[{size.name}, {engine}] one statement ({code}): scores and the overview view")
        [(statement_id,)] = bare.rows("SELECT id FROM statement WHERE code = ?", (code,))
        ours_s = median_seconds(lambda: ours.scores(code), runs)
        statements = ours.statements(lambda: ours.scores(code))
        own_s = median_seconds(lambda: bare.replay(statements), runs)
        hand_s = median_seconds(lambda: bare.rows(HAND_SCORES, (statement_id,)), runs)
        cells = len(bare.rows(HAND_SCORES, (statement_id,)))
        read_line(f"tracker scores ({cells} cells)", ours_s, own_s, hand_s, size)
    overview = "SELECT * FROM commitment_overview WHERE statement = ?"
    view_s = median_seconds(lambda: bare.rows(overview, (code,)), runs)
    count = len(bare.rows(overview, (code,)))
    line(f"commitment_overview ({count} rows)", ms(view_s), "", "",
         f"< {LIST_TARGET_MS} ms: {verdict(view_s * 1000 < LIST_TARGET_MS)}")  # fmt: skip
    bare.close()


# Import ----------------------------------------------------------------------

PEAK_MEMORY = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
# db.bulk_load's protocol, as a tool without SQLAlchemy follows it.
BEGIN_BULK_LOAD = "INSERT INTO bulk_load (id, started_at) VALUES (1, CURRENT_TIMESTAMP)"
INSERT = INSERT_FOLLOW_UP.replace("(id, ", "(").replace("(?, ", "(", 1)
# The same rows inserted with executemany into ever more of what tracker's
# follow_up table is: where the gap between a bare table and tracker goes.
LADDER = [
    ("a bare table", "no checks, keys, indexes or triggers (information)"),
    ("follow_up, keys and checks", "its foreign keys and CHECKs only"),
    ("  + indexes", "and its indexes"),
    ("  + triggers, row by row", "guards, status, search kept at each row"),
    ("  + triggers, in bulk mode: the floor", "as tracker imports: caught up at the end"),
]
FLOOR = len(LADDER) - 1  # the rung tracker's import is held to


def import_values(csv_path: Path, actor_ids: dict[str, int]) -> Iterator[tuple[Any, ...]]:
    """The CSV's rows as follow_up values: what any importer must do before inserting."""
    with csv_path.open(newline="", encoding="utf-8") as stream:
        rows = csv.reader(stream)
        next(rows)
        for commitment, actor, status, score, as_of, sources, note, assessor, recorded in rows:
            yield (commitment, actor_ids[actor] if actor else None, status,
                   int(score) if score else None, as_of, json.dumps(sources.split()),
                   note or None, assessor or None, recorded)  # fmt: skip


@contextmanager
def sqlite_writer(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection set up as tracker sets up its writers."""
    connection = sqlite3.connect(path, isolation_level=None)
    for pragma in db.SQLITE_PRAGMAS:
        connection.execute(pragma)
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA journal_mode = WAL")
    try:
        yield connection
    finally:
        connection.close()


def sqlite_rate(path: Path, values: Callable[[], Any], layer: int, count: int) -> float:
    """Rows per second of executemany into ``path``'s follow_up at rung ``layer`` of LADDER."""
    with sqlite_writer(path) as connection:
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
        start = time.perf_counter()
        connection.execute("BEGIN IMMEDIATE")
        if layer == FLOOR:
            connection.execute(BEGIN_BULK_LOAD)
        connection.executemany(INSERT, values())
        if layer == FLOOR:
            connection.execute("DELETE FROM bulk_load")
        connection.execute("COMMIT")
        return count / (time.perf_counter() - start)


def import_file(size: Size, rows_from: Bare) -> tuple[Path, list[tuple[Any, ...]], dict[str, int]]:
    commitments = [
        (cid, dt.date.fromisoformat(str(day)))
        for cid, day in rows_from.rows(
            "SELECT c.id, s.date FROM commitment AS c JOIN statement AS s ON s.id = c.statement_id"
        )
    ]
    actors = dict(rows_from.rows("SELECT id, name FROM actor WHERE kind = 'national_government'"))
    rows = follow_up_rows(commitments, list(actors), size.import_rows, random.Random(9), first_id=0,
                          moment=dt.datetime(2026, 2, 1))  # fmt: skip
    csv_path = CACHE / f"{size.name}-import.csv"
    write_import_csv(csv_path, rows, actors)
    return csv_path, [row_values(row)[1:] for row in rows], {n: i for i, n in actors.items()}


def import_pairs(
    ours: Callable[[], float], floor: Callable[[], float], pairs: int
) -> tuple[float, float, float]:
    """Tracker's rate and the floor's, taken in turn ``pairs`` times.

    Returns both medians and the median of the per-pair ratios: a single
    run of each moved by a tenth either way from one run to the next.
    """
    taken = [(ours(), floor()) for _ in range(pairs)]
    return (statistics.median(o for o, _ in taken), statistics.median(f for _, f in taken),
            statistics.median(o / f for o, f in taken))  # fmt: skip


def import_verdicts(
    ours: float, floor: float, ratio: float, end_to_end: float, first: float
) -> None:
    """The floor's line of the ladder, tracker's against it, and the end-to-end floor."""
    label, what = LADDER[FLOOR]
    line(label, f"{floor:,.0f}", "", f"{floor / first:.2f}", what)
    line("tracker follow-up import", f"{ours:,.0f}", f"{floor:,.0f}", f"{ratio:.2f}x",
         f">= {IMPORT_RATIO}x the floor: {verdict(ratio >= IMPORT_RATIO)}")  # fmt: skip
    line("  end to end, bare: csv module + floor", f"{end_to_end:,.0f}", "",
         f"{ours / end_to_end:.2f}x", "tracker / this (information)")  # fmt: skip


def sqlite_import(size: Size, path: Path, pairs: int) -> None:
    print(f"\n[{size.name}, sqlite] import of {size.import_rows:,} follow-ups (rows/s; tracker"
          f" and the floor {pairs} times in turn, the ratio the median of theirs, the rest one"
          " run each; tracker's connection settings and WAL)")  # fmt: skip
    bare = Bare(str(path))
    csv_path, values, actor_ids = import_file(size, bare)
    bare.close()
    copy = CACHE / f"{size.name}-copy.db"
    files = [copy, copy.with_name(copy.name + "-wal"), copy.with_name(copy.name + "-shm")]
    peaks: list[int] = []

    def fresh(seeded: bool = True) -> None:
        for used in files:
            used.unlink(missing_ok=True)
        if seeded:
            shutil.copy(path, copy)

    def ours() -> float:
        fresh()
        start = time.perf_counter()
        # A small Python in between starts the importer: a child forked straight
        # from this process would count this process's memory as its own.
        measured = subprocess.run(
            [sys.executable, "-c", PEAK_MEMORY, TRACKER, "--db", str(copy), "follow-up",
             "import", str(csv_path)],
            capture_output=True, text=True, check=True,
        )  # fmt: skip
        seconds = time.perf_counter() - start
        peaks.append(int(measured.stdout))
        return size.import_rows / seconds

    def rate(layer: int, rows: Callable[[], Any]) -> float:
        fresh(seeded=layer > 0)  # the bare table is alone in its file
        return sqlite_rate(copy, rows, layer, len(values))

    line("executemany into", "rows/s", "", "of bare", "")
    rates = []
    for layer, (label, what) in enumerate(LADDER[:FLOOR]):
        rates.append(rate(layer, lambda: values))
        line(label, f"{rates[-1]:,.0f}", "", f"{rates[-1] / rates[0]:.2f}", what)
    ours_rate, floor, ratio = import_pairs(ours, lambda: rate(FLOOR, lambda: values), pairs)
    end_to_end = rate(FLOOR, lambda: import_values(csv_path, actor_ids))
    import_verdicts(ours_rate, floor, ratio, end_to_end, rates[0])
    peak_mb = max(peaks) / 1024
    line("peak memory of the importer", f"{peak_mb:.0f} MB", "", "",
         f"< {PEAK_MB} MB: {verdict(peak_mb < PEAK_MB)}")  # fmt: skip
    for used in (*files, csv_path):
        used.unlink(missing_ok=True)


def streams(size: Size, path: Path) -> None:
    """Long outputs: the export's peak memory, and the start of a long history."""
    print(f"\n[{size.name}, sqlite] long outputs")
    measured = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, TRACKER, "--db", str(path), "export", "--format",
         "json"],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    peak_mb = int(measured.stdout) / 1024
    line("tracker export --format json, peak", f"{peak_mb:.0f} MB", "", "",
         f"< {EXPORT_MB} MB (large): {verdict(peak_mb < EXPORT_MB)}")  # fmt: skip
    since = [TRACKER, "--db", str(path), "follow-up", "list", "--since", "2020-01-01", "--limit",
             "100"]  # fmt: skip
    wall, cpu = statistics.median(process_times(since, dict(os.environ)) for _ in range(3))
    line("follow-up list --since --limit 100", ms(wall), "", "", f"(CPU {ms(cpu)})")


class RolledBack(Exception):
    """Raised to end a timed import with the database as it was."""


def postgresql_import(size: Size, url: str, pairs: int) -> None:
    import psycopg
    from postgresql import driver_url

    from tracker import followups

    print(f"\n[{size.name}, postgresql] import of {size.import_rows:,} follow-ups (rows/s;"
          f" tracker and the floor {pairs} times in turn, the ratio the median of theirs, the"
          " rest one run each; each rolled back; tracker's import in process)")  # fmt: skip
    bare = Bare(url)
    csv_path, values, actor_ids = import_file(size, bare)
    bare.close()
    engine = db.open_engine(db.resolve_url(url))

    def ours() -> float:
        start = time.perf_counter()
        try:
            with csv_path.open("rb") as stream, db.transaction(engine, write=True) as session:
                followups.import_rows(session, followups.read_rows(stream, "csv"))
                raise RolledBack
        except RolledBack:
            pass
        return size.import_rows / (time.perf_counter() - start)

    insert = INSERT.replace("?", "%s")

    def rate(layer: int, rows: Callable[[], Any]) -> float:
        with psycopg.connect(driver_url(url)) as connection:
            if layer == 0:
                connection.execute(
                    "CREATE TEMP TABLE follow_up (id serial PRIMARY KEY, commitment_id text,"
                    " actor_id int, status text, score int, as_of date, sources json, note text,"
                    " assessor text, recorded_at timestamp)"
                )
            elif layer < 3:
                connection.execute("ALTER TABLE follow_up DISABLE TRIGGER USER")
            if layer == 1:
                for (name,) in connection.execute(
                    "SELECT indexname FROM pg_indexes WHERE tablename = 'follow_up'"
                    " AND schemaname = current_schema() AND indexname LIKE 'ix_%'"
                ).fetchall():
                    connection.execute(f"DROP INDEX {name}")
            start = time.perf_counter()
            if layer == FLOOR:
                connection.execute(BEGIN_BULK_LOAD)
            with connection.cursor() as cursor:
                cursor.executemany(insert, rows())
            if layer == FLOOR:
                connection.execute("DELETE FROM bulk_load")
            seconds = time.perf_counter() - start
            connection.rollback()
        return len(values) / seconds

    line("executemany into", "rows/s", "", "of bare", "")
    rates = []
    for layer, (label, what) in enumerate(LADDER[:FLOOR]):
        rates.append(rate(layer, lambda: values))
        line(label, f"{rates[-1]:,.0f}", "", f"{rates[-1] / rates[0]:.2f}", what)
    ours_rate, floor, ratio = import_pairs(ours, lambda: rate(FLOOR, lambda: values), pairs)
    engine.dispose()
    end_to_end = rate(FLOOR, lambda: import_values(csv_path, actor_ids))
    import_verdicts(ours_rate, floor, ratio, end_to_end, rates[0])
    csv_path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", help="small, medium and/or large [SQLite: small,medium;"
                        " PostgreSQL: medium]")  # fmt: skip
    parser.add_argument("--runs", type=int, default=7, help="runs per timing (median)")
    parser.add_argument(
        "--import-runs", type=int, default=3, help="tracker's imports and the floor's, in turn"
    )
    parser.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--postgresql-url",
        default=os.environ.get("TRACKER_BENCH_POSTGRESQL_URL")
        or os.environ.get("TRACKER_TEST_POSTGRESQL_URL"),
        help="a database the benchmark may make a schema in [$TRACKER_BENCH_POSTGRESQL_URL,"
        " else $TRACKER_TEST_POSTGRESQL_URL]",
    )
    parser.add_argument(
        "--skip", default="", help="parts to leave out: startup, reads, import, streams"
    )
    arguments = parser.parse_args()
    skip = set(arguments.skip.split(","))
    postgresql = arguments.engine == "postgresql"
    if postgresql and not arguments.postgresql_url:
        parser.error("--engine postgresql needs --postgresql-url or $TRACKER_BENCH_POSTGRESQL_URL")
    names = arguments.sizes or ("medium" if postgresql else "small,medium")
    sizes = [SIZES[name] for name in names.split(",")]
    print(f"tracker benchmarks, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python"
          f" {platform.python_version()}, SQLite {sqlite3.sqlite_version}")  # fmt: skip
    if postgresql:
        import psycopg
        from postgresql import build as build_postgresql
        from postgresql import driver_url

        with psycopg.connect(driver_url(arguments.postgresql_url)) as connection:
            print(f"PostgreSQL {connection.info.server_version}, psycopg {psycopg.__version__}")
    if "startup" not in skip:
        startup(build(SIZES["small"]), arguments.runs * 2)
    for size in sizes:
        path = build(size)
        location = build_postgresql(arguments.postgresql_url, path) if postgresql else str(path)
        if "reads" not in skip:
            reads(size, location, arguments.runs)
        if "import" not in skip:
            if postgresql:
                postgresql_import(size, location, arguments.import_runs)
            else:
                sqlite_import(size, path, arguments.import_runs)
        if "streams" not in skip and not postgresql:
            streams(size, path)


if __name__ == "__main__":
    main()
