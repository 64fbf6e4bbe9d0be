"""`tracker init`: the statement's data in the database, exactly, idempotently."""


import pytest
import yaml
from helpers import ANNOTATION, STATEMENT, edit, execute, run, snapshot

from tracker.annotation import read_annotation

FICTIONAL_FOLLOW_UP = (
    "INSERT INTO follow_up (commitment_id, status, as_of, sources, note, recorded_at)"
    " VALUES ('gc2017-4.1', 'in_progress', '2017-06-01', '[\"https://example.org/fictional\"]',"
    " 'Fictional follow-up for a test', '2017-06-02 10:00:00')"
)


def test_every_commitment_and_sentence_is_in_the_database(seeded):
    annotation = read_annotation(ANNOTATION)
    [commitments, excluded] = execute(
        seeded,
        "SELECT p.number, count(*) FROM commitment c JOIN paragraph p ON p.id = c.paragraph_id"
        " GROUP BY p.number",
        "SELECT p.number, count(*) FROM sentence s JOIN paragraph p ON p.id = s.paragraph_id"
        " WHERE s.decision = 'excluded' GROUP BY p.number",
    )
    expected_commitments: dict[int, int] = {}
    expected_excluded: dict[int, int] = {}
    for sentence in annotation.sentences:
        number = sentence.paragraph
        if sentence.exclusion_reason:
            expected_excluded[number] = expected_excluded.get(number, 0) + 1
        elif sentence.commitments:
            expected_commitments[number] = expected_commitments.get(number, 0) + len(
                sentence.commitments
            )
    assert dict(commitments) == expected_commitments
    assert dict(excluded) == expected_excluded
    [[(sentences,)]] = execute(seeded, "SELECT count(*) FROM sentence")
    assert sentences == len(annotation.sentences) == 68


def test_quotes_are_the_statement_text_at_their_offsets(seeded):
    [[(statement_text,)], rows] = execute(
        seeded,
        "SELECT text FROM statement WHERE code = 'gc2017'",
        "SELECT id, start_offset, end_offset, quote FROM commitment",
    )
    assert statement_text == STATEMENT.read_bytes().decode("utf-8")
    assert len(rows) == 44
    for _id, start, end, quote in rows:
        assert statement_text[start:end] == quote


def test_init_twice_changes_no_row(database):
    first = run(database, "init")
    assert first.exit_code == 0, first.output
    assert "gc2017: loaded (44 commitments, 35 excluded sentences)" in first.stderr
    before = snapshot(database)
    second = run(database, "init")
    assert second.exit_code == 0
    assert "already loaded, nothing changed" in second.stderr
    assert snapshot(database) == before


def test_sqlite_file_has_wal_and_sound_foreign_keys(seeded_sqlite):
    import sqlite3

    connection = sqlite3.connect(seeded_sqlite)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    connection.close()


def test_follow_ups_survive_init_and_a_corrected_annotation(seeded, seeds):
    execute(seeded, FICTIONAL_FOLLOW_UP)
    follow_ups = snapshot(seeded)["follow_up"]
    edit(seeds, "title: Deny ISIS sanctuary", "title: Deny ISIS any sanctuary")
    result = run(seeded, "init")
    assert result.exit_code == 0, result.output
    assert "gc2017: updated" in result.stderr
    [[(title,)]] = execute(seeded, "SELECT title FROM commitment WHERE id = 'gc2017-4.1'")
    assert title == "Deny ISIS any sanctuary"
    assert snapshot(seeded)["follow_up"] == follow_ups


def test_a_corrected_annotation_can_split_and_drop_commitments(seeded, seeds):
    data = yaml.safe_load(seeds.read_text(encoding="utf-8"))
    sentence = next(s for s in data["sentences"] if (s["paragraph"], s["sentence"]) == (13, 1))
    sentence["commitments"] = sentence["commitments"][:1]
    sentence["commitments"][0]["id"] = "gc2017-13.1a"
    seeds.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert run(seeded, "init").exit_code == 0
    [ids] = execute(seeded, "SELECT id FROM commitment WHERE id LIKE 'gc2017-13.%' ORDER BY id")
    assert ids == [("gc2017-13.1a",), ("gc2017-13.3",), ("gc2017-13.4",)]


def test_dropping_a_commitment_with_follow_ups_is_refused(seeded, seeds):
    execute(seeded, FICTIONAL_FOLLOW_UP)
    before = snapshot(seeded)
    edit(seeds, "id: gc2017-4.1\n", "id: gc2017-4.1b\n")
    result = run(seeded, "init")
    assert result.exit_code == 1
    assert "commitment gc2017-4.1 has follow-ups" in result.stderr
    assert snapshot(seeded) == before


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            "quote: we are committed to denying ISIS sanctuary\n",
            "quote: we are committed to denying ISIS sanctuarY\n",
            "commitment gc2017-4.1: the quote is not the statement text",
        ),
        ("partner: [INTERPOL]", "partner: [INTERPOLL]", "unknown actor 'INTERPOLL'"),
        ("- paragraph: 0\n  sentence: 1\n", "- paragraph: 0\n  sentence: 2\n", "no such sentence"),
    ],
)
def test_a_broken_annotation_leaves_the_database_untouched(seeded, seeds, old, new, message):
    edit(seeds, "Pursue an integrated", "Follow an integrated")  # a change to load
    edit(seeds, old, new)
    before = snapshot(seeded)
    result = run(seeded, "init")
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert snapshot(seeded) == before
