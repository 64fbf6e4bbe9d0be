"""Does `tracker ingest` take time in proportion to its input, whatever its shape?

Run from the repository root: ``python benchmarks/ingest.py [KILOBYTES]``.

The whole of an ingest (read, draft, write the YAML, read it back and check
it as `tracker load` would) on the seed's paragraphs repeated to KILOBYTES
(default 100) and to four times as much, in two shapes: paragraphs as they
come, and every sentence in one paragraph (which once took quadratic time).
Linear time shows as a ratio near 4.

Then the same two shapes at about 1 MB, cold: `tracker ingest` in a new
process (imports, gazetteers and codebook included), its CPU time per MB: the
median of several runs, which find the drafting caches (tracker/drafting/cache.py)
that the run before them left, and the first run, which has none to find and
builds them, as after an install or an upgrade. The machine's load average
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
        [sys.executable, "-c", "from tracker.cli import main; main()", "ingest",
         str(statement), "--output", str(output), "--force",
         "--date", "2017-03-22", "--issuer", FIELDS.issuer or ""],
        check=True, capture_output=True, cwd=REPO, env={**os.environ, "TRACKER_CACHE": str(caches)},
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


ROUNDS = 5


def cold(text: str) -> None:
    """Each shape in a new process: once with no drafting caches (tracker/drafting/cache.py),
    as after an install or an upgrade, then the median of ROUNDS runs that find them."""
    print(f"\n{'cold, new process':<16} {'size':>9} {'s/MB':>9} {'no cache':>9}  runs (s/MB)")
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
            caches = folder / f"caches-{shape.replace(' ', '-')}"
            first = cold_seconds(statement, folder / "cold.yaml", caches) / megabytes
            runs = [
                cold_seconds(statement, folder / "cold.yaml", caches) / megabytes
                for _ in range(ROUNDS)
            ]
            shown = " ".join(f"{r:.2f}" for r in runs)
            print(
                f"{shape:<16} {megabytes * 1e3:>7.0f}kB {statistics.median(runs):>9.2f}"
                f" {first:>9.2f}  {shown}"
            )
    print(f"load average: {' '.join(f'{n:.2f}' for n in os.getloadavg())}")


if __name__ == "__main__":
    main()
