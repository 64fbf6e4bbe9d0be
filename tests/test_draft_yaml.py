"""A draft's sentences written by tracker.drafting.draft_yaml are PyYAML's bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.drafting import draft_yaml, extract

DATA = Path(__file__).parent / "data"
SEEDS = Path(__file__).parent.parent / "seeds"
SEED = SEEDS / "2017-03-22-global-coalition-ministerial-statement.txt"

# Text as statements hold it, and what makes YAML quote, escape or break: indicators,
# quotes, words PyYAML reads as other types, characters libyaml escapes, long words.
_WORDS = st.sampled_from(
    ["We", "will", "support", "Ministers", "U.S.", "yes", "null", "12", "-1", "2019-10-01",
     "0x1F", "1e3", "~", "-", "--", "---", "...", ":", "a:b", "#", "x #y", "?", "!", "&",
     "*", "|", ">", "%", "@", "`", "'", '"', "it's", "[", "]", "{", "}", ",", "\\", "é",
     "Türkiye", "—", "…", "\u00a0", "\t", "\n", "\u2028", "\x85", "\ufeff", "😀", "",
     "a" * 120, "Operation Inherent Resolve"]
)  # fmt: skip
_TEXT = st.lists(_WORDS, max_size=40).map(" ".join) | st.text(max_size=60)
_SCALAR = (
    _TEXT | st.integers(-(10**6), 10**6) | st.booleans() | st.none() | st.dates()
    | st.floats(allow_nan=False)
)  # fmt: skip
_KEYS = st.sampled_from(["text", "quote", "note", "id", "offsets", "actors", "regions", "x_y"])
_FLOW = st.lists(_TEXT | st.integers(0, 10**6) | st.booleans(), max_size=12)


def _mappings(children: st.SearchStrategy) -> st.SearchStrategy:
    return st.dictionaries(_KEYS, children, max_size=6)


_VALUE = st.recursive(
    _SCALAR | _FLOW,
    lambda inner: _mappings(inner) | st.lists(_mappings(inner), max_size=3),
    max_leaves=25,
)
# A draft has a sentence at least.
_ENTRIES = st.lists(st.dictionaries(_KEYS, _VALUE, max_size=8), min_size=1, max_size=4)


@pytest.mark.slow  # a hypothesis storm of about four seconds
@settings(max_examples=100, deadline=None)
@given(_ENTRIES)
def test_generated_entries_are_written_as_pyyaml_writes_them(entries):
    assert draft_yaml.sentences(entries) == draft_yaml.dump(entries)


@pytest.mark.parametrize(
    "value",
    [
        "a " * 80 + "'b' " * 30,
        "'" + "x " * 70 + "'",
        "yes",
        "a: b",
        *("w" * n + end for n in (92, 96, 99) for end in (" ", "x ", "' ")),  # a last space
        *("w" * n + "  x" + " y" * 40 for n in range(94, 101)),  # two spaces past the width
    ],
)
def test_long_quoted_and_typed_strings_are_written_as_pyyaml_writes_them(value):
    entries = [{"text": value, "aliases": [value, "one", 2], "nested": [{"quote": value}]}]
    written = draft_yaml.sentences(entries)
    assert written == draft_yaml.dump(entries)
    assert yaml.safe_load(written) == entries


@pytest.mark.parametrize("path", [*sorted(DATA.glob("*.txt")), SEED], ids=lambda p: p.stem)
def test_drafts_of_the_statements_are_written_as_pyyaml_writes_them(path):
    result = extract.draft(
        path.read_text(encoding="utf-8"),
        extract.StatementFields(date=dt.date(2030, 1, 1)),
        file_name=path.name,
    )
    entries = extract.document(result, text_file=path.name, sha256="0" * 64)["sentences"]
    assert draft_yaml.sentences(entries) == draft_yaml.dump(entries)
