"""Rules for text that tracker stores and shows, whoever wrote it.

Text must be valid Unicode (a lone surrogate, which JSON escapes and
undecodable command-line bytes produce, can be neither stored nor printed).
A one-line value (a name, an assessor) holds no line breaks or control
characters. What a terminal shows has its control characters escaped, so
stored text cannot move the cursor, clear the screen or fake a status. And
CSV cells that a spreadsheet would run as a formula are defused the way
OWASP recommends (a leading apostrophe), which an import undoes.
"""

from __future__ import annotations

import re

# Control characters (C0 but the line break, DEL, C1), the Unicode line and
# paragraph separators, and lone surrogates. (Few patterns, each compiled
# once: every command imports this module.)
_UNSHOWABLE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
# A cell a spreadsheet takes for a formula, apostrophes already before it
# included (so that the apostrophe an import removes is always the one added).
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_NUMBER = re.compile(r"[+-]?\d+(?:\.\d+)?")


def is_unicode(value: str) -> bool:
    """False for text with a lone surrogate (which no UTF-8 can encode)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def one_line_problem(value: str) -> str | None:
    """Why ``value`` cannot be a one-line value, or None if it can."""
    if not is_unicode(value):
        return "is not valid Unicode (it holds a lone surrogate)"
    if "\n" in value or _UNSHOWABLE.search(value):
        return "must be one line, without control characters"
    return None


def for_terminal(value: str) -> str:
    """``value`` with every control character but the line break escaped as \\xNN."""
    return _UNSHOWABLE.sub(_escape, value)


def one_line(value: str) -> str:
    """``value`` for a one-line message: line breaks and controls escaped too."""
    return for_terminal(value).replace("\n", "\\n")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def defuse_formula(cell: str) -> str:
    """A CSV cell a spreadsheet will show as text, not run (numbers stay numbers)."""
    if _FORMULA.match(cell) and not _NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def restore_formula(cell: str) -> str:
    """The cell :func:`defuse_formula` was given, from what it wrote."""
    if cell.startswith("'") and defuse_formula(cell[1:]) != cell[1:]:
        return cell[1:]
    return cell
