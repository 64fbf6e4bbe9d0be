"""Alembic migrations: up and down with data in place, and in step with the models."""

import itertools
import os
import re
import runpy
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from helpers import REPO, engine_for, execute, run, snapshot
from sqlalchemy import CheckConstraint, Column, Integer, MetaData, inspect, text
from sqlalchemy.exc import DBAPIError

from tracker import db, migrate
from tracker.models import Base


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


@pytest.mark.slow  # five seconds on each engine
def test_round_trip_with_data_in_place(seeded):
    execute(
        seeded,
        "INSERT INTO follow_up (commitment_id, status, as_of, sources, recorded_at) VALUES"
        " ('gc2017-4.1', 'in_progress', '2017-06-01', '[\"https://example.org/fictional\"]',"
        " '2017-06-02 10:00:00')",
    )
    full = snapshot(seeded)
    steps = revisions()
    # Down one revision at a time: the tables that remain keep every row.
    for target in [*reversed(steps[:-1])]:
        result = run(seeded, "db", "downgrade", target)
        assert result.exit_code == 0, result.output
        remaining = snapshot(seeded)
        for table, rows in remaining.items():
            if table in full and table != "alembic_version":
                # Columns a later revision added come last; the rest are kept.
                width = len(rows[0]) if rows else 0
                assert rows == [row[:width] for row in full[table]], table
    # And back up: every row of every table is there again.
    result = run(seeded, "db", "upgrade", "head")
    assert result.exit_code == 0, result.output
    assert snapshot(seeded) == full
    # Down to base removes the schema (the follow-ups too, when told to); up
    # and init bring the statement back.
    assert run(seeded, "db", "downgrade", "base", "--yes-destroy-data").exit_code == 0
    assert set(snapshot(seeded)) <= {"alembic_version"}
    assert run(seeded, "db", "upgrade", "head").exit_code == 0
    assert run(seeded, "init").exit_code == 0
    [[(count,)]] = execute(seeded, "SELECT count(*) FROM commitment")
    assert count == 44


def test_current_and_check(seeded):
    current = run(seeded, "db", "current")
    assert current.exit_code == 0
    assert current.stdout.strip() == f"{revisions()[-1]} (head)"
    check = run(seeded, "db", "check")
    assert check.exit_code == 0, check.output
    assert "agree" in check.stderr


def test_check_refuses_a_database_behind_head(seeded):
    steps = revisions()
    if len(steps) > 1:
        run(seeded, "db", "downgrade", steps[-2])
    else:
        run(seeded, "db", "downgrade", "base")
    result = run(seeded, "db", "check")
    assert result.exit_code == 1
    assert "run `tracker db upgrade` first" in result.stderr


def test_a_model_change_without_a_migration_is_caught(seeded, monkeypatch):
    """The same comparison `tracker db check` makes sees a column no migration adds."""
    engine = engine_for(seeded)
    assert migrate.differences(engine) == []
    changed = MetaData(naming_convention=Base.metadata.naming_convention)
    for table in Base.metadata.sorted_tables:
        table.to_metadata(changed)
    changed.tables["commitment"].append_column(Column("priority", Integer))
    monkeypatch.setattr(Base, "metadata", changed)
    differences = migrate.differences(engine)
    engine.dispose()
    assert [d[0] for d in differences] == ["add_column"]
    assert differences[0][3].name == "priority"


def test_alembic_command_works_from_the_repository_root(tmp_path):
    env = os.environ | {"TRACKER_DB": str(tmp_path / "via-alembic.db")}
    alembic = [sys.executable, "-m", "alembic"]
    subprocess.run([*alembic, "upgrade", "head"], cwd=REPO, env=env, check=True)
    shown = subprocess.run(
        [*alembic, "current"], cwd=REPO, env=env, check=True, capture_output=True, text=True
    )
    assert revisions()[-1] in shown.stdout


def test_the_code_knows_the_newest_revision():
    """Commands check a database against db.SCHEMA_REVISION, not Alembic (start-up time)."""
    assert db.SCHEMA_REVISION == revisions()[-1]


def test_commands_refuse_a_database_at_another_revision(seeded):
    assert run(seeded, "db", "downgrade", revisions()[-2]).exit_code == 0
    result = run(seeded, "list")
    assert result.exit_code == 1
    assert f"this tracker needs {db.SCHEMA_REVISION}: run `tracker db upgrade`" in result.stderr
    assert run(seeded, "db", "upgrade").exit_code == 0
    assert run(seeded, "list").exit_code == 0


NOTE = (
    "INSERT INTO follow_up (commitment_id, status, as_of, sources, note, recorded_at) VALUES"
    " ('{0}', 'in_progress', '2018-01-01', '[\"https://example.org/fictional\"]',"
    " 'Fictional: {1}', '2018-01-02 09:00:00')"
)
BY_FOLLOW_UP = (
    "SELECT id FROM follow_up WHERE id IN"
    " (SELECT rowid FROM commitment_search WHERE commitment_search MATCH '{0}')"
)
BY_COMMITMENT = (
    "SELECT id FROM commitment WHERE rowid IN"
    " (SELECT rowid FROM commitment_fts WHERE commitment_fts MATCH '{0}')"
)


def test_search_keys_survive_a_round_trip_of_revision_0007(seeded_sqlite):
    """0007 keys the search rows by row; down to 0006 and up again, with notes in place."""
    execute(seeded_sqlite, NOTE.format("gc2017-4.5", "checkpoints reopened"))
    assert execute(seeded_sqlite, BY_FOLLOW_UP.format("checkpoints")) == [[(1,)]]
    assert run(seeded_sqlite, "db", "downgrade", "0006").exit_code == 0
    # 0006's triggers index a note recorded meanwhile, and the search still finds both.
    execute(seeded_sqlite, NOTE.format("gc2017-4.1", "checkpoints closed"))
    [found] = execute(
        seeded_sqlite,
        "SELECT DISTINCT commitment_id FROM commitment_search"
        " WHERE commitment_search MATCH 'checkpoints' ORDER BY 1",
    )
    assert found == [("gc2017-4.1",), ("gc2017-4.5",)]
    assert run(seeded_sqlite, "db", "upgrade").exit_code == 0
    assert run(seeded_sqlite, "db", "verify").exit_code == 0
    assert execute(seeded_sqlite, BY_FOLLOW_UP.format("checkpoints")) == [[(1,), (2,)]]
    assert execute(seeded_sqlite, BY_COMMITMENT.format("passports")) == [[("gc2017-11.3",)]]
    listed = run(seeded_sqlite, "list", "--search", "checkpoints", "--format", "csv")
    ids = sorted(line.split(",")[0] for line in listed.stdout.splitlines()[1:])
    assert ids == ["gc2017-4.1", "gc2017-4.5"]


# Revision 0012: follow_up's vocabulary CHECKs as chains of `=` on SQLite.
R12 = runpy.run_path(str(REPO / "migrations" / "versions" / "0012_follow_up_checks_as_or.py"))
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EVERY_OBJECT = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL"
FOLLOW_UPS_OBJECTS = (
    "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 'follow_up'"
    " AND type <> 'table' ORDER BY rowid"
)
FOLLOW_UP_COLUMNS = (
    "commitment_id", "actor_id", "status", "score", "as_of", "sources", "recorded_at",
    "kind", "as_of_precision",
)  # fmt: skip
# A row each CHECK lets through, and one with a member and a status any score
# but +1 goes with (the guards want both for a score).
VALID = {
    "commitment_id": "gc2017-4.1", "actor_id": None, "status": "in_progress", "score": None,
    "as_of": "2017-06-01", "sources": '["https://example.org/fictional"]',
    "recorded_at": "2017-06-02 10:00:00", "kind": "assessment", "as_of_precision": "day",
}  # fmt: skip
# Every allowed value, NULL, other cases, neighbours, padding, NUL, look-alike
# letters, blobs, and numbers against text both ways (type affinity: score
# is INTEGER, so '1', ' 1' and 1.0 are stored as the integer 1).
NEIGHBOURS = [None, "", " ", 0, 1, -1, 1.0, b"", "NULL", "null"]
TRIED: dict[str, list[object]] = {
    "status": [
        *R12["VOCABULARIES"]["status"], *NEIGHBOURS, "Achieved", "ACHIEVED", " achieved",
        "achieved ", "achieve", "achievedd", "achieved\x00", "\u0430chieved", "not achieved",
        "not-achieved", "notassessed", "in_progress,stalled", "'achieved'", b"achieved",
        "stalled OR 1", "%", "_",
    ],
    "score": [
        *R12["VOCABULARIES"]["score"], *NEIGHBOURS, "1", "0", "-1", "+1", " 1", "1 ", "01",
        "1.0", "-0", "0.0", "1e0", "0x1", "\u22121", "one", 2, -2, 10, 0.5, -1.0, 0.0, -0.0,
        1.0000000001, 2**63 - 1, -(2**63), True, False, b"1", b"\x01", "1,0", "(1)",
    ],
    "kind": [
        *R12["VOCABULARIES"]["kind"], *NEIGHBOURS, "Assessment", "CONTEXT", "contexts",
        "assess", " context", "context\x00", b"context", "assessment OR 1",
    ],
    "as_of_precision": [
        *R12["VOCABULARIES"]["as_of_precision"], *NEIGHBOURS, "Day", "DAY", "days", "week",
        "quarter", " day", "day ", "month\x00", "yea", b"year", "day,month",
    ],
}  # fmt: skip


def _tried_rows(actor_id: int) -> list[dict[str, object]]:
    rows = []
    for column, values in TRIED.items():
        for value in values:
            base = VALID | (
                {"actor_id": actor_id, "status": "stalled"} if column == "score" else {}
            )
            rows.append(base | {column: value})
    return rows


def _tried(
    path: Path, insert: str, each: Iterable[Sequence[object]], foreign_keys: bool
) -> list[str]:
    """``insert`` with each set of values on its own, from a plain connection, rolled back:
    "kept", or SQLite's error."""
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute(f"PRAGMA foreign_keys = {int(foreign_keys)}")
    outcomes = []
    try:
        for values in each:
            connection.execute("BEGIN")
            try:
                connection.execute(insert, values)
                outcomes.append("kept")
            except sqlite3.DatabaseError as exc:
                outcomes.append(str(exc))
            connection.execute("ROLLBACK")
    finally:
        connection.close()
    return outcomes


def _outcomes(path: Path, rows: list[dict[str, object]], foreign_keys: bool) -> list[str]:
    """Each row inserted into follow_up on its own and rolled back."""
    insert = (
        f"INSERT INTO follow_up ({', '.join(FOLLOW_UP_COLUMNS)})"
        f" VALUES ({', '.join('?' for _ in FOLLOW_UP_COLUMNS)})"
    )
    return _tried(path, insert, ([row[c] for c in FOLLOW_UP_COLUMNS] for row in rows), foreign_keys)


def test_0012_refuses_exactly_what_0011_refused(seeded_sqlite, tmp_path):
    at_0012 = Path(seeded_sqlite)
    at_0011 = tmp_path / "at-0011.db"
    shutil.copy(at_0012, at_0011)
    assert run(str(at_0011), "db", "downgrade", "0011").exit_code == 0
    [[(actor_id,)], [(follow_ups,)]] = execute(
        seeded_sqlite, "SELECT min(id) FROM actor", "SELECT count(*) FROM follow_up"
    )
    rows = _tried_rows(actor_id)
    # The whole table, triggers and all, as the sqlite3 shell (foreign keys
    # off) and tracker (on) write to it.
    for foreign_keys in (False, True):
        assert _outcomes(at_0011, rows, foreign_keys) == _outcomes(at_0012, rows, foreign_keys)
    # The CHECKs alone: the same tables without their triggers, whose guards
    # refuse most of these values first.
    for path in (at_0011, at_0012):
        connection = sqlite3.connect(path, isolation_level=None)
        names = connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'follow_up'"
        ).fetchall()
        for (name,) in names:
            connection.execute(f"DROP TRIGGER {name}")
        connection.close()
    alone = _outcomes(at_0012, rows, foreign_keys=True)
    assert _outcomes(at_0011, rows, foreign_keys=True) == alone
    assert execute(seeded_sqlite, "SELECT count(*) FROM follow_up") == [[(follow_ups,)]]
    # Not vacuous: each allowed value is kept, and each other value is refused
    # by its column's CHECK (or NOT NULL), nothing else.
    outcome = iter(alone)
    for column, values in TRIED.items():
        for value in values:
            got = next(outcome)
            if value is None:
                expected = (
                    "kept"
                    if column == "score"
                    else f"NOT NULL constraint failed: follow_up.{column}"
                )
            elif value in R12["VOCABULARIES"][column] or (
                column == "score"
                and value in ("1", "0", "-1", "+1", " 1", "1 ", "01", "1.0", "-0", "0.0", "1e0")
            ):
                expected = "kept"  # the integer, once the column's affinity has converted it
            else:
                expected = f"CHECK constraint failed: ck_follow_up_{column}"
            assert got == expected, (column, value)


def test_0012_rebuilds_follow_up_keeping_every_row_index_and_trigger(tmp_path):
    database = tmp_path / "tracker.db"
    shutil.copy(FIXTURES / "revision-0011.db", database)
    execute(str(database), "ANALYZE")

    def schema() -> tuple[set[tuple], list[tuple], list[tuple]]:
        [objects, follow_ups, stats] = execute(
            str(database),
            EVERY_OBJECT,
            FOLLOW_UPS_OBJECTS,
            "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx",
        )
        return set(objects), follow_ups, stats

    objects, follow_ups, stats = schema()
    rows = snapshot(str(database))
    assert run(str(database), "db", "upgrade", "0012").exit_code == 0
    upgraded, upgraded_follow_ups, upgraded_stats = schema()
    # Only the table's SQL changed, and only by its four CHECKs.
    [old] = [o for o in objects - upgraded]
    [new] = [o for o in upgraded - objects]
    assert old[:3] == new[:3] == ("table", "follow_up", "follow_up")
    assert new[3] == R12["table_sql"](old[3], R12["listed"], R12["chained"])
    for column, values in R12["VOCABULARIES"].items():
        assert R12["listed"](column, values) in old[3]
        assert R12["chained"](column, values) in new[3]
    # Its indexes and triggers, in their order (the order triggers fire in).
    assert upgraded_follow_ups == follow_ups and len(follow_ups) == 20
    assert upgraded_stats == stats and any(tbl == "follow_up" for tbl, *_ in stats)
    assert snapshot(str(database)) == {**rows, "alembic_version": [("0012",)]}
    # At the newest revision, the tool's checks pass and the triggers work.
    assert run(str(database), "db", "upgrade").exit_code == 0
    assert execute(str(database), "PRAGMA integrity_check", "PRAGMA foreign_key_check") == [
        [("ok",)],
        [],
    ]
    assert run(str(database), "db", "verify").exit_code == 0
    assert run(str(database), "db", "check").exit_code == 0
    # The status, the links to sources and the search follow
    # a new follow-up, and the guards still refuse.
    added = run(
        str(database), "follow-up", "add", "gc2017-11.3", "--status", "stalled", "--as-of",
        "2019-10", "--source", "https://example.org/fictional/1", "--note",
        "Fictional: the kerfuffle paused it.",
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    [[(new_id,)]] = execute(str(database), "SELECT max(id) FROM follow_up")
    assert execute(
        str(database),
        "SELECT status, follow_up_id FROM commitment_status WHERE commitment_id = 'gc2017-11.3'",
        f"SELECT s.url FROM follow_up_source AS l JOIN source AS s ON s.id = l.source_id"
        f" WHERE l.follow_up_id = {new_id}",
        "SELECT rowid FROM commitment_search WHERE commitment_search MATCH 'kerfuffle'",
    ) == [[("stalled", new_id)], [("https://example.org/fictional/1",)], [(new_id,)]]
    with pytest.raises(DBAPIError, match="append-only"):
        execute(str(database), "UPDATE follow_up SET note = 'Fictional: rewritten.'")
    # Down again: the schema of 0011, byte for byte, with the new row in place.
    rows = snapshot(str(database))
    assert run(str(database), "db", "downgrade", "0011").exit_code == 0
    downgraded, downgraded_follow_ups, downgraded_stats = schema()
    assert (downgraded, downgraded_follow_ups) == (objects, follow_ups)
    # follow_up analysed again, with the new row: as a fresh ANALYZE finds it.
    [fresh] = execute(
        str(database),
        "ANALYZE follow_up",
        "SELECT tbl, idx, stat FROM sqlite_stat1 ORDER BY tbl, idx",
    )[1:]
    assert downgraded_stats == fresh and fresh != stats
    assert snapshot(str(database)) == {**rows, "alembic_version": [("0011",)]}
    assert run(str(database), "db", "verify").exit_code == 0


def test_every_tables_checks_are_the_models_on_both_engines(seeded):
    """Alembic does not compare CHECKs: each table's, by name, are the models' for the engine."""
    engine = engine_for(seeded)
    try:
        with engine.connect() as connection:
            dialect = connection.dialect.name
            found = {
                name: {c["name"] for c in inspect(connection).get_check_constraints(name)}
                for name in Base.metadata.tables
            }
    finally:
        engine.dispose()
    model = {
        name: {
            c.name
            for c in table.constraints
            if isinstance(c, CheckConstraint)
            and (c._ddl_if is None or c._ddl_if.dialect in (None, dialect))
        }
        for name, table in Base.metadata.tables.items()
    }
    assert found == model
    assert "ck_source_file_size" in found["source_file"]
    # The PostgreSQL CHECKs of source in the models are 0009's, word for word.
    checks = {
        c.name: str(c.sqltext)
        for c in Base.metadata.tables["source"].constraints
        if isinstance(c, CheckConstraint)
    }
    r9 = runpy.run_path(str(REPO / "migrations" / "versions" / "0009_evidence.py"))
    assert checks["ck_source_url"] == r9["_pg_url_ok"]("url")
    assert checks["ck_source_published_last_day"] == (
        f"NOT ({r9['_postgresql_precision_bad']('published', 'published_precision')})"
    )


def test_follow_ups_checks_are_the_models_on_both_engines(seeded):
    """The models say what 0012 installs: chains on SQLite, IN on PostgreSQL."""
    engine = engine_for(seeded)
    try:
        with engine.connect() as connection:
            found = {
                c["name"]: c["sqltext"]
                for c in inspect(connection).get_check_constraints("follow_up")
            }
            dialect = connection.dialect.name
    finally:
        engine.dispose()
    table = Base.metadata.tables["follow_up"]
    model = {
        c.name: str(c.sqltext)
        for c in table.constraints
        if isinstance(c, CheckConstraint)
        and (c._ddl_if is None or c._ddl_if.dialect in (None, dialect))
    }
    assert set(found) == set(model)
    if dialect == "sqlite":
        assert found == model
    for column, values in R12["VOCABULARIES"].items():
        name = f"ck_follow_up_{column}"
        if dialect == "sqlite":
            assert f"CHECK ({model[name]})" == R12["chained"](column, values)
        else:
            # PostgreSQL keeps IN, which it shows as = ANY (ARRAY[...]).
            assert f"CHECK ({model[name]})" == R12["listed"](column, values)
            assert "ANY" in found[name] and all(_literal_in(v, found[name]) for v in values)


def _literal_in(value: object, sql: str) -> bool:
    return (repr(value) if isinstance(value, str) else str(value)) in sql


def _plans(
    database: str, function: str, rows: str, table: str, queries: list[tuple[str, dict]]
) -> tuple[str, list[str]]:
    """``function``'s definition, and each query's plan once ``rows`` are in ``table``
    and it is analysed (then rolled back)."""
    engine = engine_for(database)
    try:
        with engine.connect() as connection:
            installed = connection.exec_driver_sql(
                f"SELECT pg_get_functiondef('{function}'::regproc)"
            ).scalar()
            connection.exec_driver_sql(rows)
            connection.exec_driver_sql(f"ANALYZE {table}")
            plans = [
                "\n".join(row[0] for row in connection.execute(text(f"EXPLAIN {sql}"), values))
                for sql, values in queries
            ]
            connection.rollback()
    finally:
        engine.dispose()
    return installed, plans


R13 = runpy.run_path(str(REPO / "migrations" / "versions" / "0013_source_links_by_index.py"))
# The link query of tracker_follow_up_source_link, with a list of URLs for NEW.sources.
LINKS = (
    "SELECT 1, s.id, min(j.n - 1)"
    " FROM jsonb_array_elements_text(CAST(:urls AS jsonb)) WITH ORDINALITY AS j (value, n)"
    " {join} GROUP BY s.id"
)


def test_0013_looks_each_source_up_by_index_on_postgresql(seeded_postgresql):
    """0009's join read all of source at each follow-up written, while it held a few thousand."""
    urls = {"urls": '["https://example.org/fictional/7"]'}
    installed, (by_hash, by_index) = _plans(
        seeded_postgresql,
        "tracker_follow_up_source_link",
        "INSERT INTO source (url) SELECT 'https://example.org/fictional/' || n"
        " FROM generate_series(1, 5000) AS n",
        "source",
        [(LINKS.format(join=R13[join]), urls) for join in ("BY_HASH", "BY_INDEX")],
    )
    assert R13["BY_INDEX"] in installed and R13["BY_HASH"] not in installed
    assert "Seq Scan on source" in by_hash
    assert "Seq Scan on source" not in by_index and "uq_source_url" in by_index


R14 = runpy.run_path(str(REPO / "migrations" / "versions" / "0014_repeat_look_up_by_one_key.py"))


def test_0014_looks_a_repeat_up_by_its_key_on_postgresql(seeded_postgresql):
    """300 follow-ups of one commitment on one day: the guard's look-up is one index search."""
    new = {"commitment_id": "'gc2017-4.6'", "actor_id": "CAST(NULL AS integer)",
           "as_of": "DATE '2017-05-01'", "status": "'not_started'",
           "score": "CAST(NULL AS integer)", "kind": "'assessment'", "as_of_precision": "'day'",
           "corrects_id": "CAST(NULL AS integer)",
           "sources": "CAST('[\"https://example.org/fictional\"]' AS jsonb)",
           "note": "'Fictional note 0'"}  # fmt: skip
    look_up = re.sub(r"NEW\.(\w+)", lambda m: new[m.group(1)], R14["BY_KEY"])
    installed, [plan] = _plans(
        seeded_postgresql,
        "tracker_guard_follow_up_evidence",
        "INSERT INTO follow_up (commitment_id, status, as_of, sources, note, recorded_at)"
        " SELECT 'gc2017-4.6', 'not_started', DATE '2017-05-01',"
        " CAST('[\"https://example.org/fictional\"]' AS jsonb), 'Fictional note ' || n,"
        " TIMESTAMP '2017-05-02 09:00:00' FROM generate_series(1, 300) AS n",
        "follow_up",
        [(look_up.replace(" INTO repeated", "").rstrip(";"), {})],
    )
    assert R14["BY_KEY"] in installed and R14["BY_COLUMNS"] not in installed
    assert "ix_follow_up_repeat" in plan and "ix_follow_up_recent" not in plan
    assert "Seq Scan" not in plan


R15 = runpy.run_path(str(REPO / "migrations" / "versions" / "0015_utf8_check_by_character.py"))
# Bytes at the edges of UTF-8's ranges: ASCII, continuation bytes, each lead's
# first and last, the leads never used.
UTF8_EDGES = (
    0x20, 0x41, 0x7F, 0x80, 0x81, 0x8F, 0x90, 0x9F, 0xA0, 0xBE, 0xBF, 0xC0, 0xC1, 0xC2, 0xC3,
    0xDF, 0xE0, 0xE1, 0xE2, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xF7, 0xF8,
    0xFB, 0xFC, 0xFE, 0xFF,
)  # fmt: skip


def _utf8_disagreements(values: Iterable[bytes]) -> list[tuple[str, int, int, int]]:
    """Each value on which 0006's check, 0015's and Python's decoder do not all agree."""
    connection = sqlite3.connect(":memory:")
    checks = [
        f"SELECT {check('v.x')} FROM (SELECT CAST(? AS TEXT) AS x) AS v"
        for check in (R15["BY_BYTE"], R15["by_character"])
    ]
    disagreements = []
    for value in values:
        by_byte, by_character = (connection.execute(c, (value,)).fetchone()[0] for c in checks)
        try:
            value.decode("utf-8")
            python = 0
        except UnicodeDecodeError:
            python = 1
        if not by_byte == by_character == python:
            disagreements.append((value.hex(), by_byte, by_character, python))
    connection.close()
    return disagreements


def _around_each_code_point() -> Iterator[bytes]:
    """Every code point's encoding from U+0080 (sampled past U+07FF), cut, doubled, wrapped."""
    points = [*range(0x80, 0x800), *range(0x800, 0x10000, 7), *range(0x10000, 0x110000, 997),
              0xD7FF, 0xE000, 0xFFFD, 0xFFFE, 0xFFFF, 0x1FFFE, 0x10FFFF]  # fmt: skip
    for point in points:
        if not 0xD800 <= point <= 0xDFFF:
            encoded = chr(point).encode()
            yield from (encoded, b"a" + encoded, encoded + b"z", encoded * 2, encoded[:-1],
                        encoded + b"\x80", b"\x80" + encoded)  # fmt: skip


def test_0015_checks_utf8_as_0006_and_python_do():
    """Every string of one and two bytes (no NUL, which the guards refuse first), and around
    every code point: the same answer from both checks and from Python's decoder."""
    short = (bytes(b) for n in (1, 2) for b in itertools.product(range(1, 256), repeat=n))
    assert _utf8_disagreements(itertools.chain(short, _around_each_code_point())) == []


@pytest.mark.slow
def test_0015_checks_utf8_as_0006_does_on_every_edge_of_three_and_four_bytes():
    edges = (bytes(b) for n in (3, 4) for b in itertools.product(UTF8_EDGES, repeat=n))
    assert _utf8_disagreements(edges) == []


def _actor_outcomes(path: Path, names: list[bytes]) -> list[str]:
    """Each name given to a new actor from a plain connection (foreign keys off), rolled back."""
    insert = "INSERT INTO actor (name, kind) VALUES (CAST(? AS TEXT), 'national_government')"
    return _tried(path, insert, ([name] for name in names), foreign_keys=False)


def _triggers_by_table(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Each table's triggers, (name, SQL), in the order they were created."""
    by_table: dict[str, list[tuple[str, str]]] = {}
    connection = sqlite3.connect(path)
    for table, name, sql in connection.execute(
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY rowid"
    ):
        by_table.setdefault(table, []).append((name, sql))
    connection.close()
    return by_table


def test_0015_rewrites_the_check_keeping_every_trigger_and_refusal(tmp_path):
    at_0014, at_0015 = tmp_path / "at-0014.db", tmp_path / "at-0015.db"
    shutil.copy(FIXTURES / "revision-0014.db", at_0014)
    shutil.copy(at_0014, at_0015)
    assert run(str(at_0015), "db", "upgrade", "0015").exit_code == 0
    before, after = _triggers_by_table(at_0014), _triggers_by_table(at_0015)
    # Each table's triggers are the same, in the same order (which decides
    # which guard speaks first); only the check changed, in every copy.
    assert {t: [n for n, _ in ts] for t, ts in before.items()} == {
        t: [n for n, _ in ts] for t, ts in after.items()
    }
    old_sql = "".join(sql for ts in before.values() for _, sql in ts)
    new_sql = "".join(sql for ts in after.values() for _, sql in ts)
    copies = old_sql.count("WITH RECURSIVE u (i, b, need")
    assert copies == new_sql.count("WITH RECURSIVE u (i, c)") > 70
    assert R15["HEX_DIGITS"] not in new_sql
    assert len(new_sql) < len(old_sql) / 2
    # The same names refused, with the same words, through the triggers.
    names = [b"Fictional member", "Fictional m\u00e9mber".encode(), "\U0001f30d".encode(),
             b"\xef\xbf\xbe", b"Fictional \xe9", b"\xc0\x80", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
             b"\xe2\x82", b"\x80", b"bad\x00nul", b"\xf0\x9f\x98\x80\x80"]  # fmt: skip
    outcomes = _actor_outcomes(at_0015, names)
    assert outcomes == _actor_outcomes(at_0014, names)
    refused = "actor.name must be UTF-8 text without NUL"
    assert outcomes == ["kept"] * 4 + [refused] * 8
    # And down again: 0006's check, byte for byte, in the same order.
    assert run(str(at_0015), "db", "downgrade", "0014").exit_code == 0
    assert _triggers_by_table(at_0015) == before
