"""The reviewed annotation: complete, exact, and refused when broken."""

import copy
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml
from helpers import ANNOTATION, STATEMENT, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker import vocab
from tracker.annotation import AnnotationError, check_document, read_annotation
from tracker.errors import TrackerError
from tracker.parse import parse_statement

COMMITMENTS_PER_PARAGRAPH = {1: 1, 4: 6, 5: 5, 6: 5, 7: 5, 8: 3, 10: 2, 11: 7, 12: 2, 13: 4, 14: 4}
EXCLUDED_PER_PARAGRAPH = {
    0: 1,
    1: 2,
    2: 10,
    3: 3,
    5: 5,
    6: 1,
    7: 4,
    8: 3,
    9: 1,
    11: 2,
    12: 1,
    13: 2,
}


@pytest.fixture(scope="module")
def annotation():
    return read_annotation(ANNOTATION)


def test_every_sentence_is_covered_once_in_reading_order(annotation):
    parsed = [
        (p.number, i, s.start, s.end)
        for p in parse_statement(annotation.text)
        for i, s in enumerate(p.sentences, start=1)
    ]
    entries = [(s.paragraph, s.position, s.start, s.end) for s in annotation.sentences]
    assert entries == parsed


def test_counts_per_paragraph(annotation):
    commitments = Counter(s.paragraph for s in annotation.sentences for _ in s.commitments)
    excluded = Counter(s.paragraph for s in annotation.sentences if s.exclusion_reason)
    assert commitments == COMMITMENTS_PER_PARAGRAPH
    assert excluded == EXCLUDED_PER_PARAGRAPH
    assert sum(commitments.values()) == 44


def test_every_quote_is_verbatim_at_its_offsets(annotation):
    text = STATEMENT.read_bytes().decode("utf-8")
    for sentence in annotation.sentences:
        for commitment in sentence.commitments:
            assert text[commitment.start : commitment.end] == commitment.quote
            assert sentence.start <= commitment.start < commitment.end <= sentence.end


def test_ids_are_unique_and_typable(annotation):
    ids = [c.id for c in annotation.commitments]
    assert len(ids) == len(set(ids))
    assert all(i.startswith("gc2017-") and i == i.lower() and " " not in i for i in ids)


def test_countries_carry_iso_codes_from_pycountry(annotation):
    codes = {r.name: r.iso_code for r in annotation.regions if r.kind == "country"}
    assert codes == {"Iraq": "IQ", "Syria": "SY", "Libya": "LY", "Nigeria": "NG"}
    parents = {r.name: r.parent for r in annotation.regions}
    assert parents["Mosul"] == "Iraq" and parents["Raqqa"] == "Syria"


def test_paragraph_subject_country_is_carried(annotation):
    """Paragraph 7 is about Syria and 8 about Libya, even where a sentence is silent."""
    for sentence in annotation.sentences:
        for commitment in sentence.commitments:
            if sentence.paragraph == 7:
                assert "Syria" in commitment.regions
            if sentence.paragraph == 8:
                assert "Libya" in commitment.regions


def test_places_named_only_in_titles_are_not_regions(annotation):
    regions = {name for c in annotation.commitments for name in c.regions}
    assert not regions & {"Geneva", "Brussels", "Astana", "Washington"}


def test_calls_name_addressees_where_the_text_does(annotation):
    by_id = {c.id: c for c in annotation.commitments}
    assert ("addressed", "Government of Iraq") in by_id["gc2017-6.4"].actors
    assert ("addressed", "All Libyan parties") in by_id["gc2017-8.1"].actors
    assert ("addressed", "Coalition members") in by_id["gc2017-11.3"].actors


def test_vocabularies_are_used_as_documented(annotation):
    for c in annotation.commitments:
        assert c.type in vocab.COMMITMENT_TYPES and c.theme in vocab.THEMES
        assert c.binding in vocab.BINDING
    reasons = {s.exclusion_reason for s in annotation.sentences if s.exclusion_reason}
    assert reasons <= set(vocab.EXCLUSION_REASONS)


def test_the_deadline_is_the_july_2017_meeting(annotation):
    deadlines = {c.id: c.deadline.isoformat() for c in annotation.commitments if c.deadline}
    assert deadlines == {"gc2017-14.4": "2017-07-31"}


def broken_copy(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """The seed annotation with ``old`` replaced by ``new``, beside its text."""
    shutil.copy(STATEMENT, tmp_path / STATEMENT.name)
    source = ANNOTATION.read_text(encoding="utf-8")
    assert source.count(old) >= count, old
    path = tmp_path / ANNOTATION.name
    path.write_text(source.replace(old, new, count), encoding="utf-8")
    return path


BREAKAGES = {
    "quote changed by one character": (
        "    quote: we are committed to denying ISIS sanctuary\n",
        "    quote: we are committed to denying ISIS sanctuarY\n",
        "commitment gc2017-4.1: the quote is not the statement text at its offsets",
    ),
    "unknown actor": (
        "partner: [Government of Iraq]",
        "partner: [Government of Atlantis]",
        "unknown actor 'Government of Atlantis'",
    ),
    "unknown region": ("regions: [Mosul]", "regions: [Gotham]", "unknown region 'Gotham'"),
    "vocabulary": ("theme: military", "theme: naval", "'naval' is not one of"),
    "offsets outside the sentence": (
        "offsets: [2458, 2500]",
        "offsets: [2440, 2500]",
        "commitment gc2017-4.1: the quote",
    ),
    "unknown key": ("    binding: high\n", "    binding: high\n    bindnig: low\n", "unknown key"),
    "duplicate id": ("id: gc2017-4.2", "id: gc2017-4.1", "commitment id gc2017-4.1 is used twice"),
    "draft left in": ("  excluded: fact\n", "  excluded: fact\n  draft: true\n", "still drafts"),
    "no reason or commitment": ("  excluded: editorial\n", "", "sentence 0.1: give either"),
    "sha256 of another text": ("sha256: b99", "sha256: a99", "SHA-256"),
    "deadline without its catalyst": ("    - deadline: July 2017\n", "", "deadline date goes with"),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_broken_annotation_is_refused_naming_the_entry(tmp_path, breakage):
    old, new, message = BREAKAGES[breakage]
    with pytest.raises(AnnotationError, match=message.replace("[", r"\[")):
        read_annotation(broken_copy(tmp_path, old, new))


def test_a_sentence_left_out_is_refused(tmp_path):
    path = broken_copy(tmp_path, "x", "x")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["sentences"][5]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(AnnotationError) as caught:
        read_annotation(path)
    assert caught.value.problems == ["sentence 2.2: missing from the annotation"]


def test_sentences_out_of_order_are_refused(tmp_path):
    path = broken_copy(tmp_path, "x", "x")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["sentences"][4], data["sentences"][5] = data["sentences"][5], data["sentences"][4]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(AnnotationError, match="sentence 2.1: out of reading order"):
        read_annotation(path)


def test_all_problems_are_counted(tmp_path):
    path = broken_copy(tmp_path, "theme: military", "theme: naval", count=3)
    with pytest.raises(AnnotationError) as caught:
        read_annotation(path)
    assert len(caught.value.problems) == 3
    assert str(caught.value).endswith("(and 2 more)")


def test_load_lists_every_problem_under_the_first(tmp_path, seeded_sqlite):
    path = broken_copy(tmp_path, "theme: military", "theme: naval", count=3)
    result = run(seeded_sqlite, "load", str(path))
    first, *details = result.stderr.splitlines()
    assert result.exit_code == 1
    assert first.startswith(f"Error: {path.name}: ") and first.endswith("(and 2 more)")
    assert len(details) == 2 and all("'naval' is not one of" in d for d in details)
    assert all(d.startswith("  sentence ") for d in details)


def test_not_yaml_is_refused(tmp_path):
    path = broken_copy(tmp_path, "format: 1", "format: [1")
    with pytest.raises(AnnotationError, match="not valid YAML"):
        read_annotation(path)


def _paths(node, prefix=()):
    """Every place in a parsed YAML document, as a path of keys and indexes."""
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


SEED_DATA = yaml.safe_load(ANNOTATION.read_text(encoding="utf-8"))
SEED_PATHS = [p for p in _paths(SEED_DATA) if p]
ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20) | st.dates(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=4,
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.sampled_from(SEED_PATHS), value=ANY_VALUE)
def test_any_value_anywhere_is_refused_cleanly(tmp_path_factory, where, value):
    """Whatever a hand edit puts anywhere in the file: checked, or refused by name."""
    data = copy.deepcopy(SEED_DATA)
    node = data
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    folder = tmp_path_factory.mktemp("fuzz")
    shutil.copy(STATEMENT, folder / STATEMENT.name)
    path = folder / ANNOTATION.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    try:
        read_annotation(path)
    except TrackerError:
        pass


def test_a_parse_given_with_the_check_is_used_only_for_its_own_text():
    data = yaml.safe_load(ANNOTATION.read_text(encoding="utf-8"))
    text = STATEMENT.read_text(encoding="utf-8")
    alone = check_document(ANNOTATION, data)
    given = check_document(ANNOTATION, data, parsed=(text, parse_statement(text)))
    assert given == alone
    # A parse of another text is not this one's: the text is parsed again.
    assert check_document(ANNOTATION, data, parsed=(text + " ", [])) == alone
    with pytest.raises(AnnotationError, match="no such sentence"):
        check_document(ANNOTATION, data, parsed=(text, []))
