"""What was promised before: the earlier commitments a new one repeats.

Statements repeat earlier promises, often nearly word for word. Each
commitment of a statement is compared with the commitments of every
statement dated before it by rapidfuzz's ``fuzz.ratio`` (the normalised
edit distance, 0 to 100) of the two quotes, each lower-cased with its
punctuation dropped (``utils.default_process``). A score of THRESHOLD or
more is a link.

Measured by ``python benchmarks/repeats.py`` on the drafted commitments of
the seed and the fictional statements (tests/data/fictional-2035-meridian-*
was written to repeat five promises of fictional-2033-meridian-*, some word
for word, some reworded or with a clause added), the five repeats score
78.0 to 100 and every other pair at most 64.6. ``token_set_ratio`` and
``WRatio``, which forgive the words one quote has beyond the other, score a
short quote found inside a long sentence as high as a repeat (81.5 and
85.5 for pairs that are none); ``token_sort_ratio`` leaves a gap half as
wide. 70 lies in ratio's gap, a little nearer the other pairs, so that a
promise reworded somewhat more than those still links.

A link is ``reaffirms`` when the later quote uses a verb of reaffirming
(reaffirm, reiterate, renew, restate, confirm, recommit, in any tense),
else ``restates``.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 70
MEASURE = "rapidfuzz.fuzz.ratio"


@dataclass(frozen=True)
class Earlier:
    """A commitment already loaded, as the comparison needs it."""

    id: str
    date: dt.date  # its statement's
    quote: str


@dataclass(frozen=True)
class Link:
    earlier_id: str
    later_id: str
    kind: str
    score: int


REAFFIRMING = r"\b<reaffirm|reiterate|renew|restate|confirm|recommit>\b"


@functools.cache
def _reaffirming() -> re.Pattern[str]:
    from tracker.drafting.codebook import inflect

    return re.compile(inflect(REAFFIRMING), re.I)


def kind_of(quote: str) -> str:
    """``reaffirms`` when the quote uses a verb of reaffirming, else ``restates``."""
    return "reaffirms" if _reaffirming().search(quote) else "restates"


def find(later: Iterable[tuple[str, str]], date: dt.date, earlier: Sequence[Earlier]) -> list[Link]:
    """The links from each (id, quote) of a statement dated ``date`` to earlier commitments.

    In the order of ``later``, each one's links best first (then by earlier id).
    """
    from rapidfuzz import fuzz, process, utils

    before = [e for e in earlier if e.date < date]
    choices = [utils.default_process(e.quote) for e in before]
    links = []
    for later_id, quote in later:
        found = process.extract(
            utils.default_process(quote),
            choices,
            scorer=fuzz.ratio,
            processor=None,
            score_cutoff=THRESHOLD,
            limit=None,
        )
        if not found:
            continue
        kind = kind_of(quote)  # only now: the verb patterns take lemminflect's dictionary
        # Rounded down, so that a stored score is never above the one compared.
        matches = sorted(
            ((math.floor(score), before[index].id) for _, score, index in found),
            key=lambda match: (-match[0], match[1]),
        )
        links += [Link(earlier_id, later_id, kind, score) for score, earlier_id in matches]
    return links
