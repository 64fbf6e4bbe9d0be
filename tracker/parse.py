"""Split a statement's text into paragraphs and sentences, with offsets.

A heading (a title, a dateline, a section name: one short line with no
sentence punctuation at its end, followed by more text) is not a paragraph
and holds no sentence; :func:`headings` finds them for the statement's
title and date. A number that labels an item of a list inside a paragraph
("... three tasks:\n1. Screening ...;\n2. ...") does not end a sentence.

Offsets are Python string indices (code points) into the text exactly as
given: ``text[start:end]`` is the span. Nothing is normalised, so a span may
hold a page break, a Windows line ending or a byte-order mark's neighbours
verbatim.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Runs of lines that hold something other than white space; a line holding
# only white space (a form feed, a lone carriage return) separates blocks.
_BLOCK = re.compile(r"(?:^\ufeff?[^\S\n]*[^\s\ufeff][^\n]*(?:\n|$))+", re.MULTILINE)
_LABEL = re.compile(r"(\d{1,3})[.)][ \t]+")
# Characters that may close a sentence after its final punctuation.
_CLOSERS = "\"'\u201d\u2019)]*_"
_TERMINAL = re.compile(r"[.!?\u2026]+[" + re.escape(_CLOSERS) + r"]*(?=\s|$)")
_OPENERS = "\"'\u201c\u2018([*_"
# Trimmed from both ends of a sentence: white space and emphasis markers.
_TRIM = " \t\r\n\f\v\ufeff*_"

# A heading has at most this many words: longer lines are paragraphs that lack a full stop.
_HEADING_WORDS = 14
_HEADING_END = re.compile(r"[.!?\u2026:;,]$")

# Longer than any abbreviation: how far back to look for the word before a full stop.
_LONGEST_WORD = 40

# Words that end with a full stop without ending the sentence. Single letters
# (initials) and dotted forms such as "U.S." are recognised by shape.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof st jr sr gen col lt maj capt cmdr adm sgt gov sen rep
    amb hon rev no nos art para paras vol fig ch sec jan feb mar apr jun jul
    aug sep sept oct nov dec inc ltd co corp vs approx dept est""".split()
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int


@dataclass
class Paragraph:
    number: int  # 0 for an unnumbered preamble
    start: int
    end: int
    sentences: list[Span] = field(default_factory=list)


class ParseError(ValueError):
    pass


def parse_statement(text: str) -> list[Paragraph]:
    """Return the paragraphs of ``text``, each with its sentences.

    Numbered statements ("1. ...") keep their numbers; a block without a
    number before the first one is the preamble (number 0) and a block
    without a number after one continues it (a page break). Statements
    without numbers get paragraphs 1, 2, ... in order, a block that starts
    in lower case continuing the one before.
    """
    blocks, _ = _blocks(text)
    if not blocks:
        raise ParseError("the text holds no paragraphs")
    numbered = any(_LABEL.match(text, b.start) for b in blocks)
    paragraphs: list[Paragraph] = []
    pieces: list[list[Span]] = []  # the blocks of each paragraph
    for block in blocks:
        label = _LABEL.match(text, block.start)
        if label:
            number = int(label.group(1))
            if paragraphs and number <= paragraphs[-1].number:
                raise ParseError(
                    f"paragraph {number} follows paragraph {paragraphs[-1].number}"
                    f" at offset {block.start}"
                )
            body = Span(label.end(), block.end)
        else:
            body = block
            starts_lower = text[block.start].islower()
            if paragraphs and (numbered or starts_lower):
                paragraphs[-1].end = body.end
                pieces[-1].append(body)
                continue
            number = 0 if numbered else len(paragraphs) + 1
        paragraphs.append(Paragraph(number, body.start, body.end))
        pieces.append([body])
    for paragraph, spans in zip(paragraphs, pieces, strict=True):
        paragraph.sentences = _sentences(text, spans)
    if not any(p.sentences for p in paragraphs):
        raise ParseError("the text holds no sentences")
    return paragraphs


def headings(text: str) -> list[Span]:
    """The headings of ``text``, in order: the blocks that are neither paragraphs nor sentences."""
    return _blocks(text)[1]


def _blocks(text: str) -> tuple[list[Span], list[Span]]:
    """The blocks of ``text`` that hold sentences, and those that are headings."""
    blocks = [_trim(text, m.start(), m.end()) for m in _BLOCK.finditer(text)]
    blocks = [b for b in blocks if b.start < b.end]
    kept: list[Span] = []
    found: list[Span] = []
    for index, block in enumerate(blocks):
        # A block that starts in lower case continues the one before (a page break).
        followed = index + 1 < len(blocks) and not text[blocks[index + 1].start].islower()
        (found if followed and _is_heading(text, block) else kept).append(block)
    return kept, found


def _is_heading(text: str, block: Span) -> bool:
    line = text[block.start : block.end].rstrip(_CLOSERS)
    if "\n" in line or not line[:1].isupper() or _LABEL.match(line):
        return False
    if _HEADING_END.search(line) or len(line.split()) > _HEADING_WORDS:
        return False
    return not any(_ends_sentence(text, m, block.end) for m in _TERMINAL.finditer(line))


def _sentences(text: str, blocks: list[Span]) -> list[Span]:
    """Sentences of one paragraph made of one or more blocks.

    The gap between two blocks ends a sentence unless the next block starts
    in lower case: then a page break fell inside the sentence.
    """
    runs: list[Span] = []
    for block in blocks:
        if runs and text[block.start].islower():
            runs[-1] = Span(runs[-1].start, block.end)
        else:
            runs.append(block)
    sentences: list[Span] = []
    for run in runs:
        start = run.start
        for match in _TERMINAL.finditer(text, run.start, run.end):
            if match.end() < run.end and not _ends_sentence(text, match, run.end):
                continue
            sentences.append(_trim(text, start, match.end()))
            start = match.end()
        sentences.append(_trim(text, start, run.end))
    return [s for s in sentences if s.start < s.end]


_NOT_SPACE = re.compile(r"\S")  # what str.lstrip would stop at


def _ends_sentence(text: str, match: re.Match[str], limit: int) -> bool:
    # Found, not sliced off: a slice to the end of a long paragraph at every full
    # stop made one-paragraph texts quadratic.
    next_word = _NOT_SPACE.search(text, match.end(), limit)
    if next_word is None:
        return True
    head = next_word.group()
    if not (head.isupper() or head.isdigit() or head in _OPENERS):
        return False
    if not match.group().startswith(".") or match.group().startswith(".."):
        return True
    # The word before the full stop; a bounded look-back keeps parsing linear.
    before = text[max(0, match.start() - _LONGEST_WORD) : match.start()]
    found = re.search(r"[^\s(\[\"'\u201c\u2018]*$", before)
    word = found.group() if found else ""
    if "." in word or (len(word) == 1 and word.isalpha()):
        return False  # "U.S.", "e.g.", an initial
    if word.isdigit() and _labels_item(text, match.start() - len(word)):
        return False
    lowered = word.lower()
    if lowered in {"no", "nos", "art", "para", "paras"}:
        return not head.isdigit()
    return lowered not in ABBREVIATIONS


def _labels_item(text: str, start: int) -> bool:
    """Whether the number at ``start`` labels a list item: it opens a line or follows ":"/";"."""
    before = text[max(0, start - _LONGEST_WORD) : start].rstrip(" \t")
    return not before or before.endswith(("\n", ":", ";"))


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    return Span(start, end)
