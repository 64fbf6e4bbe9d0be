"""Alembic migrations: up and down with data in place, and in step with the models."""

import os
import subprocess
import sys

from alembic.script import ScriptDirectory
from helpers import REPO, engine_for, execute, run, snapshot
from sqlalchemy import Column, Integer, MetaData

from tracker import db, migrate
from tracker.models import Base


def revisions() -> list[str]:
    """Every revision, oldest first."""
    script = ScriptDirectory.from_config(migrate.alembic_config())
    return [r.revision for r in reversed(list(script.walk_revisions()))]


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
