"""What a lookup by name or id offers when nothing is called that.

Every lookup (commitment, actor, region, statement) asks here, so that a
near miss is met the same way everywhere: candidates holding the words
typed, in order ("4.1" in gc2017-4.1, "Iraq" in "Government of Iraq"),
then those spelt alike ("Nigera" for Nigeria).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

MAX_SUGGESTIONS = 5
_WORD = re.compile(r"\w+")


def _words(value: str) -> list[str]:
    return _WORD.findall(value.casefold())


def _holds(words: list[str], wanted: list[str]) -> int | None:
    """Where ``wanted`` runs within ``words``, or None."""
    size = len(wanted)
    for start in range(len(words) - size + 1):
        if words[start : start + size] == wanted:
            return start
    return None


def abbreviated(wanted: str, candidates: Iterable[str]) -> str | None:
    """The one candidate whose words begin with the words of ``wanted``, if only one does.

    "Lake Chad" for "Lake Chad basin". For lookups that only read: a
    command that writes names exactly what it means.
    """
    words = _words(wanted)
    found = {c for c in candidates if words and _holds(_words(c)[: len(words)], words) == 0}
    return found.pop() if len(found) == 1 else None


def suggestions(wanted: str, candidates: Iterable[str]) -> list[str]:
    """Up to MAX_SUGGESTIONS candidates close to ``wanted``, the likeliest first."""
    import difflib  # only when something was not found

    names = sorted(set(candidates))
    words = _words(wanted)
    holding = (
        sorted(
            (c for c in names if _holds(_words(c), words) is not None),
            key=lambda c: (_holds(_words(c), words) != 0, len(c), c),
        )
        if words
        else []
    )
    alike = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
    return list(dict.fromkeys([*holding, *alike]))[:MAX_SUGGESTIONS]


def did_you_mean(wanted: str, candidates: Iterable[str]) -> str:
    """ "; did you mean A, B?" to end an error message, or "" when nothing is close."""
    close = suggestions(wanted, candidates)
    return f"; did you mean {', '.join(close)}?" if close else ""
