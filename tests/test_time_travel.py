"""The tracker as of a day and as known at a moment: `--as-of`, `--known-at`, and in SQL."""

import datetime as dt
import json
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest
from helpers import add_government, engine_for, execute, run
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from tracker import db, followups, queries, schema_doc, status
from tracker.models import CommitmentStatus, FollowUp

EVIDENCE = "https://example.org/fictional-time-travel"


def add(database: str, commitment: str, state: str, as_of: str, *options: str) -> int:
    result = run(database, "follow-up", "add", commitment, "--status", state, "--as-of", as_of,
                 "--source", EVIDENCE, *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return int(result.stdout)


def recorded_at(database: str, follow_up: int) -> str:
    [[(value,)]] = execute(database, f"SELECT recorded_at FROM follow_up WHERE id = {follow_up}")
    return str(value)


def listed(database: str, *options: str) -> dict[str, tuple]:
    result = run(database, "list", "--format", "json", *options)
    assert result.exit_code == 0, result.output
    return {r["id"]: (r["status"], r["as_of"]) for r in json.loads(result.stdout)}


@pytest.fixture
def corrected(seeded: str) -> tuple[str, str]:
    """gc2017-4.1 stalled, then in progress; the second is later corrected to achieved.

    Returns the database and the moment just before the correction was recorded.
    """
    add(seeded, "gc2017-4.1", "stalled", "2017-06-30", "--note", "Fictional: paused.")
    second = add(seeded, "gc2017-4.1", "in_progress", "2017-09-30", "--note", "Fictional: on.")
    before = recorded_at(seeded, second)
    add(seeded, "gc2017-4.1", "achieved", "2017-09-30", "--corrects", str(second),
        "--note", "Fictional: it was done.")  # fmt: skip
    return seeded, before


def test_list_and_show_as_of_a_day_and_as_known_at_a_moment(corrected, monkeypatch):
    database, before = corrected
    monkeypatch.delenv("COLUMNS", raising=False)
    options = ["--columns", "id,status,as_of,latest_note", "--search", "sanctuary"]
    assert run(database, "list", *options).stdout.splitlines()[2] == (
        "gc2017-4.1  achieved  2017-09-30  Fictional: it was done."
    )
    assert run(database, "list", *options, "--as-of", "2017-07-31").stdout.splitlines()[2] == (
        "gc2017-4.1  stalled  2017-06-30  Fictional: paused."
    )
    assert run(database, "list", *options, "--as-of", "2017-06-29").stdout.splitlines()[2] == (
        "gc2017-4.1  not_assessed"
    )
    # As known before the correction: the corrected follow-up still stood.
    assert run(database, "list", *options, "--known-at", before).stdout.splitlines()[2] == (
        "gc2017-4.1  in_progress  2017-09-30  Fictional: on."
    )
    assert listed(database, "--status", "in_progress", "--known-at", before) == {
        "gc2017-4.1": ("in_progress", "2017-09-30")
    }
    assert listed(database, "--status", "in_progress") == {}
    shown = json.loads(run(database, "show", "gc2017-4.1", "--known-at", before,
                           "--format", "json").stdout)  # fmt: skip
    assert (shown["status"], [f["id"] for f in shown["history"]]) == ("in_progress", [1, 2])
    assert shown["history"][1]["corrected_by"] is None  # not known then
    text = run(database, "show", "gc2017-4.1", "--as-of", "2017-07-31").stdout
    assert "Status:    stalled (as of 2017-06-30)" in text and "#2" not in text


def test_search_at_a_moment_reads_the_notes_seen_then(corrected):
    """--search at --known-at T reads the notes recorded by T; at --as-of D, those of the
    follow-ups dated by D. Titles and quotes are as they are now."""
    database, before = corrected

    def found(query: str, *options: str) -> list[str]:
        return list(listed(database, "--search", query, *options))

    assert found("done") == ["gc2017-4.1"]  # the correction's note
    assert found("done", "--known-at", before) == []
    assert found("done", "--as-of", "2017-09-29") == []
    assert found("done", "--as-of", "2017-09-30") == ["gc2017-4.1"]
    assert found("paused", "--as-of", "2017-06-29") == []
    assert found("paused", "--as-of", "2017-06-30", "--known-at", before) == ["gc2017-4.1"]
    assert found("sanctuary", "--as-of", "2017-01-01", "--known-at", "2017-01-01") == [
        "gc2017-4.1"
    ]
    assert "gc2017-4.1" in found("sanctuary NOT done", "--known-at", before)
    assert "gc2017-4.1" not in found("sanctuary NOT done")


def test_known_at_takes_an_offset_or_z(corrected):
    """ISO 8601 with an offset or Z is turned into UTC; without one it is UTC already."""
    database, before = corrected
    moment = dt.datetime.fromisoformat(before)
    then = listed(database, "--known-at", before)
    assert then["gc2017-4.1"] == ("in_progress", "2017-09-30")
    later = moment + dt.timedelta(hours=2)
    assert listed(database, "--known-at", later.isoformat() + "+02:00") == then
    assert listed(database, "--known-at", moment.isoformat() + "Z") == then
    assert listed(database, "--known-at", later.isoformat())["gc2017-4.1"][0] == "achieved"
    for bad in ("yesterday", "2017-02-30", "2017-09-30T25:00", "9999-12-31T23:00-05:00"):
        result = run(database, "list", "--known-at", bad)
        assert result.exit_code == 2, bad
        assert result.stderr.splitlines()[-1] == (
            f"Error: Invalid value for '--known-at': {bad!r} is not an ISO 8601 time"
            " (YYYY-MM-DD HH:MM:SS, optionally with an offset such as +02:00 or Z)"
        )


def test_overdue_and_stale_are_judged_on_the_day(seeded):
    assert "gc2017-14.4" not in listed(seeded, "--overdue", "--as-of", "2017-07-01")
    assert "gc2017-14.4" in listed(seeded, "--overdue", "--as-of", "2017-08-01")
    assert listed(seeded, "--stale", "30", "--as-of", "2017-04-01") == {}
    assert len(listed(seeded, "--stale", "30", "--as-of", "2017-05-01")) == 44


def test_scores_as_of_a_day(seeded):
    add_government(seeded, "Government of Fictional North", "NO")
    north = ["--actor", "Government of Fictional North"]
    first = add(seeded, "gc2017-11.3", "not_started", "2017-06-30", *north, "--score", "-1")
    add(seeded, "gc2017-11.3", "achieved", "2017-12-31", *north, "--score", "+1")
    moment = recorded_at(seeded, first)

    def cell(*options: str) -> list:
        result = json.loads(run(seeded, "scores", "--format", "json", *options).stdout)
        return [(r["id"], r["scores"]) for r in result["commitments"]]

    assert cell() == [("gc2017-11.3", {"Government of Fictional North": 1})]
    assert cell("--as-of", "2017-07-01") == [("gc2017-11.3", {"Government of Fictional North": -1})]
    assert cell("--known-at", moment) == [("gc2017-11.3", {"Government of Fictional North": -1})]
    assert cell("--as-of", "2017-06-01") == []


def test_time_travel_options_are_refused_with_excluded(seeded):
    result = run(seeded, "list", "--excluded", "--as-of", "2017-07-01")
    assert result.exit_code == 2 and "--as-of does not apply to excluded sentences" in result.stderr


def test_the_plain_sql_way_gives_what_list_gives(corrected):
    database, before = corrected
    for day, known in [("2017-07-31", "9999-12-31 23:59:59"), ("2017-12-31", before),
                       ("2017-12-31", "9999-12-31 23:59:59"), ("2017-01-01", before)]:  # fmt: skip
        sql = schema_doc.AS_OF_SQL.replace(schema_doc.AS_OF_DAY, day).replace(
            schema_doc.KNOWN_AT, known
        )
        [rows] = execute(database, sql)
        from_sql = {id_: (state, as_of and str(as_of)) for id_, state, as_of in rows}
        options = ["--as-of", day] + (["--known-at", known] if known != schema_doc.KNOWN_AT else [])
        assert from_sql == listed(database, *options), (day, known)


COMMITMENTS = ["gc2017-4.1", "gc2017-4.2", "gc2017-11.3"]
DAY = dt.date(2017, 4, 1)
MOMENT = dt.datetime(2020, 1, 1, 12, 0, 0)
STATUSES = ["in_progress", "stalled", "achieved", "not_achieved", "partially_achieved"]
step = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(COMMITMENTS),
        st.sampled_from(STATUSES),
        st.integers(0, 600),  # days after DAY
        st.booleans(),  # a member's own assessment
    ),
    st.tuples(st.just("correct"), st.integers(0, 30), st.sampled_from(STATUSES),
              st.integers(0, 600)),  # fmt: skip
    # Context, before the statement or after: never counts.
    st.tuples(st.just("context"), st.sampled_from(COMMITMENTS), st.integers(-400, 600)),
)
histories = st.lists(step, min_size=1, max_size=12)


def _record(session: Any, steps: list[tuple]) -> tuple[list[SimpleNamespace], list[dict]]:
    """The steps as follow-ups, the n-th recorded n minutes after MOMENT; with the statuses
    the database kept after each."""
    rows: list[SimpleNamespace] = []
    kept: list[dict] = []
    for number, item in enumerate(steps):
        values: dict[str, Any] = {
            "recorded_at": MOMENT + dt.timedelta(minutes=number),
            "sources": [EVIDENCE],
            "note": f"Fictional: step {number}.",  # exact repeats are refused
        }
        if item[0] == "context":
            _, commitment, day = item
            values |= {"commitment": commitment, "kind": "context",
                       "as_of": DAY + dt.timedelta(days=day)}  # fmt: skip
        elif item[0] == "add":
            _, commitment, state, day, member = item
            values |= {"commitment": commitment, "status": state,
                       "as_of": DAY + dt.timedelta(days=day),
                       "actor": "INTERPOL" if member else None}  # fmt: skip
        else:
            _, index, state, day = item
            corrected = {r.corrects_id for r in rows}
            open_ = [r for r in rows if r.id not in corrected and r.kind == "assessment"]
            if not open_:
                continue
            target = open_[index % len(open_)]
            values |= {"commitment": target.commitment_id, "status": state,
                       "as_of": DAY + dt.timedelta(days=day), "corrects": target.id,
                       "actor": "INTERPOL" if target.actor_id else None}  # fmt: skip
        [new] = followups.add(session, values)
        row = session.get(FollowUp, new)
        rows.append(SimpleNamespace(**{c: getattr(row, c) for c in (
            "id", "commitment_id", "actor_id", "status", "as_of", "recorded_at", "corrects_id",
            "kind",
        )}))  # fmt: skip
        kept.append(dict(session.execute(
            select(CommitmentStatus.commitment_id, CommitmentStatus.status)
            .where(CommitmentStatus.commitment_id.in_(COMMITMENTS))
        ).all()))  # fmt: skip
    return rows, kept


def _statuses(session: Any, moment: queries.Moment) -> dict[str, str]:
    """Each commitment's status at ``moment``, as `tracker list` works it out."""
    listed = queries.iter_commitments(session, queries.Filters(), links=False, moment=moment)
    return {r["id"]: r["status"] for r in listed if r["id"] in COMMITMENTS}


def _replayed(rows: list[SimpleNamespace], day: dt.date, known: dt.datetime) -> dict[str, str]:
    """tracker.status's rule over the follow-ups dated by ``day`` and recorded by ``known``."""
    return {c: status.current(r for r in rows if r.commitment_id == c and r.as_of <= day
                              and r.recorded_at <= known).status for c in COMMITMENTS}  # fmt: skip


def check_histories(database: str, steps: list[tuple], pick: int) -> None:
    """--as-of D is the status recomputed from the follow-ups dated by D; --known-at T the
    status the database kept at T; both combine."""
    engine = engine_for(database)
    try:
        with db.transaction(engine, write=True) as session:
            rows, kept = _record(session, steps)
        with db.transaction(engine) as session:
            for row, then in zip(rows, kept, strict=True):
                known = queries.Moment(known_at=row.recorded_at)
                assert _statuses(session, known) == then, row.recorded_at
            days = sorted({r.as_of for r in rows} | {DAY - dt.timedelta(days=1)})
            for day in days:
                assert _statuses(session, queries.Moment(as_of=day)) == _replayed(
                    rows, day, dt.datetime.max
                ), day
    finally:
        engine.dispose()
    if not rows:
        return
    # Both at once, as the command line gives them.
    day, known = days[pick % len(days)], rows[pick % len(rows)].recorded_at
    listed_then = listed(database, "--as-of", day.isoformat(), "--known-at", str(known))
    assert {c: listed_then[c][0] for c in COMMITMENTS} == _replayed(rows, day, known)


PROPERTY = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@settings(PROPERTY, max_examples=8)
@given(steps=histories, pick=st.integers(0, 100))
def test_random_histories_with_corrections(seeded_sqlite_template, tmp_path_factory, steps, pick):
    """A few random histories on SQLite, for plain pytest; the slow test runs many on both."""
    path = tmp_path_factory.mktemp("travel") / "tracker.db"
    shutil.copy(seeded_sqlite_template, path)
    check_histories(str(path), steps, pick)


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
def test_many_random_histories_with_corrections(request, engine, tmp_path_factory):
    fresh = _fresh_databases(request, engine, tmp_path_factory)

    @settings(PROPERTY, max_examples=40 if engine == "sqlite" else 15)
    @given(steps=histories, pick=st.integers(0, 100))
    def check(steps: list[tuple], pick: int) -> None:
        with fresh() as database:
            check_histories(database, steps, pick)

    check()


def _fresh_databases(request: Any, engine: str, tmp_path_factory: Any) -> Any:
    """A function giving a new seeded database each time: a copy of the SQLite template, or
    the PostgreSQL dump restored into a schema of its own."""
    if engine == "sqlite":
        template = request.getfixturevalue("seeded_sqlite_template")

        @contextmanager
        def sqlite() -> Iterator[str]:
            path = tmp_path_factory.mktemp("travel") / "tracker.db"
            shutil.copy(template, path)
            yield str(path)

        return sqlite
    from conftest import restored_postgresql

    dump = request.getfixturevalue("seeded_postgresql_dump")
    return lambda: restored_postgresql(dump)


def test_export_and_report_as_known_at_a_moment(corrected):
    database, before = corrected
    exported = json.loads(run(database, "export", "--known-at", before).stdout)
    [patrols] = [r for r in exported if r.get("commitment") == "gc2017-4.1"]
    assert (patrols["status"], patrols["as_of"]) == ("in_progress", "2017-09-30")
    assert [(f["id"], f["corrected_by"]) for f in patrols["follow_ups"]] == [(1, None), (2, None)]
    day = json.loads(run(database, "export", "--as-of", "2017-07-31").stdout)
    assert [r["status"] for r in day if r.get("commitment") == "gc2017-4.1"] == ["stalled"]
    markdown = run(database, "report", "--format", "md", "--as-of", "2017-07-31").stdout
    assert "It shows the tracker as it stood on 2017-07-31 (follow-ups dated by then)." in markdown
    assert "| gc2017-4.1 | Deny ISIS sanctuary | Stalled | 2017-06-30 |" in markdown
    assert "Fictional: it was done." not in markdown
    html = run(database, "report", "--known-at", before).stdout
    assert f"as the database knew it at {before} UTC" in html
    assert 'data-commitment="gc2017-4.1" data-status="in_progress" data-as-of="2017-09-30"' in html
    now = run(database, "report").stdout
    assert 'data-commitment="gc2017-4.1" data-status="achieved" data-as-of="2017-09-30"' in now
    assert "it shows the tracker <span" in now and "as the database was at that moment" in now
