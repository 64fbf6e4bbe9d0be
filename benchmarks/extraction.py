"""How well `tracker ingest` drafts the seed statement, and how fast.

Run from the repository root: ``python benchmarks/extraction.py``.

Quality is measured against the reviewed annotation in seeds/, sentence by
sentence, micro-averaged over the statement:

- commitment detection: the sentences the draft gives commitments, against
  the sentences the annotation gives commitments;
- region assignment: pairs (sentence, region name), a sentence's regions
  being those of all its commitments (none for an excluded sentence);
- actor assignment: pairs (sentence, actor name) in the same way, whatever
  the actor's role.

So a sentence wrongly excluded costs region and actor recall too, and one
wrongly kept costs their precision. Splitting a sentence into two
commitments, quote boundaries, types, themes and catalysts are not scored
here (the draft's notes show them to the reviewer).

Speed: the seed's paragraphs repeated, renumbered, to about 1 MB of text,
drafted on one core, with the gazetteers already loaded (loading them once
per process is timed separately).
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tracker.annotation import Annotation, read_annotation  # noqa: E402
from tracker.drafting import gazetteer  # noqa: E402
from tracker.drafting.extract import Draft, StatementFields, draft  # noqa: E402
from tracker.parse import parse_statement  # noqa: E402

SEED = REPO / "seeds" / "2017-03-22-global-coalition-ministerial-statement.yaml"


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    found: int  # predicted
    expected: int  # in the annotation
    right: int  # both

    @classmethod
    def of(cls, predicted: Iterable[object], expected: Iterable[object]) -> Score:
        predicted, expected = set(predicted), set(expected)
        right = len(predicted & expected)
        precision = right / len(predicted) if predicted else 1.0
        recall = right / len(expected) if expected else 1.0
        return cls(precision, recall, len(predicted), len(expected), right)


Sets = dict[str, set[tuple[str, ...]]]
MEASURES = ("detection", "type", "binding", "actors", "regions")
DATA = REPO / "tests" / "data"
# The two fictional statements of #7, and the six of #15 written in the styles of real
# communiqués (reported speech, headings, datelines) before the rules were changed.
OLD = ("fictional-2031-northern-sea-council", "fictional-2032-sahel-water-partnership")
NEW = tuple(
    sorted(
        p.name[: -len(".expected.yaml")] for p in DATA.glob("fictional-203[3-9]-*.expected.yaml")
    )
)


def _sets(keyed: Iterable[tuple[str, list[tuple[str, str, list[str], list[str]]]]]) -> Sets:
    """Per measure, the pairs of a sentence's key and what it is said to hold.

    Type and binding are those of the sentence's first commitment.
    """
    found: Sets = {name: set() for name in MEASURES}
    for key, commitments in keyed:
        if not commitments:
            continue
        found["detection"].add((key,))
        kind, binding = commitments[0][0], commitments[0][1]
        found["type"].add((key, kind))
        found["binding"].add((key, binding))
        for _, _, actors, regions in commitments:
            found["actors"] |= {(key, name) for name in actors}
            found["regions"] |= {(key, name) for name in regions}
    return found


def gold_sets(gold: Annotation) -> Sets:
    """The sets of a reviewed annotation."""
    return _sets(
        (
            sentence.key,
            [
                (c.type, c.binding, [n for _, n in c.actors], list(c.regions))
                for c in sentence.commitments
            ],
        )
        for sentence in gold.sentences
    )


def expected_sets(expected: dict[str, Any]) -> Sets:
    """The sets of an expected annotation of tests/data (type and binding where given)."""
    keyed = []
    for key, entry in expected["sentences"].items():
        if "excluded" in entry:
            keyed.append((key, []))
        else:
            commitment = (
                entry.get("type", ""),
                entry.get("binding", ""),
                entry["actors"],
                entry["regions"],
            )
            keyed.append((key, [commitment]))
    found = _sets(keyed)
    if any(
        "type" not in entry for entry in expected["sentences"].values() if "excluded" not in entry
    ):
        found["type"] = found["binding"] = set()  # not annotated: not scored
    return found


def draft_sets(result: Draft) -> Sets:
    """The same sets for a draft."""
    return _sets(
        (
            f"{sentence.paragraph}.{sentence.position}",
            [
                (c.type, c.binding, [p.name for _, p in c.actors], [p.name for p in c.regions])
                for c in sentence.commitments
            ],
        )
        for sentence in result.sentences
    )


def scores(found: Sets, expected: Sets) -> dict[str, Score | None]:
    """A score per measure; None where the expectation does not hold the measure."""
    return {
        name: Score.of(found[name], expected[name])
        if expected[name] or name == "detection"
        else None
        for name in MEASURES
    }


def seed_scores() -> dict[str, Score | None]:
    gold = read_annotation(SEED)
    result = draft(gold.text, StatementFields(issuer=gold.issuer, date=gold.date, code=gold.code))
    return scores(draft_sets(result), gold_sets(gold))


def fictional(name: str) -> tuple[Draft, dict[str, Any]]:
    """The draft of a statement of tests/data, and its expected annotation."""
    text = (DATA / f"{name}.txt").read_text(encoding="utf-8")
    expected = yaml.safe_load((DATA / f"{name}.expected.yaml").read_text(encoding="utf-8"))
    return draft(text, file_name=f"{name}.txt"), expected


def set_scores(
    names: Iterable[str],
) -> tuple[dict[str, dict[str, Score | None]], dict[str, Score | None]]:
    """Scores per text and, micro-averaged (pairs keyed by text), for the set."""
    per_text: dict[str, dict[str, Score | None]] = {}
    found_all: Sets = {m: set() for m in MEASURES}
    expected_all: Sets = {m: set() for m in MEASURES}
    for name in names:
        result, expected = fictional(name)
        found, wanted = draft_sets(result), expected_sets(expected)
        per_text[name] = scores(found, wanted)
        for measure in MEASURES:
            if wanted[measure] or measure == "detection":
                found_all[measure] |= {(name, *pair) for pair in found[measure]}
                expected_all[measure] |= {(name, *pair) for pair in wanted[measure]}
    return per_text, scores(found_all, expected_all)


def megabyte_of_statements(text: str, size: int = 1_000_000) -> str:
    """The statement's paragraphs again and again, numbered on, to ``size`` characters."""
    bodies = [text[p.start : p.end] for p in parse_statement(text) if p.number > 0]
    parts, length, number = [], 0, 0
    while length < size:
        number += 1
        part = f"{number}. {bodies[(number - 1) % len(bodies)]}\n\n"
        parts.append(part)
        length += len(part)
    return "".join(parts)


def speed(text: str) -> tuple[float, float, int]:
    """Seconds to load the gazetteers, seconds and bytes to draft ``text``."""
    start = time.process_time()
    gazetteer.load()
    loading = time.process_time() - start
    start = time.process_time()
    draft(
        text,
        StatementFields(
            issuer="Foreign Ministers of the Global Coalition", date=dt.date(2017, 3, 22)
        ),
    )
    return loading, time.process_time() - start, len(text.encode("utf-8"))


def _row(label: str, measured: dict[str, Score | None]) -> str:
    cells = []
    for name in MEASURES:
        score = measured[name]
        cells.append(f"{score.precision:.2f}/{score.recall:.2f}" if score else "-")
    return f"{label:<48} " + " ".join(f"{cell:>9}" for cell in cells)


def main() -> None:
    print("precision/recall; type and binding are the first commitment's, where annotated")
    print(f"{'text':<48} " + " ".join(f"{name:>9}" for name in MEASURES))
    print(_row(f"seed: {SEED.stem[:42]}", seed_scores()))
    for label, names in (("old fictional", OLD), ("new fictional", NEW)):
        per_text, whole = set_scores(names)
        for name, measured in per_text.items():
            print(_row(f"  {name.removeprefix('fictional-')}", measured))
        print(_row(f"{label} ({len(names)} texts)", whole))
    print()
    loading, seconds, size = speed(megabyte_of_statements(read_annotation(SEED).text))
    megabytes = size / 1e6
    rate = megabytes / seconds
    print(f"speed: {megabytes:.2f} MB drafted in {seconds:.2f} s of CPU: {rate:.2f} MB/s")
    print(f"       (the gazetteers loaded once before, in {loading:.2f} s)")


if __name__ == "__main__":
    main()
