import hashlib

import pytest
from helpers import REPO, STATEMENT

from tracker.parse import ParseError, headings, parse_statement

SEED_SHA256 = "b993715dfe48d284cffe25cfed3014bd1052ff6dc801f80fa5288959c3d6c0f0"


@pytest.fixture(scope="module")
def seed_text() -> str:
    return STATEMENT.read_bytes().decode("utf-8")


def sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for p in parse_statement(text) for s in p.sentences]


def test_seed_file_is_the_published_text_byte_for_byte():
    raw = STATEMENT.read_bytes()
    assert hashlib.sha256(raw).hexdigest() == SEED_SHA256
    shared = REPO.parent.parent / "shared" / "seeds" / STATEMENT.name
    if shared.exists():
        assert shared.read_bytes() == raw
    assert not raw.endswith(b"\n")


def test_seed_has_a_preamble_and_fourteen_numbered_paragraphs(seed_text):
    paragraphs = parse_statement(seed_text)
    assert [p.number for p in paragraphs] == list(range(15))
    assert seed_text[paragraphs[1].start :].startswith("Foreign Ministers of the Global")
    assert seed_text[paragraphs[0].start : paragraphs[0].end].startswith("The following is")
    assert paragraphs[-1].end == len(seed_text)


def test_seed_sentences_are_whole(seed_text):
    paragraphs = parse_statement(seed_text)
    counts = {p.number: len(p.sentences) for p in paragraphs}
    assert counts == {
        0: 1,
        1: 3,
        2: 10,
        3: 3,
        4: 4,
        5: 9,
        6: 4,
        7: 8,
        8: 5,
        9: 1,
        10: 1,
        11: 7,
        12: 3,
        13: 5,
        14: 4,
    }
    for paragraph in paragraphs:
        for span in paragraph.sentences:
            sentence = seed_text[span.start : span.end]
            assert paragraph.start <= span.start < span.end <= paragraph.end
            assert sentence[0].isupper() and sentence.endswith(".")


def test_abbreviation_does_not_end_a_sentence(seed_text):
    first = sentences(seed_text)[1]
    assert "U.S. Secretary of State Rex Tillerson" in first
    assert first.endswith("lasting defeat of ISIS.")


def test_page_break_continues_paragraph_five(seed_text):
    paragraph = parse_statement(seed_text)[5]
    text = seed_text[paragraph.start : paragraph.end]
    assert text.startswith("ISIS cannot be allowed")
    assert text.endswith("coordination of international support.")
    broken = [
        seed_text[s.start : s.end]
        for s in paragraph.sentences
        if "\n" in seed_text[s.start : s.end]
    ]
    assert broken == [
        "We are gratified that partners have already pledged more than two billion dollars"
        " for such assistance in 2017 and continue to\n\nprovide other vital support, notably"
        " for the Italian-led police training program in Iraq."
    ]


def test_unnumbered_paragraphs_windows_line_endings_and_byte_order_mark():
    text = (
        "\ufeffJoint Statement\r\n\r\nWe welcome the talks. We will meet again\r\n"
        "in May.\r\n\r\nThe ministers – and Mr. Smith – agreed on “next steps”."
        " They will report by 1 June.\r\n"
    )
    paragraphs = parse_statement(text)
    assert [p.number for p in paragraphs] == [1, 2]
    assert [text[h.start : h.end] for h in headings(text)] == ["Joint Statement"]
    assert sentences(text) == [
        "We welcome the talks.",
        "We will meet again\r\nin May.",
        "The ministers – and Mr. Smith – agreed on “next steps”.",
        "They will report by 1 June.",
    ]


def test_lower_case_block_continues_an_unnumbered_paragraph():
    text = "We will fund the plan and\n\n\fcontinue to train police. We welcome it."
    paragraphs = parse_statement(text)
    assert len(paragraphs) == 1
    assert sentences(text) == [
        "We will fund the plan and\n\n\fcontinue to train police.",
        "We welcome it.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "The U.N. Security Council met.",
        "See No. 5 of the list, e.g. the first item.",
        "Signed by J. Smith on behalf of the group.",
        'He said "we will return." Then he left.',
    ],
)
def test_abbreviations_initials_and_quotes(sentence):
    parts = sentences(sentence)
    if sentence.startswith("He said"):
        assert parts == ['He said "we will return."', "Then he left."]
    else:
        assert parts == [sentence]


def test_numbers_must_increase():
    with pytest.raises(ParseError, match="paragraph 2 follows paragraph 3"):
        parse_statement("3. We will act.\n\n2. We will act again.")


@pytest.mark.parametrize("text", ["", "   \n\n\t ", "\ufeff"])
def test_empty_text_is_refused(text):
    with pytest.raises(ParseError):
        parse_statement(text)


def test_headings_are_not_sentences_and_list_labels_do_not_end_one():
    text = (
        "Statement of the Example Group\n\nRome, 4 June 2031\n\nThe Leaders of the"
        " U.S. and the Example Group met in Washington, D.C. today.\n\nNext Steps\n\n"
        "The Leaders agreed on two tasks:\n1. Screening every container;\n2. Sharing the"
        " findings.\nThey will report."
    )
    assert [text[h.start : h.end] for h in headings(text)] == [
        "Statement of the Example Group",
        "Rome, 4 June 2031",
        "Next Steps",
    ]
    assert [p.number for p in parse_statement(text)] == [1, 2]
    assert sentences(text) == [
        "The Leaders of the U.S. and the Example Group met in Washington, D.C. today.",
        "The Leaders agreed on two tasks:\n1. Screening every container;\n2. Sharing the findings.",
        "They will report.",
    ]
