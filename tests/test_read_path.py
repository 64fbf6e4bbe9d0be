"""The read commands go through the DB-API driver alone (tracker.driver, tracker.reads).

`tracker list` with every filter (--assessed and --restated too), its
JSON, `tracker show`, `tracker follow-up list` with every filter, `tracker
scores`, `tracker export`, `tracker source list` and `source show`, and
shell completion never import SQLAlchemy nor Alembic, on either engine;
and completion offers what the database holds. Time travel reads through
a session, from the same SQL, and must agree with them.
"""

import json
import os
import subprocess
import sys

import pytest
from helpers import EVIDENCE, completing, imported_by, run

HEAVY = ("sqlalchemy", "alembic")
EVERY_FILTER = [
    "--statement", "gc2017", "--status", "in_progress", "--actor", "INTERPOL", "--role",
    "partner", "--region", "Iraq", "--theme", "military", "--type", "pledge", "--search",
    "passports", "--due-before", "2030-01-01", "--overdue", "--stale", "30", "--limit", "3",
]  # fmt: skip
READS = [
    ["list"],
    ["list", "--format", "json"],
    ["list", "--format", "csv"],
    ["list", "--excluded"],
    ["list", "--excluded", "--search", "welcome", "--limit", "2"],
    ["list", "--columns", "id,status,as_of,latest_note", "--search", "passport* OR border"],
    ["list", "--search", '"border security" NOT (iraq OR syria)', "--format", "csv"],
    ["list", "--actor", "interp", "--region", "lake chad", "--format", "json"],
    ["list", *EVERY_FILTER],
    ["list", "--status", "not_assessed", "--limit", "2", "--format", "json"],
    ["scores"],
    ["scores", "--statement", "gc2017", "--format", "json"],
]


def modules_after(
    database: str,
    args: list[str],
    env: dict[str, str] | None = None,
    among: tuple[str, ...] = HEAVY,
    more: list[list[str]] | None = None,
) -> list[str]:
    """The modules of ``among`` (or within them) loaded by `tracker ARGS`, and then by
    each of ``more`` in the same process, run as the console script runs it."""
    return imported_by([["--db", database, *a] for a in [args, *(more or [])]], env, among)[1]


@pytest.mark.parametrize("args", READS, ids=" ".join)
def test_the_read_commands_do_not_import_sqlalchemy(seeded, args):
    assert modules_after(seeded, args) == []


FOLLOWED_READS = [
    ["show", "gc2017-4.1"],
    ["show", "GC2017-4.2", "--format", "json"],
    ["show", "gc2017-4.9"],
    ["follow-up", "list"],
    ["follow-up", "list", "gc2017-4.1", "--format", "json"],
    ["follow-up", "list", "--since", "2017-06-01", "--actor", "interp", "--assessor", "nobody",
     "--status", "stalled", "--limit", "2", "--format", "csv"],
    ["list", "--assessed", "interpol", "--format", "csv"],
    ["list", "--restated", "--statement", "gc2017"],
    ["export"],
    ["export", "--format", "csv", "--statement", "gc2017"],
    ["source", "list"],
    ["source", "show", EVIDENCE, "--format", "json"],
]  # fmt: skip


def test_show_and_follow_up_list_do_not_import_sqlalchemy(followed):
    first, *more = FOLLOWED_READS
    assert modules_after(followed, first, more=more) == []


# What a table of commitments or scores does without: each module costs
# start-up time at every run (README, "Start-up"). The formats and texts
# that need one import it.
UNNEEDED = ("dataclasses", "json", "csv", "textwrap", "tracker.records", "tracker.values",
            "tracker.search", "tracker.queries", "tracker.db")  # fmt: skip


TABLES = [["list"], ["list", "--status", "in_progress", "--limit", "3"], ["scores"]]


@pytest.mark.parametrize("args", TABLES, ids=" ".join)
def test_a_table_imports_only_what_it_needs(seeded_sqlite, args):
    assert modules_after(seeded_sqlite, args, among=UNNEEDED) == []


def completion(database: str, words: str) -> list[str]:
    """What bash is offered for the last of ``words`` (`tracker ...`)."""
    env = completing(words, database)
    done = subprocess.run(
        [sys.executable, "-c", "from tracker.lane import main; main()"],
        capture_output=True,
        text=True,
        env=os.environ | env,
        check=True,
    )
    return [line.split(",", 1)[1] for line in done.stdout.splitlines() if line]


CASES = {
    "tracker show gc2017-4.": [f"gc2017-4.{n}" for n in range(1, 7)],
    "tracker show GC2017-13": ["gc2017-13.1", "gc2017-13.2", "gc2017-13.3", "gc2017-13.4"],
    "tracker follow-up list gc2017-14": [f"gc2017-14.{n}" for n in range(1, 5)],
    "tracker follow-up add gc2017-5.": [f"gc2017-5.{n}" for n in range(1, 6)],
    "tracker list --actor In": ["INTERPOL", "internally displaced persons"],
    "tracker follow-up add gc2017-1.1 --actor interp": ["INTERPOL"],
    "tracker list --region Ir": ["Iraq"],
    "tracker list --region iq": ["IQ"],
    "tracker list --region lake": ["Lake Chad basin"],
    "tracker list --statement g": ["gc2017"],
    "tracker scores --statement x": [],
    "tracker list --status in": ["in_progress"],
    "tracker list --status not_": ["not_assessed", "not_started", "not_achieved"],
    "tracker list --theme mil": ["military"],
    "tracker show nothing-like-it": [],
}


@pytest.mark.parametrize("words", CASES)
def test_completion_offers_what_the_database_holds(seeded_sqlite, words):
    assert completion(seeded_sqlite, words) == CASES[words]


def test_completion_on_postgresql(seeded_postgresql):
    assert (
        completion(seeded_postgresql, "tracker show gc2017-4.") == CASES["tracker show gc2017-4."]
    )


def test_completion_of_a_database_that_is_not_there_offers_nothing(tmp_path):
    assert completion(str(tmp_path / "missing.db"), "tracker show gc") == []


@pytest.mark.parametrize(
    "words", ["tracker show gc2017-4.", "tracker list --actor In", "tracker list --region Ir"]
)
def test_completion_imports_the_driver_and_its_own_sql_alone(seeded_sqlite, words):
    among = (*HEAVY, *UNNEEDED, "tracker.reads", "tracker.planner", "tracker.suggest",
             "tracker.output", "tracker.read_commands", "tracker.settings", "click")  # fmt: skip
    assert modules_after(seeded_sqlite, [], completing(words, seeded_sqlite), among) == []


SAME = [
    ["--region", "Iraq"],
    ["--search", "passport* OR border"],
    ["--status", "not_assessed", "--theme", "military"],
    ["--overdue"],
    ["--stale", "365", "--limit", "5"],
]


@pytest.mark.parametrize("options", SAME, ids=" ".join)
def test_the_session_path_and_the_driver_path_list_the_same(seeded, options):
    """The scorecard and time travel read through a session; the commands through the driver.

    A --known-at after every recording is worked out the other way (the
    follow-ups replayed by tracker.status's rule, in Python) and must agree.
    """
    driven = run(seeded, "list", *options, "--format", "json")
    assert driven.exit_code == 0, driven.output
    replayed = run(seeded, "list", *options, "--format", "json", "--known-at", "2999-01-01")
    assert replayed.exit_code == 0, replayed.output
    assert replayed.stdout == driven.stdout
    table = run(seeded, "list", *options)
    assert run(seeded, "list", *options, "--known-at", "2999-01-01").stdout == table.stdout


def test_the_session_path_and_the_driver_path_score_the_same(seeded):
    from helpers import engine_for

    from tracker import db, output, queries

    engine = engine_for(seeded)
    with db.transaction(engine) as session:
        listed = queries.list_commitments(session, queries.Filters(region="Iraq"))
        scored = queries.compliance_scores(session, None)
    engine.dispose()
    shown = json.loads(run(seeded, "list", "--region", "Iraq", "--format", "json").stdout)
    printed = [output.commitment_as_given(r) for r in listed]
    assert json.loads(json.dumps(printed, default=str)) == shown
    assert json.loads(json.dumps(scored, default=str)) == json.loads(
        run(seeded, "scores", "--format", "json").stdout
    )
    for fmt in ("table", "json", "csv"):
        assert (
            run(seeded, "scores", "--format", fmt).stdout
            == run(seeded, "scores", "--format", fmt, "--known-at", "2999-01-01").stdout
        )


# Each read with time travel to after every recording, on the session's path.
REPLAYED = [
    *(["show", wanted, "--format", fmt] for wanted in ("gc2017-4.1", "gc2017-4.2", "gc2017-4.3")
      for fmt in ("text", "json")),
    ["list", "--assessed", "INTERPOL"],
    ["list", "--assessed", "INTERPOL", "--format", "json"],
    ["export"],
    ["export", "--format", "csv", "--statement", "gc2017"],
]  # fmt: skip


def test_the_session_path_and_the_driver_path_show_and_export_the_same(followed):
    """A --known-at after every recording works each status out from the history."""
    for args in REPLAYED:
        driven = run(followed, *args)
        assert driven.exit_code == 0, driven.output
        replayed = run(followed, *args, "--known-at", "2999-01-01")
        assert replayed.stdout == driven.stdout, args
    assert "Fictional: context." in run(followed, "show", "gc2017-4.1").stdout
