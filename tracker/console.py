"""What a command writes, and the one-line message each failure it can foresee ends with.

Free of Click, so that the fast lane (tracker.lane) and the Click layer
(tracker.cli) write and fail alike.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from typing import Any

from tracker import text
from tracker.errors import TrackerError

# Library errors say what is wrong; the others are named here too (input
# nested too deep for the stack, memory, a full disk or closed output), so
# that no input ends in a traceback.
FAILURES = (TrackerError, RecursionError, MemoryError, UnicodeEncodeError, OSError)


class _Closed(io.RawIOBase):
    """Standard output when its descriptor is closed: each write fails as one to it would."""

    def writable(self) -> bool:
        return True

    def write(self, _data: Any) -> int:
        raise OSError(errno.EBADF, "it is closed")


def mend_closed_streams() -> None:
    """`tracker list >&-`: Python leaves None for a closed standard stream, which
    any write would end in a traceback on.

    Output then fails when written, and the command ends with that error, as
    `cat >&-` does; messages have nowhere to go, and go to /dev/null.
    """
    if sys.stdout is None:
        sys.stdout = io.TextIOWrapper(_Closed(), encoding="utf-8")
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (for the rest of the process)


def out(value: str) -> None:
    """Data, to standard output."""
    sys.stdout.write(value)
    sys.stdout.flush()


def out_text(value: str) -> None:
    """Text for a terminal: stored text cannot move the cursor or clear the screen."""
    out(text.for_terminal(value))


def width(wide: bool) -> int | None:
    """How wide a table may be on standard output (tracker.output.table_width)."""
    from tracker import output

    return output.table_width(sys.stdout, wide=wide)


def err(message: str) -> None:
    """A message, to standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def note(message: str) -> None:
    err(f"note: {text.one_line(message)}")


def failure(exc: BaseException) -> str:
    """The message a command ends with on one of FAILURES, each line escaped: a
    message quoting stored text cannot reach the terminal's control sequences,
    nor break a line."""
    if isinstance(exc, TrackerError):
        return "\n".join(text.one_line(line) for line in exc.lines())
    if isinstance(exc, RecursionError):
        return "the input is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "out of memory: the input is too large"
    if isinstance(exc, UnicodeEncodeError):
        if exc.encoding.replace("-", "").lower() != "utf8":  # PYTHONIOENCODING=ascii, say
            # ascii(): the message itself must be writable in that encoding.
            unwritable = ascii(exc.object[exc.start : exc.end])
            return (
                f"cannot write {unwritable} in the output's encoding"
                f" ({exc.encoding}): set PYTHONIOENCODING=utf-8"
            )
        return f"cannot write text that is not valid Unicode ({exc.reason})"
    assert isinstance(exc, OSError)
    return os_error(exc)


def os_error(exc: OSError) -> str:
    where = f"{exc.filename}: " if exc.filename else "standard output: "
    return f"{where}{exc.strerror or exc}"


def drop_output() -> None:
    """After the reader closed the pipe: what is still buffered for it goes to
    /dev/null, so that no later flush fails."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def leave(code: int) -> None:
    """Flush the output, then end the process at once.

    Tearing the interpreter down, which frees SQLAlchemy's many objects one
    by one, takes longer than most commands take to run; nothing is left to
    close by then (each command disposes of its engine).
    """
    try:
        sys.stdout.flush()
    except BrokenPipeError:  # `tracker list | head`: the reader left, as it may
        pass
    except OSError as exc:  # a full disk, say, took the last of the output
        if code == 0:
            err(f"Error: {os_error(exc)}")
            code = 1
    with contextlib.suppress(OSError):
        sys.stderr.flush()
    os._exit(code)
