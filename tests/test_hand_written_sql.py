"""Hand-written SQL, as a data person would type it, is refused on any connection.

Each statement runs on its own (autocommit, as in the sqlite3 shell or
psql) against one seeded database per engine: through the plain sqlite3
module with foreign keys off (the shell's default) and on, and through
psycopg. Every one must be refused, and `tracker db verify` must pass
afterwards with every row as it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from helpers import engine_for, execute, run, snapshot

from tracker import verify

EVIDENCE = "'[\"https://example.org/fictional-evidence\"]'"


def follow_up(
    *,
    id: str = "NULL",
    commitment: str = "'gc2017-4.1'",
    actor: str = "NULL",
    status: str = "'in_progress'",
    score: str = "NULL",
    as_of: str = "'2018-01-01'",
    sources: str = EVIDENCE,
    note: str = "NULL",
    assessor: str = "NULL",
    recorded_at: str = "'2018-03-31 09:00:00'",
    corrects: str = "NULL",
    verb: str = "INSERT",
) -> str:
    return (
        f"{verb} INTO follow_up (id, commitment_id, actor_id, status, score, as_of, sources,"
        " note, assessor, recorded_at, corrects_id) VALUES"
        f" ({id}, {commitment}, {actor}, {status}, {score}, {as_of}, {sources}, {note},"
        f" {assessor}, {recorded_at}, {corrects})"
    )


ACTOR = "(SELECT id FROM actor WHERE name = 'Government of Fictionland')"
REGION = "(SELECT id FROM region WHERE name = '{}')"
CUT = "(SELECT end_offset - 1 FROM commitment WHERE id = 'gc2017-4.1')"

# A fictional later statement of one sentence, whose commitment repeats gc2017-4.1.
LATER = "We will act."
PARAGRAPH = "(SELECT id FROM paragraph WHERE statement_id = 9)"
SENTENCE = "(SELECT id FROM sentence WHERE statement_id = 9)"


def link(earlier: str, later: str, kind: str = "'restates'", score: str = "80") -> str:
    return (
        "INSERT INTO commitment_link (earlier_id, later_id, kind, score)"
        f" VALUES ({earlier}, {later}, {kind}, {score})"
    )


# Written once before the attacks: a fictional actor with a follow-up, two
# collective follow-ups, one corrected, and a later statement repeating gc2017-4.1.
SETUP = [
    "INSERT INTO actor (name, kind) VALUES ('Government of Fictionland', 'national_government')",
    follow_up(id="1", note="'Fictional: work began.'"),
    follow_up(id="2", status="'stalled'", as_of="'2018-02-01'", recorded_at="'2018-02-02 09:00:00'"),
    follow_up(
        id="3", status="'achieved'", as_of="'2018-02-01'", recorded_at="'2018-02-03 09:00:00'",
        corrects="2",
    ),
    follow_up(id="4", commitment="'gc2017-11.3'", actor=ACTOR, score="0",
              status="'partially_achieved'"),
    follow_up(id="5", status="'not_assessed'", as_of="'2016-01-01'").replace(
        "corrects_id)", "corrects_id, kind)").replace("NULL)", "NULL, 'context')"),
    "INSERT INTO statement (id, code, title, issuer, place, date, source_url, text, sha256,"
    " annotation_sha256, loaded_at) VALUES (9, 'fx2019', 'Fictional', 'Fictional Ministers',"
    f" 'Fictional City', '2019-01-01', NULL, '{LATER}',"
    f" '{hashlib.sha256(LATER.encode()).hexdigest()}', '{'0' * 64}', '2019-01-02 09:00:00')",
    "INSERT INTO paragraph (statement_id, number, start_offset, end_offset, text)"
    f" VALUES (9, 1, 0, {len(LATER)}, '{LATER}')",
    "INSERT INTO sentence (statement_id, paragraph_id, position, start_offset, end_offset, text,"
    f" decision) VALUES (9, {PARAGRAPH}, 1, 0, {len(LATER)}, '{LATER}', 'commitment')",
    "INSERT INTO commitment (id, statement_id, paragraph_id, sentence_id, start_offset,"
    " end_offset, quote, title, type, binding, theme) VALUES ('fx2019-1.1', 9, "
    f"{PARAGRAPH}, {SENTENCE}, 0, {len(LATER)}, '{LATER}', 'Act', 'pledge', 'high', 'military')",
    link("'gc2017-4.1'", "'fx2019-1.1'"),
]  # fmt: skip

BOTH = "both"
SQLITE = "sqlite"
POSTGRESQL = "postgresql"

# name -> (engines, statement). Every one is refused.
ATTACKS: dict[str, tuple[str, str]] = {
    # The append-only history.
    "replace a follow-up": (SQLITE, follow_up(id="1", status="'achieved'", verb="INSERT OR REPLACE")),
    "replace into a follow-up": (SQLITE, follow_up(id="1", status="'achieved'", verb="REPLACE")),
    "replace a correction by its corrects_id": (
        SQLITE, follow_up(corrects="2", status="'not_started'", verb="INSERT OR REPLACE")),
    "upsert a follow-up": (BOTH, follow_up(id="1") + " ON CONFLICT (id) DO UPDATE SET status = 'achieved'"),
    "update a follow-up": (BOTH, "UPDATE follow_up SET status = 'achieved' WHERE id = 1"),
    "delete a follow-up": (BOTH, "DELETE FROM follow_up WHERE id = 1"),
    "delete every follow-up": (BOTH, "DELETE FROM follow_up"),
    "truncate follow-ups": (POSTGRESQL, "TRUNCATE follow_up CASCADE"),
    "correct a follow-up twice": (BOTH, follow_up(corrects="2", status="'in_progress'")),
    # Orphans and keys.
    "delete a commitment with follow-ups": (BOTH, "DELETE FROM commitment WHERE id = 'gc2017-4.1'"),
    "delete a commitment with actors only": (BOTH, "DELETE FROM commitment WHERE id = 'gc2017-14.4'"),
    "delete a statement": (BOTH, "DELETE FROM statement"),
    "delete a paragraph": (BOTH, "DELETE FROM paragraph WHERE number = 4"),
    "delete a sentence": (BOTH, "DELETE FROM sentence WHERE id = (SELECT sentence_id FROM commitment WHERE id = 'gc2017-4.1')"),
    "delete an actor a follow-up names": (BOTH, f"DELETE FROM actor WHERE id = {ACTOR}"),
    "delete an actor a commitment names": (BOTH, "DELETE FROM actor WHERE name = 'INTERPOL'"),
    "delete a region with places in it": (BOTH, "DELETE FROM region WHERE name = 'Iraq'"),
    "delete a region a commitment names": (BOTH, "DELETE FROM region WHERE name = 'Mosul'"),
    "rename a commitment": (BOTH, "UPDATE commitment SET id = 'gc2017-4.1x' WHERE id = 'gc2017-4.1'"),
    "renumber a statement": (BOTH, "UPDATE statement SET id = id + 100"),
    "renumber an actor": (BOTH, f"UPDATE actor SET id = 999 WHERE id = {ACTOR}"),
    "renumber a region": (BOTH, f"UPDATE region SET id = 999 WHERE id = {REGION.format('Iraq')}"),
    "renumber a follow-up": (BOTH, "UPDATE follow_up SET id = 99 WHERE id = 1"),
    "move a paragraph to no statement": (BOTH, "UPDATE paragraph SET statement_id = 99 WHERE number = 4"),
    "a follow-up of no commitment": (BOTH, follow_up(commitment="'gc2017-99.9'")),
    "a follow-up of no actor": (BOTH, follow_up(actor="9999", score="1")),
    "a correction of no follow-up": (BOTH, follow_up(corrects="999")),
    "a region of no parent": (BOTH, "INSERT INTO region (name, kind, parent_id) VALUES ('Atlantis', 'city', 9999)"),
    "an alias of no actor": (BOTH, "INSERT INTO actor_alias (actor_id, alias) VALUES (9999, 'Nobody')"),
    "a commitment actor of no actor": (BOTH, "INSERT INTO commitment_actor VALUES ('gc2017-4.1', 9999, 'partner', 9)"),
    "a commitment region of no commitment": (BOTH, f"INSERT INTO commitment_region VALUES ('gc2017-99.9', {REGION.format('Iraq')}, 9)"),
    "a catalyst of no commitment": (BOTH, "INSERT INTO catalyst (commitment_id, kind, text) VALUES ('nope', 'deadline', 'x')"),
    "replace a statement": (SQLITE, "REPLACE INTO statement SELECT id, code, title, issuer, place, date, source_url, text || ' Amended.', sha256, annotation_sha256, loaded_at FROM statement"),
    "replace a commitment": (SQLITE, "INSERT OR REPLACE INTO commitment SELECT id, statement_id, paragraph_id, sentence_id, start_offset, end_offset, quote, 'A new title', type, binding, theme, deadline, note FROM commitment WHERE id = 'gc2017-4.1'"),
    "replace a paragraph": (SQLITE, "REPLACE INTO paragraph SELECT id, statement_id, number, start_offset, end_offset, text FROM paragraph WHERE number = 4"),
    "replace an actor by its name": (SQLITE, "REPLACE INTO actor (name, kind) VALUES ('INTERPOL', 'person')"),
    "upsert a statement's text": (POSTGRESQL, "INSERT INTO statement SELECT * FROM statement ON CONFLICT (id) DO UPDATE SET text = 'Nothing.'"),
    # Dates and times.
    "an as-of month 13": (BOTH, follow_up(as_of="'2017-13-45'")),
    "an as-of 30 February": (BOTH, follow_up(as_of="'2018-02-30'")),
    "an as-of with a tail": (BOTH, follow_up(as_of="'2017-12-31x'")),
    "an as-of as a number": (SQLITE, follow_up(as_of="20180101")),
    "an as-of in the future": (BOTH, follow_up(as_of="'2999-01-01'", recorded_at="'2999-01-02 00:00:00'")),
    "an as-of after today": (BOTH, follow_up(as_of="'2998-12-31'", recorded_at="CURRENT_TIMESTAMP")),
    "recorded in the future": (BOTH, follow_up(recorded_at="'2999-01-01 00:00:00'")),
    "recorded on 30 February": (BOTH, follow_up(recorded_at="'2018-02-30 09:00:00'")),
    "recorded at hour 25": (BOTH, follow_up(recorded_at="'2018-03-01 25:00:00'")),
    "a deadline on 31 April": (BOTH, "UPDATE commitment SET deadline = '2018-04-31' WHERE id = 'gc2017-4.1'"),
    "a statement dated 2017-13-45": (BOTH, "UPDATE statement SET date = '2017-13-45'"),
    "a statement's date moved": (BOTH, "UPDATE statement SET date = '2017-01-01'"),
    "a statement's text changed": (BOTH, "UPDATE statement SET text = text || ' Amended.'"),
    "a statement's hash changed": (BOTH, "UPDATE statement SET sha256 = upper(sha256)"),
    # Values of the wrong kind.
    "a score of 1.5": (SQLITE, follow_up(actor=ACTOR, score="1.5")),
    "a score as the text 'one'": (SQLITE, follow_up(actor=ACTOR, score="'one'")),
    "a score of 2": (BOTH, follow_up(actor=ACTOR, score="2")),
    "a score of 0.5": (SQLITE, follow_up(actor=ACTOR, score="0.5")),
    "a note as a BLOB": (SQLITE, follow_up(note="x'6e6f7465'")),
    "a note in invalid UTF-8": (SQLITE, follow_up(note="CAST(x'41ff42' AS TEXT)")),
    "a note with a UTF-16 surrogate": (SQLITE, follow_up(note="CAST(x'eda080' AS TEXT)")),
    "a note with a NUL byte": (SQLITE, follow_up(note="'a' || char(0) || 'b'")),
    "a note with an escaped NUL": (BOTH, follow_up(note="'a\\u0000b'")),
    "an assessor with an escaped NUL": (BOTH, follow_up(assessor="'x\\x00'")),
    "an assessor as a BLOB": (SQLITE, follow_up(assessor="x'00'")),
    "a negative follow-up id": (BOTH, follow_up(id="-5")),
    "a follow-up id of zero": (BOTH, follow_up(id="0")),
    "the largest 64-bit id": (SQLITE, follow_up(id="9223372036854775807")),
    "the largest 32-bit id": (BOTH, follow_up(id="2147483647")),
    "an actor id past the bound": (BOTH, "INSERT INTO actor (id, name, kind) VALUES (1000000001, 'Big', 'person')"),
    "an actor of no kind": (BOTH, "INSERT INTO actor (name, kind) VALUES ('Nobody', 'ghost')"),
    "an actor named by a BLOB": (SQLITE, "INSERT INTO actor (name, kind) VALUES (x'41', 'person')"),
    "a region named with a NUL": (SQLITE, "UPDATE region SET name = name || char(0) WHERE name = 'Iraq'"),
    "an unknown status": (BOTH, follow_up(status="'done'")),
    "a status as an integer": (SQLITE, follow_up(status="1")),
    # Sources.
    "a source with a tab and javascript": (BOTH, follow_up(sources="'[\"https://example.org/\\tjavascript:alert(1)\"]'")),
    "a source with a newline": (BOTH, follow_up(sources="'[\"https://example.org/a\\nb\"]'")),
    "a source with a space": (BOTH, follow_up(sources="'[\"https://example.org/a b\"]'")),
    "a source of HTML": (BOTH, follow_up(sources="'[\"https://example.org/<script>alert(1)</script>\"]'")),
    "a javascript: source": (BOTH, follow_up(sources="'[\"javascript:alert(1)\"]'")),
    "a source with no host": (BOTH, follow_up(sources="'[\"https:///path\"]'")),
    "a source that is a number": (BOTH, follow_up(sources="'[42]'")),
    "a source with an escaped NUL": (SQLITE, follow_up(sources="'[\"https://example.org/\\u0000\"]'")),
    "sources as an object": (BOTH, follow_up(sources="'{\"url\": \"https://example.org/\"}'")),
    # The region hierarchy.
    "a region its own parent": (BOTH, "UPDATE region SET parent_id = id WHERE name = 'Iraq'"),
    "Iraq inside Mosul": (BOTH, f"UPDATE region SET parent_id = {REGION.format('Mosul')} WHERE name = 'Iraq'"),
    "the Middle East inside Mosul": (BOTH, f"UPDATE region SET parent_id = {REGION.format('Mosul')} WHERE name = 'Middle East'"),
    "the Middle East inside Iraq": (BOTH, f"UPDATE region SET parent_id = {REGION.format('Iraq')} WHERE name = 'Middle East'"),
    # Offsets and texts.
    "a paragraph shrunk off its sentences": (BOTH, "UPDATE paragraph SET end_offset = end_offset - 1, text = substr(text, 1, length(text) - 1) WHERE number = 4"),
    "a paragraph's offsets moved": (BOTH, "UPDATE paragraph SET start_offset = start_offset + 1 WHERE number = 4"),
    "a sentence shrunk off its commitments": (BOTH, f"UPDATE sentence SET end_offset = {CUT}, text = substr((SELECT text FROM statement), start_offset + 1, {CUT} - start_offset) WHERE id = (SELECT sentence_id FROM commitment WHERE id = 'gc2017-4.1')"),
    "a quote that is not the text": (BOTH, "UPDATE commitment SET quote = 'we promise everything' WHERE id = 'gc2017-4.1'"),
    "a quote's offsets moved": (BOTH, "UPDATE commitment SET start_offset = start_offset + 1 WHERE id = 'gc2017-4.1'"),
    # Derived tables.
    "delete the search index": (BOTH, "DELETE FROM commitment_search"),
    "delete a commitment's search row": (BOTH, "DELETE FROM commitment_search WHERE commitment_id = 'gc2017-4.1'"),
    "a search row of nothing": (BOTH, "INSERT INTO commitment_search (commitment_id) VALUES ('gc2017-4.1')"),
    "change the search index": (BOTH, "UPDATE commitment_search SET commitment_id = 'gc2017-4.2' WHERE commitment_id = 'gc2017-4.1'"),
    "delete the search content": (SQLITE, "DELETE FROM commitment_search_content"),
    "a commitment's search row at another rowid": (SQLITE, "INSERT INTO commitment_search (rowid, commitment_id, title, quote) SELECT 12345, id, title, quote FROM commitment WHERE id = 'gc2017-4.1'"),
    "delete the commitment index": (SQLITE, "DELETE FROM commitment_fts"),
    "delete a commitment's index row": (SQLITE, "DELETE FROM commitment_fts WHERE rowid = (SELECT rowid FROM commitment WHERE id = 'gc2017-4.1')"),
    "a commitment index row of nothing": (SQLITE, "INSERT INTO commitment_fts (rowid, title, quote) VALUES (999, 'Fictional', 'Fictional')"),
    "a commitment index row at another rowid": (SQLITE, "INSERT INTO commitment_fts (rowid, title, quote) SELECT rowid + 1000, title, quote FROM commitment WHERE id = 'gc2017-4.1'"),
    "change the commitment index": (SQLITE, "UPDATE commitment_fts SET title = 'Fictional' WHERE rowid = 1"),
    "delete the commitment index content": (SQLITE, "DELETE FROM commitment_fts_content"),
    "truncate the search index": (POSTGRESQL, "TRUNCATE commitment_search"),
    "delete the statuses": (BOTH, "DELETE FROM commitment_status"),
    "truncate the statuses": (POSTGRESQL, "TRUNCATE commitment_status"),
    "truncate the commitments": (POSTGRESQL, "TRUNCATE commitment CASCADE"),
    "truncate the actors": (POSTGRESQL, "TRUNCATE actor CASCADE"),
    "set a status by hand": (BOTH, "UPDATE commitment_status SET status = 'achieved'"),
    "a status of no commitment": (BOTH, "INSERT INTO commitment_status (commitment_id, status) VALUES ('gc2017-99.9', 'not_assessed')"),
    # Links to what was promised before.
    "a link to itself": (BOTH, link("'fx2019-1.1'", "'fx2019-1.1'")),
    "a link back in time": (BOTH, link("'fx2019-1.1'", "'gc2017-4.2'")),
    "a link within one statement": (BOTH, link("'gc2017-4.1'", "'gc2017-4.2'")),
    "a link from no commitment": (BOTH, link("'gc2017-99.9'", "'fx2019-1.1'")),
    "a link to no commitment": (BOTH, link("'gc2017-4.2'", "'fx2019-9.9'")),
    "a link of no kind": (BOTH, link("'gc2017-4.2'", "'fx2019-1.1'", kind="'copies'")),
    "a link scored 101": (BOTH, link("'gc2017-4.2'", "'fx2019-1.1'", score="101")),
    "a link scored -1": (BOTH, link("'gc2017-4.2'", "'fx2019-1.1'", score="-1")),
    "a link scored in words": (BOTH, link("'gc2017-4.2'", "'fx2019-1.1'", score="'high'")),
    "a link scored 80.5": (SQLITE, link("'gc2017-4.2'", "'fx2019-1.1'", score="80.5")),
    "a link made twice": (BOTH, link("'gc2017-4.1'", "'fx2019-1.1'", score="90")),
    "replace a link": (SQLITE, link("'gc2017-4.1'", "'fx2019-1.1'", score="90").replace("INSERT", "INSERT OR REPLACE")),
    "upsert a link": (SQLITE, link("'gc2017-4.1'", "'fx2019-1.1'") + " ON CONFLICT DO UPDATE SET score = 90"),
    "turn a link back in time": (BOTH, "UPDATE commitment_link SET earlier_id = later_id, later_id = earlier_id"),
    "a link rescored 200": (BOTH, "UPDATE commitment_link SET score = 200"),
    "delete a linked commitment": (BOTH, "DELETE FROM commitment WHERE id = 'fx2019-1.1'"),
    "re-key a linked commitment": (BOTH, "UPDATE commitment SET id = 'fx2019-1.2' WHERE id = 'fx2019-1.1'"),
    "truncate the links": (POSTGRESQL, "TRUNCATE commitment_link"),
    "begin a bulk load and leave it": (POSTGRESQL, "INSERT INTO bulk_load (id, started_at) VALUES (1, CURRENT_TIMESTAMP)"),
    # Migration 0009: members' scores, precision, context, repeats.
    "a score without an actor": (BOTH, follow_up(score="0", note="'Fictional: whose?'")),
    "+1 with stalled": (BOTH, follow_up(actor=ACTOR, score="1", status="'stalled'")),
    "-1 with achieved": (BOTH, follow_up(actor=ACTOR, score="-1", status="'achieved'")),
    "a score with not_assessed": (BOTH, follow_up(actor=ACTOR, score="0", status="'not_assessed'")),
    "a follow-up before its statement": (BOTH, follow_up(as_of="'2017-03-01'")),
    "context with a status": (BOTH, follow_up(as_of="'2016-01-01'").replace("corrects_id)", "corrects_id, kind)").replace("NULL)", "NULL, 'context')")),
    "context with a score": (BOTH, follow_up(actor=ACTOR, score="0", status="'not_assessed'").replace("corrects_id)", "corrects_id, kind)").replace("NULL)", "NULL, 'context')")),
    "context without a source": (BOTH, follow_up(status="'not_assessed'", sources="'[]'").replace("corrects_id)", "corrects_id, kind)").replace("NULL)", "NULL, 'context')")),
    "a kind of no meaning": (BOTH, follow_up(note="'Fictional: odd.'").replace("corrects_id)", "corrects_id, kind)").replace("NULL)", "NULL, 'rumour')")),
    "a month that is not a month's last day": (BOTH, follow_up(as_of="'2018-01-15'", note="'Fictional: mid-month.'").replace("corrects_id)", "corrects_id, as_of_precision)").replace("NULL)", "NULL, 'month')")),
    "a year that is not its last day": (BOTH, follow_up(as_of="'2018-06-30'", note="'Fictional: mid-year.'").replace("corrects_id)", "corrects_id, as_of_precision)").replace("NULL)", "NULL, 'year')")),
    "a precision of no meaning": (BOTH, follow_up(note="'Fictional: vague.'").replace("corrects_id)", "corrects_id, as_of_precision)").replace("NULL)", "NULL, 'week')")),
    "an exact repeat": (BOTH, follow_up(note="'Fictional: work began.'", recorded_at="'2018-04-01 09:00:00'")),
    "an exact repeat of a member's": (BOTH, follow_up(commitment="'gc2017-11.3'", actor=ACTOR, score="0", status="'partially_achieved'", recorded_at="'2018-05-01 09:00:00'")),
    # Sources, their files and the links.
    "a source that is not http": (BOTH, "INSERT INTO source (url) VALUES ('ftp://example.org/fictional')"),
    "a source row with a space": (BOTH, "INSERT INTO source (url) VALUES ('https://example.org/a b')"),
    "a source with HTML": (BOTH, "INSERT INTO source (url) VALUES ('https://example.org/<script>')"),
    "a source with an empty title": (BOTH, "INSERT INTO source (url, title) VALUES ('https://example.org/fictional-2', '  ')"),
    "a source with an empty publisher": (BOTH, "INSERT INTO source (url, publisher) VALUES ('https://example.org/fictional-2', '')"),
    "a source whose archive is not http": (BOTH, "INSERT INTO source (url, archived_url) VALUES ('https://example.org/fictional-2', 'javascript:alert(1)')"),
    "a publication date without precision": (BOTH, "INSERT INTO source (url, published) VALUES ('https://example.org/fictional-2', '2019-10-31')"),
    "a month published mid-month": (BOTH, "INSERT INTO source (url, published, published_precision) VALUES ('https://example.org/fictional-2', '2019-10-15', 'month')"),
    "a publication day that is no day": (SQLITE, "INSERT INTO source (url, published, published_precision) VALUES ('https://example.org/fictional-2', '2019-02-30', 'day')"),
    "a source twice": (BOTH, "INSERT INTO source (url) VALUES ('https://example.org/fictional-evidence')"),
    "replace a source": (SQLITE, "INSERT OR REPLACE INTO source (id, url) VALUES ((SELECT id FROM source LIMIT 1), 'https://example.org/fictional-evidence')"),
    "change a cited source's URL": (BOTH, "UPDATE source SET url = 'https://example.org/elsewhere'"),
    "empty a source's title": (BOTH, "UPDATE source SET title = ''"),
    "delete a cited source": (BOTH, "DELETE FROM source"),
    "link a source by hand": (BOTH, "INSERT INTO follow_up_source (follow_up_id, source_id, position) VALUES (1, (SELECT max(id) FROM source), 5)"),
    "unlink a source": (BOTH, "DELETE FROM follow_up_source"),
    "relink a source": (BOTH, "UPDATE follow_up_source SET position = 7"),
    "truncate the source links": (POSTGRESQL, "TRUNCATE follow_up_source"),
    "a file whose hash is not hex": (SQLITE, "INSERT INTO source_file (source_id, name, content, sha256) VALUES ((SELECT max(id) FROM source), 'f.txt', CAST('abc' AS BLOB), 'not a hash')"),
    # Migration 0011: a correction of context stays context.
    "a correction of context with a status": (BOTH, follow_up(corrects="5", recorded_at="'2018-04-01 09:00:00'")),
    "a file whose hash is another's": (POSTGRESQL, "INSERT INTO source_file (source_id, name, content, sha256) VALUES ((SELECT max(id) FROM source), 'f.txt', convert_to('abc', 'UTF8'), repeat('0', 64))"),
    "a file of no source": (SQLITE, "INSERT INTO source_file (source_id, name, content, sha256) VALUES (999, 'f.txt', CAST('abc' AS BLOB), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')"),
    "a file over 10 MiB": (SQLITE, "INSERT INTO source_file (source_id, name, content, sha256) VALUES ((SELECT max(id) FROM source), 'f.bin', zeroblob(10485761), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')"),
    "a file that is text": (SQLITE, "INSERT INTO source_file (source_id, name, content, sha256) VALUES ((SELECT max(id) FROM source), 'f.txt', 'abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')"),
    "change a file": (BOTH, "UPDATE source_file SET name = 'other.txt'"),
}  # fmt: skip

# A source with a title and a file, for the attacks on them.
SOURCE_SETUP = [
    "UPDATE source SET title = 'Fictional evidence', publisher = 'Example Ministry'",
]
FILE_SETUP = {
    SQLITE: "INSERT INTO source_file (source_id, name, content, sha256) SELECT id, 'e.txt',"
    " CAST('abc' AS BLOB), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'"
    " FROM source",
    POSTGRESQL: "INSERT INTO source_file (source_id, name, content, sha256) SELECT id, 'e.txt',"
    " convert_to('abc', 'UTF8'),"
    " 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' FROM source",
}

MODES = {
    "sqlite, foreign keys off": (SQLITE, False),
    "sqlite, foreign keys on": (SQLITE, True),
    "postgresql": (POSTGRESQL, True),
}


def statements(engine: str) -> dict[str, str]:
    return {name: sql for name, (where, sql) in ATTACKS.items() if where in (engine, BOTH)}


def test_the_table_holds_at_least_sixty_statements_per_engine():
    assert len(statements(SQLITE)) >= 60 and len(statements(POSTGRESQL)) >= 60


def _connect(database: str, engine: str, foreign_keys: bool) -> tuple[Any, type[Exception]]:
    if engine == SQLITE:
        connection = sqlite3.connect(database, isolation_level=None)
        connection.execute(f"PRAGMA foreign_keys = {'ON' if foreign_keys else 'OFF'}")
        return connection, sqlite3.Error
    import psycopg

    raw = engine_for(database).raw_connection()
    connection = raw.driver_connection
    connection.autocommit = True
    return connection, psycopg.Error


@pytest.mark.parametrize("mode", MODES, ids=list(MODES))
def test_hand_written_statements_are_refused(request, tmp_path: Path, mode: str):
    engine, foreign_keys = MODES[mode]
    if engine == SQLITE:
        database = str(tmp_path / "tracker.db")
        template = request.getfixturevalue("seeded_sqlite_template")
        Path(database).write_bytes(Path(template).read_bytes())
    else:
        database = request.getfixturevalue("seeded_postgresql")
    execute(database, *SETUP, *SOURCE_SETUP, FILE_SETUP[engine])
    before = snapshot(database)
    connection, refused = _connect(database, engine, foreign_keys)
    accepted = []
    for name, sql in statements(engine).items():
        try:
            connection.execute(sql)
        except refused:
            continue
        accepted.append(name)
    connection.close()
    assert accepted == []
    assert snapshot(database) == before
    checker = engine_for(database)
    assert verify.verify(checker) == []
    checker.dispose()
    result = run(database, "db", "verify")
    assert result.exit_code == 0, result.output


def test_every_guard_trigger_is_known_to_verify(seeded, request):
    """verify's lists are the triggers a freshly migrated database has."""
    engine = engine_for(seeded)
    if engine.dialect.name == "sqlite":
        query, expected = (
            "SELECT name FROM sqlite_master WHERE type = 'trigger'",
            verify.SQLITE_TRIGGERS,
        )
    else:
        query = (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgrelid::regclass::text"
            " IN (SELECT tablename FROM pg_tables WHERE schemaname = current_schema())"
        )
        expected = verify.POSTGRESQL_TRIGGERS
    with engine.connect() as connection:
        present = {name for (name,) in connection.exec_driver_sql(query)}
    engine.dispose()
    assert present == expected


def _tamper(database: str, *statements: str) -> None:
    """Write past the guards, as only schema tampering (or an older schema) could."""
    connection = sqlite3.connect(database, isolation_level=None)
    names = [
        n for (n,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    ]
    saved = [
        sql for (sql,) in connection.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger'")
    ]
    # One transaction: one commit to wait for, not one per trigger.
    connection.execute("BEGIN")
    for name in names:
        connection.execute(f"DROP TRIGGER {name}")
    for statement in statements:
        connection.execute(statement)
    for sql in saved:
        connection.execute(sql)
    connection.execute("COMMIT")
    connection.close()


BAD_ROW = follow_up(
    id="7", commitment="'gc2017-4.2'", as_of="'2018-02-30'", note="CAST(x'41ff' AS TEXT)"
)


def test_reads_name_a_bad_row_that_slipped_in(seeded_sqlite):
    _tamper(seeded_sqlite, BAD_ROW, "UPDATE commitment_status SET as_of = '2018-02-30'"
            " WHERE commitment_id = 'gc2017-4.2'")  # fmt: skip
    for command in (
        ["list"], ["show", "gc2017-4.2"], ["follow-up", "list"], ["export"], ["report"],
    ):  # fmt: skip
        result = run(seeded_sqlite, *command)
        assert result.exit_code == 1, (command, result.output)
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "follow_up 7: as_of '2018-02-30' is not a calendar date" in result.stderr
    # Writing does not read the bad row, so it goes on working.
    added = run(seeded_sqlite, "follow-up", "add", "gc2017-4.2", "--status", "not_assessed",
                "--as-of", "2018-03-01")  # fmt: skip
    assert added.exit_code == 0, added.output
    found = run(seeded_sqlite, "db", "verify")
    assert found.exit_code == 1
    assert "follow_up 7: note is not valid UTF-8" in found.stdout


@pytest.mark.parametrize(
    "tampering, finding",
    [
        (["UPDATE statement SET text = text || ' Amended.'"], "no longer matches its SHA-256"),
        (["DELETE FROM commitment_search WHERE commitment_id = 'gc2017-4.1'"],
         "commitment gc2017-4.1 is not indexed"),
        (["DELETE FROM commitment_fts WHERE rowid = (SELECT rowid FROM commitment"
          " WHERE id = 'gc2017-4.1')"],
         "commitment_fts: commitment gc2017-4.1 is not indexed at its rowid"),
        (["UPDATE commitment_status SET status = 'achieved' WHERE commitment_id = 'gc2017-4.1'"],
         "commitment_status gc2017-4.1: not what its follow-ups give"),
        (["DELETE FROM commitment WHERE id = 'gc2017-4.1'"], "names no commitment"),
        ([f"UPDATE region SET parent_id = {REGION.format('Mosul')} WHERE name = 'Iraq'"],
         "region Iraq lies within itself"),
        (["INSERT INTO commitment_link VALUES ('gc2017-4.2', 'gc2017-4.1', 'restates', 80)"],
         "commitment_link gc2017-4.2 -> gc2017-4.1: the earlier commitment is not of an"),
        (["SELECT 1"], None),  # dropping a trigger alone is found too
        # Migration 0009's rules.
        ([f"INSERT INTO follow_up (commitment_id, status, score, as_of, sources, recorded_at) VALUES ('gc2017-4.1', 'in_progress', 0, '2018-01-01', {EVIDENCE}, '2018-01-02 09:00:00')"],
         "a score without an actor"),
        (["INSERT INTO actor (name, kind) VALUES ('Fictionia', 'person')",
          f"INSERT INTO follow_up (commitment_id, actor_id, status, score, as_of, sources, recorded_at) VALUES ('gc2017-4.1', (SELECT id FROM actor WHERE name = 'Fictionia'), 'achieved', -1, '2018-01-01', {EVIDENCE}, '2018-01-02 09:00:00')"],
         "the score -1 disagrees with the status achieved"),
        ([f"INSERT INTO follow_up (commitment_id, status, as_of, sources, recorded_at, kind) VALUES ('gc2017-4.1', 'achieved', '2016-01-01', {EVIDENCE}, '2018-01-02 09:00:00', 'context')"],
         "context with a status"),
        ([f"INSERT INTO follow_up (commitment_id, status, as_of, sources, recorded_at) VALUES ('gc2017-4.1', 'in_progress', '2018-01-01', {EVIDENCE}, '2018-01-02 09:00:0{n}')" for n in (1, 2)],
         "an exact repeat of follow-up"),
        ([f"INSERT INTO follow_up (commitment_id, status, as_of, sources, recorded_at) VALUES ('gc2017-4.1', 'in_progress', '2018-01-01', {EVIDENCE}, '2018-01-02 09:00:00')"],
         "cites https://example.org/fictional-evidence, which is no source"),
        (["INSERT INTO source (url) VALUES ('https://example.org/fictional-file')",
          "INSERT INTO source_file (source_id, name, content, sha256) SELECT id, 'f', CAST('abc' AS BLOB), 'not a hash' FROM source"],
         "its content no longer matches its SHA-256"),
    ],
)  # fmt: skip
def test_verify_backup_init_and_check_refuse_a_tampered_database(
    seeded_sqlite, tmp_path, tampering, finding
):
    if finding is None:
        connection = sqlite3.connect(seeded_sqlite)
        connection.execute("DROP TRIGGER guard_follow_up_insert")
        connection.close()
        finding = "trigger guard_follow_up_insert is missing"
    else:
        _tamper(seeded_sqlite, *tampering)
    found = run(seeded_sqlite, "db", "verify")
    assert found.exit_code == 1 and finding in found.stdout
    backup = run(seeded_sqlite, "backup", str(tmp_path / "copy.db"))
    assert backup.exit_code == 1 and "the copy failed its checks" in backup.stderr
    for command in (["init"], ["db", "check"]):
        result = run(seeded_sqlite, *command)
        assert result.exit_code == 1, (command, result.output)
        # An orphan stops init sooner: the migration's own foreign-key check.
        assert finding in result.stderr or "broke foreign keys" in result.stderr
    assert not (tmp_path / "copy.db").exists()


def test_a_leftover_bulk_load_is_ended_with_a_warning(seeded_sqlite):
    execute(
        seeded_sqlite, "INSERT INTO bulk_load (id, started_at) VALUES (1, '2018-01-01 00:00:00')"
    )
    execute(seeded_sqlite, follow_up(note="'Fictional: waiting.'"))
    [[(status,)]] = execute(
        seeded_sqlite, "SELECT status FROM commitment_status WHERE commitment_id = 'gc2017-4.1'"
    )
    assert status == "not_assessed"  # waiting for the bulk load to end
    result = run(seeded_sqlite, "list", "--status", "in_progress", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("warning: a bulk import was interrupted")
    assert "gc2017-4.1" in result.stdout
    assert run(seeded_sqlite, "db", "verify").exit_code == 0
    again = run(seeded_sqlite, "list")
    assert "warning" not in again.stderr


ABC_SHA256 = hashlib.sha256(b"abc").hexdigest()


def _sqlite3_shell(database: str, sql: str) -> subprocess.CompletedProcess[str]:
    if shutil.which("sqlite3") is None:
        if os.environ.get("TRACKER_REQUIRE_SQLITE3") == "1":
            pytest.fail("the sqlite3 shell is required here: apt-get install sqlite3")
        pytest.skip("no sqlite3 shell (apt-get install sqlite3)")
    return subprocess.run(["sqlite3", database, sql], capture_output=True, text=True)


def test_sqlite_refuses_a_file_whose_hash_is_not_its_contents(seeded_sqlite, tmp_path):
    """tracker's connections check the SHA-256 (tracker_sha256); the sqlite3 shell, which
    has no such function, cannot add a file at all, and reads, deletes, backs up and
    migrates as before."""
    new_file = (
        "INSERT INTO source_file (source_id, name, content, sha256) SELECT id, 'e.txt',"
        " CAST('abc' AS BLOB), '{0}' FROM source WHERE url = 'https://example.org/fictional-f'"
    )
    execute(seeded_sqlite, "INSERT INTO source (url) VALUES ('https://example.org/fictional-f')")
    with pytest.raises(Exception, match="must be the SHA-256 of its content"):
        execute(seeded_sqlite, new_file.format("0" * 64))
    execute(seeded_sqlite, new_file.format(ABC_SHA256))
    shell = _sqlite3_shell(seeded_sqlite, new_file.format(ABC_SHA256).replace("e.txt", "f.txt"))
    assert shell.returncode != 0 and "no such function: tracker_sha256" in shell.stderr
    assert _sqlite3_shell(seeded_sqlite, "SELECT name, sha256 FROM source_file").stdout == (
        f"e.txt|{ABC_SHA256}\n"
    )
    backup = run(seeded_sqlite, "backup", str(tmp_path / "copy.db"))
    assert backup.exit_code == 0, backup.output
    for step in (["db", "downgrade", "0010"], ["db", "upgrade"], ["db", "verify"]):
        result = run(seeded_sqlite, *step)
        assert result.exit_code == 0, (step, result.output)
    deleted = _sqlite3_shell(
        seeded_sqlite,
        "DELETE FROM source WHERE url = 'https://example.org/fictional-f';"
        " SELECT count(*) FROM source_file;",
    )
    assert (deleted.returncode, deleted.stdout) == (0, "0\n")
    assert run(seeded_sqlite, "db", "verify").exit_code == 0
