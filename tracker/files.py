"""Writing the user's files: whole or not at all, and never over what is not a file.

Every file tracker writes (``--output``, drafts, backups) goes through
:func:`atomic_path` or :func:`atomic_file`, and a folder of files (a data
package) through :func:`atomic_directory`. A new file or a regular file is
written under a temporary name of this process's own beside it and renamed
over it once whole, so a reader (or a second tracker writing the same path)
never sees half of it. A device, FIFO or socket is written in place: renaming a
file over ``/dev/null`` would replace it. A symbolic link is followed: its
target is what gets written, and the link stays a link.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tracker.errors import TrackerError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file a write to ``path`` lands in, and its state (None if new)."""
    try:
        status = path.stat()  # follows links
    except FileNotFoundError:
        if path.is_symlink():
            raise TrackerError(f"{path} is a symbolic link to nothing; give another path") from None
        return path, None
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror}") from exc
    if stat.S_ISDIR(status.st_mode):
        raise TrackerError(f"{path} is a folder; give a file")
    return Path(os.path.realpath(path)) if stat.S_ISREG(status.st_mode) else path, status


def is_regular(path: Path) -> bool:
    """Whether ``path`` is (or links to) a regular file, which a write replaces."""
    status = _target(path)[1]
    return status is not None and stat.S_ISREG(status.st_mode)


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path to fill; it becomes ``path`` if the block succeeds.

    For writers that need a name rather than a stream (SQLite's backup). The
    temporary name is unique to this call, so concurrent writers of the same
    path never share one; the last to finish wins, each whole.
    """
    target, status = _target(path)
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise TrackerError(f"{path} is not a regular file; give a file to write")
    descriptor, name = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".partial", dir=target.parent
    )
    os.close(descriptor)
    temporary = Path(name)
    try:
        # mkstemp makes the file private; give it the mode the user expects.
        os.chmod(temporary, stat.S_IMODE(status.st_mode) if status else 0o666 & ~_umask())
        yield temporary
        os.replace(temporary, target)
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        temporary.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[IO[str]]:
    """A UTF-8 text stream that appears at ``path`` whole, or not at all.

    A device, FIFO or socket at ``path`` is written in place instead.
    """
    try:
        _, status = _target(path)
        if status is not None and not stat.S_ISREG(status.st_mode):
            with open(path, "w", encoding="utf-8", newline="") as stream:
                yield stream
            return
        with atomic_path(path) as temporary:
            with open(temporary, "w", encoding="utf-8", newline="") as stream:
                yield stream
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror}") from exc


def write_bytes(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)


@contextlib.contextmanager
def atomic_directory(path: Path) -> Iterator[Path]:
    """A temporary folder to fill; it becomes ``path`` if the block succeeds.

    ``path`` must be new or an empty folder, so that nothing of the user's
    is replaced; the folder is filled beside it under a name of its own.
    """
    try:
        if path.is_symlink() or path.exists():
            if not path.is_dir() or path.is_symlink():
                raise TrackerError(f"{path} is not a folder; give a new or empty folder")
            if any(path.iterdir()):
                raise TrackerError(f"{path} is not empty; give a new or empty folder")
        parent = path.absolute().parent
        temporary = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".partial", dir=parent))
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror}") from exc
    try:
        os.chmod(temporary, 0o777 & ~_umask())
        yield temporary
        if path.is_dir():
            path.rmdir()  # empty, as checked: the filled folder takes its place
        os.rename(temporary, path)
    except OSError as exc:
        raise TrackerError(f"cannot write {path}: {exc.strerror}") from exc
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
