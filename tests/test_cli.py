"""The command line: help, errors, and what list and show print."""

import csv
import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from helpers import run

from tracker import __version__, output
from tracker.cli import cli

TRACKER = str(Path(sys.executable).parent / "tracker")


def commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, command in group.commands.items():
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from commands(command, (*prefix, name))


ALL_COMMANDS = [" ".join(path) for path, _ in commands(cli)]


@pytest.mark.parametrize("command", ["", *ALL_COMMANDS])
def test_every_command_has_help_ending_with_an_example(command):
    result = CliRunner().invoke(cli, [*command.split(), "--help"], terminal_width=100)
    assert result.exit_code == 0
    lines = result.stdout.rstrip().splitlines()
    example = lines.index("  Example:")
    assert example > 0 and all(line.startswith("    tracker ") for line in lines[example + 1 :])
    assert lines[example + 1 :], "an example follows the heading"


def test_group_help_lists_every_command_with_a_description():
    listing = CliRunner().invoke(cli, ["--help"]).stdout
    for name, command in cli.commands.items():
        assert command.get_short_help_str().strip()
        assert f"  {name} " in listing


def test_version():
    result = CliRunner().invoke(cli, ["--version"])
    assert result.stdout == f"tracker, version {__version__}\n"


def test_db_path_follows_option_then_environment_then_default(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_DB", raising=False)
    runner = CliRunner()
    assert runner.invoke(cli, ["db", "path"]).stdout == f"{tmp_path / 'tracker.db'}\n"
    monkeypatch.setenv("TRACKER_DB", "env.db")
    assert runner.invoke(cli, ["db", "path"]).stdout == f"{tmp_path / 'env.db'}\n"
    assert runner.invoke(cli, ["--db", "opt.db", "db", "path"]).stdout == f"{tmp_path / 'opt.db'}\n"
    url = "postgresql+psycopg://someone:secret@db.example/tracker"
    shown = runner.invoke(cli, ["--db", url, "db", "path"]).stdout
    assert shown == "postgresql+psycopg://someone:***@db.example/tracker\n"


def test_list_json_has_the_documented_keys(seeded):
    result = run(seeded, "list", "--format", "json")
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 44
    first = records[0]
    for key in (
        "id",
        "statement",
        "paragraph",
        "text",
        "title",
        "type",
        "theme",
        "actors",
        "regions",
        "status",
    ):
        assert key in first
    assert first["id"] == "gc2017-1.1"
    assert first["actors"] == [{"name": "Global Coalition to Defeat ISIS", "role": "responsible"}]
    assert {r["status"] for r in records} == {"not_assessed"}
    mosul = next(r for r in records if r["id"] == "gc2017-5.5")
    assert mosul["regions"] == [{"name": "Mosul", "code": None, "parent": "Iraq"}]
    syria = next(r for r in records if r["id"] == "gc2017-7.2")
    assert syria["regions"] == [{"name": "Syria", "code": "SY", "parent": "Middle East"}]


def ids(database: str, *options: str) -> list[str]:
    result = run(database, "list", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return [r["id"] for r in json.loads(result.stdout)]


def test_region_filter_includes_places_within(seeded):
    iraq = ids(seeded, "--region", "Iraq")
    assert {"gc2017-4.3", "gc2017-5.5"} <= set(iraq)  # Mosul
    assert "gc2017-7.1" not in iraq
    assert ids(seeded, "--region", "iq") == iraq
    assert set(ids(seeded, "--region", "Middle East")) >= set(iraq) | {"gc2017-7.1"}
    assert ids(seeded, "--region", "Mosul") == ["gc2017-4.3", "gc2017-5.5"]


def test_filters_combine(seeded):
    assert ids(seeded, "--actor", "INTERPOL", "--role", "partner") == [
        "gc2017-11.1",
        "gc2017-11.3",
        "gc2017-11.4",
    ]
    assert ids(seeded, "--actor", "GNA") == []
    assert ids(seeded, "--actor", "Egmont Group", "--theme", "financing") == ["gc2017-11.6"]
    calls = ids(seeded, "--type", "call", "--region", "Libya")
    assert calls == ["gc2017-8.1", "gc2017-8.2"]
    assert ids(
        seeded, "--role", "addressed", "--statement", "gc2017", "--theme", "stabilisation"
    ) == ["gc2017-6.5"]
    assert len(ids(seeded, "--status", "NOT_ASSESSED")) == 44
    assert ids(seeded, "--status", "achieved") == []


def test_list_csv_and_table(seeded):
    rows = list(csv.DictReader(io.StringIO(run(seeded, "list", "--format", "csv").stdout)))
    assert len(rows) == 44 and rows[0]["id"] == "gc2017-1.1"
    table = run(seeded, "list").stdout.splitlines()
    assert table[0].split() == ["ID", "STATUS", "THEME", "TITLE"]
    assert len(table) == 46
    assert "…" not in "".join(table)  # piped: whole


@pytest.mark.parametrize("count", [0, 1, 3])
def test_streamed_json_is_what_json_dumps_gives_for_the_list(count):
    records = [
        {"id": f"x-{n}", "title": "Fictional “quoted”\nline", "deadline": dt.date(2030, 1, n + 1),
         "actors": [{"name": "Ünïcode", "role": "responsible"}], "note": None}
        for n in range(count)
    ]  # fmt: skip
    stream = io.StringIO()
    output.write_records(iter(records), "json", output.COMMITMENT_COLUMNS, stream)
    assert stream.getvalue() == output.to_json(records)


def test_list_json_of_nothing_is_an_empty_array(seeded):
    result = run(seeded, "list", "--search", "nothingmatchesthis", "--format", "json")
    assert result.exit_code == 0 and result.stdout == "[]\n"


def test_list_excluded(seeded):
    records = json.loads(run(seeded, "list", "--excluded", "--format", "json").stdout)
    assert len(records) == 35
    preamble = records[0]
    assert (preamble["paragraph"], preamble["sentence"], preamble["reason"]) == (0, 1, "editorial")
    table = run(seeded, "list", "--excluded").stdout.splitlines()
    assert "…" not in "".join(table)  # piped: whole


def test_show_marks_the_quote_in_its_paragraph(seeded):
    result = run(seeded, "show", "GC2017-4.1")
    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    assert text.startswith("gc2017-4.1 Deny ISIS sanctuary")
    assert "Looking ahead, [[we are committed to denying ISIS sanctuary]] and to preventing" in text
    assert "Global Coalition to Defeat ISIS (responsible)" in text
    record = json.loads(run(seeded, "show", "gc2017-14.4", "--format", "json").stdout)
    assert record["deadline"] == "2017-07-31"
    assert {"kind": "deadline", "text": "July 2017"} in record["catalysts"]


def test_unknown_id_suggests_close_ones(seeded):
    result = run(seeded, "show", "gc2017-45")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: no commitment gc2017-45; did you mean gc2017-4.5, gc2017-7.5, gc2017-7.4?\n"
    )
    assert result.stdout == ""


@pytest.mark.parametrize(
    "args, message",
    [
        (["list", "--format", "xml"], "Invalid value for '--format'"),
        (["list", "--status", "done"], "Invalid value for '--status'"),
        (["show"], "Missing argument 'ID'"),
        (["frobnicate"], "No such command 'frobnicate'"),
    ],
)
def test_usage_errors_exit_2(seeded, args, message):
    result = run(seeded, *args)
    assert result.exit_code == 2
    assert message in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["list", "--region", "Narnia"], "Error: no region Narnia; did you mean Nigeria?\n"),
        (["list", "--statement", "g7-2030"], "Error: no statement g7-2030; there are: gc2017\n"),
        (["list", "--actor", "Nobody"], "Error: no actor Nobody\n"),
    ],
)
def test_unknown_names_are_one_line_errors(seeded, args, message):
    result = run(seeded, *args)
    assert (result.exit_code, result.stderr) == (1, message)


def test_missing_database_is_an_error_and_is_not_created(tmp_path):
    missing = tmp_path / "none.db"
    result = run(str(missing), "list")
    assert result.exit_code == 1
    assert result.stderr == f"Error: no database at {missing}; run `tracker init` to create it\n"
    assert not missing.exists()


def test_unreachable_postgresql_is_a_one_line_error():
    result = run("postgresql+psycopg://nobody:x@127.0.0.1:1/none", "list")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the database refused: ")
    assert len(result.stderr.splitlines()) == 1


def test_installed_command_in_a_fresh_folder(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_DB"}
    subprocess.run([TRACKER, "init"], cwd=tmp_path, env=env, check=True, capture_output=True)
    connection = sqlite3.connect(tmp_path / "tracker.db")
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {
        "statement",
        "paragraph",
        "sentence",
        "commitment",
        "actor",
        "region",
        "follow_up",
    } <= tables
    connection.close()
    listed = subprocess.run(
        [TRACKER, "list"], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    assert "gc2017-14.4" in listed.stdout and listed.stderr == ""
    failed = subprocess.run(
        [TRACKER, "show", "nope"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert failed.returncode == 1 and "Traceback" not in failed.stderr


def test_help_does_not_import_sqlalchemy():
    code = (
        "import sys\n"
        "from tracker.cli import cli\n"
        "try:\n    cli(['--help'], prog_name='tracker')\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')))\n"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize(
    "args",
    [
        ["follow-up", "list", "gc2017-99.9"],
        ["actor", "add", "INTERPOL", "--kind", "international_organisation"],
        ["actor", "add", "Fictional", "--kind", "national_government", "--country", "Narnia"],
    ],
)
def test_errors_in_sub_commands_are_one_line(seeded, args):
    result = run(seeded, *args)
    assert result.exit_code == 1 and result.stderr.startswith("Error: "), result.output
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "JSON"],
        ["actor", "list", "--format", "Json"],
        ["scores", "--format", "JSON"],
    ],
)
def test_formats_in_any_case(seeded, args):
    result = run(seeded, *args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--format", "json"],
        ["list"],
        ["export", "--format", "csv"],
        ["follow-up", "list"],
        ["statuses"],
        ["--help"],
        ["list", "--help"],
    ],
)
def test_a_reader_that_leaves_early_ends_the_command_quietly(seeded_sqlite, args):
    """`tracker list --format json | head`: exit 0 and nothing on stderr, as git does."""
    tracker = Path(sys.executable).parent / "tracker"
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before the first byte
    try:
        done = subprocess.run(
            [str(tracker), "--db", seeded_sqlite, *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (0, "")


CLOSED = "standard output: it is closed"


@pytest.mark.parametrize(
    ("args", "code", "said"),
    [
        (["list"], 1, f"Error: {CLOSED}"),  # the fast lane (tracker.lane)
        (["list", "--status", "NOT_ASSESSED"], 1, f"Error: {CLOSED}"),  # Click
        (["show", "gc2017-4.1", "--format", "json"], 1, f"Error: {CLOSED}"),
        (["follow-up", "list"], 1, f"Error: {CLOSED}"),
        (["scores"], 0, "no scored follow-ups yet"),  # which writes no output
        (["follow-up", "add", "gc2017-4.1", "--note", "Fictional.", "--context", "--as-of",
          "2017-06-01", "--source", "https://example.org/fictional-report"],
         0, f"recorded follow-up 1, but cannot print its id: {CLOSED}"),
    ],
)  # fmt: skip
def test_a_closed_standard_output_is_an_error_not_a_traceback(seeded_sqlite, args, code, said):
    """`tracker list >&-`, as `cat >&-` does: the write fails, and says so."""
    done = subprocess.run(
        ["sh", "-c", '"$0" "$@" >&-', TRACKER, "--db", seeded_sqlite, *args],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert (done.returncode, done.stderr.startswith(said)) == (code, True), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["list"], ["list", "--columns", "id,title"]], ids=" ".join)
def test_text_the_outputs_encoding_cannot_hold_is_named(seeded_sqlite, args):
    """PYTHONIOENCODING=ascii, by the fast lane and by Click: gc2017-7.1's title has an é."""
    env = os.environ | {"PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [TRACKER, "--db", seeded_sqlite, *args], capture_output=True, text=True, env=env
    )
    said = "cannot write '\\xe9' in the output's encoding (ascii): set PYTHONIOENCODING=utf-8"
    assert (done.returncode, done.stderr) == (1, f"Error: {said}\n")
    latin = subprocess.run(
        [TRACKER, "--db", seeded_sqlite, *args],
        capture_output=True,
        env=env | {"PYTHONIOENCODING": "latin-1"},
    )
    assert latin.returncode == 0 and "Geneva Communiqu\xe9".encode("latin-1") in latin.stdout
