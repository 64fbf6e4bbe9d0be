"""Hostile input, case by case: a one-line error and nothing changed, or the value kept exactly.

Each table row is an input an attacker (or an accident) could give: bytes
that are not UTF-8 on the command line, numbers no database holds, JSON and
YAML built to exhaust the stack or memory, files that are devices, outputs
that are not files. Every follow-up here is fictional.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from click.testing import Result
from helpers import ANNOTATION, STATEMENT, engine_for, execute, run, snapshot
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tracker import files
from tracker.values import MAX_NAME

TRACKER = str(Path(sys.executable).parent / "tracker")
EVIDENCE = "https://example.org/fictional/evidence"
ADD = ["follow-up", "add", "gc2017-4.1", "--status", "in_progress", "--as-of", "2018-01-01"]
ADD_WITH_SOURCE = [*ADD, "--source", EVIDENCE]
ROW = {"commitment": "gc2017-4.1", "status": "stalled", "as_of": "2018-01-01"}
# A member scored -1, with a status that agrees (tracker.status.SCORE_STATUSES).
ADD_SCORED_NONE = [*ADD[:3], "--status", "not_started", *ADD[5:]]


def assert_refused(result: Result, code: int, words: str) -> None:
    """Exit ``code``, no traceback, and one printable line of error that says ``words``.

    Under it may come further problems of the same input, indented.
    """
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    lines = result.stderr.rstrip("\n").splitlines()
    errors = [n for n, line in enumerate(lines) if line.startswith("Error: ")]
    assert errors, result.stderr
    error = lines[errors[0]]
    assert words in error, error
    assert all(line.isprintable() for line in lines)
    assert all(line.startswith("  ") for line in lines[errors[0] + 1 :]), result.stderr
    if code == 1:  # usage errors (2) have Click's usage lines above the error
        assert errors[0] == 0, result.stderr


def commitments_in(export: str | bytes) -> list[dict]:
    """The commitments of a JSON export, leaving out the actors and sources before them."""
    return [item for item in json.loads(export) if "commitment" in item]


def folder_state(folder: Path) -> dict[str, tuple[int, str]]:
    """Every file under ``folder``: its mode and a digest of its bytes."""
    state = {}
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        digest = (
            hashlib.sha256(path.read_bytes()).hexdigest() if stat.S_ISREG(status.st_mode) else ""
        )
        state[str(path.relative_to(folder))] = (status.st_mode, digest)
    return state


def json_file(*rows: object, raw: str | None = None) -> bytes:
    return (raw if raw is not None else json.dumps(list(rows))).encode("utf-8")


def billion_laughs() -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\nformat: *a9\n"


# (name, arguments, exit code, words of the error)
COMMAND_LINE = [
    ("note not UTF-8", [*ADD_WITH_SOURCE, "--note", "caf\udce9"], 2, "not valid UTF-8"),
    ("assessor not UTF-8", [*ADD_WITH_SOURCE, "--assessor", "\udcff"], 2, "not valid UTF-8"),
    ("id not UTF-8", ["show", "gc2017-4.1\udcff"], 2, "not valid UTF-8"),
    ("follow-up id not UTF-8", [*ADD_WITH_SOURCE[:2], "\udcff", *ADD[3:]], 2, "UTF-8"),
    ("actor name not UTF-8", ["actor", "add", "\udcffX", "--kind", "person"], 2, "UTF-8"),
    ("list --actor not UTF-8", ["list", "--actor", "\udcff"], 2, "not valid UTF-8"),
    ("list --statement not UTF-8", ["list", "--statement", "\udcff"], 2, "UTF-8"),
    ("lone surrogate in a note", [*ADD_WITH_SOURCE, "--note", "\ud800"], 2, "UTF-8"),
    ("lone surrogate in a source", [*ADD, "--source", f"{EVIDENCE}/\ud800"], 2, "UTF-8"),
    ("huge --limit", ["list", "--limit", "9" * 23], 2, "is not in the range"),
    ("huge --stale", ["list", "--stale", "9" * 20], 2, "is not in the range"),
    ("huge --corrects", [*ADD_WITH_SOURCE, "--corrects", "9" * 30], 2, "is not in the range"),
    ("negative --wait", ["--wait", "-1", "list"], 2, "is not in the range"),
    ("downgrade to no revision", ["db", "downgrade", "zzzz"], 1, "zzzz"),
    ("upgrade to no revision", ["db", "upgrade", "zzzz"], 1, "zzzz"),
    ("actor name of two lines", ["actor", "add", "Two\nlines", "--kind", "person"], 1, "one line"),
    ("actor name with ESC", ["actor", "add", "Fake\x1b[2J", "--kind", "person"], 1, "one line"),
    ("alias of two lines", ["actor", "add", "A", "--kind", "person", "--alias", "b\nc"], 1, "line"),
    ("assessor of two lines", [*ADD_WITH_SOURCE, "--assessor", "a\nb"], 1, "one line"),
    ("assessor with ESC", [*ADD_WITH_SOURCE, "--assessor", "\x1b[32mok"], 1, "one line"),
    ("assessor with a line separator", [*ADD_WITH_SOURCE, "--assessor", "a\u2028b"], 1, "line"),
    ("id with ESC", ["show", "\x1b[2Jgc2017-4.1"], 1, "no commitment"),
    # Issue 13: precision, context, several ids, members' scores, sources.
    (
        "as-of month 13",
        [*ADD_WITH_SOURCE[:5], "--as-of", "2018-13", "--source", EVIDENCE],
        2,
        "not a date",
    ),
    (
        "as-of year 0",
        [*ADD_WITH_SOURCE[:5], "--as-of", "0000", "--source", EVIDENCE],
        2,
        "not a date",
    ),
    (
        "as-of a week",
        [*ADD_WITH_SOURCE[:5], "--as-of", "2018-W01", "--source", EVIDENCE],
        2,
        "not a date",
    ),
    (
        "as-of a month to come",
        [*ADD_WITH_SOURCE[:5], "--as-of", "2999-12", "--source", EVIDENCE],
        1,
        "in the future",
    ),
    (
        "as-of not UTF-8",
        [*ADD_WITH_SOURCE[:5], "--as-of", "2018\udcff", "--source", EVIDENCE],
        2,
        "UTF-8",
    ),
    ("score without an actor", [*ADD_WITH_SOURCE, "--score", "1"], 1, "needs an actor"),
    (
        "score against its status",
        [*ADD_WITH_SOURCE, "--actor", "INTERPOL", "--score", "1"],
        1,
        "disagrees with the status in_progress",
    ),
    (
        "context with a status",
        [
            "follow-up",
            "add",
            "gc2017-4.1",
            "--context",
            "--status",
            "achieved",
            "--as-of",
            "2016",
            "--source",
            EVIDENCE,
        ],
        1,
        "context never sets a status",
    ),
    (
        "context with a score",
        [
            "follow-up",
            "add",
            "gc2017-4.1",
            "--context",
            "--actor",
            "INTERPOL",
            "--score",
            "0",
            "--as-of",
            "2016",
            "--source",
            EVIDENCE,
        ],
        1,
        "never sets a score",
    ),
    (
        "context without a source",
        ["follow-up", "add", "gc2017-4.1", "--context", "--as-of", "2016"],
        1,
        "source URL is required for context",
    ),
    (
        "assessment before the statement",
        [*ADD_WITH_SOURCE[:5], "--as-of", "2016-12", "--source", EVIDENCE],
        1,
        "before the statement",
    ),
    (
        "no --status nor --context",
        ["follow-up", "add", "gc2017-4.1", "--as-of", "2018", "--source", EVIDENCE],
        2,
        "--status",
    ),
    (
        "one of two ids unknown",
        [*ADD_WITH_SOURCE[:3], "gc2017-99.9", *ADD_WITH_SOURCE[3:]],
        1,
        "no commitment",
    ),
    (
        "an exact repeat",
        [*ADD_WITH_SOURCE, "--note", "Fictional: said once."],
        1,
        "repeats follow-up 1 exactly",
    ),
    ("list --assessed no one", ["list", "--assessed", "Nobody"], 1, "no actor Nobody"),
    ("list --assessed not UTF-8", ["list", "--assessed", "\udcff"], 2, "UTF-8"),
    (
        "source add not http",
        ["source", "add", "ftp://example.org/fictional"],
        1,
        "not an http or https URL",
    ),
    ("source add with HTML", ["source", "add", "https://example.org/<b>"], 1, "percent-encode"),
    (
        "source add, an empty title",
        ["source", "add", EVIDENCE, "--title", "  "],
        1,
        "expected some text",
    ),
    (
        "source add, a title of two lines",
        ["source", "add", EVIDENCE, "--title", "a\nb"],
        1,
        "one line",
    ),
    (
        "source add, a publisher with ESC",
        ["source", "add", EVIDENCE, "--publisher", "\x1b[2J"],
        1,
        "one line",
    ),
    ("source add, a title not UTF-8", ["source", "add", EVIDENCE, "--title", "\udcff"], 2, "UTF-8"),
    (
        "source add, 31 February",
        ["source", "add", EVIDENCE, "--published", "2018-02-31"],
        2,
        "not a date",
    ),
    (
        "source add, a consulted day of no calendar",
        ["source", "add", EVIDENCE, "--consulted", "2018-13-01"],
        1,
        "not a date",
    ),
    (
        "source add, an archive not http",
        ["source", "add", EVIDENCE, "--archived", "javascript:alert(1)"],
        1,
        "not an http or https URL",
    ),
    (
        "source add, a file that is a folder",
        ["source", "add", EVIDENCE, "--file", "/"],
        2,
        "directory",
    ),
    (
        "source add, /dev/zero as the file",
        ["source", "add", EVIDENCE, "--file", "/dev/zero"],
        1,
        "at most 10,485,760 bytes",
    ),
    ("source show of no source", ["source", "show", "https://example.org/nothing"], 1, "no source"),
    (
        "source show --file of no source",
        ["source", "show", EVIDENCE, "--file", "/dev/null"],
        1,
        "no source",
    ),
]


@pytest.mark.parametrize(
    "args, code, words", [c[1:] for c in COMMAND_LINE], ids=[c[0] for c in COMMAND_LINE]
)
def test_hostile_command_lines_are_refused(seeded, args, code, words):
    if "repeats follow-up 1" in words:
        assert run(seeded, *args).exit_code == 0
    before = snapshot(seeded)
    assert_refused(run(seeded, *args), code, words)
    assert snapshot(seeded) == before


def test_a_correction_of_context_that_assesses_is_refused(seeded, tmp_path):
    context = ["follow-up", "add", "gc2017-4.1", "--context", "--as-of", "2016-11",
               "--source", EVIDENCE, "--note", "Fictional: before."]  # fmt: skip
    assert run(seeded, *context).stdout == "1\n"
    before = snapshot(seeded)
    message = (
        "Error: corrects: follow-up 1 is context, and a correction of context sets no status"
        " or score (correct it with --context)\n"
    )
    assert_refused(run(seeded, *ADD_WITH_SOURCE, "--corrects", "1"), 1, message.strip())
    assert run(seeded, *ADD_WITH_SOURCE, "--corrects", "1").stderr == message
    imported = tmp_path / "correction.csv"
    imported.write_text(
        f"commitment,status,as_of,sources,corrects\ngc2017-4.1,achieved,2018-01-01,{EVIDENCE},1\n",
        encoding="utf-8",
    )
    assert_refused(run(seeded, "follow-up", "import", str(imported)), 1, "is context")
    assert snapshot(seeded) == before
    fixed = run(seeded, *context[:5], "2016-10", *context[6:], "--corrects", "1")
    assert fixed.stdout == "2\n", fixed.output


def test_environment_variables_that_are_not_utf8_are_refused(seeded_sqlite, monkeypatch):
    monkeypatch.setenv("TRACKER_ASSESSOR", "\udcff")
    before = snapshot(seeded_sqlite)
    assert_refused(run(seeded_sqlite, *ADD_WITH_SOURCE), 2, "$TRACKER_ASSESSOR is not valid UTF-8")
    assert snapshot(seeded_sqlite) == before


DEEP = "[" * 100_000 + "]" * 100_000
# (name, file name, contents, words of the error)
IMPORT_FILES = [
    ("JSON nested 100,000 deep", "a.json", json_file(raw=DEEP), "nested too deeply"),
    (
        "JSON nested past the limit in a row",
        "a.json",
        json_file(raw=f'[{{"note": {"[" * 70}{"]" * 70}}}]'),
        "nested more than 64 deep",
    ),
    (
        "JSON integer of 5,000 digits",
        "a.json",
        json_file(raw=json.dumps([ROW])[:-2] + ', "id": ' + "7" * 5000 + "}]"),
        "digits",
    ),
    (
        "lone surrogate in a note",
        "a.json",
        json_file(raw=json.dumps([ROW | {"note": "x"}]).replace('"x"', '"\\ud800"')),
        "not valid Unicode",
    ),
    (
        "lone surrogate in an assessor",
        "a.json",
        json_file(raw=json.dumps([ROW | {"assessor": "x"}]).replace('"x"', '"a\\udfff"')),
        "not valid Unicode",
    ),
    (
        "lone surrogate in a commitment id",
        "a.json",
        json_file(raw=json.dumps([ROW]).replace("gc2017-4.1", "gc2017-4.1\\ud800")),
        "not valid Unicode",
    ),
    (
        "lone surrogate in a source",
        "a.json",
        json_file(raw=json.dumps([ROW | {"sources": [EVIDENCE + "x"]}]).replace("x", "\\ud800")),
        "not valid Unicode",
    ),
    (
        "lone surrogate in a key",
        "a.json",
        json_file(raw=json.dumps([ROW | {"x": 1}]).replace('"x"', '"\\ud800"')),
        "not valid Unicode",
    ),
    ("a second array after the first", "a.json", b"[]\n[]\n", "follows the JSON array"),
    (
        "two exports, one after the other",
        "a.json",
        json_file(ROW | {"sources": [EVIDENCE]}) * 2,
        "follows the JSON array",
    ),
    ("text after the array", "a.json", b'[] {"more": 1}', "follows the JSON array"),
    (
        "a month 13",
        "a.json",
        json_file(ROW | {"as_of": "2018-13", "sources": [EVIDENCE]}),
        "not a date",
    ),
    (
        "a kind of no meaning",
        "a.json",
        json_file(ROW | {"kind": "rumour", "sources": [EVIDENCE]}),
        "is not one of assessment, context",
    ),
    (
        "a kind that is a list",
        "a.json",
        json_file(ROW | {"kind": ["context"], "sources": [EVIDENCE]}),
        "field kind",
    ),
    (
        "context with a status",
        "a.json",
        json_file(ROW | {"kind": "context", "as_of": "2016", "sources": [EVIDENCE]}),
        "context never sets a status",
    ),
    (
        "a score without an actor",
        "a.json",
        json_file(ROW | {"score": 0, "sources": [EVIDENCE]}),
        "needs an actor",
    ),
    (
        "a score against its status",
        "a.csv",
        b"commitment,actor,status,score,as_of,sources\ngc2017-4.1,INTERPOL,stalled,1,2018-01-01,"
        + EVIDENCE.encode()
        + b"\n",
        "the score +1 disagrees with the status stalled",
    ),
    (
        "a repeat inside the file",
        "a.json",
        json_file(*[ROW | {"sources": [EVIDENCE], "note": "Fictional: twice."}] * 2),
        "repeats an earlier row of the file",
    ),
    (
        "a repeat with recorded_at",
        "a.json",
        json_file(
            *(
                ROW | {"sources": [EVIDENCE], "recorded_at": f"2018-0{m}-01 09:00:00"}
                for m in (2, 3)
            )
        ),
        "repeats an earlier row of the file",
    ),
    (
        "several commitments with one id",
        "a.json",
        json_file(
            ROW | {"commitment": ["gc2017-4.1", "gc2017-4.2"], "id": 7, "sources": [EVIDENCE]}
        ),
        "an id cannot be given",
    ),
    (
        "several commitments, one unknown",
        "a.json",
        json_file(ROW | {"commitment": ["gc2017-4.1", "gc2017-99.9"], "sources": [EVIDENCE]}),
        "no commitment gc2017-99.9",
    ),
    ("an actor that is a number", "a.json", json_file({"actor": 5}), "an actor must be an object"),
    (
        "an actor of no kind",
        "a.json",
        json_file({"actor": {"name": "Fictional", "kind": "planet"}}),
        "is not one of",
    ),
    (
        "an actor of two lines",
        "a.json",
        json_file({"actor": {"name": "A\nB", "kind": "person"}}),
        "one line",
    ),
    (
        "a source not http",
        "a.json",
        json_file({"source": {"url": "ftp://example.org/x"}}),
        "not an http or https URL",
    ),
    (
        "a source with an unknown field",
        "a.json",
        json_file({"source": {"url": EVIDENCE, "rank": 1}}),
        "unknown field 'rank'",
    ),
    (
        "a source's file of bad base64",
        "a.json",
        json_file(
            {
                "source": {
                    "url": EVIDENCE,
                    "file": {"name": "f", "sha256": "0" * 64, "base64": "%%%"},
                }
            }
        ),
        "not valid base64",
    ),
    (
        "a source's file of another hash",
        "a.json",
        json_file(
            {
                "source": {
                    "url": EVIDENCE,
                    "file": {"name": "f", "sha256": "0" * 64, "base64": "YWJj"},
                }
            }
        ),
        "does not match its sha256",
    ),
    (
        "a source's title that is a number",
        "a.json",
        json_file({"source": {"url": EVIDENCE, "title": 5}}),
        "title must be text",
    ),
    (
        "a CSV line of a megabyte",
        "a.csv",
        b"commitment,status,as_of\n" + b"x" * 1_000_001,
        "longer",
    ),
]


@pytest.mark.parametrize(
    "name, contents, words", [c[1:] for c in IMPORT_FILES], ids=[c[0] for c in IMPORT_FILES]
)
def test_hostile_import_files_are_refused(seeded, tmp_path, name, contents, words):
    path = tmp_path / "files" / name
    path.parent.mkdir()
    path.write_bytes(contents)
    before, files_before = snapshot(seeded), folder_state(path.parent)
    assert_refused(run(seeded, "follow-up", "import", str(path)), 1, words)
    assert snapshot(seeded) == before
    assert folder_state(path.parent) == files_before


@pytest.mark.parametrize(
    "fmt, words", [("csv", "longer than 1,000,000"), ("json", "expected a JSON array")]
)
def test_importing_dev_zero_is_refused(seeded_sqlite, fmt, words):
    before = snapshot(seeded_sqlite)
    assert_refused(
        run(seeded_sqlite, "follow-up", "import", "/dev/zero", "--format", fmt), 1, words
    )
    assert snapshot(seeded_sqlite) == before


# (name, (text of the seed's annotation, its replacement) or a whole file, words of the error)
ANNOTATIONS = [
    ("YAML nested 20,000 deep", "[" * 20_000 + "]" * 20_000, "nest"),
    ("31 February", ("date: 2017-03-22", "date: 2017-02-30"), "statement date: not a date"),
    ("the year 0", ("date: 2017-03-22", "date: 0000-01-01"), "statement date: not a date"),
    ("a date and time", ("date: 2017-03-22", "date: 2017-03-22 10:30:00"), "expected a date"),
    ("a deadline of 31 February", ("deadline: 2017-07-31", "deadline: 2017-02-31"), "deadline"),
    ("a deadline with a time", ("deadline: 2017-07-31", "deadline: 2017-07-31T12:00:00Z"), "date"),
    ("an integer of 5,000 digits", ("format: 1", "format: " + "9" * 5000), "is not 1"),
    ("offsets of 5,000 digits", ("offsets: [3, ", "offsets: [" + "9" * 5000 + ", "), "offsets"),
    ("a billion laughs", ("format: 1\n", billion_laughs()), "aliases expand to more than"),
    ("a lone surrogate", ("title: ", 'title: "\\ud800" #'), "Unicode"),
    ("a title of two lines", ("title: ", 'title: "Two\\nlines" #'), "must be one line"),
    ("a text file that never ends", ("text_file: ", "text_file: /dev/zero #"), "larger than"),
]


@pytest.fixture
def annotation_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / STATEMENT.name).write_bytes(STATEMENT.read_bytes())
    return folder


@pytest.mark.parametrize(
    "change, words", [c[1:] for c in ANNOTATIONS], ids=[c[0] for c in ANNOTATIONS]
)
def test_hostile_annotation_files_are_refused(seeded_sqlite, annotation_folder, change, words):
    text = ANNOTATION.read_text(encoding="utf-8")
    if isinstance(change, tuple):
        assert change[0] in text
        text = text.replace(change[0], change[1], 1)
    else:
        text = change
    path = annotation_folder / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    before, files_before = snapshot(seeded_sqlite), folder_state(annotation_folder)
    assert_refused(run(seeded_sqlite, "load", str(path)), 1, words)
    assert snapshot(seeded_sqlite) == before
    assert folder_state(annotation_folder) == files_before


def test_an_annotation_that_never_ends_is_refused(seeded_sqlite):
    before = snapshot(seeded_sqlite)
    assert_refused(run(seeded_sqlite, "load", "/dev/zero"), 1, "larger than the limit")
    assert snapshot(seeded_sqlite) == before


@pytest.fixture
def statement_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "statement.txt").write_bytes(STATEMENT.read_bytes())
    (folder / "reviewed.yaml").write_text("# a reviewed annotation, hours of work\n")
    with (folder / "huge.txt").open("wb") as stream:
        stream.truncate(2_000_001)  # sparse: refused by its size, unread
    return folder


# (name, arguments (FOLDER stands for the folder), words of the error)
INGESTS = [
    ("a device that never ends", ["/dev/zero", "--output", "FOLDER/z.yaml"], "larger than"),
    ("a statement over the size limit", ["FOLDER/huge.txt", "--output", "FOLDER/z.yaml"], "limit"),
    (
        "over its own statement",
        ["FOLDER/statement.txt", "--output", "FOLDER/statement.txt"],
        "itself",
    ),
    (
        "over its own statement, forced",
        ["FOLDER/statement.txt", "--output", "FOLDER/statement.txt", "--force"],
        "the statement itself",
    ),
    (
        "over a reviewed annotation",
        ["FOLDER/statement.txt", "--output", "FOLDER/reviewed.yaml"],
        "exists already",
    ),
]


@pytest.mark.parametrize("args, words", [c[1:] for c in INGESTS], ids=[c[0] for c in INGESTS])
def test_hostile_ingests_are_refused_and_destroy_nothing(statement_folder, args, words):
    before = folder_state(statement_folder)
    args = [a.replace("FOLDER", str(statement_folder)) for a in args]
    assert_refused(run(str(statement_folder / "unused.db"), "ingest", *args), 1, words)
    assert folder_state(statement_folder) == before


def test_ingest_replaces_an_existing_draft_when_forced(statement_folder):
    draft = statement_folder / "reviewed.yaml"
    result = run("unused.db", "ingest", str(statement_folder / "statement.txt"), "--output",
                 str(draft), "--force", "--date", "2017-03-22")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "draft: true" in draft.read_text()


def test_outputs_that_are_not_files_are_written_in_place(seeded_sqlite, tmp_path):
    """Devices, links to devices, FIFOs: written through, never replaced by a file."""
    link = tmp_path / "null-link"
    link.symlink_to("/dev/null")
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    for target in ("/dev/null", str(link), str(fifo)):
        result = run(seeded_sqlite, "export", "--output", target)
        assert result.exit_code == 0, result.output
    reader.join(timeout=30)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    assert link.is_symlink() and os.readlink(link) == "/dev/null"
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert len(commitments_in(received[0])) == 44
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "null-link", "tracker.db"]


def test_an_output_link_to_a_file_replaces_the_file_and_keeps_the_link(seeded_sqlite, tmp_path):
    target = tmp_path / "real.json"
    target.write_text("old")
    target.chmod(0o640)
    link = tmp_path / "link.json"
    link.symlink_to(target.name)
    assert run(seeded_sqlite, "export", "--output", str(link)).exit_code == 0
    assert link.is_symlink() and len(commitments_in(target.read_text())) == 44
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_temporary_names_are_unique_per_writer(tmp_path):
    path = tmp_path / "out.json"
    with files.atomic_path(path) as first, files.atomic_path(path) as second:
        assert first != second and first.parent == second.parent == tmp_path
        first.write_text("first")
        second.write_text("second")
    assert path.read_text() == "first"  # the last to finish wins, whole
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_a_backup_never_replaces_a_link(seeded_sqlite, tmp_path):
    link = tmp_path / "copy.db"
    link.symlink_to("/dev/null")
    assert_refused(run(seeded_sqlite, "backup", str(link)), 1, "exists already")
    assert link.is_symlink()


def test_a_failing_read_writes_nothing(tmp_path):
    """Neither a SQLite file that is not tracker's nor an empty file is touched."""
    other = tmp_path / "other.db"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE notes (text)")
    connection.commit()
    connection.close()
    empty = tmp_path / "empty.db"
    empty.touch()
    before = folder_state(tmp_path)
    for database in (other, empty):
        assert_refused(run(str(database), "list"), 1, "holds no tracker schema")
    assert folder_state(tmp_path) == before
    connection = sqlite3.connect(other)
    assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    connection.close()


def test_a_database_that_cannot_be_written_is_read_read_only(seeded_sqlite, monkeypatch):
    """As root every file is writable, so the test says the folder is not."""
    monkeypatch.setattr("tracker.driver.writable", lambda path: False)
    before = snapshot(seeded_sqlite)
    listed = run(seeded_sqlite, "list", "--format", "json")
    assert listed.exit_code == 0, listed.output
    assert len(json.loads(listed.stdout)) == 44
    assert listed.stderr.startswith("note: ") and "read-only" in listed.stderr
    added = run(seeded_sqlite, *ADD_WITH_SOURCE)
    assert added.exit_code == 1
    assert added.stderr.splitlines()[1:] == [
        "Error: the database refused: attempt to write a readonly database"
    ]
    assert snapshot(seeded_sqlite) == before


def test_terminal_output_escapes_control_characters(seeded_sqlite):
    fake = "\x1b[2J\x1b[32mStatus: achieved\x07"
    added = run(seeded_sqlite, *ADD_WITH_SOURCE, "--note", fake)
    assert added.exit_code == 0, added.output
    [[(stored,)]] = execute(seeded_sqlite, f"SELECT note FROM follow_up WHERE id = {added.stdout}")
    assert stored == fake  # kept exactly; only its display is escaped
    for args in (["show", "gc2017-4.1"], ["follow-up", "list"]):
        shown = run(seeded_sqlite, *args).stdout
        assert "\x1b" not in shown and "\x07" not in shown
        assert "\\x1b[2J" in shown


def run_tracker(database: str, *args: str, stdout: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [TRACKER, "--db", database, *args], stdout=stdout, stderr=subprocess.PIPE, text=True
    )


def test_a_full_standard_output_is_a_one_line_error(seeded_sqlite):
    with open("/dev/full", "w") as full:
        for args in (["list"], ["list", "--format", "json"], ["export"]):
            result = run_tracker(seeded_sqlite, *args, stdout=full)
            assert result.returncode == 1
            assert result.stderr == f"Error: standard output: {os.strerror(errno.ENOSPC)}\n"


def test_a_committed_follow_up_is_reported_even_when_its_id_cannot_be(seeded_sqlite):
    with open("/dev/full", "w") as full:
        result = run_tracker(seeded_sqlite, *ADD_WITH_SOURCE, stdout=full)
    assert result.returncode == 0, result.stderr
    [[(new_id,)]] = execute(seeded_sqlite, "SELECT max(id) FROM follow_up")
    assert result.stderr.startswith(f"recorded follow-up {new_id}, but cannot print its id")
    assert len(result.stderr.splitlines()) == 1


# Values `follow-up add` accepts that CSV and spreadsheets find hard.
AWKWARD_NOTES = [
    "a bare\rcarriage return", "\rfirst", "=1+1", "+SUM(A1)", "-x", "@cmd", "\ttab first",
    "'=quoted already", "''=quoted twice", "-1", "'-1", "'", "line\nbreak\r\nand more",
    'quote " and , comma', " spaces ", "emoji 🇸🇾 and عربي", "\x1b[2J escape",
]  # fmt: skip
AWKWARD_NAMES = ["=Fictional Ministry", "-Fictional Agency", "@Fictional Office", "Plain Name"]


def fresh(template: Path, path: Path, names: list[str]) -> str:
    path.write_bytes(template.read_bytes())
    for name in names:
        assert run(str(path), "actor", "add", "--kind", "person", "--", name).exit_code == 0
    return str(path)


def round_trip(template: Path, folder: Path, fmt: str, names: list[str], *plain: str) -> None:
    """Export, import into an empty copy, export again: the same bytes."""
    source = str(folder / "source.db")
    exported = run(source, "export", "--format", fmt, *plain)
    assert exported.exit_code == 0, exported.output
    (folder / f"export.{fmt}").write_text(exported.stdout, encoding="utf-8", newline="")
    target = fresh(template, folder / f"target-{fmt}{''.join(plain)}.db", names)
    imported = run(target, "follow-up", "import", str(folder / f"export.{fmt}"), *plain)
    assert imported.exit_code == 0, imported.output
    again = run(target, "export", "--format", fmt, *plain)
    assert again.stdout == exported.stdout


def test_awkward_values_round_trip_through_csv_and_json(seeded_sqlite_template, tmp_path):
    source = fresh(seeded_sqlite_template, tmp_path / "source.db", AWKWARD_NAMES)
    for n, note in enumerate(AWKWARD_NOTES):
        actor = AWKWARD_NAMES[n % len(AWKWARD_NAMES)]
        assessor = ["=2+2", "-fictional", "@assessor", "Fictional Assessor"][n % 4]
        added = run(source, *ADD_SCORED_NONE, "--source", f"{EVIDENCE}/{n}", "--note", note,
                    "--assessor", assessor, "--actor", actor, "--score", "-1")  # fmt: skip
        assert added.exit_code == 0, added.output
    for fmt in ("csv", "json"):
        round_trip(seeded_sqlite_template, tmp_path, fmt, AWKWARD_NAMES)
    round_trip(seeded_sqlite_template, tmp_path, "csv", AWKWARD_NAMES, "--plain-csv")
    [[(stored,)]] = execute(source, "SELECT count(*) FROM follow_up WHERE note = '=1+1'")
    assert stored == 1


def csv_cells(result: Result) -> set[str]:
    import csv
    import io

    assert result.exit_code == 0, result.output
    return {cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row}


def test_csv_defuses_spreadsheet_formulas_unless_told_not_to(seeded_sqlite):
    name = '=HYPERLINK("https://example.org/fictional")'
    assert run(seeded_sqlite, "actor", "add", name, "--kind", "person").exit_code == 0
    added = run(seeded_sqlite, *ADD_SCORED_NONE, "--source", EVIDENCE, "--note", "@SUM(A1:A9)",
                "--actor", name, "--score", "-1", "--assessor", "+fictional")  # fmt: skip
    assert added.exit_code == 0, added.output
    commands = (
        ["export", "--format", "csv"],
        ["follow-up", "list", "--format", "csv"],
        ["actor", "list", "--format", "csv"],
        ["scores", "--format", "csv"],
    )
    for command in commands:
        defused, plain = (
            csv_cells(run(seeded_sqlite, *command, *p)) for p in ([], ["--plain-csv"])
        )
        assert "'" + name in defused and name not in defused, command
        assert name in plain and "'" + name not in plain, command
    exported = csv_cells(run(seeded_sqlite, "export", "--format", "csv"))
    assert {"'@SUM(A1:A9)", "'+fictional", "-1"} <= exported  # a number stays a number


# Text without what no value may hold (lone surrogates, NUL).
any_text = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"))
# An assessor or actor's name: one line (no control characters or line
# separators), no longer than values.py allows.
a_name = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), max_size=MAX_NAME)
# Nor what a URL must percent-encode, which the database refuses.
url_tail = st.text(
    st.characters(
        blacklist_categories=("Cs", "Cc", "Zs", "Zl", "Zp"), blacklist_characters="<>\"'\\^`{|}"
    ),
    max_size=30,
)


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    note=st.one_of(st.sampled_from(AWKWARD_NOTES), any_text.filter(str.strip)),
    assessor=st.one_of(st.sampled_from(["=1", "-a", "@b", "+c"]), a_name),
    name=a_name.filter(str.strip),
    tail=url_tail,
    fmt=st.sampled_from(["csv", "json"]),
)
def test_every_accepted_value_round_trips(
    seeded_sqlite_template, tmp_path_factory, note, assessor, name, tail, fmt
):
    folder = tmp_path_factory.mktemp("round-trip")
    source = folder / "source.db"
    source.write_bytes(seeded_sqlite_template.read_bytes())
    named = run(str(source), "actor", "add", "--kind", "person", "--", name)
    assume(named.exit_code == 0)  # a name a seeded actor has already
    added = run(str(source), *ADD, "--source", f"{EVIDENCE}/{tail}", "--note", note,
                "--assessor", assessor, "--actor", name.strip())  # fmt: skip
    assert added.exit_code == 0, added.output
    round_trip(seeded_sqlite_template, folder, fmt, [name])


@pytest.mark.slow
def test_a_writer_waiting_for_the_lock_says_so_and_gives_up_saying_why(seeded_sqlite):
    holder = sqlite3.connect(seeded_sqlite, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as a long import would
    try:
        result = run(seeded_sqlite, "--wait", "1.5", *ADD_WITH_SOURCE)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 1
    note, error = result.stderr.splitlines()
    assert note.startswith("note: waiting for another command writing to") and "1.5 s" in note
    assert error.startswith("Error: ") and "still locked by another writer" in error
    assert "--wait" in error


@pytest.mark.slow
def test_a_writer_waits_for_the_lock_and_then_writes(seeded_sqlite):
    holder = sqlite3.connect(seeded_sqlite, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    release = threading.Timer(2, lambda: holder.execute("ROLLBACK"))
    release.start()
    try:
        result = run(seeded_sqlite, *ADD_WITH_SOURCE)
    finally:
        release.join()
        holder.close()
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith("note: waiting for another command writing to")


def test_a_postgresql_writer_gives_up_after_its_wait_saying_why(seeded_postgresql):
    before = snapshot(seeded_postgresql)
    holder = engine_for(seeded_postgresql)
    with holder.connect() as connection:
        connection.exec_driver_sql("LOCK TABLE follow_up IN EXCLUSIVE MODE")  # as an import would
        result = run(seeded_postgresql, "--wait", "0.5", *ADD_WITH_SOURCE)
        connection.rollback()
    holder.dispose()
    assert_refused(result, 1, "still locked by another writer")
    assert "--wait" in result.stderr
    assert snapshot(seeded_postgresql) == before


@pytest.mark.slow
def test_concurrent_inits_wait_for_each_other(tmp_path):
    database = str(tmp_path / "new.db")
    commands = [["init"], ["init"], ["db", "upgrade"], ["init"]]
    processes = [
        subprocess.Popen([TRACKER, "--db", database, *c], stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    errors = [p.communicate(timeout=300)[1] for p in processes]
    assert [p.returncode for p in processes] == [0] * len(commands), errors
    [[(count,)]] = execute(database, "SELECT count(*) FROM commitment")
    assert count == 44


@pytest.mark.slow
def test_concurrent_writers_of_one_output_each_leave_it_whole(seeded_sqlite, tmp_path):
    target = tmp_path / "export.json"
    processes = [
        subprocess.Popen([TRACKER, "--db", seeded_sqlite, "export", "--output", str(target)])
        for _ in range(4)
    ]
    assert [p.wait(timeout=300) for p in processes] == [0] * 4
    assert len(commitments_in(target.read_text())) == 44
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []
