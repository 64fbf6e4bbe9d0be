"""`tracker export --format datapackage DIR`: a Frictionless Data Package that validates."""

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from helpers import add_government, run, snapshot

from tracker.datapackage import public_relations

frictionless = pytest.importorskip("frictionless")

EVIDENCE = "https://example.org/fictional/report"


def _follow_ups(database: str) -> None:
    add_government(database, "Government of Denmark", "DK")
    for args in (
        ["gc2017-4.5", "--status", "in_progress", "--as-of", "2018-01-01",
         "--note", "=1+1 Fictional: a note a spreadsheet would run."],
        ["gc2017-11.3", "--actor", "Government of Denmark", "--score", "-1",
         "--status", "not_achieved", "--as-of", "2018-06-30"],
    ):  # fmt: skip
        added = run(database, "follow-up", "add", *args, "--source", EVIDENCE)
        assert added.exit_code == 0, added.output


def _export(database: str, target: Path, *options: str) -> dict:
    result = run(database, "export", "--format", "datapackage", *options, str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and result.stderr == f"wrote 24 files to {target}\n"
    return json.loads((target / "datapackage.json").read_text(encoding="utf-8"))


def test_the_data_package_validates_with_frictionless(seeded, tmp_path):
    _follow_ups(seeded)
    descriptor = _export(seeded, tmp_path / "package")
    report = frictionless.validate(str(tmp_path / "package" / "datapackage.json"))
    assert report.valid, report.flatten(["resourcePath", "rowNumber", "fieldName", "message"])

    engine = "sqlite" if "://" not in seeded else "postgresql"
    relations = public_relations(engine)
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert list(resources) == list(relations)
    assert not {"bulk_load", "commitment_search", "alembic_version"} & set(resources)
    for name, resource in resources.items():
        assert resource["description"] == relations[name].description
        fields = {f["name"]: f["description"] for f in resource["schema"]["fields"]}
        assert fields == relations[name].columns, name
    types = {
        (r["name"], f["name"]): f["type"]
        for r in descriptor["resources"]
        for f in r["schema"]["fields"]
    }
    assert types[("follow_up", "as_of")] == "date"
    assert types[("follow_up", "recorded_at")] == "datetime"
    assert types[("follow_up", "sources")] == "array"
    assert types[("follow_up", "score")] == "integer"
    assert types[("commitment", "quote")] == "string"
    assert types[("compliance_matrix", "percent")] in ("integer", "number")
    assert resources["follow_up"]["schema"]["primaryKey"] == ["id"]
    assert {
        "fields": ["commitment_id"],
        "reference": {"resource": "commitment", "fields": ["id"]},
    } in (resources["follow_up"]["schema"]["foreignKeys"])

    # Read back with frictionless: typed values, every row.
    package = frictionless.Package(str(tmp_path / "package" / "datapackage.json"))
    assert len(package.get_resource("commitment").read_rows()) == 44
    [first, second] = package.get_resource("follow_up").read_rows()
    assert first["as_of"] == dt.date(2018, 1, 1) and first["sources"] == [EVIDENCE]
    assert first["note"] == "'=1+1 Fictional: a note a spreadsheet would run."  # defused
    assert second["score"] == -1 and second["note"] is None
    [cell] = package.get_resource("compliance_matrix").read_rows()
    assert (cell["commitment_id"], cell["actor"], cell["score"], cell["percent"]) == (
        "gc2017-11.3", "Government of Denmark", -1, 0,
    )  # fmt: skip


def test_plain_csv_keeps_cells_as_stored(seeded_sqlite, tmp_path):
    _follow_ups(seeded_sqlite)
    _export(seeded_sqlite, tmp_path / "package", "--plain-csv")
    package = frictionless.Package(str(tmp_path / "package" / "datapackage.json"))
    [first, _] = package.get_resource("follow_up").read_rows()
    assert first["note"] == "=1+1 Fictional: a note a spreadsheet would run."


def test_a_tampered_package_does_not_validate(seeded_sqlite, tmp_path):
    """The foreign keys and types the descriptor declares are checked, not decoration."""
    target = tmp_path / "package"
    _export(seeded_sqlite, target)
    path = target / "commitment_actor.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("commitment_id")] = "gc2017-99.9"
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream, lineterminator="\n").writerows(rows)
    report = frictionless.validate(str(target / "datapackage.json"))
    assert not report.valid
    assert report.flatten(["type", "rowNumber"]) == [["foreign-key", 2]]


@pytest.mark.parametrize(
    "args, message",
    [
        ([], "--format datapackage needs the DIRECTORY to write"),
        (["--statement", "gc2017", "out"], "leave out --statement, --as-of, --known-at"),
        (["--output", "x.json", "out"], "--known-at and --output"),
        (["--as-of", "2018-01-01", "out"], "writes every statement as it is now"),
    ],
)
def test_datapackage_usage_errors(seeded_sqlite, tmp_path, args, message):
    result = run(seeded_sqlite, "export", "--format", "datapackage", *args)
    assert result.exit_code == 2 and message in result.stderr
    csv_with_directory = run(seeded_sqlite, "export", "--format", "csv", str(tmp_path / "out"))
    assert csv_with_directory.exit_code == 2
    assert "DIRECTORY is for --format datapackage" in csv_with_directory.stderr
    assert not (tmp_path / "out").exists()


def test_datapackage_writes_only_a_new_or_empty_folder(seeded_sqlite, tmp_path):
    before = snapshot(seeded_sqlite)
    full = tmp_path / "full"
    full.mkdir()
    (full / "mine.txt").write_text("mine", encoding="utf-8")
    a_file = tmp_path / "a-file"
    a_file.write_text("mine", encoding="utf-8")
    result = run(seeded_sqlite, "export", "--format", "datapackage", str(full))
    assert (
        result.exit_code == 1
        and result.stderr == f"Error: {full} is not empty; give a new or empty folder\n"
    )
    result = run(seeded_sqlite, "export", "--format", "datapackage", str(a_file))
    assert result.exit_code == 2 and "is a file" in result.stderr
    assert [p.name for p in full.iterdir()] == ["mine.txt"]
    assert a_file.read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file", "full", "tracker.db"]
    empty = tmp_path / "empty"
    empty.mkdir()
    _export(seeded_sqlite, empty)
    assert len(list(empty.iterdir())) == 24
    assert snapshot(seeded_sqlite) == before
