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
