"""What a briefer sees: tables that fit, exports that keep every field, columns and filters."""

import csv
import io
import json

import pytest
from helpers import add_government, run

from tracker import output

EVIDENCE = "https://example.org/fictional-briefing"


def add(database: str, commitment: str, *options: str) -> None:
    result = run(database, "follow-up", "add", commitment, "--source", EVIDENCE, *options)
    assert result.exit_code == 0, result.output


@pytest.fixture
def assessed(seeded: str) -> str:
    """The seed with three fictional follow-ups, one of them on a member."""
    add(
        seeded,
        "gc2017-4.1",
        "--status",
        "stalled",
        "--as-of",
        "2017-06-30",
        "--note",
        "Fictional: the first patrols stopped.",
        "--assessor",
        "A. Analyst",
    )
    add(
        seeded,
        "gc2017-4.1",
        "--status",
        "in_progress",
        "--as-of",
        "2017-09-30",
        "--note",
        "Fictional: patrols resumed.",
        "--assessor",
        "B. Briefer",
    )
    add_government(seeded, "Government of Fictional North", "NO")
    add(
        seeded,
        "gc2017-11.3",
        "--status",
        "achieved",
        "--as-of",
        "2018-01-31",
        "--actor",
        "Government of Fictional North",
        "--score",
        "+1",
        "--assessor",
        "a. analyst",
    )
    return seeded  # fmt: skip


def test_a_table_fits_columns_when_set(seeded, monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    lines = run(seeded, "list", "--limit", "3").stdout.splitlines()
    assert lines == [
        "ID          STATUS        THEME             TITLE",
        "----------  ------------  ----------------  ----------------",
        "gc2017-1.1  not_assessed  coordination      Pursue an integ…",
        "gc2017-4.1  not_assessed  military          Deny ISIS sanct…",
        "gc2017-4.2  not_assessed  foreign_fighters  Prevent ISIS fr…",
    ]
    assert max(map(len, lines)) <= 60


def test_a_piped_table_is_whole_and_wide_never_shortens(seeded, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    whole = run(seeded, "list", "--limit", "3").stdout
    assert whole.splitlines()[2] == (
        "gc2017-1.1  not_assessed  coordination      "
        "Pursue an integrated, comprehensive approach to defeating ISIS and its global networks"
    )
    monkeypatch.setenv("COLUMNS", "40")
    assert run(seeded, "list", "--limit", "3", "--wide").stdout == whole
    excluded = run(seeded, "list", "--excluded", "--limit", "1", "--wide").stdout
    assert "…" not in excluded


def test_rows_that_would_read_alike_keep_the_end_that_tells_them_apart(seeded, monkeypatch):
    add_government(seeded, "Government of Fictionland North", "Norway")
    add_government(seeded, "Government of Fictionland South", "Norway")
    monkeypatch.setenv("COLUMNS", "50")
    lines = run(seeded, "actor", "list").stdout.splitlines()
    north, south = (line for line in lines if "NO" in line.split())
    assert (north.split()[0], south.split()[0]) == ("Gove…rth", "Gove…uth")
    assert len(set(lines)) == len(lines)


def test_shortened_cells_stay_distinct():
    records = [{"name": f"Government of Fictionland {side}", "kind": "x"} for side in
               ("North", "South", "North-East", "North-West")]  # fmt: skip
    columns = [output.Column("name", "NAME", flexible=True), output.Column("kind", "KIND")]
    assert output.to_table(records, columns, 20) == (
        "NAME            KIND\n"
        "--------------  ----\n"
        "Government…rth  x\n"
        "Government…uth  x\n"
        "Government…ast  x\n"
        "Government…est  x\n"
    )
    # Ends that cannot tell them apart: the column grows until its cells can.
    alike = [{"name": " ".join(["Fictional"] * n), "kind": "x"} for n in (3, 4)]
    assert output.to_table(alike, columns, 20).splitlines()[2:] == [
        "Fictional Fictional Fictional  x",
        "Fictional Fictional Fictiona…  x",
    ]


def test_list_csv_has_every_field_of_the_json(assessed):
    records = json.loads(run(assessed, "list", "--format", "json").stdout)
    rows = list(csv.DictReader(io.StringIO(run(assessed, "list", "--format", "csv").stdout)))
    assert list(rows[0]) == list(records[0])
    mosul = next(r for r in rows if r["id"] == "gc2017-5.5")
    assert mosul["regions"] == "Mosul, in Iraq"
    offsets = next(r["offsets"] for r in records if r["id"] == "gc2017-5.5")
    assert mosul["offsets"] == f"{offsets[0]}; {offsets[1]}"
    interpol = next(r for r in rows if r["id"] == "gc2017-11.3")
    assert interpol["actors"].startswith("Global Coalition to Defeat ISIS (responsible); ")
    patrols = next(r for r in rows if r["id"] == "gc2017-4.1")
    assert (patrols["status"], patrols["as_of"], patrols["latest_note"]) == (
        "in_progress", "2017-09-30", "Fictional: patrols resumed.")  # fmt: skip


def test_follow_up_csv_has_every_field_of_the_json(assessed):
    records = json.loads(run(assessed, "follow-up", "list", "--format", "json").stdout)
    text = run(assessed, "follow-up", "list", "--format", "csv").stdout
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == list(records[0])
    assert [r["id"] for r in rows] == [str(r["id"]) for r in records]


def test_list_columns_show_the_as_of_date_and_the_latest_note(assessed, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    result = run(
        assessed, "list", "--columns", "id,status,as_of,latest_note", "--search", "sanctuary"
    )
    assert result.stdout == (
        "ID          STATUS       AS OF       LATEST NOTE\n"
        "----------  -----------  ----------  ---------------------------\n"
        "gc2017-4.1  in_progress  2017-09-30  Fictional: patrols resumed.\n"
    )
    csv_text = run(assessed, "list", "--columns", "id,latest_note", "--format", "csv",
                   "--search", "sanctuary").stdout  # fmt: skip
    assert csv_text == "id,latest_note\ngc2017-4.1,Fictional: patrols resumed.\n"
    picked = json.loads(run(assessed, "list", "--columns", "id,as_of", "--format", "json",
                            "--search", "sanctuary").stdout)  # fmt: skip
    assert picked == [{"id": "gc2017-4.1", "as_of": "2017-09-30"}]


def test_an_unknown_column_is_a_usage_error(seeded):
    result = run(seeded, "list", "--columns", "id,colour")
    assert result.exit_code == 2
    assert "unknown column 'colour'; the columns are id, statement," in result.stderr


@pytest.mark.parametrize(
    "options, expected",
    [
        (["--assessor", "A. ANALYST"], [1, 3]),
        (["--assessor", "B. Briefer"], [2]),
        (["--status", "stalled"], [1]),
        (["--actor", "Government of Fictional North"], [3]),
        (["--actor", "INTERPOL"], []),
        (["--status", "achieved", "--assessor", "a. analyst"], [3]),
    ],
)
def test_follow_up_list_filters(assessed, options, expected):
    result = run(assessed, "follow-up", "list", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    assert [r["id"] for r in json.loads(result.stdout)] == expected
