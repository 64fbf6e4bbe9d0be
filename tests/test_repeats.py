"""What was promised before: links from a commitment to the earlier ones it repeats.

The fictional Meridian ministerial of 2035 was written to repeat five promises of
the 2033 one; loading both proves the links, on each engine.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from helpers import STATEMENT, edit, execute, run, snapshot

from tracker import repeats
from tracker.annotation import AnnotationError, read_annotation
from tracker.drafting import extract

DATA = Path(__file__).parent / "data"
EARLIER = DATA / "fictional-2033-meridian-coalition-ministerial.txt"
LATER = DATA / "fictional-2035-meridian-coalition-ministerial.txt"

RESTATED_CSV = """\
later_id,later_date,kind,score,earlier_id,earlier_date,earlier_status,later_title
mc2035-3.1,2035-06-17,reaffirms,89,mc2033-3.1,2033-10-09,not_assessed,Strengthening cooperation with the Government of Mali on border security
mc2035-3.2,2035-06-17,reaffirms,100,mc2033-3.2,2033-10-09,not_assessed,Continue the fight against the Ashen Banner until its enduring defeat
mc2035-3.3,2035-06-17,reaffirms,100,mc2033-3.3,2033-10-09,not_assessed,Confirmed their continued support for stabilisation programmes in Mali and Niger
mc2035-5.2,2035-06-17,reaffirms,78,mc2033-6.1,2033-10-09,not_assessed,Reiterated their support for the Multinational Joint Task Force in the Lake Chad basin
mc2035-6.1,2035-06-17,restates,81,mc2033-5.2,2033-10-09,not_assessed,"Provide USD 25 million for the recovery of communities in central Mali, as promised at their…"
"""  # noqa: E501


def _ingest(database: str | None, text: Path, draft: Path) -> None:
    args = ["ingest", str(text), "--output", str(draft)]
    result = run(database, *args) if database else run_without_db(*args)
    assert result.exit_code == 0, result.output


def run_without_db(*args: str):
    from click.testing import CliRunner

    from tracker.cli import cli

    return CliRunner().invoke(cli, list(args))


def _load(database: str, draft: Path) -> str:
    result = run(database, "load", "--accept-drafts", str(draft))
    assert result.exit_code == 0, result.output
    return result.stderr


def _pair(database: str, tmp_path: Path) -> Path:
    """Ingest and load the 2033 statement, then draft the 2035 one against the database."""
    _ingest(database, EARLIER, tmp_path / "mc2033.yaml")
    _load(database, tmp_path / "mc2033.yaml")
    _ingest(database, LATER, tmp_path / "mc2035.yaml")
    return tmp_path / "mc2035.yaml"


def _links(draft: Path) -> dict[str, list[dict]]:
    data = yaml.safe_load(draft.read_text("utf-8"))
    return {
        c["id"]: c["repeats"]
        for s in data["sentences"]
        for c in s.get("commitments", [])
        if "repeats" in c
    }


def test_the_meridian_pair_is_linked(seeded, tmp_path):
    draft = _pair(seeded, tmp_path)
    written = draft.read_text("utf-8")
    assert "  repeats_listed: true\n" in written
    assert "# Compared with the commitments of the database's earlier statements" in written
    assert _links(draft) == {
        "mc2035-3.1": [{"id": "mc2033-3.1", "kind": "reaffirms", "score": 89, "draft": True}],
        "mc2035-3.2": [{"id": "mc2033-3.2", "kind": "reaffirms", "score": 100, "draft": True}],
        "mc2035-3.3": [{"id": "mc2033-3.3", "kind": "reaffirms", "score": 100, "draft": True}],
        "mc2035-5.2": [{"id": "mc2033-6.1", "kind": "reaffirms", "score": 78, "draft": True}],
        "mc2035-6.1": [{"id": "mc2033-5.2", "kind": "restates", "score": 81, "draft": True}],
    }
    assert "mc2035: loaded (11 commitments, 7 excluded sentences, 5 repeating earlier ones)" in (
        _load(seeded, draft)
    )
    listed = run(seeded, "list", "--restated", "--format", "csv")
    assert listed.exit_code == 0, listed.output
    assert listed.stdout == RESTATED_CSV
    only = run(seeded, "list", "--restated", "--statement", "gc2017", "--format", "csv")
    assert only.stdout == RESTATED_CSV.splitlines(keepends=True)[0]
    later = run(seeded, "show", "mc2035-3.1")
    assert later.stdout.endswith(
        "History: no follow-ups yet.\n\nRepeats, oldest first:\n"
        "  mc2033-3.1  2033-10-09  reaffirms  score 89  not_assessed\n"
    )
    earlier = json.loads(run(seeded, "show", "mc2033-5.2", "--format", "json").stdout)
    assert earlier["repeats"] == []
    assert earlier["repeated_by"] == [
        {
            "id": "mc2035-6.1",
            "statement": "mc2035",
            "date": "2035-06-17",
            "kind": "restates",
            "score": 81,
            "status": "not_assessed",
        }
    ]
    verified = run(seeded, "db", "verify")
    assert verified.exit_code == 0, verified.output


def test_load_stores_the_links_the_reviewed_draft_lists(seeded_sqlite, tmp_path):
    draft = _pair(seeded_sqlite, tmp_path)
    # The reviewer drops one proposed link and keeps the others.
    reviewed = draft.read_text("utf-8").replace(
        "    repeats:\n    - id: mc2033-6.1\n      kind: reaffirms\n      score: 78\n"
        "      draft: true\n",
        "",
    )
    draft.write_text(reviewed, "utf-8")
    assert "4 repeating earlier ones" in _load(seeded_sqlite, draft)
    listed = run(seeded_sqlite, "list", "--restated", "--format", "csv").stdout
    assert "mc2035-5.2" not in listed and listed.count("\n") == 5


def test_proposed_links_are_drafts_until_reviewed(seeded_sqlite, tmp_path):
    draft = _pair(seeded_sqlite, tmp_path)
    accepted = re.sub(r"(?m)^  draft: true\n", "", draft.read_text("utf-8"))  # sentences
    draft.write_text(accepted, "utf-8")
    before = snapshot(seeded_sqlite)
    refused = run(seeded_sqlite, "load", str(draft))
    assert refused.exit_code == 1
    assert refused.stderr.startswith("Error: mc2035.yaml: sentence 3.1: 5 entries are still drafts")
    assert snapshot(seeded_sqlite) == before


def test_a_link_to_no_earlier_commitment_is_refused(seeded, tmp_path):
    draft = _pair(seeded, tmp_path)
    draft.write_text(draft.read_text("utf-8").replace("id: mc2033-3.1", "id: mc2033-9.9"))
    before = snapshot(seeded)
    refused = run(seeded, "load", "--accept-drafts", str(draft))
    assert refused.exit_code == 1
    assert refused.stderr == (
        "Error: mc2035-3.1 repeats mc2033-9.9, which is no commitment of a statement dated"
        " before 2035-06-17\n"
    )
    assert snapshot(seeded) == before


def test_without_listed_links_load_finds_them(seeded_sqlite, tmp_path):
    """A draft written without a database (or a seed) gets its links when loaded."""
    _ingest(None, EARLIER, tmp_path / "a.yaml")
    _ingest(None, LATER, tmp_path / "b.yaml")
    assert "repeats" not in (tmp_path / "b.yaml").read_text("utf-8")
    _load(seeded_sqlite, tmp_path / "a.yaml")
    assert "5 repeating earlier ones" in _load(seeded_sqlite, tmp_path / "b.yaml")
    listed = run(seeded_sqlite, "list", "--restated", "--format", "csv")
    assert listed.stdout == RESTATED_CSV


def test_an_earlier_statement_loaded_later_links_to_none(seeded_sqlite, tmp_path):
    """Links go from a statement to those dated before it, whatever the loading order."""
    _ingest(None, LATER, tmp_path / "b.yaml")
    _ingest(None, EARLIER, tmp_path / "a.yaml")
    _load(seeded_sqlite, tmp_path / "b.yaml")
    assert "repeating" not in _load(seeded_sqlite, tmp_path / "a.yaml")
    assert run(seeded_sqlite, "list", "--restated").stdout.count("\n") == 2  # the header only


def test_a_guessed_code_that_is_taken_gets_a_suffix(seeded_sqlite, tmp_path):
    _ingest(seeded_sqlite, EARLIER, tmp_path / "a.yaml")
    _load(seeded_sqlite, tmp_path / "a.yaml")
    _ingest(seeded_sqlite, EARLIER, tmp_path / "again.yaml")
    again = yaml.safe_load((tmp_path / "again.yaml").read_text("utf-8"))
    assert again["statement"]["code"] == "mc2033-2"
    assert again["sentences"][4]["commitments"][0]["id"].startswith("mc2033-2-")
    text = EARLIER.read_text("utf-8")
    known = extract.Known(frozenset({"mc2033", "mc2033-2"}), ())
    assert extract.draft(text, known=known).code == "mc2033-3"
    assert extract.draft(text, extract.StatementFields(code="mc2033"), known=known).code == (
        "mc2033"
    )  # a code given is kept: load refuses it if taken
    assert extract.draft(text).code == "mc2033"


@pytest.mark.parametrize(
    "quote, kind",
    [
        ("The Ministers reaffirmed their commitment to act", "reaffirms"),
        ("We reiterate our support", "reaffirms"),
        ("They renewed their pledge", "reaffirms"),
        ("Coalition partners confirmed their continued support", "reaffirms"),
        ("They pledged to provide USD 25 million", "restates"),
        ("We will continue to support the task force", "restates"),
    ],
)
def test_the_kind_follows_the_later_verb(quote, kind):
    assert repeats.kind_of(quote) == kind


def test_links_go_only_to_statements_dated_before():
    day = dt.date(2035, 1, 1)
    earlier = [
        repeats.Earlier("a-1", dt.date(2034, 1, 1), "We will open a hub in Abuja."),
        repeats.Earlier("b-1", day, "We will open a hub in Abuja."),
        repeats.Earlier("c-1", dt.date(2033, 1, 1), "We condemn the attacks."),
    ]
    found = repeats.find([("d-1", "We will open a hub in Abuja.")], day, earlier)
    assert found == [repeats.Link("a-1", "d-1", "restates", 100)]


@pytest.mark.parametrize(
    "entry, problem",
    [
        ("{id: mc2033-3.1, kind: copies, score: 80}", "'copies' is not one of reaffirms, restates"),
        ("{id: mc2033-3.1, kind: restates, score: 101}", "a whole number from 0 to 100, not 101"),
        ("{id: mc2033-3.1, kind: restates, score: 80.5}", "a whole number from 0 to 100"),
        ("{id: mc2035-3.1, kind: restates, score: 80}", "a commitment of an earlier statement"),
        ("{id: mc2033-3.1, kind: restates}", "missing 'score'"),
        ("{id: mc2033-3.1, kind: restates, score: 80, by: me}", "unknown key 'by'"),
    ],
)
def test_the_annotation_checks_each_link(tmp_path, entry, problem):
    draft = tmp_path / "b.yaml"
    _ingest(None, LATER, draft)
    written = draft.read_text("utf-8").replace(
        "    note: ", f"    repeats: [{entry}]\n    note: ", 1
    )
    draft.write_text(written, "utf-8")
    with pytest.raises(AnnotationError) as refused:
        read_annotation(draft, accept_drafts=True)
    assert problem in " ".join([str(refused.value), *refused.value.details])


def test_a_link_listed_twice_is_refused(tmp_path):
    draft = tmp_path / "b.yaml"
    _ingest(None, LATER, draft)
    link = "{id: mc2033-3.1, kind: restates, score: 80}"
    written = draft.read_text("utf-8").replace(
        "    note: ", f"    repeats: [{link}, {link}]\n    note: ", 1
    )
    draft.write_text(written, "utf-8")
    with pytest.raises(AnnotationError, match="repeats mc2033-3.1: listed twice"):
        read_annotation(draft, accept_drafts=True)


EVIDENCE = "https://example.org/fictional-meridian-follow-up"


def _follow(database: str, commitment: str, state: str, as_of: str) -> int:
    result = run(database, "follow-up", "add", commitment, "--status", state, "--as-of", as_of,
                 "--source", EVIDENCE, "--note", "Fictional.")  # fmt: skip
    assert result.exit_code == 0, result.output
    return int(result.stdout)


def _dated(database: str, text: Path, draft: Path, code: str, date: str) -> None:
    result = run(database, "ingest", str(text), "--output", str(draft), "--code", code,
                 "--date", date)  # fmt: skip
    assert result.exit_code == 0, result.output
    _load(database, draft)


@pytest.fixture
def followed(seeded, tmp_path) -> tuple[str, str]:
    """The Meridian pair as if of 2019 and 2021, so that follow-ups can be recorded:
    mc2019-3.1 in progress in 2020 and achieved in 2022, mc2021-3.1 in progress in 2022.

    Returns the database and the moment the first follow-up was recorded (the others
    were recorded after it).
    """
    _dated(seeded, EARLIER, tmp_path / "mc2019.yaml", "mc2019", "2019-10-09")
    _dated(seeded, LATER, tmp_path / "mc2021.yaml", "mc2021", "2021-06-17")
    first = _follow(seeded, "mc2019-3.1", "in_progress", "2020-05-31")
    [[(known,)]] = execute(seeded, f"SELECT recorded_at FROM follow_up WHERE id = {first}")
    _follow(seeded, "mc2019-3.1", "achieved", "2022-03-31")
    _follow(seeded, "mc2021-3.1", "in_progress", "2022-01-31")
    return seeded, str(known)


def _repeats_shown(database: str, commitment: str, *options: str) -> str:
    result = run(database, "show", commitment, *options)
    assert result.exit_code == 0, result.output
    return result.stdout[result.stdout.index("\nRepeat") + 1 :]


@pytest.mark.slow  # two ingests and loads on each engine
def test_show_gives_the_linked_commitments_status_at_the_moment_asked(followed):
    database, known = followed
    line = "  mc2019-3.1  2019-10-09  reaffirms  score 89  {}\n"
    heading = "Repeats, oldest first:\n"
    assert _repeats_shown(database, "mc2021-3.1") == heading + line.format("achieved")
    assert _repeats_shown(database, "mc2021-3.1", "--as-of", "2021-12-31") == (
        heading + line.format("in_progress")
    )
    assert _repeats_shown(database, "mc2021-3.1", "--as-of", "2020-05-30") == (
        heading + line.format("not_assessed")
    )
    assert _repeats_shown(database, "mc2021-3.1", "--known-at", known) == (
        heading + line.format("in_progress")
    )
    later = "Repeated by:\n  mc2021-3.1  2021-06-17  reaffirms  score 89  {}\n"
    assert _repeats_shown(database, "mc2019-3.1") == later.format("in_progress")
    assert _repeats_shown(database, "mc2019-3.1", "--as-of", "2021-12-31") == (
        later.format("not_assessed")
    )
    shown = run(database, "show", "mc2019-3.1", "--known-at", known, "--format", "json")
    assert [r["status"] for r in json.loads(shown.stdout)["repeated_by"]] == ["not_assessed"]


def _restated(database: str, *options: str) -> list[str]:
    result = run(database, "list", "--restated", "--format", "csv", *options)
    assert result.exit_code == 0, result.output
    return result.stdout.splitlines()[1:]


@pytest.mark.slow  # two ingests and loads on each engine
def test_list_restated_combines_with_the_other_filters(followed):
    database, known = followed
    rows = [
        row.replace("mc2033", "mc2019").replace("2033-10-09", "2019-10-09")
        .replace("mc2035", "mc2021").replace("2035-06-17", "2021-06-17")
        .replace("not_assessed", "{}")
        for row in RESTATED_CSV.splitlines()[1:]
    ]  # fmt: skip
    first = rows[0].format("achieved")
    assert _restated(database, "--status", "achieved") == [first]
    assert _restated(database, "--status", "in_progress") == [first]  # the later one
    assert _restated(database, "--status", "stalled") == []
    assert _restated(database, "--status", "in_progress", "--as-of", "2021-12-31") == [
        rows[0].format("in_progress")
    ]
    assert _restated(database, "--as-of", "2020-05-30", "--limit", "2") == [
        row.format("not_assessed") for row in rows[:2]
    ]
    assert _restated(database, "--known-at", known, "--search", "border") == [
        rows[0].format("in_progress")
    ]
    assert _restated(database, "--search", '"Lake Chad"') == [rows[3].format("not_assessed")]
    assert _restated(database, "--region", "Niger") == [rows[2].format("not_assessed")]
    assert _restated(database, "--statement", "mc2019", "--theme", "stabilisation") == [
        rows[2].format("not_assessed"),
        rows[4].format("not_assessed"),
    ]
    assert _restated(database, "--statement", "gc2017", "--region", "Niger") == []


@pytest.mark.parametrize(
    "options, message",
    [
        (["--columns", "id"], "--columns does not apply to --restated, which has its own"),
        (["--excluded"], "--restated does not apply to excluded sentences"),
    ],
)
def test_list_restated_refuses_what_cannot_apply(seeded_sqlite, options, message):
    result = run(seeded_sqlite, "list", "--restated", *options)
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: {message}"


def _of_the_seed(database: str, tmp_path: Path, code: str, date: str) -> None:
    """A fictional statement of two of the seed's paragraphs, loaded as ``code`` of ``date``."""
    paragraphs = STATEMENT.read_text("utf-8").split("\n\n")
    kept = [p.split(". ", 1)[1] for p in paragraphs if p.startswith(("4. ", "13. "))]
    text = tmp_path / f"{code}.txt"
    text.write_text("".join(f"{n}. {p.strip()}\n\n" for n, p in enumerate(kept, 1)), "utf-8")
    _dated(database, text, tmp_path / f"{code}.yaml", code, date)


def _all_links(database: str) -> list[tuple]:
    [rows] = execute(database, "SELECT later_id, earlier_id, kind, score FROM commitment_link")
    return sorted(rows)


def test_reloading_a_statement_replaces_its_own_links_and_keeps_the_others(
    seeded, seeds, tmp_path
):
    """The seed reloaded by init (its annotation corrected) finds its links to an earlier
    statement anew; the links of a later statement to it and to the earlier one stay."""
    _of_the_seed(seeded, tmp_path, "fx2016", "2016-05-10")
    _of_the_seed(seeded, tmp_path, "fx2018", "2018-05-10")
    before = _all_links(seeded)
    assert {later[:6] for later, *_ in before} == {"fx2018"}
    assert {earlier[:6] for _, earlier, *_ in before} == {"fx2016", "gc2017"}
    edit(seeds, "title: Deny ISIS sanctuary", "title: Deny ISIS any sanctuary")
    result = run(seeded, "init")
    assert result.exit_code == 0, result.output
    assert "gc2017: updated (44 commitments, 35 excluded sentences, 9 repeating" in (
        result.stderr
    )
    after = _all_links(seeded)
    assert len(before) == 18
    assert [k for k in after if k[0].startswith("fx2018")] == before
    assert [k for k in after if k[0].startswith("gc2017")] == [
        (f"gc2017-{later}", f"fx2016-{earlier}", "restates", 100)
        for later, earlier in [("13.1", "2.1"), ("13.2", "2.2"), ("13.3", "2.3"),
                               ("13.4", "2.4"), ("4.1", "1.1"), ("4.2", "1.2"),
                               ("4.4", "1.3"), ("4.5", "1.4"), ("4.6", "1.5")]
    ]  # fmt: skip


def test_a_reload_cannot_drop_a_commitment_a_later_one_repeats(seeded, seeds, tmp_path):
    _of_the_seed(seeded, tmp_path, "fx2018", "2018-05-10")
    before = snapshot(seeded)
    edit(seeds, "id: gc2017-4.1\n", "id: gc2017-4.1b\n")
    result = run(seeded, "init")
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: commitment gc2017-4.1 is repeated by fx2018-1.1 but is no longer in"
        f" {seeds.name}\n"
    )
    assert snapshot(seeded) == before
