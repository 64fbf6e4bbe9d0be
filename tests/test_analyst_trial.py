"""The analyst's trial of issue #13, repeated with fictional evidence, on both engines.

Month-precision dates, sources with titles and publishers, context before
the statement, one event on two commitments, three members scored and one
correction that removes a score; then `tracker scores`, `show`, the report
and plain SQL over the documented views must agree.
"""

from __future__ import annotations

import json

from helpers import execute, run

REPORT = "https://example.org/fictional-stabilisation-report"
PLEDGES = "https://example.org/fictional-pledging-conference"
BACKGROUND = "https://example.org/fictional-situation-2016"
MEMBERS = {
    "Government of Fictionia": "national_government",
    "Government of Northland": "national_government",
    "Government of Eastmark": "national_government",
}


def ok(database: str, *args: str) -> str:
    result = run(database, *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def record_the_trial(database: str) -> dict[str, int]:
    for name, kind in MEMBERS.items():
        ok(database, "actor", "add", name, "--kind", kind)
    ok(database, "source", "add", REPORT, "--title", "Fictional stabilisation report",
       "--publisher", "Example Ministry", "--published", "2017-10",
       "--archived", "https://archive.example.org/fictional-stabilisation-report")  # fmt: skip
    ok(database, "source", "add", PLEDGES, "--title", "Fictional pledging conference",
       "--publisher", "Example Agency", "--published", "2018")  # fmt: skip
    ok(database, "source", "add", BACKGROUND, "--title", "Fictional situation report",
       "--publisher", "Example Observatory", "--published", "2016-11")  # fmt: skip
    context = ok(database, "follow-up", "add", "gc2017-4.1", "--context", "--as-of", "2016-11",
                 "--source", BACKGROUND, "--note", "Fictional: the situation before.")  # fmt: skip
    both = ok(database, "follow-up", "add", "gc2017-4.1", "gc2017-4.2", "--status",
              "in_progress", "--as-of", "2017-10", "--source", REPORT, "--source", PLEDGES,
              "--note", "Fictional: one event on two commitments.")  # fmt: skip

    def score(member: str, status: str, value: str, as_of: str, *more: str) -> int:
        return int(
            ok(
                database,
                "follow-up",
                "add",
                "gc2017-4.1",
                "--actor",
                member,
                "--status",
                status,
                "--score",
                value,
                "--as-of",
                as_of,
                "--source",
                PLEDGES,
                *more,
            )  # fmt: skip
        )

    score("Government of Fictionia", "achieved", "1", "2018")
    score("Government of Northland", "in_progress", "0", "2018-02")
    wrong = score("Government of Eastmark", "not_started", "-1", "2018-03")
    corrected = int(
        ok(
            database,
            "follow-up",
            "add",
            "gc2017-4.1",
            "--actor",
            "Government of Eastmark",
            "--status",
            "in_progress",
            "--as-of",
            "2018-03",
            "--source",
            PLEDGES,
            "--corrects",
            str(wrong),
            "--note",
            "Fictional: no score could be given.",
        )  # fmt: skip
    )
    first, second = map(int, both.split())
    return {"context": int(context), "first": first, "second": second, "corrected": corrected}


def test_the_analyst_trial_agrees_everywhere(seeded):
    ids = record_the_trial(seeded)

    # The matrix: two members scored; the correction emptied Eastmark's cell.
    scores = json.loads(ok(seeded, "scores", "--format", "json"))
    [row] = [r for r in scores["commitments"] if r["id"] == "gc2017-4.1"]
    assert row["scores"] == {"Government of Fictionia": 1, "Government of Northland": 0}
    assert "Government of Eastmark" not in scores["actors"]

    # Plain SQL over the documented views says the same.
    [cells, status, evidence, links] = execute(
        seeded,
        "SELECT actor, score FROM compliance_matrix WHERE commitment_id = 'gc2017-4.1'"
        " ORDER BY actor",
        "SELECT status, as_of FROM commitment_overview WHERE id IN ('gc2017-4.1', 'gc2017-4.2')"
        " ORDER BY id",
        f"SELECT title, publisher FROM follow_up_evidence WHERE follow_up_id = {ids['first']}"
        " ORDER BY position",
        f"SELECT count(*) FROM follow_up_source WHERE follow_up_id = {ids['second']}",
    )
    assert cells == [("Government of Fictionia", 1), ("Government of Northland", 0)]
    # Context sets no status: the event of 2017-10 (its last day) does.
    assert [(s, str(d)) for s, d in status] == [
        ("in_progress", "2017-10-31"),
        ("in_progress", "2017-10-31"),
    ]
    assert evidence == [
        ("Fictional stabilisation report", "Example Ministry"),
        ("Fictional pledging conference", "Example Agency"),
    ]
    assert links == [(2,)]
    [[(precision,)]] = execute(
        seeded, f"SELECT as_of_precision FROM follow_up WHERE id = {ids['first']}"
    )
    assert precision == "month"

    # show: the member table, the dates as given, context apart, sources by title.
    shown = ok(seeded, "show", "gc2017-4.1")
    assert "Status:    in_progress (as of 2017-10)\n" in shown
    members = shown[shown.index("Members, each") : shown.index("History, oldest first")]
    lines = [line.split() for line in members.splitlines()[4:] if line.strip()]
    assert [(" ".join(w[:3]), w[3], w[4] if len(w) > 4 else "") for w in lines] == [
        ("Government of Eastmark", "in_progress", "2018-03"),
        ("Government of Fictionia", "achieved", "+1"),
        ("Government of Northland", "in_progress", "0"),
    ]
    history, context = (
        " ".join(part.split())
        for part in shown.split("Context (what the statement responded to; sets no status):")
    )
    assert "2017-10 in_progress" in history and "2016-11" not in history
    assert f"#{ids['context']} 2016-11 not_assessed" in context
    assert f"Fictional stabilisation report, Example Ministry, 2017-10: {REPORT}" in history
    assert "Fictional situation report, Example Observatory, 2016-11" in context

    # The report: the same cells, members marked, context apart.
    markdown = ok(seeded, "report", "--format", "md")
    assert "| gc2017-4.1 | +1 | 0 | +0.50 | 75% |" in markdown
    assert "Government of Eastmark; Government of Fictionia (+1); Government of Northland (0)" in (
        markdown
    )
    context_section = markdown[markdown.index("## Context") : markdown.index("## Compliance")]
    assert "Fictional: the situation before." in context_section
    assert "[Fictional stabilisation report, Example Ministry, 2017-10]" in markdown

    # follow-up list names the sources by title and publisher, the dates as given.
    table = ok(seeded, "follow-up", "list", "gc2017-4.1")
    [row] = [line for line in table.splitlines() if line.startswith(f"{ids['first']} ")]
    assert " 2017-10 " in row
    assert row.endswith(
        "Fictional stabilisation report / Example Ministry;"
        " Fictional pledging conference / Example Agency"
    )

    # A member's own list.
    listed = ok(seeded, "list", "--assessed", "Government of Eastmark", "--format", "csv")
    assert listed.splitlines()[1].startswith("gc2017-4.1,in_progress,,2018-03,")


def test_the_trial_survives_export_and_import(seeded, tmp_path):
    """Actors and sources travel with the data: export, import, export is byte-identical."""
    record_the_trial(seeded)
    first = ok(seeded, "export", "--format", "json")
    fresh = str(tmp_path / "fresh.db")
    ok(fresh, "init")
    exported = tmp_path / "export.json"
    exported.write_text(first, encoding="utf-8")
    ok(fresh, "follow-up", "import", str(exported))
    assert ok(fresh, "export", "--format", "json") == first
    assert ok(fresh, "scores", "--format", "csv") == ok(seeded, "scores", "--format", "csv")


def test_the_trial_prints_the_status_dates_as_given(seeded):
    """The as-of and last follow-up of a status show as precise as their evidence."""
    ids = record_the_trial(seeded)
    columns = ("--columns", "id,status,as_of,last_follow_up_on", "--status", "in_progress")
    listed = json.loads(ok(seeded, "list", *columns, "--format", "json"))
    assert listed == [
        {"id": "gc2017-4.1", "status": "in_progress", "as_of": "2017-10",
         "last_follow_up_on": "2018"},
        {"id": "gc2017-4.2", "status": "in_progress", "as_of": "2017-10",
         "last_follow_up_on": "2017-10"},
    ]  # fmt: skip
    whole = json.loads(ok(seeded, "list", "--status", "in_progress", "--format", "json"))[0]
    assert (whole["as_of"], whole["last_follow_up_on"]) == ("2017-10", "2018")
    assert "as_of_precision" not in whole and "last_follow_up_precision" not in whole
    csv = ok(seeded, "list", *columns, "--format", "csv")
    assert csv == (
        "id,status,as_of,last_follow_up_on\n"
        "gc2017-4.1,in_progress,2017-10,2018\n"
        "gc2017-4.2,in_progress,2017-10,2017-10\n"
    )
    # Time travel: as of 2018-06-30 the year 2018 is not yet over, so not seen.
    then = ok(seeded, "list", *columns, "--format", "csv", "--as-of", "2018-06-30")
    assert then.splitlines()[1] == "gc2017-4.1,in_progress,2017-10,2018-03"
    assert ok(seeded, "list", *columns, "--limit", "1") == (
        "ID          STATUS       AS OF    LAST FOLLOW-UP\n"
        "----------  -----------  -------  --------------\n"
        "gc2017-4.1  in_progress  2017-10  2018\n"
    )
    exported = ok(seeded, "export", "--format", "csv").splitlines()
    [row] = [line for line in exported if line.startswith("gc2017-4.2,")]
    assert row.startswith(
        'gc2017-4.2,"Prevent ISIS from dispersing its fighters, weapons or resources",'
        f"in_progress,2017-10,{ids['second']},,in_progress,,2017-10,{REPORT} {PLEDGES},"
    )
    markdown = ok(seeded, "report", "--format", "md")
    assert "| gc2017-4.1 | Deny ISIS sanctuary | In progress | 2017-10 |" in markdown
    assert "| gc2017-4.1 | Government of Fictionia | Achieved | +1 | 2018 |" in markdown
    page = ok(seeded, "report")
    assert 'data-commitment="gc2017-4.1" data-status="in_progress" data-as-of="2017-10"' in page
    assert '<td class="id">2017-10</td>' in page and '<td class="id">2017-10-31</td>' not in page
