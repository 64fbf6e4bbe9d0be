"""What keeps tracker fast, checked without timing anything (benchmarks/ times it).

Query plans: no list filter and no one-statement score reads the follow-up
table from end to end. Start-up: the everyday commands import only what
they need.
"""

import datetime as dt
import shutil
import subprocess
import sys

import pytest
from helpers import REPO, engine_for, run

from tracker import db, driver, planner, queries, reads

# Every filter of `tracker list`, one line each (tracker/planner.py says why):
# none may read the follow-ups end to end, and each must list the same
# commitments whichever plan the planner module picks.
FILTERS = {
    "status": queries.Filters(status="not_assessed"),
    "region, places within": queries.Filters(region="Middle East"),
    "actor with role": queries.Filters(actor="INTERPOL", role="partner"),
    "theme": queries.Filters(theme="military"),
    "type": queries.Filters(type="call"),
    "overdue": queries.Filters(overdue=True),
    "stale": queries.Filters(stale=365),
    "search": queries.Filters(search="passports"),
    "due before": queries.Filters(due_before=dt.date(2020, 1, 1)),
    "all of them": queries.Filters(
        statement="gc2017",
        status="in_progress",
        region="Iraq",
        actor="INTERPOL",
        role="partner",
        theme="military",
        type="pledge",
        search="passports",
        overdue=True,
        stale=30,
    ),
}
# Filters that match nothing cannot show two plans agreeing.
MATCHING = [name for name in FILTERS if name != "all of them"]


def full_scans(database: str, query) -> list[str]:  # type: ignore[no-untyped-def]
    reader = driver.open_reader(database)
    try:
        plan = planner.query_plan(reader, *query(reader))
    finally:
        reader.close()
    return [step for step in plan if step.startswith("SCAN follow_up")]


@pytest.mark.parametrize("name", FILTERS)
def test_no_list_filter_scans_the_follow_ups(seeded_sqlite, name):
    def query(reader):  # type: ignore[no-untyped-def]
        return reads.list_query(reader, reads.list_conditions(reader, FILTERS[name]), 1000)

    assert full_scans(seeded_sqlite, query) == []


def test_scores_for_one_statement_use_the_indexes(seeded_sqlite):
    plan = full_scans(seeded_sqlite, lambda reader: reads.scores_query(reader, "gc2017"))
    assert plan == []


def test_the_status_filter_reads_the_status_index(seeded_sqlite):
    reader = driver.open_reader(seeded_sqlite)
    conditions = reads.list_conditions(reader, FILTERS["status"])
    plan = planner.query_plan(reader, *reads.list_query(reader, conditions, 1000))
    reader.close()
    assert any("ix_commitment_status_status" in step for step in plan), plan


def test_follow_ups_since_a_day_are_read_from_that_day_in_order(seeded_sqlite):
    """`follow-up list --since` walks ix_follow_up_by_date: no full scan, no sort."""
    reader = driver.open_reader(seeded_sqlite)
    try:
        conditions = reads.follow_up_conditions(reader, since=dt.date(2020, 1, 1))
        plan = planner.query_plan(reader, *reads.history_query(conditions, limit=10))
    finally:
        reader.close()
    assert any("ix_follow_up_by_date (as_of>" in step for step in plan), plan
    assert not any("TEMP B-TREE" in step or step == "SCAN follow_up" for step in plan), plan


HEAVY = ("alembic", "tracker.scorecard", "tracker.drafting", "jinja2", "pycountry")


@pytest.mark.parametrize("args", [["list"], ["show", "gc2017-4.1"], ["scores"]])
def test_everyday_commands_leave_heavy_modules_alone(seeded_sqlite, args):
    code = (
        "import sys\n"
        "from tracker.cli import cli\n"
        f"try:\n    cli(['--db', {seeded_sqlite!r}, *{args!r}], prog_name='tracker')\n"
        "except SystemExit:\n    pass\n"
        f"print(sorted(m for m in sys.modules if m.startswith({HEAVY!r})))\n"
    )
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert shown.stdout.strip().splitlines()[-1] == "[]"


def test_list_limit(seeded_sqlite):
    result = run(seeded_sqlite, "list", "--limit", "3", "--format", "csv")
    assert result.stdout.splitlines()[1:] and len(result.stdout.splitlines()) == 4


@pytest.fixture(scope="module")
def three_statements_template(seeded_sqlite_template, tmp_path_factory):
    """The seed and the two fictional statements of tests/data, drafted and loaded once."""
    folder = tmp_path_factory.mktemp("three")
    database = str(folder / "tracker.db")
    shutil.copy(seeded_sqlite_template, database)
    for text in sorted((REPO / "tests" / "data").glob("fictional-203[12]-*.txt")):
        draft = folder / f"{text.stem}.yaml"
        assert run(database, "ingest", str(text), "--output", str(draft)).exit_code == 0
        loaded = run(database, "load", str(draft), "--accept-drafts")
        assert loaded.exit_code == 0, loaded.output
    listed = run(database, "list", "--search", "we", "--columns", "statement").stdout
    assert set(listed.split()[2:]) == {
        "gc2017",
        "nsc2031",
        "swp2032",
    }
    return database


@pytest.fixture
def three_statements(three_statements_template, tmp_path):
    """A copy of the three statements' database for each test."""
    database = tmp_path / "tracker.db"
    shutil.copy(three_statements_template, database)
    return str(database)


@pytest.mark.parametrize("wide", [0, 20_000], ids=["checked", "searched"])
@pytest.mark.parametrize("limit", [1, 3, 30])
@pytest.mark.parametrize("name", MATCHING)
def test_every_way_of_listing_agrees(three_statements, monkeypatch, name, limit, wide):
    """Searched by index or checked in reading order, in one IN (...) list or
    several: the first N are the first N of the whole listing."""
    filters = FILTERS[name]
    engine = engine_for(three_statements)
    with db.transaction(engine) as session:
        everything = queries.list_commitments(session, filters)
        monkeypatch.setattr(planner, "WIDE", wide)
        monkeypatch.setattr(reads, "CHUNK", 2)
        limited = queries.list_commitments(session, filters, limit=limit)
        assert queries.list_commitments(session, filters) == everything
        bare = queries.list_commitments(session, filters, limit=limit, links=False)
    engine.dispose()
    assert everything and limited == everything[:limit]
    links = ("actors", "regions", "catalysts")
    assert bare == [{k: v for k, v in r.items() if k not in links} for r in limited]
    assert all(r["actors"] for r in everything)
