"""The one exception the library raises for anything a user can fix."""

from __future__ import annotations

from collections.abc import Sequence

# The CLI lists at most this many details under an error's message, then says
# how many more there were: enough to fix a file in a few rounds, not a flood.
MAX_DETAILS = 20


class TrackerError(Exception):
    """Bad input or a state the user can act on; the message says what.

    The message is one line. ``details`` are further lines, such as the
    other problems of an import file, that the CLI prints indented under it.
    """

    def __init__(self, message: str, details: Sequence[str] = ()):
        super().__init__(message)
        self.message = message
        self.details = list(details)

    def lines(self, limit: int = MAX_DETAILS) -> list[str]:
        """The message, then up to ``limit`` details indented, then how many were left out."""
        shown = [f"  {detail}" for detail in self.details[:limit]]
        left = len(self.details) - limit
        return [self.message, *shown, *([f"  ... and {left} more"] if left > 0 else [])]
