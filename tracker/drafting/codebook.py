"""Apply the codebook (tracker/drafting/codebook.yaml) to one sentence at a time.

The rules are data; this module compiles them once per signatory (the
patterns name the signatory: "the Coalition will ...") and answers the
questions the extractor asks of a sentence: does it commit, and with which
cue; if not, why not; where a second target starts; which theme; which
catalysts. docs/codebook.md describes the rules for reviewers.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from tracker.drafting import cache

_MONTHS = "|".join(calendar.month_name[1:])


@dataclass(frozen=True)
class Cue:
    pattern: str
    type: str
    binding: str
    keep_verb: bool  # the title starts with the cue's verb
    why: str | None
    addressee: bool  # the words after the cue name who is called on
    unnamed: str | None  # who is called on when no one is named
    from_clause: bool  # the quote starts with the cue's clause, not at the cue


@dataclass(frozen=True)
class Commits:
    """A sentence's first commitment cue."""

    cue: Cue
    start: int  # where the quote starts: the subject, or the cue
    end: int  # where the cue ends
    subject_end: int  # where the subject and its adverbs end
    by_members: bool  # the subject is the members, not the signatories as one
    group: str | None  # the subject is a named group of the signatories: its name
    words: str  # the cue as written


@dataclass(frozen=True)
class Excluded:
    reason: str  # a vocab.EXCLUSION_REASONS key
    words: str | None  # the words that gave it, if any


@dataclass(frozen=True)
class Split:
    first_end: int  # the first quote ends here
    second_start: int  # the second starts here
    words: str  # the words between them


@dataclass(frozen=True)
class Catalysts:
    found: list[tuple[str, str]]  # (kind, words of the quote)
    deadline: dt.date | None


# lemminflect's forms of the verbs the codebook names (and tracker.repeats'), shipped
# with tracker: lemminflect's dictionary, and numpy under it, took a fifth of the time
# of the first ingest after an install. Its header names the lemminflect it was written
# from; a file from another is not read (cache.shipped), nor is a verb it lacks.
FORMS = files("tracker.drafting") / "verb_forms.tsv"
_FORM_SOURCES = (files("tracker.drafting") / "codebook.py",)
# What the compiled codebook's data is read from: a change to any of them reads it anew.
_SOURCES = (*_FORM_SOURCES, files("tracker.drafting") / "codebook.yaml", FORMS)
# lemminflect's dictionary, and its model (on numpy) for verbs the dictionary lacks.
_PACKAGES = ("lemminflect", "numpy")


@functools.cache
def _data() -> dict[str, Any]:
    """The codebook with its verbs inflected, from the cache (tracker.drafting.cache) if current."""
    return cache.cached("codebook", _SOURCES, _PACKAGES, _read)


def _read() -> dict[str, Any]:
    data = _yaml()
    for item in _cued(data):
        item["cue"] = inflect(item["cue"])
    return data


def _yaml() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = (files("tracker.drafting") / "codebook.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=loader)
    return data


def _cued(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The rules whose cues name verbs to inflect."""
    return [*data["commitments"], *data["exclusions"]]


_LEMMAS = re.compile(r"<([a-z]+(?:\|[a-z]+)*)>")


def inflect(pattern: str) -> str:
    """A pattern with each ``<lemma|lemma>`` replaced by every inflection of those verbs.

    "<commit>" gives "(?:commit|commits|committed|committing)": one rule covers every
    tense and person. Forms come from lemminflect's dictionary (its rules for a verb it
    does not know), so no list of forms is written by hand.
    """
    return _LEMMAS.sub(lambda m: f"(?:{_alternation(_forms(m.group(1)))})", pattern)


@functools.cache
def _forms(lemmas: str) -> list[str]:
    shipped = _shipped_forms()
    forms: set[str] = set()
    for lemma in lemmas.split("|"):
        forms.update(shipped.get(lemma) or _inflections(lemma))
    return sorted(forms)


def _inflections(lemma: str) -> list[str]:
    """The verb and its forms by lemminflect: its dictionary's, else its rules'."""
    from lemminflect import getAllInflections, getAllInflectionsOOV

    found = getAllInflections(lemma, upos="VERB") or getAllInflectionsOOV(lemma, upos="VERB")
    return sorted({lemma, *(form for spellings in found.values() for form in spellings)})


@functools.cache
def _shipped_forms() -> dict[str, list[str]]:
    lines = cache.shipped(FORMS, "lemminflect", _FORM_SOURCES) or []
    return {lemma: forms.split(" ") for lemma, forms in (line.split("\t") for line in lines)}


def write_forms(path: Path) -> None:
    """Write the shipped verb forms (``python -m tracker.drafting.cache``)."""
    from tracker import repeats

    patterns = [item["cue"] for item in _cued(_yaml())] + [repeats.REAFFIRMING]
    lemmas = {
        lemma
        for pattern in patterns
        for group in _LEMMAS.findall(pattern)
        for lemma in group.split("|")
    }
    rows = (f"{lemma}\t{' '.join(_inflections(lemma))}" for lemma in sorted(lemmas))
    cache.write_shipped(path, "lemminflect", _FORM_SOURCES, rows)


@functools.cache
def rules(signatory_names: tuple[str, ...], members_names: tuple[str, ...]) -> Rules:
    """The codebook compiled for statements by the signatory of these names."""
    return Rules(_data(), signatory_names, members_names)


def _union(alternatives: list[tuple[str, str]]) -> str:
    """Named alternatives as one pattern, those starting at a word boundary grouped.

    Checking the boundary once for the group, rather than once per alternative, makes
    the search about twice as fast: most places in a text are inside a word.
    """
    bounded = [f"(?P<{name}>{p[2:]})" for name, p in alternatives if p.startswith(r"\b")]
    others = [f"(?P<{name}>{p})" for name, p in alternatives if not p.startswith(r"\b")]
    return "|".join(([r"\b(?:" + "|".join(bounded) + ")"] if bounded else []) + others)


def _alternation(words: list[str] | tuple[str, ...], *, escape: bool = True) -> str:
    """Alternatives as one pattern, the longest first where one begins another.

    Plain words ("member states" before "members") are written as a trie: "commit",
    "commits", "committed" give "commit(?:s|ted)?". At each place in a text the regex then
    tries only the words that can go on from there, where a list of alternatives tries
    every word in turn (with IGNORECASE, sre has no quick test of a word's first letter):
    the codebook's searches take a third less time. Patterns are listed as they are.
    """
    if escape:
        trie = _trie(words)
        if trie is not None:
            return trie
    ordered = sorted(words, key=len, reverse=True)
    return "|".join(re.escape(w) if escape else w for w in ordered)


_Node = dict[str, "_Node"]  # a letter's words, by their next letter ("" ends one)


def _trie(words: list[str] | tuple[str, ...]) -> str | None:
    """The words as a trie pattern, or None where two could branch on one letter in
    either case ("UN", "un"), whose order then counts."""
    root: _Node = {}
    for word in words:
        node = root
        for character in word:
            node = node.setdefault(character, {})
        node[""] = {}

    def pattern(node: _Node) -> str | None:
        letters = [c for c in node if c]
        if len({c.casefold() for c in letters}) < len(letters) or not all(
            c.isascii() for c in letters
        ):
            return None
        branches = []
        for character in letters:
            rest = pattern(node[character])
            if rest is None:
                return None
            branches.append(re.escape(character) + rest)
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        return f"(?:{body})?" if "" in node else body  # greedy: the longer word first

    return pattern(root)


class Rules:
    def __init__(
        self, data: dict[str, Any], signatory_names: tuple[str, ...], members_names: tuple[str, ...]
    ):
        subject = data["subject"]
        signatories = [
            *subject["signatories"],
            *(f"{article}{n}" for n in signatory_names for article in ("the ", "our ", "")),
        ]
        members = [*subject["members"], *members_names]
        adverbs = _alternation(subject["adverbs"], escape=False)
        self.members = re.compile(rf"(?:{_alternation(members)})\b", re.I)
        self.group = re.compile(subject["groups"])
        who = f"{subject['groups']}|{_alternation(members)}|{_alternation(signatories)}"
        self.subject = re.compile(rf"\b(?:{who})\b(?:,? (?:{adverbs})\b)*", re.I)
        self.cues = [
            Cue(
                pattern=item["cue"],
                type=item["type"],
                binding=item["binding"],
                keep_verb=item["title"] == "keep",
                why=item.get("why"),
                addressee=item.get("addressee", False),
                unnamed=item.get("unnamed"),
                from_clause=item.get("quote") == "clause",
            )
            for item in data["commitments"]
        ]
        # Most cues start with the subject: matching the subject once, then the rest of
        # each such cue where a subject ends, is much quicker than one pattern per cue.
        after_subject, anywhere = [], []
        for index, cue in enumerate(self.cues):
            if cue.pattern.startswith("{we}") and cue.pattern.count("{we}") == 1:
                after_subject.append(f"(?P<c{index}>{cue.pattern[4:]})")
            else:
                pattern = cue.pattern.replace("{we}", f"(?:{self.subject.pattern})")
                anywhere.append((f"c{index}", pattern))
        self.after_subject = re.compile("|".join(after_subject), re.I)
        self.anywhere = re.compile(_union(anywhere), re.I)
        self.exclusions = [
            (item["reason"], re.compile(item["cue"], re.I)) for item in data["exclusions"]
        ]
        splits = data["splits"]
        verbs = _alternation(splits["verbs"])
        self.splits = [
            (re.compile(item["at"].replace("{verbs}", verbs), re.I), item["starts"])
            for item in splits["patterns"]
        ]
        self.blockers = tuple(splits["blockers"])
        self.theme_names = list(data["themes"])
        self.themes = re.compile(
            r"\b(?:"
            + "|".join(
                f"(?P<t{i}>{_alternation(words)})"
                for i, words in enumerate(data["themes"].values())
            )
            + ")"
        )  # matched against the quote in lower case: much quicker than ignoring case
        # One pattern for all catalysts, each alternative named after its kind; the
        # groups of a deadline's date get the alternative's number ("day3").
        self.catalyst_kinds: list[str] = []
        alternatives = []
        for kind, patterns in data["catalysts"].items():
            for pattern in patterns:
                n = len(self.catalyst_kinds)
                self.catalyst_kinds.append(kind)
                pattern = re.sub(r"\(\?P<(day|month|year)>", rf"(?P<\g<1>{n}>", pattern)
                alternatives.append((f"k{n}", pattern.replace("{months}", _MONTHS)))
        self.catalysts = re.compile(_union(alternatives))
        self.features = frozenset(data["features"])
        self.venues = frozenset(data["venues"])
        self.venue = re.compile(rf"\b(?:{_alternation(data['venues'])})\b", re.I)
        governments = data["governments"]
        self.government_before = re.compile(governments["before"])
        self.government_after = re.compile(governments["after"])
        self.government_pronoun = re.compile(governments["pronoun"])
        self.support_for = re.compile(governments["beneficiary"])
        self.beneficiary_kinds = frozenset(data["beneficiaries"]["kinds"])
        self.beneficiary_after = frozenset(data["beneficiaries"]["after"])

    def commits(self, sentence: str) -> Commits | None:
        anywhere = self.anywhere.search(sentence)
        found = [match for match in [self._after_subject(sentence)] if match]
        if anywhere:
            found.append((anywhere.start(), int(str(anywhere.lastgroup)[1:]), anywhere.end()))
        if not found:
            return None
        start, index, end = min(found)
        cue = self.cues[index]
        subject = self.subject.match(sentence, start)
        subject_end = subject.end() if subject else start
        by_members = bool(subject and self.members.match(sentence, start))
        group = self.group.match(sentence, start) if subject else None
        name = re.sub(r"^[Tt]he ", "", group.group()) if group else None
        quote_start = _clause_start(sentence, start) if cue.from_clause else start
        return Commits(cue, quote_start, end, subject_end, by_members, name, sentence[start:end])

    def _after_subject(self, sentence: str) -> tuple[int, int, int] | None:
        for subject in self.subject.finditer(sentence):
            match = self.after_subject.match(sentence, subject.end())
            if match:
                return subject.start(), int(str(match.lastgroup)[1:]), match.end()
        return None

    def excluded(self, sentence: str, preamble: bool) -> Excluded:
        for reason, pattern in self.exclusions:
            match = pattern.search(sentence)
            if match:
                return Excluded(reason, match.group())
        return Excluded("editorial" if preamble else "fact", None)

    def split(self, sentence: str, cue_end: int, end: int) -> Split | None:
        """Where a second target starts after the cue, if the sentence names one."""
        for pattern, starts in self.splits:
            for match in pattern.finditer(sentence, cue_end, end):
                before = sentence[cue_end : match.start()]
                if any(b in f" {before} " for b in self.blockers):
                    break
                listed = match.group().startswith(" and") and "," in " ".join(before.split()[-3:])
                after = sentence[match.end() : end].split()
                if listed or len(before.split()) < 2 or len(after) < 3:
                    continue
                second = match.end() if starts == "after" else match.start() + 1
                return Split(match.start(), second, match.group())
        return None

    def theme(self, quote: str) -> str:
        scores = [0] * len(self.theme_names)
        for match in self.themes.finditer(quote.lower()):
            scores[int(str(match.lastgroup)[1:])] += 1
        best = max(scores)
        return self.theme_names[scores.index(best)] if best else "coordination"

    def catalysts_in(self, quote: str) -> Catalysts:
        found: list[tuple[str, str]] = []
        deadline = None
        for match in self.catalysts.finditer(quote):
            n = int(str(match.lastgroup)[1:])
            kind, words = self.catalyst_kinds[n], match.group().strip()
            if kind == "deadline":
                due = _due(match, n)
                if deadline is not None or due is None:
                    continue
                deadline = due  # one before the statement's date is kept: the draft flags it
            if (kind, words) not in found:
                found.append((kind, words))
        return Catalysts(found, deadline)


def _clause_start(sentence: str, position: int) -> int:
    """Where the clause holding ``position`` starts: after a leading "While ...,"."""
    lead = re.match(r"(?:While|Although|Though|Whereas|Given that)\b[^,]*, ", sentence)
    return lead.end() if lead and lead.end() <= position else 0


def _due(match: re.Match[str], n: int) -> dt.date | None:
    """The day a deadline falls on: the last of its month or year when no day is given."""
    year = int(match.group(f"year{n}"))
    month_name = match.group(f"month{n}")
    month = list(calendar.month_name).index(month_name) if month_name else 12
    last = calendar.monthrange(year, month)[1]
    day = match.group(f"day{n}")
    try:
        return dt.date(year, month, int(day) if day and month_name else last)
    except ValueError:
        return None
