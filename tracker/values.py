"""The rules a single value must meet, written once for every reader.

Follow-ups, annotations, drafting and actors check their values here, so a
statement code or a source URL means the same thing whichever door it comes
in by. Each rule raises :class:`ValueProblem`, whose message says what is
wrong without naming the field: the caller knows where the value came from
and says so. The database's CHECK constraints and triggers stand behind
these rules for rows written by other tools.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from tracker.text import is_unicode, one_line_problem

# Commitment ids are the code, a hyphen and "paragraph.sentence", within the
# 40 characters of their column: 31 characters leave room for that suffix.
MAX_STATEMENT_CODE = 31
MAX_URL = 2_000
MAX_NAME = 200  # an actor's name, a title, an assessor

_STATEMENT_CODE = re.compile(rf"[a-z0-9][a-z0-9-]{{0,{MAX_STATEMENT_CODE - 1}}}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Regular expressions rather than urlsplit: an import checks millions of URLs.
_UNPRINTABLE = re.compile(r"[\s\x00-\x1f\x7f]")
# As migration 0006 refuses them: what HTML or a shell would read (a URL
# writes them percent-encoded).
URL_FORBIDDEN = "<>\"'\\^`{|}"
_URL_FORBIDDEN = re.compile(f"[{re.escape(URL_FORBIDDEN)}]")
# A host, or an IPv6 address in brackets (as urlsplit would accept it).
_HTTP_URL = re.compile(
    r"https?://(?:[^/?#\[\]]+|[^/?#\[\]]*\[[0-9a-f:.]+\](?::\d*)?)(?:[/?#].*)?",
    re.IGNORECASE,
)
# Most URLs: a plain host and printable ASCII that none of the rules above
# refuse (no space, control character or forbidden character), in one match.
_PLAIN_HTTP_URL = re.compile(
    r"https?://[a-z0-9.\-]+(?::[0-9]+)?(?:[/?#][!#-&(-;=?-\[\]_a-z~]*)?",
    re.IGNORECASE | re.ASCII,
)


class ValueProblem(ValueError):
    """A value that breaks its rule; the message says how."""


def statement_code(value: Any) -> str:
    """A statement's code: lower-case letters, digits and hyphens, a letter or digit first."""
    if not isinstance(value, str) or not _STATEMENT_CODE.fullmatch(value):
        raise ValueProblem(
            "a statement code is up to 31 lower-case letters, digits and hyphens,"
            f" starting with a letter or digit, not {value!r}"
        )
    return value


def http_url_problem(value: Any) -> str | None:
    """What is wrong with ``value`` as an http or https URL, or None if nothing.

    One line of at most MAX_URL characters, no spaces or control characters
    nor any of ``<>"'\\^`{|}`` (the database refuses the same),
    the scheme http or https (any case) and a host (an IPv6 one in brackets).
    """
    if not isinstance(value, str) or not value:
        return "expected a URL"
    if len(value) > MAX_URL:
        return f"a URL longer than {MAX_URL} characters"
    if _PLAIN_HTTP_URL.fullmatch(value):
        return None
    if _UNPRINTABLE.search(value) or not is_unicode(value):
        return f"a URL with spaces or control characters: {value[:80]!r}"
    if _URL_FORBIDDEN.search(value):
        return f"a URL with characters it must percent-encode (<>\"'\\^`{{|}}): {value[:80]!r}"
    if not _HTTP_URL.fullmatch(value):
        return f"not an http or https URL: {value[:80]!r}"
    return None


def http_url(value: Any) -> str:
    """``value`` if it is an http or https URL (see http_url_problem)."""
    problem = http_url_problem(value)
    if problem:
        raise ValueProblem(problem)
    return str(value)


def text(value: Any, limit: int, *, one_line: bool = False, blank: bool = False) -> str:
    """Valid Unicode of at most ``limit`` characters, without NUL; with ``one_line``,
    no line breaks or control characters (see tracker.text).

    Blank text (nothing but white space) only with ``blank``.
    """
    if not isinstance(value, str) or not (blank or value.strip()):
        raise ValueProblem("expected some text")
    if "\x00" in value:
        raise ValueProblem("contains a NUL character")
    problem = one_line_problem(value) if one_line else None
    if problem or not is_unicode(value):
        raise ValueProblem(problem or "is not valid Unicode (it holds a lone surrogate)")
    if len(value) > limit:
        raise ValueProblem(f"longer than {limit} characters")
    return value


def date(value: Any) -> dt.date:
    """A calendar date: a date, or its ISO form YYYY-MM-DD; never a date and time."""
    if isinstance(value, dt.datetime):
        raise ValueProblem("expected a date, not a date and time")
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not _DATE.fullmatch(value.strip()):
        raise ValueProblem(f"not a date (YYYY-MM-DD): {value!r}")
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise ValueProblem(f"not a date (YYYY-MM-DD): {value!r}") from None


MAX_SOURCE_FILE = 10 * 1024 * 1024  # a source's local copy, in bytes
PRECISIONS = ("day", "month", "year")
_MONTH = re.compile(r"\d{4}-\d{2}")
_YEAR = re.compile(r"\d{4}")


def last_day(day: dt.date, precision: str) -> dt.date:
    """The last day a date of ``precision`` could mean (see tracker.status)."""
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    return day


def imprecise_date(value: Any) -> tuple[dt.date, str]:
    """A date as precise as its evidence: YYYY-MM-DD, YYYY-MM or YYYY.

    Returns the day it is stored as (the last it could mean) and its precision.
    """
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value, "day"
    if isinstance(value, str):
        stripped = value.strip()
        try:
            if _DATE.fullmatch(stripped):  # the usual precision, first
                return dt.date.fromisoformat(stripped), "day"
            if _MONTH.fullmatch(stripped):
                year, month = map(int, stripped.split("-"))
                return last_day(dt.date(year, month, 1), "month"), "month"
            if _YEAR.fullmatch(stripped):
                return last_day(dt.date(int(stripped), 1, 1), "year"), "year"
        except ValueError:
            raise ValueProblem(f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}") from None
    try:
        return date(value), "day"
    except ValueProblem:
        raise ValueProblem(f"not a date (YYYY-MM-DD, YYYY-MM or YYYY): {value!r}") from None


def shown_date(day: dt.date, precision: str) -> str:
    """A date as it was given: 2019-10 for a month, never an invented day."""
    if precision == "year":
        return f"{day.year:04d}"
    if precision == "month":
        return f"{day.year:04d}-{day.month:02d}"
    return day.isoformat()
