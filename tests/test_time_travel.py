"""The tracker as of a day and as known at a moment: `--as-of`, `--known-at`, and in SQL."""

import datetime as dt
import json
import random

import pytest
from helpers import add_government, execute, run

from tracker import schema_doc, status

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


def test_random_histories_with_corrections(seeded):
    """For random histories: --as-of D is the status of the follow-ups dated by D, and
    --known-at T is the status the database kept at T."""
    rng = random.Random(20261202)
    statuses = ["in_progress", "stalled", "achieved", "not_achieved", "partially_achieved"]
    commitments = [f"gc2017-{n}" for n in ("4.2", "5.1", "6.3", "7.4", "11.6", "13.2")]
    kept_then: list[tuple[str, dict]] = []
    made: dict[str, list[tuple[int, str, str, int | None]]] = {c: [] for c in commitments}
    for _ in range(24):
        commitment = rng.choice(commitments)
        day = (dt.date(2017, 4, 1) + dt.timedelta(days=rng.randrange(600))).isoformat()
        options = []
        corrected = {c for *_, c in made[commitment]}
        open_ = [f for f, *_ in made[commitment] if f not in corrected]
        if open_ and rng.random() < 0.3:
            options = ["--corrects", str(rng.choice(open_))]
        new = add(seeded, commitment, rng.choice(statuses), day, *options)
        made[commitment].append((new, day, "", int(options[1]) if options else None))
        kept = {c: s for c, s, *_ in execute(
            seeded, "SELECT commitment_id, status, as_of FROM commitment_status")[0]}  # fmt: skip
        kept_then.append((recorded_at(seeded, new), kept))
    for moment, kept in kept_then[::5]:
        now = listed(seeded, "--known-at", moment)
        assert {c: now[c][0] for c in commitments} == {c: kept[c] for c in commitments}
    rows = execute(seeded, "SELECT id, commitment_id, actor_id, status, as_of, recorded_at,"
                           " corrects_id FROM follow_up")[0]  # fmt: skip
    for day in ("2017-05-01", "2017-09-30", "2018-03-31", "2018-12-31"):
        then = listed(seeded, "--as-of", day)
        for commitment in commitments:
            dated = [FollowUp(*row) for row in rows
                     if row[1] == commitment and str(row[4]) <= day]  # fmt: skip
            assert then[commitment][0] == status.current(dated).status, (commitment, day)


class FollowUp:
    def __init__(self, id, commitment_id, actor_id, state, as_of, recorded_at, corrects_id):
        self.id, self.actor_id, self.status = id, actor_id, state
        self.as_of, self.recorded_at, self.corrects_id = str(as_of), str(recorded_at), corrects_id
        self.kind = "assessment"


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
