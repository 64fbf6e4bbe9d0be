"""Databases filled at each released revision upgrade with every row intact."""

import shutil
from pathlib import Path

import pytest
from fixtures.make import populate
from helpers import engine_for, execute, run, snapshot

from tracker import db

FIXTURES = Path(__file__).resolve().parent / "fixtures"
RELEASED = sorted(p.stem.removeprefix("revision-") for p in FIXTURES.glob("revision-*.db"))


def slow(revision: str) -> object:
    return pytest.param(revision, marks=pytest.mark.slow)


CURRENT_STATUS = (
    "SELECT commitment_id, status, follow_up_id FROM commitment_status"
    " WHERE follow_up_id IS NOT NULL ORDER BY commitment_id"
)


def check_upgraded(database: str, before: dict[str, list[tuple]]) -> None:
    result = run(database, "db", "upgrade")
    assert result.exit_code == 0, result.output
    after = snapshot(database)
    for table, rows in before.items():
        if table != "alembic_version":
            # Columns a later revision adds come last, with their defaults.
            kept = [row[: len(rows[0])] for row in after[table]] if rows else after[table]
            assert kept == rows, f"{table} changed in the upgrade"
    [statuses] = execute(database, CURRENT_STATUS)
    assert statuses == [("gc2017-14.4", "not_assessed", 5), ("gc2017-4.1", "stalled", 3)]
    assert run(database, "db", "check").exit_code == 0
    listed = run(database, "list", "--search", "passports", "--format", "csv")
    assert listed.exit_code == 0 and "gc2017-11.3" in listed.stdout


def test_every_released_revision_has_a_fixture():
    assert RELEASED and RELEASED[-1] == db.SCHEMA_REVISION, (
        "make one for the newest revision: python tests/fixtures/make.py REVISION"
    )


@pytest.mark.parametrize("revision", RELEASED)
def test_a_sqlite_database_kept_from_a_released_revision_upgrades(tmp_path, revision):
    database = str(tmp_path / "tracker.db")
    shutil.copy(FIXTURES / f"revision-{revision}.db", database)
    check_upgraded(database, snapshot(database))


# A second each on PostgreSQL: the fast loop upgrades from the newest
# release, and `.ci/run` (-m "") from every one.
@pytest.mark.parametrize("revision", [*map(slow, RELEASED[:-1]), *RELEASED[-1:]])
def test_a_postgresql_database_filled_at_a_revision_upgrades(postgresql_url, revision):
    engine = engine_for(postgresql_url)
    populate(engine, revision)
    engine.dispose()
    check_upgraded(postgresql_url, snapshot(postgresql_url))


def test_downgrade_refuses_to_drop_follow_ups(seeded):
    execute(
        seeded,
        "INSERT INTO follow_up (commitment_id, status, as_of, sources, recorded_at) VALUES"
        " ('gc2017-4.1', 'stalled', '2018-01-01', '[\"https://example.org/fictional\"]',"
        " '2018-01-02 10:00:00')",
    )
    before = snapshot(seeded)
    refused = run(seeded, "db", "downgrade", "base")
    assert refused.exit_code == 1
    assert "drops the follow_up table and its 1 follow-ups" in refused.stderr
    assert snapshot(seeded) == before
    assert run(seeded, "db", "downgrade", "0001").exit_code == 0  # keeps follow_up
    assert run(seeded, "db", "downgrade", "base", "--yes-destroy-data").exit_code == 0
    assert set(snapshot(seeded)) <= {"alembic_version"}
