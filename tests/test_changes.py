"""`tracker changes`: what changed in a window, per commitment, oldest first."""

import csv
import io
import json

import pytest
from helpers import add_government, run

EVIDENCE = "https://example.org/fictional-changes"


def add(database: str, commitment: str, status: str, as_of: str, *options: str) -> str:
    result = run(database, "follow-up", "add", commitment, "--status", status, "--as-of", as_of,
                 "--source", EVIDENCE, *options)  # fmt: skip
    assert result.exit_code == 0, result.output
    return result.stdout.strip()


@pytest.fixture
def history(seeded: str) -> str:
    add(seeded, "gc2017-4.1", "in_progress", "2017-06-30", "--note", "Fictional: patrols began.")
    add(seeded, "gc2017-4.1", "in_progress", "2017-08-31")  # the same status: no change
    add(seeded, "gc2017-4.1", "stalled", "2017-10-31", "--note", "Fictional: patrols stopped.",
        "--assessor", "A. Analyst")  # fmt: skip
    wrong = add(seeded, "gc2017-7.3", "stalled", "2017-07-15")
    add(seeded, "gc2017-7.3", "achieved", "2017-07-15", "--corrects", wrong,
        "--note", "Fictional: misread; it held.")  # fmt: skip
    add_government(seeded, "Government of Fictional North", "NO")
    add(seeded, "gc2017-11.3", "achieved", "2017-09-01", "--actor",
        "Government of Fictional North", "--score", "+1")  # fmt: skip
    add(seeded, "gc2017-5.1", "achieved", "2018-03-01")  # after the window
    return seeded


WINDOW = ("--since", "2017-07-01", "--until", "2017-12-31")


def test_changes_as_a_table(history, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)
    result = run(history, "changes", *WINDOW)
    assert result.exit_code == 0, result.output
    what = 54
    assert result.stdout.splitlines() == [
        "COMMITMENT   AS OF       CHANGE      " + "WHAT".ljust(what) + "  NOTE",
        "-----------  ----------  ----------  " + "-" * what + "  " + "-" * 28,
        "gc2017-4.1   2017-10-31  status      "
        + "in_progress → stalled".ljust(what)
        + "  Fictional: patrols stopped.",
        "gc2017-7.3   2017-07-15  status      not_assessed → stalled",
        "gc2017-7.3   2017-07-15  correction  "
        + "corrects #4: stalled → achieved".ljust(what)
        + "  Fictional: misread; it held.",
        "gc2017-11.3  2017-09-01  score       "
        "Government of Fictional North scored +1 (not_assessed)",
    ]


def test_changes_as_json_csv_and_markdown(history):
    records = json.loads(run(history, "changes", *WINDOW, "--format", "json").stdout)
    assert [(r["commitment"], r["follow_up"], r["change"], r["from_status"], r["to_status"])
            for r in records] == [
        ("gc2017-4.1", 3, "status", "in_progress", "stalled"),
        ("gc2017-7.3", 4, "status", "not_assessed", "stalled"),
        ("gc2017-7.3", 5, "correction", "stalled", "achieved"),
        ("gc2017-11.3", 6, "score", "not_assessed", "not_assessed"),
    ]  # fmt: skip
    assert records[0]["assessor"] == "A. Analyst" and records[2]["corrects"] == 4
    assert records[3]["actor"] == "Government of Fictional North" and records[3]["score"] == 1
    rows = list(csv.DictReader(io.StringIO(run(history, "changes", *WINDOW, "--format",
                                               "csv").stdout)))  # fmt: skip
    assert list(rows[0]) == list(records[0])
    assert [r["follow_up"] for r in rows] == ["3", "4", "5", "6"]
    assert rows[0]["sources"] == EVIDENCE
    markdown = run(history, "changes", *WINDOW, "--format", "md").stdout
    assert markdown == (
        "## Changes from 2017-07-01 to 2017-12-31\n\n"
        "| Commitment | As of | Change | What | Note | Assessor |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        "| gc2017-4.1 | 2017-10-31 | status | in\\_progress → stalled |"
        " Fictional: patrols stopped. | A. Analyst |\n"
        "| gc2017-7.3 | 2017-07-15 | status | not\\_assessed → stalled |  |  |\n"
        "| gc2017-7.3 | 2017-07-15 | correction | corrects \\#4: stalled → achieved |"
        " Fictional: misread; it held. |  |\n"
        "| gc2017-11.3 | 2017-09-01 | score | Government of Fictional North scored +1"
        " (not\\_assessed) |  |  |\n"
    )


def test_a_window_with_nothing_in_it(seeded):
    result = run(seeded, "changes", "--since", "2017-07-01", "--format", "md")
    assert result.exit_code == 0
    nothing = "No status changed; no score, correction, context or new source was recorded."
    assert result.stdout.endswith(f"\n\n{nothing}\n")
    assert run(seeded, "changes", "--since", "2017-07-01", "--format", "json").stdout == "[]\n"


def test_new_evidence_is_a_change_of_its_own(seeded):
    add(seeded, "gc2017-4.1", "in_progress", "2017-06-30")
    add(seeded, "gc2017-4.1", "in_progress", "2017-08-31")  # the same source: nothing new
    later = f"{EVIDENCE}/fictional-later-report"
    add(seeded, "gc2017-4.1", "in_progress", "2017-09-30", "--source", later)
    records = json.loads(run(seeded, "changes", *WINDOW, "--format", "json").stdout)
    assert [(r["follow_up"], r["change"], r["new_sources"]) for r in records] == [
        (3, "source", [later])
    ]
    assert records[0]["sources"] == [EVIDENCE, later]
    table = run(seeded, "changes", *WINDOW, "--wide").stdout.splitlines()
    assert table[2].split(None, 3) == [
        "gc2017-4.1", "2017-09-30", "source", f"new evidence: {later}"
    ]


def test_context_is_a_change_and_dates_are_as_given(seeded, monkeypatch):
    """Context dated in the window is a change of its own (a briefer's background), with
    any new evidence; imprecise dates show as given."""
    monkeypatch.delenv("COLUMNS", raising=False)
    background = f"{EVIDENCE}/fictional-background"
    context = ["follow-up", "add", "gc2017-4.1", "--context", "--source", background]
    assert run(seeded, *context, "--as-of", "2017-08", "--note", "Fictional: the situation.")
    add(seeded, "gc2017-4.1", "in_progress", "2017-09")
    assert run(seeded, *context, "--as-of", "2017-10").exit_code == 0
    new = f"context, new evidence: {background}"
    assert run(seeded, "changes", *WINDOW).stdout.splitlines() == [
        "COMMITMENT  AS OF    CHANGE   " + "WHAT".ljust(len(new)) + "  NOTE",
        "----------  -------  -------  " + "-" * len(new) + "  " + "-" * 25,
        f"gc2017-4.1  2017-08  context  {new}  Fictional: the situation.",
        "gc2017-4.1  2017-09  status   not_assessed → in_progress",
        "gc2017-4.1  2017-10  context  context",
    ]
    records = json.loads(run(seeded, "changes", *WINDOW, "--format", "json").stdout)
    assert [(r["as_of"], r["change"], r["from_status"], r["to_status"]) for r in records] == [
        ("2017-08", "context", "not_assessed", "not_assessed"),
        ("2017-09", "status", "not_assessed", "in_progress"),
        ("2017-10", "context", "in_progress", "in_progress"),
    ]


def test_since_after_until_is_a_usage_error(seeded):
    result = run(seeded, "changes", "--since", "2018-01-01", "--until", "2017-01-01")
    assert result.exit_code == 2
    assert result.stderr.endswith("Error: --since 2018-01-01 is after --until 2017-01-01\n")


def test_the_report_has_the_section_when_given_since(history):
    markdown = run(history, "report", "--format", "md", "--since", "2017-07-01").stdout
    assert "## Changes from 2017-07-01 to " in markdown
    assert "| gc2017-5.1 | 2018-03-01 | status | not\\_assessed → achieved |  |  |" in markdown
    assert "## Changes" not in run(history, "report", "--format", "md").stdout
    html = run(history, "report", "--since", "2017-07-01").stdout
    assert html.count('data-change="') == 5 and 'id="change-list"' in html
