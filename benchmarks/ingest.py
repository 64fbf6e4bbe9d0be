"""Does `tracker ingest` take time in proportion to its input, whatever its shape?

Run from the repository root: ``python benchmarks/ingest.py [KILOBYTES]``.

The whole of an ingest (read, draft, write the YAML, read it back and check
it as `tracker load` would) on the seed's paragraphs repeated to KILOBYTES
(default 100) and to four times as much, in two shapes: paragraphs as they
come, and every sentence in one paragraph (which once took quadratic time).
Linear time shows as a ratio near 4.

Then the same two shapes at about 1 MB, cold: `tracker ingest` in a new
process (imports, gazetteers and codebook included), its CPU time per MB, the
median of several runs of each kind, taken in turns so that both see the same
load: the truly cold run, in a new process with a new, empty cache folder (as
the first ingest after an install or an upgrade: tracker/drafting/cache.py
builds the drafting caches, from the files tracker ships), and the warm run,
which finds the caches a run before it left; then the slowest median
against #15's target, under 2 s per MB. The machine's load average
follows: on a shared machine CPU time grows with it.
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))

from extraction import SEED, megabyte_of_statements  # noqa: E402

from tracker.annotation import read_annotation  # noqa: E402
from tracker.drafting import extract, gazetteer  # noqa: E402

FIELDS = extract.StatementFields(
    issuer="Foreign Ministers of the Global Coalition", date=dt.date(2017, 3, 22)
)


def one_paragraph(text: str, size: int) -> str:
    """Every paragraph's sentences run together into paragraph 1."""
    paragraphs = megabyte_of_statements(text, size).split("\n\n")
    return "1. " + " ".join(p.split(". ", 1)[-1] for p in paragraphs if p) + "\n"


def seconds(body: str, folder: Path, name: str) -> float:
    statement = folder / f"{name}.txt"
    statement.write_text(body, encoding="utf-8")
    start = time.process_time()
    extract.ingest(statement, folder / f"{name}.yaml", FIELDS, force=True)
    return time.process_time() - start


def main() -> None:
    size = int(sys.argv[1]) * 1000 if len(sys.argv) > 1 else 100_000
    text = read_annotation(SEED).text
    gazetteer.load()
    print(f"{'shape':<16} {'size':>9} {'seconds':>8} {'4x size':>9} {'seconds':>8} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        shapes = (("paragraphs", megabyte_of_statements), ("one paragraph", one_paragraph))
        for shape, make in shapes:
            small, large = make(text, size), make(text, 4 * size)
            first, second = seconds(small, folder, "small"), seconds(large, folder, "large")
            print(
                f"{shape:<16} {len(small) / 1e3:>7.0f}kB {first:>8.2f}"
                f" {len(large) / 1e3:>7.0f}kB {second:>8.2f} {second / first:>6.2f}"
            )
    cold(text)


def cold_seconds(statement: Path, output: Path, caches: Path) -> float:
    """The CPU time of `tracker ingest` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        [sys.executable, "-c", "from tracker.lane import main; main()", "ingest",
         str(statement), "--output", str(output), "--force",
         "--date", "2017-03-22", "--issuer", FIELDS.issuer or ""],
        check=True, capture_output=True, cwd=REPO, env={**os.environ, "TRACKER_CACHE": str(caches)},
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


ROUNDS = 5
# Issue #15: any text ingested cold in under this many CPU seconds per MB.
TARGET_S_PER_MB = 2.0


def _shown(runs: list[float]) -> str:
    return " ".join(f"{r:.2f}" for r in runs)


def cold(text: str) -> None:
    """Each shape in new processes: ROUNDS with a new, empty cache folder each (the first
    ingest after an install), in turn with ROUNDS that find the caches."""
    print(f"\n{'cold, new process':<16} {'size':>9} {'no cache':>9} {'cached':>9}  s/MB: runs")
    slowest = 0.0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for shape, make in (
            ("paragraphs", megabyte_of_statements),
            ("one paragraph", one_paragraph),
        ):
            body = make(text, 1_000_000)
            statement = folder / "cold.txt"
            statement.write_text(body, encoding="utf-8")
            megabytes = len(body.encode("utf-8")) / 1e6
            warm = folder / "caches-warm"
            cold_seconds(statement, folder / "cold.yaml", warm)  # leaves the caches
            fresh, cached = [], []
            for n in range(ROUNDS):
                empty = folder / f"caches-{shape.replace(' ', '-')}-{n}"
                fresh.append(cold_seconds(statement, folder / "cold.yaml", empty) / megabytes)
                cached.append(cold_seconds(statement, folder / "cold.yaml", warm) / megabytes)
            slowest = max(slowest, statistics.median(fresh), statistics.median(cached))
            runs = f"no cache {_shown(fresh)}; cached {_shown(cached)}"
            print(
                f"{shape:<16} {megabytes * 1e3:>7.0f}kB {statistics.median(fresh):>9.2f}"
                f" {statistics.median(cached):>9.2f}  {runs}"
            )
    verdict = "met" if slowest < TARGET_S_PER_MB else "MISSED"
    print(f"target: under {TARGET_S_PER_MB} s per MB cold, every shape: {slowest:.2f}, {verdict}")
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
