"""The value rules every reader shares: each door refuses the same values."""

import datetime as dt

import pytest

from tracker import values
from tracker.errors import TrackerError

GOOD_URLS = [
    "https://example.org",
    "HTTP://example.org/a?b#c",
    "https://example.org/x",
    "http://[::1]:8080/x",
]
BAD_URLS = [
    "",
    None,
    "ftp://example.org/x",
    "https://",
    "https:///path",
    "http://[::1",
    "http://ex]ample.org",
    "https://example.org/a b",
    "https://example.org/\x00",
    "javascript:alert(1)",
    "https://example.org/" + "x" * values.MAX_URL,
]


@pytest.mark.parametrize("url", GOOD_URLS)
def test_http_urls_pass(url):
    assert values.http_url_problem(url) is None
    assert values.http_url(url) == url


@pytest.mark.parametrize("url", BAD_URLS)
def test_other_urls_are_refused(url):
    assert values.http_url_problem(url)
    with pytest.raises(values.ValueProblem):
        values.http_url(url)


@pytest.mark.parametrize("code", ["gc2017", "g", "a-b-2", "x" * 31])
def test_statement_codes(code):
    assert values.statement_code(code) == code


@pytest.mark.parametrize("code", ["", "GC2017", "-gc", "gc 2017", "gc_2017", "x" * 32, "é2017", 7])
def test_bad_statement_codes(code):
    with pytest.raises(values.ValueProblem, match="statement code"):
        values.statement_code(code)


def test_text():
    assert values.text("two\nlines", 20) == "two\nlines"
    assert values.text("  ", 5, blank=True) == "  "
    for value, kwargs, message in [
        ("two\nlines", {"one_line": True}, "one line"),
        ("carriage\rreturn", {"one_line": True}, "one line"),
        ("nul\x00", {}, "NUL"),
        ("x" * 21, {}, "longer than 20"),
        ("   ", {}, "some text"),
        (3, {}, "some text"),
    ]:
        with pytest.raises(values.ValueProblem, match=message):
            values.text(value, 20, **kwargs)


def test_dates():
    assert values.date("2017-03-22") == dt.date(2017, 3, 22)
    assert values.date(dt.date(2017, 3, 22)) == dt.date(2017, 3, 22)
    for value in ["2017-13-01", "22 March 2017", "2017-3-22", None, dt.datetime(2017, 3, 22)]:
        with pytest.raises(values.ValueProblem):
            values.date(value)


def test_every_door_uses_the_url_rule(tmp_path):
    """Drafting, the report's links and follow-ups agree on one refused URL."""
    from tracker.drafting import extract
    from tracker.scorecard import report

    url = "https://example.org/with space"
    with pytest.raises(TrackerError, match="spaces"):
        extract.draft("We will act.", extract.StatementFields(url=url, date=dt.date(2031, 1, 1)))
    assert report.safe_href(url) is None
    assert report.safe_href(" https://example.org/a ") == "https://example.org/a"
