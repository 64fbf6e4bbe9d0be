"""docs/triggers.sql is what a freshly migrated database holds, on each engine."""

import os

import pytest
from helpers import REPO

from tracker import status, triggers_doc

POSTGRESQL_ENV = "TRACKER_TEST_POSTGRESQL_URL"

REGENERATE = "regenerate it: python -m tracker.triggers_doc POSTGRESQL_URL > docs/triggers.sql"


def sections() -> tuple[str, str, str]:
    page = (REPO / "docs" / "triggers.sql").read_text(encoding="utf-8")
    header, _, rest = page.partition(triggers_doc.SQLITE_TITLE)
    sqlite, _, postgresql = rest.partition(triggers_doc.POSTGRESQL_TITLE)
    return header, triggers_doc.SQLITE_TITLE + sqlite, triggers_doc.POSTGRESQL_TITLE + postgresql


def test_the_sqlite_part_is_current():
    header, sqlite, _ = sections()
    assert header == triggers_doc.HEADER + "\n", REGENERATE
    assert sqlite == triggers_doc.sqlite_section() + "\n", REGENERATE


def test_the_postgresql_part_is_current():
    url = os.environ.get(POSTGRESQL_ENV)
    if not url:
        pytest.skip(f"set {POSTGRESQL_ENV} to a PostgreSQL URL to run the PostgreSQL tests")
    assert sections()[2] == triggers_doc.postgresql_section(url), REGENERATE


def test_every_trigger_and_view_is_there():
    _, sqlite, postgresql = sections()
    for name in (
        "commitment_status_follow_up",
        "commitment_status_catch_up",
        "commitment_overview",
    ):
        assert f" {name}\n" in sqlite and f" {name}\n" in postgresql
    # The view's closed statuses are tracker.status's, on both engines.
    assert f"NOT IN {status.closed_sql()}" in sqlite
    assert all(f"'{closed}'::character varying" in postgresql for closed in status.CLOSED)


def test_help_is_usage_not_a_url(capsys):
    assert triggers_doc.main(["--help"]) == 0
    usage = "usage: python -m tracker.triggers_doc POSTGRESQL_URL\n"
    assert capsys.readouterr().out.startswith(usage)
