"""The database as a public interface: views, full-text search, docs, Datasette."""

import asyncio
import json
import os
import shlex
import shutil
import sqlite3
import subprocess

import pytest
from helpers import REPO, add_government, engine_for, execute, run
from sqlalchemy import inspect

from tracker import schema_doc

EVIDENCE = "https://example.org/fictional/report"


def test_overview_lists_every_commitment_from_the_sqlite_shell(seeded_sqlite):
    connection = sqlite3.connect(seeded_sqlite)
    rows = connection.execute("SELECT id, status FROM commitment_overview").fetchall()
    assert len(rows) == 44 and {status for _, status in rows} == {"not_assessed"}
    [(count,)] = connection.execute(
        "SELECT count(*) FROM commitment_search WHERE commitment_search MATCH 'INTERPOL'"
    ).fetchall()
    assert count == 3
    matches = connection.execute(
        "SELECT DISTINCT commitment_id FROM commitment_search"
        " WHERE commitment_search MATCH 'passports'"
    ).fetchall()
    assert matches == [("gc2017-11.3",)]
    connection.close()


def test_readme_sqlite3_examples_run_in_the_sqlite3_shell(seeded_sqlite):
    """README's `sqlite3 tracker.db ...` lines, as a reader types them into a shell."""
    if shutil.which("sqlite3") is None:
        if os.environ.get("TRACKER_REQUIRE_SQLITE3") == "1":
            pytest.fail("the sqlite3 shell is required here: apt-get install sqlite3")
        pytest.skip("no sqlite3 shell (apt-get install sqlite3)")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    lines = [
        line.split("  #")[0].strip() for line in readme.splitlines() if line.startswith("sqlite3 ")
    ]
    outputs = {}
    for line in lines:
        shown = subprocess.run(
            shlex.split(line),
            cwd=os.path.dirname(seeded_sqlite),
            capture_output=True,
            text=True,
            check=True,
        )
        assert shown.stderr == "", line
        outputs[line.split(" ", 2)[2]] = shown.stdout
    assert "commitment_overview" in outputs[".tables"].split()
    assert len(outputs['"SELECT id, status FROM commitment_overview"'].splitlines()) == 44
    assert [out for cmd, out in outputs.items() if "MATCH 'passports'" in cmd] == ["gc2017-11.3\n"]


def test_vacuum_keeps_the_rowids_datasette_searches_by(seeded_sqlite):
    connection = sqlite3.connect(seeded_sqlite, isolation_level=None)
    connection.execute("VACUUM")
    [(found,)] = connection.execute(
        "SELECT id FROM commitment WHERE rowid IN"
        " (SELECT rowid FROM commitment_fts WHERE commitment_fts MATCH 'passports')"
    ).fetchall()
    connection.close()
    assert found == "gc2017-11.3"
    assert run(seeded_sqlite, "db", "verify").exit_code == 0


def test_overview_reads_well(seeded):
    [[row]] = execute(
        seeded,
        "SELECT id, paragraph, status, overdue, actors, regions FROM commitment_overview"
        " WHERE id = 'gc2017-4.3'",
    )
    assert row == (
        "gc2017-4.3",
        4,
        "not_assessed",
        0,
        "Global Coalition to Defeat ISIS (responsible); Iraqi partner forces (partner);"
        " Syrian partner forces (partner)",
        "Mosul (Iraq); Raqqa (Syria)",
    )
    [overdue] = execute(seeded, "SELECT id FROM commitment_overview WHERE overdue = 1")
    assert overdue == [("gc2017-14.4",)]


def test_region_ancestor_finds_places_within(seeded):
    [rows] = execute(
        seeded, "SELECT region, depth FROM region_ancestor WHERE ancestor = 'Iraq' ORDER BY depth"
    )
    assert rows == [("Iraq", 0), ("Mosul", 1)]
    [rows] = execute(
        seeded, "SELECT ancestor FROM region_ancestor WHERE region = 'Mosul' ORDER BY depth"
    )
    assert rows == [("Mosul",), ("Iraq",), ("Middle East",)]


def test_latest_follow_up_views_and_compliance_matrix(seeded):
    add_government(seeded, "Government of Peru", "PE")
    for args in (
        ["gc2017-4.1", "--status", "stalled", "--as-of", "2018-01-01"],
        ["gc2017-4.1", "--status", "in_progress", "--as-of", "2018-06-01"],
        [
            "gc2017-4.1",
            "--actor",
            "Government of Peru",
            "--score",
            "-1",
            "--status",
            "not_achieved",
            "--as-of",
            "2018-02-01",
        ],
        [
            "gc2017-4.1",
            "--actor",
            "Government of Peru",
            "--status",
            "in_progress",
            "--as-of",
            "2018-03-01",
        ],
    ):
        assert run(seeded, "follow-up", "add", *args, "--source", EVIDENCE).exit_code == 0
    [latest, per_actor, cells] = execute(
        seeded,
        "SELECT commitment_id, status, as_of FROM latest_follow_up",
        "SELECT commitment_id, actor, status, score FROM latest_actor_follow_up",
        "SELECT commitment_id, actor, score, percent FROM compliance_matrix",
    )
    assert [(c, s, str(d)) for c, s, d in latest] == [("gc2017-4.1", "in_progress", "2018-06-01")]
    assert per_actor == [("gc2017-4.1", "Government of Peru", "in_progress", None)]
    # The newest assessment has no score: the cell is empty, not the older -1 (issue 13).
    assert cells == []
    scores = json.loads(run(seeded, "scores", "--format", "json").stdout)
    assert scores["commitments"] == []


def test_search_index_follows_follow_up_notes(seeded):
    def found(word: str) -> list[str]:
        result = run(seeded, "list", "--search", word, "--format", "json")
        assert result.exit_code == 0, result.output
        return [r["id"] for r in json.loads(result.stdout)]

    assert found("checkpoints") == []
    assert (
        run(
            seeded,
            "follow-up",
            "add",
            "gc2017-4.5",
            "--status",
            "in_progress",
            "--as-of",
            "2018-01-01",
            "--source",
            EVIDENCE,
            "--note",
            "Fictional: checkpoints reopened near the river.",
        ).exit_code
        == 0
    )
    assert found("checkpoints") == ["gc2017-4.5"]
    assert found("checkpoint civilians") == ["gc2017-4.5"]  # the quote and the note
    # FTS5's and tsquery's own syntax in what is typed reaches neither engine.
    assert found("xylophone:a & checkpoints | !civilians NEAR") == []
    unreadable = run(seeded, "list", "--search", '"xylophone( -:* AND')
    assert (unreadable.exit_code, unreadable.stdout) == (1, "")
    assert unreadable.stderr == (
        "Error: cannot read the search '\"xylophone( -:* AND': a quote is not closed\n"
    )


def test_every_table_view_and_column_is_documented(database):
    assert run(database, "db", "upgrade").exit_code == 0
    engine = engine_for(database)
    try:
        inspector = inspect(engine)
        tables = {t for t in inspector.get_table_names() if not _fts_shadow(t)}
        views = set(inspector.get_view_names())
        dialect = engine.dialect.name
        assert tables == {n for n, r in schema_doc.TABLES.items() if dialect in r.engines}
        assert views == set(schema_doc.VIEWS)
        for name in tables:
            columns = {c["name"] for c in inspector.get_columns(name)}
            if name == "commitment_search" and engine.dialect.name == "postgresql":
                continue  # a tsvector table there; the page says so
            assert columns == set(schema_doc.TABLES[name].columns), name
        for name in views:
            columns = {c["name"] for c in inspector.get_columns(name)}
            assert columns == set(schema_doc.VIEWS[name].columns), name
    finally:
        engine.dispose()


def _fts_shadow(table: str) -> bool:
    return table.startswith(("commitment_search_", "commitment_fts_"))


def test_docs_schema_md_is_current():
    assert (REPO / "docs" / "schema.md").read_text(encoding="utf-8") == schema_doc.render(), (
        "regenerate it: python -m tracker.schema_doc > docs/schema.md"
    )


def test_docs_list_every_vocabulary_value():
    page = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    for _, values in schema_doc.VOCABULARIES.values():
        for value in values:
            assert f"| `{value}` |" in page


EXPECTED_ROWS = {
    1: [("gc2017-14.4",)],
    2: [(f"gc2017-{n}",) for n in (
        "1.1 4.1 4.2 4.3 4.4 4.5 4.6 5.1 5.2 5.3 5.4 5.5 6.1 6.2 6.3 6.4 6.5 7.1 7.2 7.3 7.4"
        " 7.5 8.1 8.2 8.3 10.1 10.2 11.1 11.2 11.3 11.4 11.5 11.6 11.7 12.1 12.2 13.1 13.2"
        " 13.3 13.4 14.1 14.2 14.3 14.4").split()],
    3: [("gc2017-11.1",), ("gc2017-11.3",), ("gc2017-11.4",)],
    4: [],
    5: [(f"gc2017-{n}",) for n in
        "4.2 4.3 4.4 5.1 5.2 5.3 5.4 5.5 6.1 6.2 6.3 6.4 6.5".split()],
    7: [("gc2017-11.3",)],
    10: [],
    14: [],  # the seed alone repeats nothing; tests/test_repeats.py loads a pair
    15: [],  # no member is scored in the seed
}  # fmt: skip


FICTIONAL_FOLLOW_UP = (
    "INSERT INTO follow_up (commitment_id, status, as_of, sources, note, recorded_at) VALUES"
    " ('gc2017-4.1', 'in_progress', '2018-01-01', '[\"https://example.org/fictional\"]',"
    " 'Fictional: a follow-up for the examples.', '2018-01-02 09:00:00')"
)


def check_example(database: str, number: int) -> None:
    [_, rows] = execute(database, FICTIONAL_FOLLOW_UP, schema_doc.EXAMPLES[number - 1].sql)
    if number in EXPECTED_ROWS:
        assert sorted(row[:1] for row in rows) == sorted(EXPECTED_ROWS[number])
    else:
        assert rows, "every other example finds something in the seeded database"


@pytest.mark.parametrize("number", range(1, len(schema_doc.EXAMPLES) + 1))
def test_example_queries_run_on_sqlite(seeded_sqlite, number):
    check_example(seeded_sqlite, number)


PORTABLE = [n for n, e in enumerate(schema_doc.EXAMPLES, start=1) if "postgresql" in e.engines]


@pytest.mark.parametrize("number", PORTABLE)
def test_example_queries_run_on_postgresql(seeded_postgresql, number):
    check_example(seeded_postgresql, number)


def test_datasette_opens_the_database_with_the_metadata(seeded_sqlite, tmp_path):
    datasette = pytest.importorskip("datasette.app")
    target = tmp_path / "metadata.json"
    result = run(seeded_sqlite, "datasette-metadata", "--output", str(target))
    assert result.exit_code == 0, result.output
    metadata = json.loads(target.read_text(encoding="utf-8"))
    name = "tracker"
    described = metadata["databases"][name]["tables"]
    assert set(described) == set(schema_doc.TABLES) | set(schema_doc.VIEWS) | {
        f"{index}_{shadow}" for index in schema_doc.FULL_TEXT for shadow in schema_doc.FTS5_SHADOWS
    }
    queries = metadata["databases"][name]["queries"]
    assert all(q["description"] and q["sql"] for q in queries.values())
    assert not set(queries) & set(described)  # a query would hide the table of its name
    hidden = {n for n, t in described.items() if t.get("hidden")}
    public = {n for n, r in schema_doc.TABLES.items() if not r.internal} | set(schema_doc.VIEWS)
    assert hidden == set(described) - public
    assert hidden >= {"bulk_load", "bulk_load_pending_note", "commitment_search_content"}
    assert "22 March 2017" in metadata["source"] and metadata["license"]

    async def browse() -> None:
        site = datasette.Datasette([seeded_sqlite], metadata=metadata)
        await site.invoke_startup()
        overview = await site.client.get(f"/{name}/commitment_overview.json?_shape=array")
        assert overview.status_code == 200 and len(overview.json()) == 44
        links = await site.client.get(
            f"/{name}/commitment_actor.json?_shape=array&_labels=on&commitment_id=gc2017-11.3"
        )
        labels = {row["actor_id"]["label"] for row in links.json()}
        assert "INTERPOL" in labels
        found = await site.client.get(f"/{name}/commitment.json?_search=passports&_shape=array")
        assert [row["id"] for row in found.json()] == ["gc2017-11.3"]
        page = await site.client.get(f"/{name}/commitment")
        assert page.status_code == 200
        assert schema_doc.TABLES["commitment"].description in page.text
        home = await site.client.get("/")
        assert metadata["title"] in home.text

    asyncio.run(browse())
