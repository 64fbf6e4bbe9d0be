"""How well tracker.repeats tells a repeated promise from a merely similar one.

Run from the repository root: ``python benchmarks/repeats.py``.

The fictional Meridian ministerial of 2035 (tests/data/fictional-2035-*)
was written to repeat five promises of the 2033 one, some word for word,
some reworded or with a clause added. The commitments that `tracker ingest`
drafts for every statement here (the seed, the old and new fictional sets)
are compared pairwise, each with those of every statement dated before it,
by several of rapidfuzz's measures; for each measure this prints the
scores of the five repeats and the best three scores of all other pairs.
The measure chosen (tracker.repeats) is the one that leaves the widest gap
between the two, and its threshold lies in that gap.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from rapidfuzz import fuzz, utils  # noqa: E402

from tracker import repeats  # noqa: E402
from tracker.annotation import read_annotation  # noqa: E402
from tracker.drafting.extract import Draft, StatementFields, draft  # noqa: E402

DATA = REPO / "tests" / "data"
SEED = REPO / "seeds" / "2017-03-22-global-coalition-ministerial-statement.yaml"
# (2035 sentence, 2033 sentence): the promises the 2035 text repeats, by hand.
REPEATED = {("3.1", "3.1"), ("3.2", "3.2"), ("3.3", "3.3"), ("5.2", "6.1"), ("6.3", "5.2")}
LATER = "fictional-2035-meridian-coalition-ministerial"
EARLIER = "fictional-2033-meridian-coalition-ministerial"
MEASURES: dict[str, Callable[[str, str], float]] = {
    "ratio": fuzz.ratio,
    "token_sort_ratio": fuzz.token_sort_ratio,
    "token_set_ratio": fuzz.token_set_ratio,
    "partial_ratio": fuzz.partial_ratio,
    "WRatio": fuzz.WRatio,
}


def commitments() -> list[tuple[str, str, str]]:
    """(statement, sentence key, quote) of every drafted commitment, oldest statement first."""
    seed = read_annotation(SEED)
    drafts: list[tuple[str, Draft]] = [("seed", draft(seed.text, StatementFields(date=seed.date)))]
    for path in sorted(DATA.glob("fictional-*.txt")):
        drafts.append((path.stem, draft(path.read_text("utf-8"), file_name=path.name)))
    return [
        (name, f"{s.paragraph}.{s.position}", result.text[c.start : c.end])
        for name, result in sorted(drafts, key=lambda d: d[1].date)
        for s in result.sentences
        for c in s.commitments
    ]


def main() -> None:
    found = commitments()
    print(f"{len(found)} drafted commitments; repeats {sorted(REPEATED)}")
    print(f"chosen: {repeats.MEASURE} >= {repeats.THRESHOLD}")
    for name, measure in MEASURES.items():
        true, false = [], []
        for (later, lkey, lquote), (earlier, ekey, equote) in itertools.combinations(
            reversed(found), 2
        ):
            if later == earlier:
                continue
            score = measure(utils.default_process(lquote), utils.default_process(equote))
            pair = (later, earlier) == (LATER, EARLIER) and (lkey, ekey) in REPEATED
            named = f"{later[-30:]} {lkey} ~ {earlier[-30:]} {ekey}"
            (true if pair else false).append((score, named))
        false.sort(reverse=True)
        print(f"\n{name}: repeats score {', '.join(f'{s:.1f}' for s, _ in sorted(true))}")
        for score, pair in false[:3]:
            print(f"  other pair {score:5.1f}  {pair}")
        print(f"  gap {min(s for s, _ in true) - false[0][0]:+.1f}")


if __name__ == "__main__":
    main()
