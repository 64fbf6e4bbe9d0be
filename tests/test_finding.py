"""Finding things: the search language on both engines, suggestions, import problems."""

import json

import pytest
from helpers import run, snapshot

EVIDENCE = "https://example.org/fictional-finding"


def ids(database: str, *options: str) -> list[str]:
    result = run(database, "list", "--format", "json", "--columns", "id", *options)
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("passports", ["gc2017-11.3"]),
        ("passport", ["gc2017-11.3"]),  # stemmed
        ("interpol databases", ["gc2017-11.3"]),
        ('"foreign terrorist fighters"', ["gc2017-11.3", "gc2017-11.5"]),
        ('"fighters foreign terrorist"', []),
        ("passports OR sanctuary", ["gc2017-4.1", "gc2017-11.3"]),
        ("interp*", ["gc2017-11.1", "gc2017-11.3", "gc2017-11.4"]),
        ("interpol NOT passports", ["gc2017-11.1", "gc2017-11.4"]),
        ("interpol AND NOT passports", ["gc2017-11.1", "gc2017-11.4"]),
        ("(sanctuary OR passports) interpol", ["gc2017-11.3"]),
        ("al-Bab", []),
        ("nothingmatchesthis", []),
    ],
)
def test_the_search_language_reads_alike_on_both_engines(seeded, query, expected):
    assert ids(seeded, "--search", query) == expected


def test_not_alone_keeps_what_does_not_match(seeded):
    every = ids(seeded)
    assert ids(seeded, "--search", "NOT interp*") == [
        i for i in every if i not in ("gc2017-11.1", "gc2017-11.3", "gc2017-11.4")
    ]


def test_a_note_is_searched_too(seeded):
    added = run(
        seeded,
        "follow-up",
        "add",
        "gc2017-7.3",
        "--status",
        "stalled",
        "--as-of",
        "2017-12-31",
        "--source",
        EVIDENCE,
        "--note",
        "Fictional: the ceasefire failed.",
    )
    assert added.exit_code == 0, added.output  # fmt: skip
    assert ids(seeded, "--search", "ceasefire* NOT sustained") == []
    assert ids(seeded, "--search", '"ceasefire failed"') == ["gc2017-7.3"]


@pytest.mark.parametrize(
    "query, problem",
    [
        ('"foreign fighters', "a quote is not closed"),
        ("passports OR", "OR needs a word after it"),
        ("OR passports", "OR needs a word before it"),
        ("NOT", "NOT needs a word after it"),
        ("(passports", "a '(' is not closed"),
        ("passports)", "a ')' has no '(' before it"),
        ("()", "'()' holds nothing"),
        ("in*terpol", "'in*terpol': * may only end a word, as in interp*"),
        ("%%", "it has no words"),
        ('""', 'a phrase in quotes ("") has no words'),
    ],
)
def test_a_search_that_cannot_be_read_is_a_one_line_error(seeded, query, problem):
    for args in (["list", "--search", query], ["list", "--excluded", "--search", query]):
        result = run(seeded, *args)
        assert (result.exit_code, result.stdout) == (1, "")
        assert result.stderr == f"Error: cannot read the search {query!r}: {problem}\n"


def test_excluded_sentences_are_searched(seeded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "70")
    result = run(seeded, "list", "--excluded", "--search", "welcome* NOT (pledges OR milestones)")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "STATEMENT  PARA  SENT  REASON   TEXT\n"
        "---------  ----  ----  -------  --------------------------------------\n"
        "gc2017     5     7     welcome  We welcome efforts to help Syrians pr…\n"
        'gc2017     7     8     welcome  The Coalition welcomes the "Conferenc…\n'
        "gc2017     13    4     welcome  We welcome private sector initiatives…\n"
    )
    found = json.loads(run(seeded, "list", "--excluded", "--search", "welcome*", "--format",
                           "json").stdout)  # fmt: skip
    assert found and all("welcom" in r["text"].lower() for r in found)
    limited = run(seeded, "list", "--excluded", "--search", "welcome*", "--limit", "1",
                  "--format", "json").stdout  # fmt: skip
    assert json.loads(limited) == found[:1]


@pytest.mark.parametrize(
    "option",
    [["--status", "stalled"], ["--actor", "INTERPOL"], ["--role", "partner"], ["--region", "Iraq"],
     ["--theme", "military"], ["--type", "call"], ["--due-before", "2018-01-01"], ["--overdue"],
     ["--stale", "30"], ["--columns", "id"]],
)  # fmt: skip
def test_excluded_with_a_filter_it_cannot_have_is_a_usage_error(seeded, option):
    result = run(seeded, "list", "--excluded", *option)
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: {option[0]} does not apply to excluded sentences\n")


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "4.1"], "no commitment 4.1; did you mean gc2017-4.1?"),
        (["show", "gc2017-45"], "no commitment gc2017-45; did you mean gc2017-4.5, gc2017-7.5,"
                                " gc2017-7.4?"),
        (["list", "--actor", "Iraq"], "no actor Iraq; did you mean Government of Iraq?"),
        (["list", "--region", "Chad"], "no region Chad; did you mean Lake Chad basin?"),
        (["list", "--region", "Narnia"], "no region Narnia; did you mean Nigeria?"),
        (["list", "--statement", "gc2071"], "no statement gc2071; did you mean gc2017?"),
        (["follow-up", "list", "--actor", "Iraq"],
         "no actor Iraq; did you mean Government of Iraq?"),
        (["follow-up", "add", "gc2017-4.1", "--actor", "Iraq", "--score", "0", "--status",
          "in_progress", "--as-of", "2017-06-01", "--source", EVIDENCE],
         "actor: no actor Iraq; did you mean Government of Iraq?"),
    ],
)  # fmt: skip
def test_every_lookup_suggests_alike(seeded, args, message):
    before = snapshot(seeded)
    result = run(seeded, *args)
    assert (result.exit_code, result.stderr) == (1, f"Error: {message}\n")
    assert snapshot(seeded) == before


def test_the_beginning_of_the_one_region_that_begins_so_finds_it(seeded):
    assert ids(seeded, "--region", "Lake Chad") == ids(seeded, "--region", "Lake Chad basin")
    assert ids(seeded, "--region", "lake chad") == ["gc2017-10.1", "gc2017-10.2"]


def test_json_import_problems_name_each_record_by_number_and_id(seeded, tmp_path):
    good = {"commitment": "gc2017-4.1", "status": "stalled", "as_of": "2017-06-01",
            "sources": [EVIDENCE]}  # fmt: skip
    rows = [good | {"id": 7}, good | {"id": 8, "score": 5}, good | {"status": "done"},
            good | {"id": 10, "commitment": "4.1"}]  # fmt: skip
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(rows))
    before = snapshot(seeded)
    result = run(seeded, "follow-up", "import", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: 3 problems in the file; nothing was imported",
        "  record 2 (id 8, commitment gc2017-4.1), field score: 5 is not -1, 0 or 1",
        "  record 3 (commitment gc2017-4.1), field status: 'done' is not one of not_assessed,"
        " not_started, in_progress, stalled, partially_achieved, achieved, not_achieved,"
        " no_longer_applicable",
        "  record 4 (id 10, commitment 4.1), field commitment: no commitment 4.1",
    ]
    assert snapshot(seeded) == before
