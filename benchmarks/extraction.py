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

import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tracker.annotation import Annotation, read_annotation  # noqa: E402
from tracker.drafting import gazetteer  # noqa: E402
from tracker.drafting.extract import Draft, draft  # noqa: E402
from tracker.parse import parse_statement  # noqa: E402

SEED = REPO / "seeds" / "2017-03-22-global-coalition-ministerial-statement.yaml"
Pairs = set[tuple[str, str]]


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


def gold_sets(gold: Annotation) -> tuple[set[str], Pairs, Pairs]:
    """Commitment sentences, (sentence, region) and (sentence, actor) pairs of an annotation."""
    sentences, regions, actors = set(), set(), set()
    for sentence in gold.sentences:
        for commitment in sentence.commitments:
            sentences.add(sentence.key)
            regions |= {(sentence.key, name) for name in commitment.regions}
            actors |= {(sentence.key, name) for _, name in commitment.actors}
    return sentences, regions, actors


def draft_sets(result: Draft) -> tuple[set[str], Pairs, Pairs]:
    """The same sets for a draft."""
    sentences, regions, actors = set(), set(), set()
    for sentence in result.sentences:
        key = f"{sentence.paragraph}.{sentence.position}"
        for commitment in sentence.commitments:
            sentences.add(key)
            regions |= {(key, place.name) for place in commitment.regions}
            actors |= {(key, party.name) for _, party in commitment.actors}
    return sentences, regions, actors


def scores(result: Draft, gold: Annotation) -> dict[str, Score]:
    names = ("commitment detection", "region assignment", "actor assignment")
    pairs = zip(draft_sets(result), gold_sets(gold), strict=True)
    return {
        name: Score.of(found, expected)
        for name, (found, expected) in zip(names, pairs, strict=True)
    }


def seed_scores() -> dict[str, Score]:
    gold = read_annotation(SEED)
    result = draft(gold.text, issuer=gold.issuer, date=gold.date, code=gold.code)
    return scores(result, gold)


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
    draft(text, issuer="Foreign Ministers of the Global Coalition")
    return loading, time.process_time() - start, len(text.encode("utf-8"))


def main() -> None:
    loading, seconds, size = speed(megabyte_of_statements(read_annotation(SEED).text))
    print(f"Seed statement: {SEED.name}")
    print()
    print(f"{'measure':<22} {'precision':>9} {'recall':>7} {'found':>6} {'expected':>8}")
    for name, score in seed_scores().items():
        print(
            f"{name:<22} {score.precision:>9.3f} {score.recall:>7.3f}"
            f" {score.found:>6} {score.expected:>8}"
        )
    print()
    megabytes = size / 1e6
    rate = megabytes / seconds
    print(f"speed: {megabytes:.2f} MB drafted in {seconds:.2f} s of CPU: {rate:.2f} MB/s")
    print(f"       (the gazetteers loaded once before, in {loading:.2f} s)")


if __name__ == "__main__":
    main()
