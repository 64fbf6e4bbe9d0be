"""The shared fixtures keep tests apart: a reused PostgreSQL schema is as restored."""

import pytest
from helpers import add_government, execute, run, snapshot
from sqlalchemy.exc import DBAPIError

EVIDENCE = "https://example.org/fictional-reset"
SEQUENCES = (
    "SELECT sequencename, last_value FROM pg_sequences"
    " WHERE schemaname = current_schema() ORDER BY sequencename"
)


def _used(url: str) -> None:
    """Rows and sequence values that tracker added, as a test would leave them."""
    add_government(url, "Government of Fictional Reset", "NO")
    added = run(url, "follow-up", "add", "gc2017-4.1", "--status", "stalled",
                "--as-of", "2017-06-30", "--source", EVIDENCE)  # fmt: skip
    assert added.exit_code == 0, added.output


def test_a_reused_schema_has_the_rows_and_sequences_of_a_restored_one(seeded_postgresql_schemas):
    schemas = seeded_postgresql_schemas
    schema = schemas.take()
    url = schemas.url(schema)
    restored = snapshot(url), execute(url, SEQUENCES)
    _used(url)
    assert snapshot(url) != restored[0]
    schemas.give_back(schema)
    assert schemas.take() == schema
    assert (snapshot(url), execute(url, SEQUENCES)) == restored
    # The guards are back on: follow-up history is append-only again.
    _used(url)
    with pytest.raises(DBAPIError, match="append-only"):
        execute(url, "UPDATE follow_up SET note = 'Fictional: rewritten.'")
    assert run(url, "db", "verify").exit_code == 0
    schemas.give_back(schema)


def test_a_schema_changed_by_ddl_is_dropped_not_reused(seeded_postgresql_schemas, postgresql_url):
    schemas = seeded_postgresql_schemas
    schema = schemas.take()
    url = schemas.url(schema)
    execute(url, "ALTER TABLE follow_up DISABLE TRIGGER USER")
    schemas.give_back(schema)
    assert schema not in schemas.spare
    [[(left,)]] = execute(
        postgresql_url, f"SELECT count(*) FROM pg_namespace WHERE nspname = '{schema}'"
    )
    assert left == 0
