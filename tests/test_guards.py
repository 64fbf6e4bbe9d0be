"""The database refuses invalid rows written with plain SQL, on both engines."""

import pytest
from helpers import execute, snapshot
from sqlalchemy.exc import IntegrityError

FOLLOW_UP = (
    "INSERT INTO follow_up (commitment_id, actor_id, status, score, as_of, sources, recorded_at)"
    " VALUES ({commitment}, {actor}, {status}, {score}, {as_of}, {sources}, '2018-01-02 09:00:00')"
)


def follow_up(**overrides: str) -> str:
    values = {
        "commitment": "'gc2017-4.1'",
        "actor": "NULL",
        "status": "'in_progress'",
        "score": "NULL",
        "as_of": "'2018-01-01'",
        "sources": """'["https://example.org/fictional-evidence"]'""",
    }
    return FOLLOW_UP.format(**(values | overrides))


def test_a_valid_follow_up_is_accepted(seeded):
    execute(seeded, follow_up())
    [[(count,)]] = execute(seeded, "SELECT count(*) FROM follow_up")
    assert count == 1


REFUSED = {
    "update a follow-up": [follow_up(), "UPDATE follow_up SET status = 'achieved'"],
    "delete a follow-up": [follow_up(), "DELETE FROM follow_up"],
    "unknown status": [follow_up(status="'done'")],
    "score out of range": [follow_up(score="2")],
    "unknown commitment": [follow_up(commitment="'gc2017-99.9'")],
    "unknown actor": [follow_up(actor="9999")],
    "as-of before the statement": [follow_up(as_of="'2017-03-21'")],
    "as-of after recording": [follow_up(as_of="'2018-01-03'")],
    "no source for a status": [follow_up(sources="'[]'")],
    "a source that is not http": [follow_up(sources="""'["ftp://example.org/x"]'""")],
    "sources that are not a list": [follow_up(sources="""'"https://example.org/x"'""")],
    "correction of another commitment": [
        follow_up(),
        "INSERT INTO follow_up (commitment_id, status, as_of, sources, corrects_id, recorded_at)"
        " SELECT 'gc2017-4.2', 'stalled', '2018-01-01', '[\"https://example.org/f\"]', id,"
        " '2018-01-02 10:00:00' FROM follow_up",
    ],
    "correction by another actor": [
        follow_up(),
        "INSERT INTO follow_up (commitment_id, actor_id, status, as_of, sources, corrects_id,"
        " recorded_at) SELECT 'gc2017-4.1', (SELECT min(id) FROM actor), 'stalled', '2018-01-01',"
        " '[\"https://example.org/f\"]', id, '2018-01-02 10:00:00' FROM follow_up",
    ],
    "a quote that is not the text": ["UPDATE commitment SET quote = 'we promise everything'"],
    "offsets that do not fit the quote": [
        "UPDATE commitment SET start_offset = start_offset + 1 WHERE id = 'gc2017-4.1'"
    ],
    "a sentence's text changed": ["UPDATE sentence SET text = upper(text)"],
    "the statement's text changed": ["UPDATE statement SET text = text || ' Amended.'"],
    "unknown commitment type": ["UPDATE commitment SET type = 'promise'"],
    "unknown actor role": ["UPDATE commitment_actor SET role = 'owner'"],
    "unknown theme": ["UPDATE commitment SET theme = 'space'"],
    "exclusion without a reason": ["UPDATE sentence SET exclusion_reason = NULL"],
    "a region its own parent": ["UPDATE region SET parent_id = id"],
    "a commitment of no sentence": ["UPDATE commitment SET sentence_id = 99999"],
}


@pytest.mark.parametrize("case", REFUSED, ids=list(REFUSED))
def test_invalid_writes_are_refused(seeded, case):
    *setup, invalid = REFUSED[case]
    if setup:
        execute(seeded, *setup)
    before = snapshot(seeded)
    with pytest.raises(IntegrityError):
        execute(seeded, invalid)
    assert snapshot(seeded) == before
