"""Recording follow-ups: add, list, import, export, statuses, scores, filters.

Every follow-up here is fictional: the sources are example.org addresses.
"""

import csv
import datetime as dt
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import add_government, run, snapshot, status_mismatches

from tracker import followups, vocab

EVIDENCE = "https://example.org/fictional/report-1"
TRACKER = str(Path(sys.executable).parent / "tracker")


def add(database: str, commitment: str, *options: str, source: str | None = EVIDENCE) -> int:
    sources = ["--source", source] if source else []
    result = run(database, "follow-up", "add", commitment, *options, *sources)
    assert result.exit_code == 0, result.output
    return int(result.stdout)


def status_of(database: str, commitment: str) -> str:
    result = run(database, "list", "--format", "json")
    return next(r["status"] for r in json.loads(result.stdout) if r["id"] == commitment)


def test_add_prints_the_id_and_changes_the_status(seeded):
    first = add(
        seeded,
        "gc2017-4.1",
        "--status",
        "in_progress",
        "--as-of",
        "2017-09-30",
        "--note",
        "Fictional: strikes continued.",
        "--assessor",
        "A. Analyst",
    )
    assert first >= 1
    assert status_of(seeded, "gc2017-4.1") == "in_progress"
    second = add(seeded, "gc2017-4.1", "--status", "ACHIEVED", "--as-of", "2018-03-31")
    assert second > first
    assert status_of(seeded, "gc2017-4.1") == "achieved"
    shown = run(seeded, "show", "gc2017-4.1").stdout
    assert "History, oldest first:" in shown
    assert shown.index(f"#{first}  2017-09-30  in_progress") < shown.index(f"#{second}  2018-03-31")
    assert "Fictional: strikes continued." in shown and "by A. Analyst" in shown


def test_newest_as_of_wins_whatever_the_order_of_recording(seeded):
    add(seeded, "gc2017-4.2", "--status", "stalled", "--as-of", "2019-01-01")
    add(seeded, "gc2017-4.2", "--status", "in_progress", "--as-of", "2018-01-01")
    assert status_of(seeded, "gc2017-4.2") == "stalled"


def test_a_correction_replaces_what_it_corrects(seeded):
    wrong = add(seeded, "gc2017-4.3", "--status", "achieved", "--as-of", "2018-01-01")
    add(
        seeded,
        "gc2017-4.3",
        "--status",
        "in_progress",
        "--as-of",
        "2018-01-01",
        "--corrects",
        str(wrong),
        "--note",
        "Fictional: the first entry went too far.",
    )
    assert status_of(seeded, "gc2017-4.3") == "in_progress"
    history = json.loads(run(seeded, "follow-up", "list", "gc2017-4.3", "--format", "json").stdout)
    assert [(h["status"], h["corrects"], h["corrected_by"]) for h in history] == [
        ("achieved", None, history[1]["id"]),
        ("in_progress", wrong, None),
    ]
    table = run(seeded, "follow-up", "list", "gc2017-4.3").stdout
    assert f"corrected by #{history[1]['id']}" in table and f"corrects #{wrong}" in table


def test_a_correction_can_return_to_not_assessed(seeded):
    wrong = add(seeded, "gc2017-5.1", "--status", "achieved", "--as-of", "2018-01-01")
    add(
        seeded,
        "gc2017-5.1",
        "--status",
        "not_assessed",
        "--as-of",
        "2018-01-01",
        "--corrects",
        str(wrong),
        source=None,
    )
    assert status_of(seeded, "gc2017-5.1") == "not_assessed"


def test_per_actor_assessments_leave_the_collective_status(seeded):
    result = run(
        seeded,
        "actor",
        "add",
        "Government of France",
        "--kind",
        "national_government",
        "--country",
        "France",
        "--alias",
        "France",
    )
    assert result.exit_code == 0 and "(FR)" in result.stderr
    add(
        seeded,
        "gc2017-11.3",
        "--actor",
        "france",
        "--status",
        "achieved",
        "--score",
        "+1",
        "--as-of",
        "2018-01-01",
    )
    assert status_of(seeded, "gc2017-11.3") == "not_assessed"
    history = json.loads(run(seeded, "follow-up", "list", "--format", "json").stdout)
    assert history[0]["actor"] == "Government of France" and history[0]["score"] == 1


def achieved(commitment: str = "gc2017-4.1", as_of: str = "2018-01-01") -> list[str]:
    return [commitment, "--status", "achieved", "--as-of", as_of]


@pytest.mark.parametrize(
    "options, message",
    [
        (achieved("gc2017-45") + ["--source", EVIDENCE],
         "no commitment gc2017-45; did you mean gc2017-4.5"),
        (achieved(as_of="2017-03-21") + ["--source", EVIDENCE],
         "as_of: 2017-03-21 is before the statement's date, 2017-03-22"),
        (achieved(as_of="2999-01-01") + ["--source", EVIDENCE],
         "as_of: 2999-01-01 is in the future"),
        (achieved(), "sources: at least one source URL is required for achieved"),
        (achieved() + ["--source", "ftp://example.org/x"], "sources: not an http or https URL"),
        (achieved() + ["--source", "https://"], "sources: not an http or https URL"),
        (achieved() + ["--source", EVIDENCE, "--actor", "Atlantis"], "actor: no actor Atlantis"),
        (achieved() + ["--source", EVIDENCE, "--corrects", "999"], "corrects: no follow-up 999"),
        (achieved() + ["--source", EVIDENCE, "--note", "nul\x00byte"],
         "note: contains a NUL character"),
    ],
)  # fmt: skip
def test_bad_follow_ups_are_refused_and_nothing_is_written(seeded, options, message):
    before = snapshot(seeded)
    result = run(seeded, "follow-up", "add", *options)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert snapshot(seeded) == before


def test_corrections_must_match_and_happen_once(seeded):
    first = add(seeded, "gc2017-4.1", "--status", "achieved", "--as-of", "2018-01-01")
    other = run(
        seeded,
        "follow-up",
        "add",
        "gc2017-4.2",
        "--status",
        "stalled",
        "--as-of",
        "2018-01-01",
        "--source",
        EVIDENCE,
        "--corrects",
        str(first),
    )
    assert other.exit_code == 1 and f"follow-up {first} is about gc2017-4.1" in other.stderr
    fix = add(
        seeded,
        "gc2017-4.1",
        "--status",
        "stalled",
        "--as-of",
        "2018-01-01",
        "--corrects",
        str(first),
    )
    again = run(
        seeded,
        "follow-up",
        "add",
        "gc2017-4.1",
        "--status",
        "in_progress",
        "--as-of",
        "2018-01-01",
        "--source",
        EVIDENCE,
        "--corrects",
        str(first),
    )
    assert again.exit_code == 1
    assert f"already corrected by {fix}; correct {fix} instead" in again.stderr


@pytest.mark.parametrize(
    "options",
    [
        ["--status", "done", "--as-of", "2018-01-01"],
        ["--status", "achieved", "--as-of", "01/02/2018"],
        ["--status", "achieved", "--as-of", "2018-01-01", "--score", "2"],
        ["--as-of", "2018-01-01"],
    ],
)
def test_bad_options_are_usage_errors(seeded, options):
    result = run(seeded, "follow-up", "add", "gc2017-4.1", *options, "--source", EVIDENCE)
    assert result.exit_code == 2
    assert "Usage:" in result.stderr


def test_statuses_prints_the_vocabulary():
    result = run("unused.db", "statuses", "--format", "json")
    assert json.loads(result.stdout) == [
        {"status": k, "meaning": v} for k, v in vocab.STATUSES.items()
    ]
    table = run("unused.db", "statuses").stdout
    for status in vocab.STATUSES:
        assert f"\n{status} " in table
    assert {
        "not_assessed",
        "in_progress",
        "stalled",
        "partially_achieved",
        "achieved",
        "not_achieved",
        "no_longer_applicable",
    } <= set(vocab.STATUSES)


def test_follow_up_list_since_and_formats(seeded):
    add(seeded, "gc2017-4.1", "--status", "in_progress", "--as-of", "2017-06-01")
    add(
        seeded,
        "gc2017-7.2",
        "--status",
        "stalled",
        "--as-of",
        "2019-06-01",
        "--source",
        "https://example.org/fictional/a",
        "--source",
        "https://example.org/fictional/b",
        source=None,
    )
    since = json.loads(
        run(seeded, "follow-up", "list", "--since", "2018-01-01", "--format", "json").stdout
    )
    assert [r["commitment"] for r in since] == ["gc2017-7.2"]
    rows = list(
        csv.DictReader(io.StringIO(run(seeded, "follow-up", "list", "--format", "csv").stdout))
    )
    assert [r["commitment"] for r in rows] == ["gc2017-4.1", "gc2017-7.2"]
    assert rows[1]["sources"] == "https://example.org/fictional/a https://example.org/fictional/b"
    table = run(seeded, "follow-up", "list").stdout.splitlines()
    assert "…" not in "".join(table)  # piped: whole


def test_follow_up_list_limit(seeded):
    for as_of in ("2017-06-01", "2018-06-01", "2019-06-01"):
        add(seeded, "gc2017-4.1", "--status", "in_progress", "--as-of", as_of)

    def listed(*options: str) -> list[str]:
        result = run(seeded, "follow-up", "list", "--format", "csv", *options)
        assert result.exit_code == 0, result.output
        return [r["as_of"] for r in csv.DictReader(io.StringIO(result.stdout))]

    assert listed("--limit", "2") == ["2017-06-01", "2018-06-01"]
    assert listed("--since", "2018-01-01", "--limit", "1") == ["2018-06-01"]
    assert listed("--since", "2018-01-01", "--limit", "9") == ["2018-06-01", "2019-06-01"]
    assert run(seeded, "follow-up", "list", "--limit", "0").exit_code == 2


def test_search_due_before_overdue_and_stale(seeded):
    def ids(*options: str) -> list[str]:
        result = run(seeded, "list", "--format", "json", *options)
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)]

    assert ids("--search", "passports") == ["gc2017-11.3"]
    assert ids("--search", "interpol databases") == ["gc2017-11.3"]
    assert ids("--search", "100%_") == []
    add(
        seeded,
        "gc2017-4.5",
        "--status",
        "in_progress",
        "--as-of",
        "2018-01-01",
        "--note",
        "Fictional: checkpoints reopened.",
    )
    assert ids("--search", "CHECKPOINTS") == ["gc2017-4.5"]
    assert ids("--due-before", "2018-01-01") == ["gc2017-14.4"]
    assert ids("--due-before", "2017-07-31") == []
    assert ids("--overdue") == ["gc2017-14.4"]
    add(seeded, "gc2017-14.4", "--status", "achieved", "--as-of", "2017-07-31")
    assert ids("--overdue") == []
    recent = (dt.date.today() - dt.timedelta(days=3)).isoformat()
    add(seeded, "gc2017-1.1", "--status", "in_progress", "--as-of", recent)
    stale = ids("--stale", "30")
    assert len(stale) == 42 and "gc2017-1.1" not in stale  # nor gc2017-14.4, achieved
    assert ids("--stale", "30", "--theme", "coordination", "--overdue") == []


IMPORT_HEADER = "commitment,status,as_of,sources,note,actor,score\n"


def write(tmp_path: Path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return str(path)


def test_import_csv(seeded, tmp_path):
    file = write(
        tmp_path,
        "ok.csv",
        IMPORT_HEADER
        + f'gc2017-4.1,in_progress,2017-06-01,{EVIDENCE},"Fictional, with a comma",,\n'
        + "GC2017-4.2,Stalled,2017-07-01,https://example.org/f/1 https://example.org/f/2,,,\n"
        + "gc2017-4.6,not_assessed,2017-07-01,,,,\n",
    )
    result = run(seeded, "follow-up", "import", file)
    assert result.exit_code == 0, result.output
    assert result.stderr == "imported 3 follow-ups\n"
    assert status_of(seeded, "gc2017-4.2") == "stalled"
    history = json.loads(run(seeded, "follow-up", "list", "--format", "json").stdout)
    assert history[0]["note"] == "Fictional, with a comma"
    assert history[1]["sources"] == ["https://example.org/f/1", "https://example.org/f/2"]
    # Imported notes are indexed for search once the import ends.
    searched = json.loads(run(seeded, "list", "--search", "comma", "--format", "json").stdout)
    assert [r["id"] for r in searched] == ["gc2017-4.1"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        (
            "bad.csv",
            IMPORT_HEADER
            + f"gc2017-4.1,in_progress,2017-06-01,{EVIDENCE},,,\n"
            + f"gc2017-4.1,in_progress,2017-13-01,{EVIDENCE},,,\n",
            "line 3, field as_of: not a date (YYYY-MM-DD, YYYY-MM or YYYY): '2017-13-01'",
        ),
        (
            "bad.csv",
            IMPORT_HEADER + f"gc2017-4.1,in_progress,2017-06-01,{EVIDENCE},,,7\n",
            "line 2, field score: '7' is not -1, 0 or 1",
        ),
        ("bad.csv", "commitment,status,as_of,colour\n", "line 1: unknown column 'colour'"),
        ("bad.csv", "commitment,status\n", "line 1: missing the column 'as_of'"),
        (
            "bad.csv",
            IMPORT_HEADER + "gc2017-4.1,in_progress\n",
            "line 2: 2 values where the header has 7",
        ),
        ("bad.csv", IMPORT_HEADER, "the file holds no follow-ups"),
        ("bad.csv", "", "the file is empty"),
        (
            "dup.csv",
            IMPORT_HEADER + f"gc2017-4.1,in_progress,2017-06-01,{EVIDENCE},x,,\n" * 2,
            "the follow-up gc2017-4.1 in_progress as of 2017-06-01 repeats an earlier row",
        ),
        (
            "bad.json",
            json.dumps(
                [
                    {
                        "commitment": "gc2017-4.1",
                        "status": "stalled",
                        "as_of": "2017-06-01",
                        "sources": 5,
                    }
                ]
            ),
            "record 1 (commitment gc2017-4.1), field sources: expected a list of URLs",
        ),
        (
            "bad.json",
            json.dumps(
                [
                    {
                        "commitment": "gc2017-4.1",
                        "status": "stalled",
                        "as_of": "2017-06-01",
                        "sources": [EVIDENCE],
                        "weight": 1,
                    }
                ]
            ),
            "record 1 (commitment gc2017-4.1): unknown field 'weight'",
        ),
        ("bad.json", json.dumps({"commitment": "gc2017-4.1"}), "expected a JSON array"),
        ("bad.json", '[{"commitment": "gc2017-4.1",', "not valid JSON"),
        ("bad.json", json.dumps(["gc2017-4.1"]), "record 1: expected an object"),
        *(
            (
                "bad.json",
                json.dumps(
                    [
                        {
                            "commitment": "gc2017-4.1",
                            "status": "stalled",
                            "as_of": "2017-06-01",
                            "sources": [EVIDENCE],
                        }
                        | {key: value}
                    ]
                ),
                f"record 1 (commitment gc2017-4.1), field {key}",
            )
            for key in ("status", "as_of", "score", "note", "actor", "corrects", "recorded_at")
            for value in ([1], {"a": 1}, 1.5, True)
        ),
    ],
)
def test_import_errors_name_the_row_and_write_nothing(seeded, tmp_path, name, content, message):
    before = snapshot(seeded)
    result = run(seeded, "follow-up", "import", write(tmp_path, name, content))
    assert result.exit_code == 1, result.output
    assert message in result.stderr, result.stderr
    assert "nothing was imported" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert snapshot(seeded) == before


def test_a_bad_row_at_the_end_of_a_long_file_writes_nothing(seeded, tmp_path):
    rows = [
        f"gc2017-4.1,in_progress,2017-06-01,{EVIDENCE},Fictional note {i},,\n" for i in range(3000)
    ]
    rows[2899] = "gc2017-4.1,in_progress,2017-06-01,not-a-url,,,\n"
    before = snapshot(seeded)
    result = run(
        seeded, "follow-up", "import", write(tmp_path, "long.csv", IMPORT_HEADER + "".join(rows))
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: line 2901, field sources: not an http or https URL")
    assert snapshot(seeded) == before


def test_a_long_import_reads_every_commitment_once_it_has_met_many(seeded, tmp_path, monkeypatch):
    monkeypatch.setattr(followups, "READ_ALL_AFTER", 2)
    read_all = []
    original = followups.Checker._read_all_commitments
    monkeypatch.setattr(
        followups.Checker,
        "_read_all_commitments",
        lambda checker: read_all.append(1) or original(checker),
    )
    commitments = ["gc2017-4.1", "gc2017-4.2", "gc2017-11.3", "gc2017-14.4"]
    lines = [f"{c},stalled,2017-06-01,{EVIDENCE},,," for c in commitments]
    result = run(
        seeded, "follow-up", "import", write(tmp_path, "ok.csv", IMPORT_HEADER + "\n".join(lines))
    )
    assert result.exit_code == 0, result.output
    assert read_all == [1]
    assert {c: status_of(seeded, c) for c in commitments} == dict.fromkeys(commitments, "stalled")
    # Commitments read all at once still check the as-of date and refuse unknown ids.
    lines = [
        f"{c},stalled,{day},{EVIDENCE},,,"
        for c, day in [
            ("gc2017-4.1", "2017-06-01"),
            ("gc2017-4.2", "2017-06-01"),
            ("gc2017-11.3", "2017-01-01"),
            ("gc2017-99.9", "2017-06-01"),
        ]
    ]
    before = snapshot(seeded)
    bad = write(tmp_path, "bad.csv", IMPORT_HEADER + "\n".join(lines))
    result = run(seeded, "follow-up", "import", bad)
    assert result.exit_code == 1
    # A summary, then every problem indented under it.
    assert result.stderr.splitlines() == [
        "Error: 2 problems in the file; nothing was imported",
        "  line 4, field as_of: 2017-01-01 is before the statement's date, 2017-03-22"
        " (record what came before as context: kind context)",
        "  line 5, field commitment: no commitment gc2017-99.9",
    ]
    assert snapshot(seeded) == before


def test_an_import_lists_its_problems_up_to_the_cap(seeded, tmp_path):
    from tracker.errors import MAX_DETAILS

    lines = [f"gc2017-4.1,stalled,2018-0{n + 1}-01,,,," for n in range(3)]
    lines += ["gc2017-4.1,stalled,bad-date,,,,"] * (MAX_DETAILS + 5)
    result = run(
        seeded, "follow-up", "import", write(tmp_path, "bad.csv", IMPORT_HEADER + "\n".join(lines))
    )
    shown = result.stderr.splitlines()
    assert result.exit_code == 1
    assert shown[0] == f"Error: {3 + MAX_DETAILS + 5} problems in the file; nothing was imported"
    assert shown[1].startswith("  line 2, field sources")
    assert len(shown) == 1 + MAX_DETAILS + 1
    assert all(line.startswith("  line ") for line in shown[1:-1])
    assert shown[-1] == f"  ... and {3 + MAX_DETAILS + 5 - MAX_DETAILS} more"


def test_not_utf8_is_refused(seeded, tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (IMPORT_HEADER + "gc2017-4.1,stalled,2017-06-01,,caf\xe9,,\n").encode("latin-1")
    )
    result = run(seeded, "follow-up", "import", str(path))
    assert result.exit_code == 1 and "not UTF-8" in result.stderr


def test_import_needs_a_format_it_can_tell(seeded, tmp_path):
    result = run(seeded, "follow-up", "import", write(tmp_path, "rows.txt", IMPORT_HEADER))
    assert result.exit_code == 2 and "give --format" in result.stderr


def record_some_history(database: str) -> None:
    add_government(database, "Government of Denmark", "DK")
    first = add(
        database,
        "gc2017-4.1",
        "--status",
        "in_progress",
        "--as-of",
        "2017-09-30",
        "--note",
        "Fictional: «quoted» – and a second line\nhere.",
    )
    add(
        database,
        "gc2017-4.1",
        "--status",
        "achieved",
        "--as-of",
        "2018-09-30",
        "--corrects",
        str(first),
    )
    add(
        database,
        "gc2017-11.3",
        "--status",
        "partially_achieved",
        "--as-of",
        "2018-01-01",
        "--actor",
        "Government of Denmark",
        "--score",
        "0",
        "--assessor",
        "Fictional Team",
    )


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_export_import_export_is_byte_identical(seeded_sqlite, tmp_path, fmt):
    record_some_history(seeded_sqlite)
    exported = run(seeded_sqlite, "export", "--format", fmt)
    assert exported.exit_code == 0, exported.output
    file = write(tmp_path, f"export.{fmt}", exported.stdout)
    # An empty database with the same statement (and the actor the history names).
    fresh = str(tmp_path / "fresh.db")
    assert run(fresh, "init").exit_code == 0
    add_government(fresh, "Government of Denmark", "DK")
    imported = run(fresh, "follow-up", "import", file)
    assert imported.exit_code == 0, imported.output
    again = run(fresh, "export", "--format", fmt, "--output", str(tmp_path / f"again.{fmt}"))
    assert again.exit_code == 0
    assert (tmp_path / f"again.{fmt}").read_bytes() == Path(file).read_bytes()
    # The same file again is refused: its ids are taken.
    twice = run(fresh, "follow-up", "import", file)
    assert twice.exit_code == 1 and "already exists" in twice.stderr


def test_export_round_trip_on_postgresql(postgresql_url, tmp_path):
    """Export from SQLite, import into PostgreSQL, export again: the same bytes."""
    source = str(tmp_path / "source.db")
    for database in (source, postgresql_url):
        assert run(database, "init").exit_code == 0
    record_some_history(source)
    add_government(postgresql_url, "Government of Denmark", "DK")
    exported = run(source, "export").stdout
    file = write(tmp_path, "export.json", exported)
    assert run(postgresql_url, "follow-up", "import", file).exit_code == 0
    assert run(postgresql_url, "export").stdout == exported
    # The sequence moved past the imported ids: a new follow-up gets a fresh one.
    new_id = add(postgresql_url, "gc2017-4.2", "--status", "stalled", "--as-of", "2018-01-01")
    assert new_id == 4


def test_scores_matrix(seeded):
    for name, code in (("Government of Denmark", "DK"), ("Government of Norway", "NO")):
        add_government(seeded, name, code)

    def score(commitment: str, actor: str, value: str, as_of: str = "2018-01-01") -> int:
        return add(
            seeded,
            commitment,
            "--actor",
            actor,
            "--score",
            value,
            "--status",
            {"-1": "not_started", "0": "in_progress", "1": "achieved"}[value],
            "--as-of",
            as_of,
        )

    score("gc2017-11.3", "Government of Denmark", "-1", "2017-06-01")
    score("gc2017-11.3", "Government of Denmark", "1")  # the latest wins
    wrong = score("gc2017-11.3", "Government of Norway", "1")
    add(
        seeded,
        "gc2017-11.3",
        "--actor",
        "Government of Norway",
        "--score",
        "-1",
        "--status",
        "not_achieved",
        "--as-of",
        "2018-01-01",
        "--corrects",
        str(wrong),
    )
    score("gc2017-11.4", "Government of Denmark", "0")
    add(
        seeded,
        "gc2017-11.4",
        "--actor",
        "Government of Norway",
        "--status",
        "in_progress",
        "--as-of",
        "2018-02-01",
    )  # no score: not in the matrix
    result = json.loads(run(seeded, "scores", "--statement", "gc2017", "--format", "json").stdout)
    assert result["actors"] == ["Government of Denmark", "Government of Norway"]
    rows = {r["id"]: r for r in result["commitments"]}
    assert rows["gc2017-11.3"]["scores"] == {"Government of Denmark": 1, "Government of Norway": -1}
    assert (rows["gc2017-11.3"]["average"], rows["gc2017-11.3"]["percent"]) == (0, 50.0)
    assert rows["gc2017-11.4"]["scores"] == {"Government of Denmark": 0}
    by_actor = {a["actor"]: a for a in result["actor_averages"]}
    assert (
        by_actor["Government of Denmark"]["average"],
        by_actor["Government of Denmark"]["percent"],
    ) == (0.5, 75.0)
    assert by_actor["Government of Norway"]["percent"] == 0.0
    assert result["overall"] == {"count": 3, "average": 0.0, "percent": 50.0}
    table = run(seeded, "scores").stdout
    assert "DK = Government of Denmark" in table and "NO = Government of Norway" in table
    assert table.splitlines()[2].split() == ["gc2017-11.3", "+1", "-1", "+0.00", "50%"]
    matrix = list(csv.reader(io.StringIO(run(seeded, "scores", "--format", "csv").stdout)))
    assert matrix[0] == [
        "commitment",
        "title",
        "Government of Denmark",
        "Government of Norway",
        "average",
        "percent",
    ]
    assert matrix[-1][0] == "percent" and matrix[-1][2:4] == ["75.0", "0.0"]


def test_scores_without_any(seeded):
    result = run(seeded, "scores")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no scored follow-ups yet" in result.stderr


def test_actor_add_and_list(seeded):
    assert (
        run(
            seeded,
            "actor",
            "add",
            "Government of Jordan",
            "--kind",
            "national_government",
            "--country",
            "JO",
            "--alias",
            "Jordan",
        ).exit_code
        == 0
    )
    again = run(seeded, "actor", "add", "jordan", "--kind", "national_government")
    assert again.exit_code == 1 and "'Jordan' already names an actor" in again.stderr
    nowhere = run(
        seeded, "actor", "add", "X", "--kind", "national_government", "--country", "Atlantis"
    )
    assert (
        nowhere.exit_code == 1
        and "no country is called 'Atlantis' (pycountry, countryinfo)" in nowhere.stderr
    )
    actors = json.loads(run(seeded, "actor", "list", "--format", "json").stdout)
    jordan = next(a for a in actors if a["name"] == "Government of Jordan")
    assert jordan == {
        "name": "Government of Jordan",
        "kind": "national_government",
        "country_code": "JO",
        "aliases": ["Jordan"],
    }


@pytest.mark.slow
def test_the_installed_command_runs_every_follow_up_command(database, tmp_path):
    env = os.environ | {"TRACKER_DB": database}

    def tracker(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([TRACKER, *args], env=env, capture_output=True, text=True)

    assert tracker("init").returncode == 0
    added = tracker(
        "follow-up",
        "add",
        "gc2017-13.4",
        "--status",
        "in_progress",
        "--as-of",
        "2018-05-01",
        "--source",
        EVIDENCE,
        "--note",
        "Fictional: a forum met.",
    )
    assert added.returncode == 0 and added.stdout.strip().isdigit()
    listed = tracker("list", "--status", "in_progress", "--format", "json")
    assert [r["id"] for r in json.loads(listed.stdout)] == ["gc2017-13.4"]
    assert "Fictional: a forum met." in tracker("show", "gc2017-13.4").stdout
    assert "gc2017-13.4" in tracker("follow-up", "list").stdout
    assert "in_progress" in tracker("statuses").stdout
    exported = tmp_path / "export.json"
    assert tracker("export", "--output", str(exported)).returncode == 0
    assert "Fictional: a forum met." in exported.read_text(encoding="utf-8")
    rows = write(
        tmp_path, "more.csv", IMPORT_HEADER + f"gc2017-13.1,stalled,2018-06-01,{EVIDENCE},,,\n"
    )
    imported = tracker("follow-up", "import", rows)
    assert (imported.returncode, imported.stderr) == (0, "imported 1 follow-ups\n")
    assert (
        tracker(
            "actor",
            "add",
            "Government of Chile",
            "--kind",
            "national_government",
            "--country",
            "CL",
        ).returncode
        == 0
    )
    assert (
        tracker(
            "follow-up",
            "add",
            "gc2017-13.1",
            "--actor",
            "Government of Chile",
            "--score",
            "0",
            "--status",
            "in_progress",
            "--as-of",
            "2018-06-01",
            "--source",
            EVIDENCE,
        ).returncode
        == 0
    )
    assert "CL = Government of Chile" in tracker("scores").stdout
    refused = tracker(
        "follow-up",
        "add",
        "gc2017-13.4",
        "--status",
        "achieved",
        "--as-of",
        "2016-01-01",
        "--source",
        EVIDENCE,
    )
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert refused.stderr.startswith("Error: as_of: 2016-01-01 is before the statement's date")
    usage = tracker("follow-up", "add", "gc2017-13.4", "--status", "bogus", "--as-of", "2018-01-01")
    assert usage.returncode == 2


def test_status_table_equals_the_recomputed_value(seeded):
    add(seeded, "gc2017-4.1", "--status", "in_progress", "--as-of", "2017-09-30")
    add(seeded, "gc2017-4.2", "--status", "stalled", "--as-of", "2017-09-30")
    assert status_mismatches(seeded) == []


@pytest.mark.slow
def test_a_progress_bar_on_a_terminal_only(seeded_sqlite, tmp_path):
    rows = "".join(
        f"gc2017-4.1,in_progress,2017-06-01,{EVIDENCE}/{n},Fictional note {'x' * 80} {n}\n"
        for n in range(10_000)
    )
    file = write(tmp_path, "big.csv", "commitment,status,as_of,sources,note\n" + rows)
    assert os.path.getsize(file) > 1_000_000
    quiet = str(tmp_path / "quiet.db")
    shutil.copy(seeded_sqlite, quiet)
    reader, terminal = os.openpty()
    on_terminal = subprocess.run(
        [TRACKER, "--db", seeded_sqlite, "follow-up", "import", file],
        stderr=terminal,
        stdout=subprocess.DEVNULL,
    )
    os.close(terminal)
    shown = os.read(reader, 65536).decode(errors="replace")
    os.close(reader)
    assert on_terminal.returncode == 0 and "Importing" in shown
    piped = subprocess.run(
        [TRACKER, "--db", quiet, "follow-up", "import", file], capture_output=True, text=True
    )
    assert (piped.returncode, piped.stderr) == (0, "imported 10000 follow-ups\n")


@pytest.mark.parametrize(
    "typed, code",
    [
        ("Turkey", "TR"), ("UK", "GB"), ("Russia", "RU"), ("Ivory Coast", "CI"),
        ("South Korea", "KR"), ("Iran", "IR"), ("DK", "DK"), ("DNK", "DK"),
        ("Kingdom of Denmark", "DK"), ("France", "FR"),
    ],
)  # fmt: skip
def test_country_takes_the_names_people_type(seeded_sqlite, typed, code):
    added = run(
        seeded_sqlite, "actor", "add", "Fictional government", "--kind", "national_government",
        "--country", typed,
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    assert added.stderr == f"added actor Fictional government ({code})\n"
