"""`tracker follow-up import`: what it refuses, in which words, and what it keeps.

Recorded from the importer that inserted rows in batches, so that the
importer that stages them first keeps every refusal word for word (the same
line or record, the same field) and writes the same tables. Every
commitment is the seed's; every actor, note and source is fictional.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import execute, run, snapshot, status_mismatches

from tracker import staging

EVIDENCE = "https://example.org/fictional/staging-1"
OTHER = "https://example.org/fictional/staging-2"
OBSERVER = "Fictional Observer Office"
FIELDS = ("id", "commitment", "actor", "status", "score", "as_of", "sources", "note", "assessor",
          "recorded_at", "corrects", "kind")  # fmt: skip
STATUSES = (
    "not_assessed, not_started, in_progress, stalled, partially_achieved, achieved,"
    " not_achieved, no_longer_applicable"
)
# A row nothing refuses, the first of every file below, so that the bad one is at line 3.
GOOD = {"commitment": "gc2017-4.6", "status": "not_started", "as_of": "2017-05-01",
        "sources": OTHER}  # fmt: skip
# A row repeating follow-up A of the history exactly (the assessor does not count).
REPEAT_OF_A = {"commitment": "gc2017-4.1", "status": "in_progress", "as_of": "2017-06-01",
               "sources": EVIDENCE, "note": "Fictional progress",
               "assessor": "Fictional B"}  # fmt: skip


def _add(database: str, *args: str) -> int:
    result = run(database, "follow-up", "add", *args)
    assert result.exit_code == 0, result.output
    return int(result.stdout)


def record_history(database: str) -> dict[str, int]:
    """A fictional member and six follow-ups, recorded one by one; their ids by letter."""
    added = run(database, "actor", "add", OBSERVER, "--kind", "international_organisation")
    assert added.exit_code == 0, added.output
    source = ("--source", EVIDENCE)
    ids = {
        "A": _add(database, "gc2017-4.1", "--status", "in_progress", "--as-of", "2017-06-01",
                  *source, "--note", "Fictional progress"),
        "B": _add(database, "gc2017-4.2", "--status", "stalled", "--as-of", "2017-07-01", *source),
        "C": _add(database, "gc2017-4.1", "--context", "--as-of", "2016-01", *source),
        "E": _add(database, "gc2017-4.2", "--status", "in_progress", "--as-of", "2017-08-01",
                  *source),
    }  # fmt: skip
    ids["F"] = _add(database, "gc2017-4.2", "--status", "stalled", "--as-of", "2017-09-01",
                    *source, "--corrects", str(ids["E"]))  # fmt: skip
    ids["G"] = _add(database, "gc2017-11.3", "--status", "achieved", "--score", "1", "--actor",
                    OBSERVER, "--as-of", "2018-02-01", *source)  # fmt: skip
    return ids


def csv_text(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def numbers(database: str, ids: dict[str, int]) -> dict[str, int]:
    """The history's ids by letter, and the ids the first two rows of a file will get.

    PostgreSQL numbers them from a sequence, which a refused import moves on too.
    """
    if "://" in database:
        last = "SELECT last_value FROM follow_up_id_seq"
    else:
        last = "SELECT max(id) FROM follow_up"
    [[(newest,)]] = execute(database, last)
    return {**ids, "next": newest + 1, "second": newest + 2}


def filled(rows: list[dict[str, Any]], known: dict[str, int]) -> list[dict[str, Any]]:
    """The rows with "{A}", "{next}" and the like replaced by their ids (see numbers)."""
    return [{k: v.format(**known) if isinstance(v, str) else v for k, v in r.items()} for r in rows]


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def history(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, dict[str, int], dict[str, list[tuple]]]]:
    """One seeded database per engine with the history, shared by the refused imports.

    Each of them must leave it exactly as it was (the snapshot), which is
    what lets them share it.
    """
    if request.param == "sqlite":
        template = request.getfixturevalue("seeded_sqlite_template")
        database = str(tmp_path_factory.mktemp("staging") / "tracker.db")
        shutil.copy(template, database)
        ids = record_history(database)
        yield database, ids, snapshot(database)
        return
    schemas = request.getfixturevalue("seeded_postgresql_schemas")
    schema = schemas.take()
    database = schemas.url(schema)
    try:
        ids = record_history(database)
        yield database, ids, snapshot(database)
    finally:
        schemas.give_back(schema)


def refused(history: tuple[str, dict[str, int], Any], tmp_path: Path, name: str, text: str) -> str:
    """Import ``text`` as the file ``name``: it must be refused, writing nothing; its stderr."""
    database, _, before = history
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run(database, "follow-up", "import", str(path))
    assert result.exit_code == 1, result.output
    assert snapshot(database) == before
    return result.stderr


ONE_BAD_ROW = [
    ("unknown commitment", {"commitment": "gc2017-99.9"},
     "line 3, field commitment: no commitment gc2017-99.9"),
    ("missing commitment", {"commitment": ""}, "line 3, field commitment: missing"),
    ("unknown actor", {"actor": "Fictional Observer Ofice"},
     "line 3, field actor: no actor Fictional Observer Ofice; did you mean Fictional Observer"
     " Office?"),
    ("bad status", {"status": "finished"},
     f"line 3, field status: 'finished' is not one of {STATUSES}"),
    ("bad score", {"actor": OBSERVER, "score": "2"}, "line 3, field score: '2' is not -1, 0 or 1"),
    ("bad kind", {"kind": "rumour"},
     "line 3, field kind: 'rumour' is not one of assessment, context"),
    ("bad precision", {"as_of": "2017-13"},
     "line 3, field as_of: not a date (YYYY-MM-DD, YYYY-MM or YYYY): '2017-13'"),
    ("bad date", {"as_of": "22/03/2017"},
     "line 3, field as_of: not a date (YYYY-MM-DD, YYYY-MM or YYYY): '22/03/2017'"),
    ("as_of in the future", {"as_of": "2999-01-01"},
     "line 3, field as_of: 2999-01-01 is in the future"),
    ("a month in the future", {"as_of": "2999-02"},
     "line 3, field as_of: 2999-02 is in the future (a month counts as its last day, 2999-02-28)"),
    ("as_of before the statement", {"as_of": "2017-01-01"},
     "line 3, field as_of: 2017-01-01 is before the statement's date, 2017-03-22"
     " (record what came before as context: kind context)"),
    ("recorded_at before as_of", {"recorded_at": "2017-04-01 10:00:00"},
     "line 3, field recorded_at: is before the as-of date"),
    ("recorded_at in the future", {"recorded_at": "2999-01-01 10:00:00"},
     "line 3, field recorded_at: 2999-01-01 10:00:00 is in the future"),
    ("recorded_at not a time", {"recorded_at": "teatime"},
     "line 3, field recorded_at: not a date and time: 'teatime'"),
    ("corrects a missing follow-up", {"corrects": "999"},
     "line 3, field corrects: no follow-up 999"),
    ("corrects another commitment's", {"corrects": "{B}"},
     "line 3, field corrects: follow-up {B} is about gc2017-4.2"),
    ("corrects another actor's", {"commitment": "gc2017-11.3", "corrects": "{G}"},
     "line 3, field corrects: follow-up {G} is about another actor"),
    ("corrects context with a status", {"commitment": "gc2017-4.1", "corrects": "{C}"},
     "line 3, field corrects: follow-up {C} is context, and a correction of context sets no"
     " status or score (correct it with --context)"),
    ("corrects what is corrected", {"commitment": "gc2017-4.2", "corrects": "{E}"},
     "line 3, field corrects: follow-up {E} is already corrected by {F}; correct {F} instead"),
    ("corrects not a number", {"corrects": "first"},
     "line 3, field corrects: 'first' is not a positive whole number"),
    ("repeats a follow-up exactly", REPEAT_OF_A,
     "line 3: the follow-up gc2017-4.1 in_progress as of 2017-06-01 repeats follow-up {A}"
     " exactly"),
    ("id already in the database", {"id": "{A}", "note": "Fictional other"},
     "line 3, field id: follow-up {A} already exists"),
    ("id not a number", {"id": "seven"},
     "line 3, field id: 'seven' is not a positive whole number"),
    ("no source for a status", {"sources": ""},
     "line 3, field sources: at least one source URL is required for not_started"),
    ("context without a source",
     {"kind": "context", "status": "", "sources": "", "as_of": "2016-01-01"},
     "line 3, field sources: at least one source URL is required for context"),
    ("context with a status", {"kind": "context", "as_of": "2016-01-01"},
     "line 3, field status: context never sets a status: leave it out"),
    ("context with a score", {"kind": "context", "status": "", "as_of": "2016-01-01",
                              "actor": OBSERVER, "score": "0"},
     "line 3, field score: context never sets a score"),
    ("score without an actor", {"score": "-1"},
     "line 3, field score: a score needs an actor: a compliance score is some member's"),
    ("score against its status", {"actor": OBSERVER, "score": "1"},
     "line 3, field score: the score +1 disagrees with the status not_started"
     " (+1 goes with achieved)"),
    ("source not http", {"sources": "ftp://example.org/fictional"},
     "line 3, field sources: not an http or https URL: 'ftp://example.org/fictional'"),
    ("source with a quote", {"sources": 'https://example.org/fictional/"x"'},
     "line 3, field sources: a URL with characters it must percent-encode"
     " (<>\"'\\^`{{|}}): 'https://example.org/fictional/\"x\"'"),
    ("note too long", {"note": "x" * 20_001}, "line 3, field note: longer than 20000 characters"),
    # The csv module counts the line a quoted record ends on.
    ("assessor of two lines", {"assessor": "Fictional\nAnalyst"},
     "line 4, field assessor: must be one line, without control characters"),
    ("an escaped NUL in a note", {"note": "Fictional \\u0000 escape"},
     "line 3: the database refused it: follow_up.note holds an escaped NUL (\\u0000 or \\x00)"),
]  # fmt: skip


@pytest.mark.parametrize(
    "values, message", [c[1:] for c in ONE_BAD_ROW], ids=[c[0] for c in ONE_BAD_ROW]
)
def test_one_bad_row_is_named_by_line_and_field(history, tmp_path, values, message):
    known = numbers(*history[:2])
    rows = filled([GOOD, {**GOOD, **values}], known)
    stderr = refused(history, tmp_path, "bad.csv", csv_text(rows))
    assert stderr == expected([message], known)


@pytest.mark.parametrize("field", ["id", "corrects"])
def test_a_number_past_any_id(history, tmp_path, field):
    database, ids, _ = history
    rows = [GOOD, {**GOOD, field: "5000000000", "note": "Fictional other"}]
    stderr = refused(history, tmp_path, "bad.csv", csv_text(rows))
    if "://" in database:
        # PostgreSQL's integer column refuses it before any trigger, and says no more.
        assert stderr == "Error: the database refused: integer out of range\n"
    elif field == "id":
        assert stderr == expected(
            ["line 3: the database refused it: follow_up.id must be a whole number from 1 to"
             " 1,000,000,000"], ids
        )  # fmt: skip
    else:
        assert stderr == expected(["line 3, field corrects: no follow-up 5000000000"], ids)


SEVERAL_ROWS = [
    ("corrects twice in the file",
     [GOOD, {**GOOD, "commitment": "gc2017-4.2", "corrects": "{B}"},
      {**GOOD, "commitment": "gc2017-4.2", "status": "achieved", "corrects": "{B}"}],
     ["line 4, field corrects: follow-up {B} is already corrected by {second}; correct"
      " {second} instead"]),
    ("repeats a row of the file", [GOOD, {**GOOD, "note": "Fictional twice"},
                                   {**GOOD, "note": "Fictional twice", "assessor": "Fictional B"}],
     ["line 4: the follow-up gc2017-4.6 not_started as of 2017-05-01 repeats an earlier row of"
      " the file (follow-up {second}) exactly"]),
    ("an id twice in the file",
     [{**GOOD, "id": "500"}, {**GOOD, "id": "500", "status": "stalled"}],
     ["line 3, field id: follow-up 500 already exists"]),
    ("an id the file gave a row without one",
     [GOOD, {**GOOD, "id": "{next}", "status": "stalled"}],
     ["line 3, field id: follow-up {next} already exists"]),
    ("several problems, each named",
     [GOOD, {**GOOD, "status": "finished"}, GOOD, {**GOOD, "commitment": "gc2017-99.9"},
      {**GOOD, "as_of": "2999-01-01"}],
     [f"line 3, field status: 'finished' is not one of {STATUSES}",
      "line 5, field commitment: no commitment gc2017-99.9",
      "line 6, field as_of: 2999-01-01 is in the future"]),
    # The rows before a problem found on reading are checked against the
    # database as far as the last correction (or batch) before it...
    ("a repeat, a correction, then a bad status",
     [GOOD, REPEAT_OF_A, {**REPEAT_OF_A, "status": "achieved", "as_of": "2018-01-01",
                          "corrects": "{A}"}, {**GOOD, "status": "finished"}],
     ["line 3: the follow-up gc2017-4.1 in_progress as of 2017-06-01 repeats follow-up {A}"
      " exactly",
      f"line 5, field status: 'finished' is not one of {STATUSES}"]),
    # ... and no further.
    ("a repeat, then a bad status", [GOOD, REPEAT_OF_A, {**GOOD, "status": "finished"}],
     [f"line 4, field status: 'finished' is not one of {STATUSES}"]),
    # The database names the first row it refuses, and only that one.
    ("two repeats", [GOOD, REPEAT_OF_A, {**GOOD, "note": "x"}, {**GOOD, "note": "x"}],
     ["line 3: the follow-up gc2017-4.1 in_progress as of 2017-06-01 repeats follow-up {A}"
      " exactly"]),
    ("a correction of a row of the file, then its repeat",
     [{**GOOD, "id": "700"}, {**GOOD, "id": "701", "status": "stalled", "corrects": "700"},
      {**GOOD, "status": "stalled", "corrects": "700"}],
     ["line 4, field corrects: follow-up 700 is already corrected by 701; correct 701 instead"]),
    ("a correction of a later row", [{**GOOD, "corrects": "800"}, {**GOOD, "id": "800"}],
     ["line 2, field corrects: no follow-up 800"]),
]  # fmt: skip


def expected(messages: list[str], known: dict[str, int]) -> str:
    lines = [m.format(**known) for m in messages]
    if len(lines) == 1:
        return f"Error: {lines[0]}; nothing was imported\n"
    return "".join(
        [f"Error: {len(lines)} problems in the file; nothing was imported\n"]
        + [f"  {line}\n" for line in lines]
    )


def same_refusal(database: str, stderr: str, wanted: str) -> bool:
    """``stderr`` is ``wanted``; on PostgreSQL, but for the id of the file's earlier row.

    A refused insert uses numbers of PostgreSQL's sequence up all the same,
    so the id an earlier row of a refused file got is not foretold there.
    """
    if "://" not in database:
        return stderr == wanted
    earlier = re.compile(r"the file \(follow-up \d+\)")
    return earlier.sub("the file (follow-up N)", stderr) == earlier.sub(
        "the file (follow-up N)", wanted
    )


@pytest.mark.parametrize(
    "rows, messages", [c[1:] for c in SEVERAL_ROWS], ids=[c[0] for c in SEVERAL_ROWS]
)
def test_rows_refused_with_each_other(history, tmp_path, rows, messages):
    known = numbers(*history[:2])
    stderr = refused(history, tmp_path, "bad.csv", csv_text(filled(rows, known)))
    assert same_refusal(history[0], stderr, expected(messages, known)), stderr


def _json_rows(rows: list[dict[str, Any]]) -> str:
    return json.dumps([{k: v for k, v in row.items() if v not in ("", None)} for row in rows])


JSON_FILES = [
    ("an id taken, by record", [GOOD, {**GOOD, "id": 9, "commitment": "gc2017-4.1",
                                       "status": "stalled"}, {**GOOD, "id": "{A}"}],
     ["record 3 (id {A}, commitment gc2017-4.6), field id: follow-up {A} already exists"]),
    ("a repeat with recorded_at", [GOOD, {**GOOD, "recorded_at": "2018-02-01 09:00:00"},
                                   {**GOOD, "recorded_at": "2018-03-01 09:00:00"}],
     # The recording time does not count.
     ["record 2 (commitment gc2017-4.6): the follow-up gc2017-4.6 not_started as of 2017-05-01"
      " repeats an earlier row of the file (follow-up {next}) exactly"]),
    ("several commitments, one unknown",
     [GOOD, {**GOOD, "commitment": ["gc2017-4.1", "gc2017-99.9"]}],
     ["record 2, field commitment: no commitment gc2017-99.9"]),
    ("several commitments and an id", [{**GOOD, "commitment": ["gc2017-4.1", "gc2017-4.2"],
                                        "id": 12}],
     ["record 1 (id 12), field id: an id cannot be given to a follow-up of several"
      " commitments"]),
    ("a repeat across an exported commitment",
     [{"commitment": "gc2017-4.1", "title": "Fictional", "follow_ups": [
         REPEAT_OF_A]}],
     ["record 1 (commitment gc2017-4.1): the follow-up gc2017-4.1 in_progress as of 2017-06-01"
      " repeats follow-up {A} exactly"]),
]  # fmt: skip


@pytest.mark.parametrize(
    "rows, messages", [c[1:] for c in JSON_FILES], ids=[c[0] for c in JSON_FILES]
)
def test_json_records_are_named_by_number_and_id(history, tmp_path, rows, messages):
    known = numbers(*history[:2])
    text = _json_rows(filled(rows, known)).replace('"{A}"', str(known["A"]))
    stderr = refused(history, tmp_path, "bad.json", text)
    assert same_refusal(history[0], stderr, expected(messages, known)), stderr


def _long_file(count: int) -> list[dict[str, Any]]:
    return [{**GOOD, "note": f"Fictional note {n}"} for n in range(count)]


# The fast loop keeps the repeat, whose look-up went quadratic on stale
# statistics; `.ci/run` runs all three.
@pytest.mark.parametrize(
    "bad, message",
    [
        pytest.param({"status": "finished"},
                     f"line 2901, field status: 'finished' is not one of {STATUSES}",
                     marks=pytest.mark.slow),
        (REPEAT_OF_A, "line 2901: the follow-up gc2017-4.1 in_progress as of 2017-06-01 repeats"
                      " follow-up {A} exactly"),
        pytest.param({"id": "{B}"}, "line 2901, field id: follow-up {B} already exists",
                     marks=pytest.mark.slow),
    ],
    ids=["a bad status", "a repeat", "an id taken"],
)  # fmt: skip
def test_a_bad_row_at_line_2901_of_3000(history, tmp_path, bad, message):
    known = numbers(*history[:2])
    rows = _long_file(3000)
    rows[2899] = {**rows[2899], **bad}
    stderr = refused(history, tmp_path, "long.csv", csv_text(filled(rows, known)))
    assert stderr == expected([message], known)


def test_a_bad_row_among_the_first_rows_moved_of_3000(history, tmp_path):
    """On PostgreSQL the first FIRST_MOVE rows of a large import are moved on their own."""
    known = numbers(*history[:2])
    rows = _long_file(3000)
    rows[499] = {**rows[499], "id": "{B}"}
    stderr = refused(history, tmp_path, "long.csv", csv_text(filled(rows, known)))
    assert stderr == expected(["line 501, field id: follow-up {B} already exists"], known)


def test_an_import_past_what_the_statistics_count_analyses_first(seeded, tmp_path):
    """A follow_up analysed while it held no rows: the import analyses it with its first rows,
    so that the triggers' look-ups are planned for a table of that size, not scanned whole."""
    execute(seeded, "ANALYZE")
    path = tmp_path / "long.csv"
    path.write_text(csv_text(_long_file(3000)), encoding="utf-8")
    result = run(seeded, "follow-up", "import", str(path))
    assert result.exit_code == 0, result.output
    counted = (
        "SELECT reltuples FROM pg_class WHERE oid = CAST('follow_up' AS regclass)"
        if "://" in seeded
        else "SELECT CAST(stat AS INTEGER) FROM sqlite_stat1 WHERE tbl = 'follow_up' LIMIT 1"
    )
    [[(rows,)], [(count,)]] = execute(seeded, counted, "SELECT count(*) FROM follow_up")
    assert count == 3000 and rows >= staging.FIRST_MOVE


def test_a_database_nobody_analysed_is_left_without_statistics(seeded_sqlite, tmp_path):
    """SQLite keeps none unless asked, and plans an import well without them."""
    path = tmp_path / "long.csv"
    path.write_text(csv_text(_long_file(3000)), encoding="utf-8")
    assert run(seeded_sqlite, "follow-up", "import", str(path)).exit_code == 0
    stat1 = "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'"
    assert execute(seeded_sqlite, stat1) == [[]]


@pytest.mark.parametrize("row", [1, 2, 20, 21, 39, 40])
def test_the_row_the_database_refuses_is_found_wherever_it_is(history, tmp_path, row):
    """The search halves the rows refused together: the ends and both sides of a middle."""
    known = numbers(*history[:2])
    rows = _long_file(40)
    rows[row - 1] = {**rows[row - 1], "id": "{B}"}
    stderr = refused(history, tmp_path, "long.csv", csv_text(filled(rows, known)))
    assert stderr == expected([f"line {row + 1}, field id: follow-up {{B}} already exists"], known)


def test_a_repeat_before_a_batch_ends_is_named_with_later_problems(history, tmp_path):
    """The rows of a whole batch (5,000) are checked against the database before what follows."""
    known = numbers(*history[:2])
    rows = [REPEAT_OF_A, *_long_file(5010)]
    rows[5003] = {**rows[5003], "status": "finished"}
    stderr = refused(history, tmp_path, "long.csv", csv_text(rows))
    assert stderr == expected(
        [
            "line 2: the follow-up gc2017-4.1 in_progress as of 2017-06-01 repeats follow-up {A}"
            " exactly",
            f"line 5005, field status: 'finished' is not one of {STATUSES}",
        ],
        known,
    )


# --- what an import keeps ----------------------------------------------------


def search_rows(database: str) -> list[tuple]:
    """The notes in the search index (not its own row numbers, which follow insertion)."""
    if "://" in database:
        query = (
            "SELECT commitment_id, follow_up_id, CAST(document AS TEXT) FROM commitment_search"
            " ORDER BY commitment_id, follow_up_id"
        )
    else:
        query = (
            "SELECT rowid, commitment_id, follow_up_id, title, quote, note FROM commitment_search"
            " ORDER BY rowid"
        )
    [rows] = execute(database, query)
    return rows


def tables(database: str) -> dict[str, Any]:
    return {**snapshot(database), "search": search_rows(database)}


# follow_up's columns as `SELECT *` lists them; recorded_at is the tenth.
RECORDED_AT = 9


def without_recording_times(kept: dict[str, Any], upto: float = float("inf")) -> dict[str, Any]:
    """The tables with the recording time of each follow-up up to id ``upto`` left out."""
    return {
        **kept,
        "follow_up": [
            row[:RECORDED_AT] + row[RECORDED_AT + 1 :] if row[0] <= upto else row
            for row in kept["follow_up"]
        ],
    }


def varied_rows(ids: dict[str, int]) -> list[dict[str, Any]]:
    """Follow-ups of every shape: ids given and not, members and scores, context, dates as
    precise as their evidence, notes, sources shared, new and several, corrections of the
    history and of the file's own rows."""
    shared = f"{EVIDENCE} {OTHER}"
    return [
        {**GOOD, "recorded_at": "2018-01-01 10:00:00", "note": "Fictional first",
         "sources": "https://example.org/fictional/zeta https://example.org/fictional/alpha"
                    " https://example.org/fictional/zeta"},
        {"id": "40", "commitment": "gc2017-4.1", "status": "stalled", "as_of": "2018-03",
         "sources": f"https://example.org/fictional/new-1 {EVIDENCE}",
         "recorded_at": "2018-04-01 08:00:00", "note": "Fictional, «quoted» – stalled",
         "assessor": "Fictional Team"},
        {"commitment": "gc2017-4.1", "status": "achieved", "as_of": "2018-09-30",
         "sources": "https://example.org/fictional/new-2", "corrects": "40",
         "recorded_at": "2018-10-01 08:00:00"},
        {"commitment": "gc2017-11.3", "actor": OBSERVER.lower(), "status": "stalled",
         "score": "-1", "as_of": "2019", "sources": shared, "recorded_at": "2020-01-01 00:00:00"},
        {"commitment": "gc2017-4.1", "kind": "context", "as_of": "2015-06",
         "sources": "https://example.org/fictional/background",
         "recorded_at": "2018-01-02 00:00:00", "note": "Fictional background"},
        {"commitment": "gc2017-4.2", "status": "achieved", "as_of": "2019-05-05",
         "sources": shared, "corrects": str(ids["B"]), "recorded_at": "2019-05-06 00:00:00"},
        {"id": "90", "commitment": "GC2017-4.6", "status": "Partially_Achieved",
         "as_of": "2019-06-01", "sources": "https://example.org/fictional/new-1",
         "recorded_at": "2019-06-02 00:00:00", "note": "=1+1 is not a formula here"},
        {"commitment": "gc2017-4.6", "status": "not_assessed", "as_of": "2019-07-01",
         "recorded_at": "2019-07-02 00:00:00"},
        {"commitment": "gc2017-4.2", "kind": "context", "as_of": "2016-02-02",
         "sources": EVIDENCE, "recorded_at": "2018-01-03 00:00:00"},
        # The row of 2019-07-01, numbered after the 90 given before it.
        {"commitment": "gc2017-4.6", "status": "in_progress", "as_of": "2019-08-01",
         "sources": OTHER, "corrects": "91", "recorded_at": "2019-08-02 00:00:00"},
    ]  # fmt: skip


def varied_json(ids: dict[str, int]) -> list[dict[str, Any]]:
    """The varied rows, and one more naming two commitments at once."""
    rows = [
        {k: (v.split() if k == "sources" else v) for k, v in row.items() if v not in ("", None)}
        for row in varied_rows(ids)
    ]
    rows.append(
        {"commitment": ["gc2017-14.4", "gc2017-11.3"], "status": "in_progress",
         "as_of": "2020-02-02", "sources": [OTHER, "https://example.org/fictional/new-3"],
         "note": "Fictional, of two", "recorded_at": "2020-02-03 00:00:00"}
    )  # fmt: skip
    return rows


def _second_database(first: str, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Another seeded database on the engine of ``first``, for the reference."""
    if "://" in first:
        schemas = request.getfixturevalue("seeded_postgresql_schemas")
        schema = schemas.take()
        request.addfinalizer(lambda: schemas.give_back(schema))
        return str(schemas.url(schema))
    second = tmp_path / "second.db"
    shutil.copy(request.getfixturevalue("seeded_sqlite_template"), second)
    return str(second)


def test_a_file_keeps_what_its_rows_keep_one_by_one(seeded, request, tmp_path):
    """follow_up, sources and their links, statuses and the search index, row for row."""
    other = _second_database(seeded, request, tmp_path)
    ids = record_history(seeded)
    assert record_history(other) == ids
    rows = varied_json(ids)
    path = tmp_path / "all.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = run(seeded, "follow-up", "import", str(path))
    assert result.exit_code == 0, result.output
    assert result.stderr == f"imported {len(rows)} follow-ups\n"  # files' rows, not commitments
    # The reference: each row imported on its own, in a file of its own, in order.
    for number, row in enumerate(rows):
        path = tmp_path / f"row-{number}.json"
        path.write_text(json.dumps([row]), encoding="utf-8")
        result = run(other, "follow-up", "import", str(path))
        assert result.exit_code == 0, (number, result.output)
    # The history was recorded by the clock: its recording times differ.
    kept = without_recording_times(tables(seeded), max(ids.values()))
    assert kept == without_recording_times(tables(other), max(ids.values()))
    assert len(kept["follow_up"]) == len(ids) + len(rows) + 1
    assert status_mismatches(seeded) == []


def test_a_file_keeps_what_follow_up_add_keeps(seeded, request, tmp_path):
    """The rows `follow-up add` can record, recorded by it one at a time: the same tables
    but for the recording times (which `add` takes from the clock)."""
    other = _second_database(seeded, request, tmp_path)
    ids = record_history(seeded)
    assert record_history(other) == ids
    rows = [
        {k: v for k, v in row.items() if k not in ("id", "recorded_at")}
        for row in varied_rows(ids)
        if row.get("corrects") not in ("40", "91")  # ids given or taken in the file
    ]
    path = tmp_path / "all.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    result = run(seeded, "follow-up", "import", str(path))
    assert result.exit_code == 0, result.output
    for row in rows:
        options = ["--context"] if row.get("kind") == "context" else []
        for key in ("status", "as_of", "note", "assessor", "actor", "score", "corrects"):
            if row.get(key):
                value = row[key].lower() if key == "status" else row[key]
                options += [f"--{key.replace('_', '-')}", value]
        for url in row.get("sources", "").split():
            options += ["--source", url]
        _add(other, row["commitment"].lower(), *options)
    assert without_recording_times(tables(seeded)) == without_recording_times(tables(other))
    assert status_mismatches(seeded) == []
