"""The database keeps the status tracker.status defines: triggers, views and filters."""

import datetime as dt
import shutil
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, text

from tracker import db, followups, queries, status
from tracker.clock import today
from tracker.models import (
    BulkLoad,
    BulkLoadPending,
    BulkLoadPendingNote,
    Commitment,
    CommitmentStatus,
    FollowUp,
)

COMMITMENTS = ["gc2017-4.1", "gc2017-4.2"]
DAY = dt.date(2017, 4, 1)
MOMENT = dt.datetime(2020, 1, 1, 12, 0, 0)

step = st.one_of(
    st.tuples(
        st.just("add"),
        st.sampled_from(COMMITMENTS),
        st.sampled_from(["in_progress", "stalled", "achieved", "not_assessed"]),
        st.integers(0, 3),  # as-of: a few days, so that ties happen
        st.integers(0, 2),  # recording time: a few moments, so that ties happen
        st.booleans(),  # a per-actor assessment
    ),
    st.tuples(st.just("correct"), st.integers(0, 30), st.sampled_from(["stalled", "achieved"])),
    # Context, dated before the statement or after: never counts.
    st.tuples(st.just("context"), st.sampled_from(COMMITMENTS), st.integers(-400, 3)),
)


def as_row(follow_up: FollowUp) -> SimpleNamespace:
    """What the status depends on, of one follow-up, kept past its session."""
    columns = (
        "id", "commitment_id", "actor_id", "status", "as_of", "recorded_at", "corrects_id", "kind",
    )  # fmt: skip
    return SimpleNamespace(**{column: getattr(follow_up, column) for column in columns})


def expected(rows: list[SimpleNamespace]) -> dict[str, tuple]:
    """tracker.status's rule, applied to each commitment's follow-ups."""
    current = {}
    for commitment in COMMITMENTS:
        ours = status.current(r for r in rows if r.commitment_id == commitment)
        current[commitment] = (ours.follow_up_id, ours.status, ours.as_of, ours.last_follow_up_on)
    return current


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, max_size=25))
def test_status_follows_every_sequence_of_follow_ups(
    seeded_sqlite_template, tmp_path_factory, steps
):
    path = tmp_path_factory.mktemp("status") / "tracker.db"
    shutil.copy(seeded_sqlite_template, path)
    engine = db.open_engine(db.resolve_url(str(path)))
    rows: list[dict] = []
    with db.transaction(engine, write=True) as session:
        for number, item in enumerate(steps):
            if item[0] == "context":
                _, commitment, day = item
                values = {
                    "commitment": commitment,
                    "kind": "context",
                    "as_of": DAY + dt.timedelta(days=day),
                    "sources": ["https://example.org/fictional-background"],
                }
            elif item[0] == "add":
                _, commitment, new_status, day, moment, per_actor = item
                values = {
                    "commitment": commitment,
                    "status": new_status,
                    "as_of": DAY + dt.timedelta(days=day),
                    "recorded_at": MOMENT + dt.timedelta(minutes=moment),
                    "sources": ["https://example.org/fictional"],
                    "actor": "INTERPOL" if per_actor else None,
                }
            else:
                _, index, new_status = item
                open_rows = [
                    r
                    for r in rows
                    if r.id not in {x.corrects_id for x in rows} and r.kind == "assessment"
                ]
                if not open_rows:
                    continue
                target = open_rows[index % len(open_rows)]
                values = {
                    "commitment": target.commitment_id,
                    "status": new_status,
                    "as_of": target.as_of,
                    "recorded_at": MOMENT,
                    "sources": ["https://example.org/fictional"],
                    "actor": "INTERPOL" if target.actor_id else None,
                    "corrects": target.id,
                }
            # Each its own finding: exact repeats are refused (test_followups.py).
            values["note"] = f"Fictional: step {number}."
            [new_id] = followups.add(session, values)
            row = session.get(FollowUp, new_id)
            rows.append(as_row(row))
        stored = {
            s.commitment_id: (s.follow_up_id, s.status, s.as_of, s.last_follow_up_on)
            for s in session.scalars(
                select(CommitmentStatus).where(CommitmentStatus.commitment_id.in_(COMMITMENTS))
            )
        }
    engine.dispose()
    assert stored == expected(rows)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(COMMITMENTS),
            st.sampled_from(["in_progress", "stalled", "achieved"]),
            st.integers(0, 3),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    ),
    before=st.lists(st.tuples(st.sampled_from(COMMITMENTS), st.integers(0, 3)), max_size=4),
)
def test_status_after_a_bulk_import(seeded_sqlite_template, tmp_path_factory, rows, before):
    """Imports defer the status to the end of the load; it must come out the same."""
    path = tmp_path_factory.mktemp("bulk") / "tracker.db"
    shutil.copy(seeded_sqlite_template, path)
    engine = db.open_engine(db.resolve_url(str(path)))
    evidence = ["https://example.org/fictional"]
    with db.transaction(engine, write=True) as session:
        for commitment, day in dict.fromkeys(before):  # exact repeats are refused
            followups.add(
                session,
                {
                    "commitment": commitment,
                    "status": "stalled",
                    "as_of": DAY + dt.timedelta(days=day),
                    "sources": evidence,
                },
            )
    lines = [
        (
            f"row {n}",
            {
                "commitment": c,
                "status": new_status,
                "as_of": str(DAY + dt.timedelta(days=day)),
                "sources": evidence,
                "actor": "INTERPOL" if per_actor else None,
                "note": f"Fictional note {n}",
            },
        )
        for n, (c, new_status, day, per_actor) in enumerate(rows)
    ]
    with db.transaction(engine, write=True) as session:
        followups.import_rows(session, lines)
    with db.transaction(engine) as session:
        stored = {
            s.commitment_id: (s.follow_up_id, s.status, s.as_of, s.last_follow_up_on)
            for s in session.scalars(
                select(CommitmentStatus).where(CommitmentStatus.commitment_id.in_(COMMITMENTS))
            )
        }
        history = [as_row(f) for f in session.scalars(select(FollowUp))]
        pending = session.scalar(select(func.count()).select_from(BulkLoadPending))
        pending_notes = session.scalar(select(func.count()).select_from(BulkLoadPendingNote))
        loading = session.scalar(select(func.count()).select_from(BulkLoad))
        # Every note is in the search index once, as if recorded one at a time,
        # at its follow-up's id (Datasette's search of follow_up needs that).
        indexed = session.execute(
            text(
                "SELECT rowid, follow_up_id, note FROM commitment_search"
                " WHERE follow_up_id IS NOT NULL"
            )
        ).all()
        notes = session.execute(
            select(FollowUp.id, FollowUp.id, FollowUp.note).where(FollowUp.note.is_not(None))
        ).all()
    engine.dispose()
    assert stored == expected(history)
    assert (pending, pending_notes, loading) == (0, 0, 0)
    assert sorted(indexed) == sorted(notes) and len(notes) == len(rows)


def _day(value: object) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value  # type: ignore[return-value]


def _by_the_rule_and_by_the_database(engine) -> tuple[set, set]:  # type: ignore[no-untyped-def]
    """Overdue and stale (365 days) commitments, checking that every way of asking agrees."""
    with db.transaction(engine) as session:
        rows = session.execute(
            text(
                "SELECT id, deadline, status, last_follow_up_on, statement_date, overdue"
                " FROM commitment_overview"
            )
        ).all()
        overdue = set(queries.commitment_ids(session, queries.Filters(overdue=True)))
        stale = set(queries.commitment_ids(session, queries.Filters(stale=365)))
    by_rule = {r.id for r in rows if status.is_overdue(_day(r.deadline), r.status, today())}
    stale_by_rule = {
        r.id
        for r in rows
        if status.is_stale(
            _day(r.last_follow_up_on), _day(r.statement_date), r.status, today(), 365
        )
    }
    assert {r.id for r in rows if r.overdue} == by_rule == overdue
    assert stale_by_rule == stale
    return overdue, stale


@pytest.mark.parametrize("closing", status.CLOSED)
def test_overdue_and_stale_follow_the_rule(seeded_sqlite, closing):
    """The view's overdue column and the list filters agree with tracker.status."""
    engine = db.open_engine(db.resolve_url(seeded_sqlite))
    evidence = ["https://example.org/fictional"]
    with db.transaction(engine) as session:
        [due] = session.scalars(select(Commitment.id).where(Commitment.deadline.is_not(None)))
    overdue, stale = _by_the_rule_and_by_the_database(engine)
    assert due in overdue and due in stale and "gc2017-4.1" in stale
    with db.transaction(engine, write=True) as session:
        followups.add(
            session, {"commitment": due, "status": closing, "as_of": DAY, "sources": evidence}
        )
        followups.add(
            session,
            {"commitment": "gc2017-4.1", "status": "stalled", "as_of": today(),
             "sources": evidence},
        )  # fmt: skip
    overdue, stale = _by_the_rule_and_by_the_database(engine)
    engine.dispose()
    assert due not in overdue | stale and "gc2017-4.1" not in stale


def test_a_bulk_load_defers_the_status_to_its_end(seeded_sqlite):
    engine = db.open_engine(db.resolve_url(seeded_sqlite))
    values = {
        "commitment": "gc2017-4.1",
        "status": "stalled",
        "as_of": DAY,
        "sources": ["https://example.org/fictional"],
        "note": "Fictional note",
    }

    def kept(session):  # type: ignore[no-untyped-def]
        return session.get(CommitmentStatus, "gc2017-4.1", populate_existing=True).status

    with db.transaction(engine, write=True) as session:
        with db.bulk_load(session):
            followups.add(session, values)
            assert kept(session) == "not_assessed"
            assert session.scalar(select(func.count()).select_from(BulkLoadPending)) == 1
        assert kept(session) == "stalled"
        assert session.scalar(select(func.count()).select_from(BulkLoad)) == 0
        assert session.scalar(select(func.count()).select_from(BulkLoadPendingNote)) == 0
    engine.dispose()


@settings(max_examples=200, deadline=None)
@given(
    items=st.lists(
        st.tuples(
            st.integers(0, 3),  # as-of: a few days, so that ties happen
            st.booleans(),  # a member's own
            st.sampled_from(["in_progress", "stalled", "achieved"]),
            st.integers(0, 30),  # corrects the follow-up of this id, if there is one before
            st.booleans(),  # context
        ),
        max_size=30,
    )
)
def test_a_replay_gives_the_status_after_each_follow_up(items):
    """status.Replay (what `tracker changes` uses) is status.current over every prefix."""
    rows = [
        SimpleNamespace(
            id=number, actor_id=7 if member else None, status=state,
            as_of=DAY + dt.timedelta(days=day), recorded_at=MOMENT + dt.timedelta(minutes=number),
            corrects_id=corrects if 0 < corrects < number else None,
            kind="context" if context else "assessment",
        )
        for number, (day, member, state, corrects, context) in enumerate(items, start=1)
    ]  # fmt: skip
    ordered = sorted(rows, key=lambda r: (r.as_of, r.recorded_at, r.id))
    replay = status.Replay()
    for count, row in enumerate(ordered, start=1):
        replay.add(row)
        assert replay.status == status.current(ordered[:count]).status
