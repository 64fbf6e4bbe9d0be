"""Draft the annotation of a new statement from its text: `tracker ingest`.

:func:`draft` reads a statement's text (no files involved) and guesses, for
every sentence, the commitments it makes or why it makes none, by the rules
of the codebook (tracker/drafting/codebook.yaml, applied by tracker/drafting/codebook.py), with
actors and regions from the gazetteers (tracker/drafting/gazetteer.py). :func:`render`
writes the guess as an annotation in the format of ``seeds/``, every sentence
marked ``draft: true`` for a reviewer. :func:`ingest` does both for a file and
writes the draft atomically, checked by the same reader `tracker load` uses.

What a draft cannot know it guesses from the text and says so: the title,
issuer, place and date of the statement come from its first paragraphs (or
the file's name, for the date), or are placeholders starting "TO CHECK".
"""

from __future__ import annotations

import codecs
import datetime as dt
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker import annotation, files, inputs, repeats, values, vocab
from tracker.drafting import draft_yaml, gazetteer
from tracker.drafting.codebook import Commits, Rules, rules
from tracker.drafting.gazetteer import Gazetteer, Mention, Party, Place
from tracker.errors import TrackerError
from tracker.parse import Paragraph, ParseError, Span, headings, parse_statement

PLACEHOLDER = "TO CHECK: "
_ROLES = ("responsible", "addressed", "partner", "beneficiary")
# The words between a beneficiary and "for"/"to" that do not matter.
_FILLERS = {"the", "all", "especially", "notably", "in", "particular", "our", "its", "their"}
# A person's name after a title: capitalised words and the particles of names.
_NAME = re.compile(r"(?: (?:[A-Z][\w'’-]*|de|da|van|von|al|bin|ibn|el|la|le|di|del|dos|du))+")
_THE = re.compile(r"Republic|Kingdom|States|Federation|Islands|Emirates|Netherlands|Philippines")
_DATE = re.compile(
    r"\b(?:(?P<day>\d{1,2}) (?P<month>[A-Z][a-z]+),? (?P<year>(?:19|20)\d\d)"
    r"|(?P<month2>[A-Z][a-z]+) (?P<day2>\d{1,2}), (?P<year2>(?:19|20)\d\d))\b"
)
# Control characters (Unicode's category Cc, which never changes) but white space:
# a text holding one is binary. One search, not a look-up per character.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# "Foreign Ministers of the Global Coalition": who issued a statement, and of what body.
_ISSUER_PREFIX = re.compile(
    r"^(?:The )?(?:[A-Z][a-z]+ )*(?:Ministers?|Leaders|Heads of State and Government) of (?:the )?"
)
# A capitalised word of a body's name; "U.S." is one word, not "U" and a sentence's end.
_NAME_WORD = r"(?:(?:[A-Z]\.){2,}|[A-Z][\w-]*)"
# The name of a body: capitalised words, and the small words between them. "and" joins
# words of one name ("Heads of State and Government") only before another capital and
# never before a person's title, so "the Coalition and U.S. Secretary ..." stops at Coalition.
_BODY = rf"{_NAME_WORD}(?: (?:(?:of|for|to|on|the) )*(?!and ){_NAME_WORD})*"
_ISSUER = re.compile(
    r"\b(?:(?:[A-Z][a-z]+ )*(?:Ministers?|Leaders|Heads of State and Government)"
    r"|(?:Small|Steering|Focus|Contact) Group) of (?:the )?" + _BODY
)
_STATEMENT_BY = re.compile(
    r"\b(?:text of )?(?:a |the )?(?:joint )?(statement|communiqu[eé]|declaration) (?:by|of) "
    r"(?:the )?(.+?)[.*]*$",
    re.I,
)


@dataclass(frozen=True)
class StatementFields:
    """What the command line may say of a statement; what it leaves out is guessed."""

    code: str | None = None
    title: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    place: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Known:
    """What a database already holds (ingest given --db): codes taken, commitments made."""

    codes: frozenset[str]
    earlier: tuple[repeats.Earlier, ...]


# The marks a draft's notes may carry for the reviewer; its header explains those it uses.
MARKS = {
    "PAST DEADLINE": (
        "the deadline falls before the statement's date, which an annotation refuses:"
        " its words are kept as a time_frame catalyst; correct the date or the text"
    ),
}


@dataclass
class DraftCommitment:
    id: str
    start: int
    end: int
    title: str
    type: str
    binding: str
    theme: str
    actors: list[tuple[str, Party]]  # (role, actor), responsible first
    regions: list[Place]
    catalysts: list[tuple[str, str]]
    deadline: dt.date | None
    note: str
    repeats: list[repeats.Link] = field(default_factory=list)


@dataclass
class DraftSentence:
    paragraph: int
    position: int
    start: int
    end: int
    commitments: list[DraftCommitment]
    reason: str | None = None  # set when excluded
    note: str | None = None


@dataclass
class Draft:
    text: str
    code: str
    title: str
    issuer: str
    place: str
    date: dt.date
    source_url: str | None
    sentences: list[DraftSentence]
    paragraphs: list[Paragraph]  # parse_statement's, of text
    guessed: list[str] = field(default_factory=list)  # statement fields guessed from the text
    placeholders: list[str] = field(default_factory=list)  # statement fields left TO CHECK
    repeats_listed: bool = False  # compared with a database's commitments

    @property
    def commitments(self) -> list[DraftCommitment]:
        return [c for s in self.sentences for c in s.commitments]


@dataclass
class Summary:
    output: Path
    commitments: int
    sentences: int  # sentences with commitments
    excluded: int
    to_check: list[str]

    def __str__(self) -> str:
        check = f"; check the statement's {', '.join(self.to_check)}" if self.to_check else ""
        return (
            f"wrote {self.output.name}: {_count(self.commitments, 'commitment')} in"
            f" {_count(self.sentences, 'sentence')}, {_count(self.excluded, 'sentence')} excluded;"
            " review every entry marked draft" + check
        )


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def ingest(
    text_path: Path,
    output: Path,
    fields: StatementFields = StatementFields(),
    *,
    force: bool = False,
    known: Known | None = None,
) -> Summary:
    """Draft the annotation of the statement in ``text_path`` and write it to ``output``.

    An existing ``output`` is replaced only when ``force`` is given (it may
    hold a reviewed annotation), and never when it is the statement itself.
    """
    _check_output(text_path, output, force)
    raw = inputs.read_limited(text_path, inputs.MAX_STATEMENT_BYTES)
    text, is_utf8 = decode(raw, text_path.name)
    # Drafting builds the gazetteer, the codebook's patterns and the draft's entries,
    # objects by the hundred thousand: the collector, woken again and again as they
    # pile up, found nothing to free and took a third of the time.
    with inputs.garbage_collection_paused():
        result = draft(text, fields, file_name=text_path.name, known=known)
        _write(result, text_path, output, raw if is_utf8 else None)
    return Summary(
        output,
        len(result.commitments),
        sum(1 for s in result.sentences if s.commitments),
        sum(1 for s in result.sentences if s.reason),
        result.guessed + result.placeholders,
    )


def _check_output(text_path: Path, output: Path, force: bool) -> None:
    if output.is_symlink():  # the draft names its text relative to where it lies
        raise TrackerError(f"{output} is a symbolic link; give the file it points to")
    for written in (output, _utf8_copy(output)):
        if not written.exists():
            continue
        if written.samefile(text_path):
            raise TrackerError(f"{written} is the statement itself; give another --output")
        if not force and files.is_regular(written):
            raise TrackerError(
                f"{written} exists already; give a new file, or --force to replace it"
            )


def _utf8_copy(output: Path) -> Path:
    """Where the UTF-8 copy of a UTF-16 statement goes, beside its draft."""
    return output.with_name(f"{output.stem}.utf-8.txt")


def decode(raw: bytes, name: str) -> tuple[str, bool]:
    """The text of a file, and whether it was UTF-8 (else UTF-16 with a byte-order mark)."""
    if not raw.strip():
        raise TrackerError(f"{name} is empty")
    utf16 = raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and b"\x00" in raw[:8192]:
        raise TrackerError(f"{name} looks like a binary file, not text")
    try:
        text = raw.decode("utf-16" if utf16 else "utf-8")
    except UnicodeDecodeError as exc:
        raise TrackerError(
            f"{name} is not UTF-8 text (cannot decode the byte at offset {exc.start});"
            " save it as UTF-8, or UTF-16 with a byte-order mark"
        ) from exc
    if _CONTROL.search(text):
        raise TrackerError(f"{name} looks like a binary file, not text")
    if not text.strip(" \t\r\n\f\v\ufeff"):
        raise TrackerError(f"{name} is empty")
    return text, not utf16


def draft(
    text: str,
    fields: StatementFields = StatementFields(),
    *,
    file_name: str = "",
    known: Known | None = None,
) -> Draft:
    """Guess the annotation of a statement's text.

    With ``known``, a guessed code avoids those taken and each commitment lists
    the earlier ones it repeats (tracker.repeats), marked for review.

    Raises TrackerError if it has no sentences, or no date is given or found: a
    placeholder date would silently discard every deadline before it.
    """
    try:
        paragraphs = parse_statement(text)
    except ParseError as exc:
        raise TrackerError(
            f"{file_name or 'the text'} holds no sentences to annotate: {exc}"
        ) from None
    problem = None if fields.url is None else values.http_url_problem(fields.url)
    if problem:
        raise TrackerError(f"--url: {problem}")
    names = gazetteer.load()
    titles = headings(text)
    body = "\n\n".join(text[p.start : p.end] for p in paragraphs[:2])  # not the headings between
    head = "\n\n".join([*(text[h.start : h.end] for h in titles[:4]), body])
    guessed: list[str] = []
    placeholders: list[str] = []

    def field_value(
        name: str, given: str | None, guess: Callable[[], str | None], fallback: str
    ) -> str:
        if given:
            return given  # and nothing guessed: a guess reads the whole opening
        found = guess()
        (guessed if found else placeholders).append(name)
        return found or PLACEHOLDER + fallback

    # The opening paragraphs name the issuer more plainly than a title does.
    issuer = field_value(
        "issuer",
        fields.issuer,
        lambda: _guess_issuer(body) or _guess_issuer(head),
        "who issued the statement",
    )
    signatory = _signatory(names, issuer)
    date = fields.date
    if date is None:
        date = _guess_date(text, titles, body) or _guess_date_in_name(file_name)
        if date is None:
            raise TrackerError(
                f'no date found in {file_name or "the text"} (a dateline, or "on 4 June 2020"'
                " in its first paragraphs); give --date YYYY-MM-DD"
            )
        guessed.append("date")
    title = field_value(
        "title", fields.title, lambda: _guess_title(text, paragraphs, titles, issuer), "the title"
    )
    place = field_value(
        "place", fields.place, lambda: _guess_place(names, head), "where it was issued"
    )
    code = fields.code or _untaken(
        _guess_code(signatory, date, file_name), known.codes if known else frozenset()
    )
    try:
        values.statement_code(code)
    except values.ValueProblem as exc:
        raise TrackerError(str(exc)) from None
    reader = _Reader(names, signatory, text, date)
    result = Draft(
        text=text,
        code=code,
        title=title,
        issuer=issuer,
        place=place,
        date=date,
        source_url=fields.url,
        sentences=reader.read(code, paragraphs),
        paragraphs=paragraphs,
        guessed=guessed,
        placeholders=placeholders,
        repeats_listed=known is not None,
    )
    if known is not None:
        commitments = {c.id: c for c in result.commitments}
        quotes = ((c.id, text[c.start : c.end]) for c in commitments.values())
        for link in repeats.find(quotes, date, known.earlier):
            commitments[link.later_id].repeats.append(link)
    return result


def _untaken(code: str, taken: frozenset[str]) -> str:
    """``code``, or with the first numeric suffix (-2, -3, ...) that no statement has."""
    suffix = 2
    found = code
    while found in taken:
        found = f"{code}-{suffix}"
        suffix += 1
    return found


def _guess_issuer(head: str) -> str | None:
    """The longest "Ministers of the X" of the opening; a name cut short is none."""
    found = [re.sub(r"^The ", "", m.group()) for m in _ISSUER.finditer(head)]
    whole = [name for name in found if not re.search(r"\b[A-Z]$", name)]
    return max(whole, key=len) if whole else None


def _guess_date(text: str, titles: list[Span], body: str) -> dt.date | None:
    """The date of a dateline ("Nairobi, 4 March 2034"), else one the opening gives "on".

    "met today in Rome" gives none: an event's date elsewhere in the text is not the
    statement's.
    """
    for heading in titles[:4]:
        found = _dates(text[heading.start : heading.end])
        if found:
            return found[0]
    return next(iter(_dates(body, after="on ")), None)


def _guess_date_in_name(file_name: str) -> dt.date | None:
    match = re.search(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b", file_name)
    try:
        return dt.date(*map(int, match.groups())) if match else None
    except ValueError:
        return None


def _dates(text: str, after: str = "") -> list[dt.date]:
    found = []
    for match in _DATE.finditer(text):
        if after and not text[: match.start()].endswith(after):
            continue
        day, month, year = (
            (match["day"], match["month"], match["year"])
            if match["day"]
            else (match["day2"], match["month2"], match["year2"])
        )
        try:
            found.append(dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date())
        except ValueError:
            continue
    return found


def _guess_title(
    text: str, paragraphs: list[Paragraph], titles: list[Span], issuer: str
) -> str | None:
    """A preamble that names the statement, its first heading (not a dateline), or else
    a short first line without a full stop."""
    for heading in titles[:2]:
        words = " ".join(text[heading.start : heading.end].split())
        if not _DATE.search(words):
            return words
    first = paragraphs[0]
    opening = text[first.start : first.end].strip(" *_\t\r\n")
    # A match cannot cross a line break ("." and "$"), so only the last line can hold
    # one: searching there alone, for a preamble only, keeps a long opening linear.
    named = _STATEMENT_BY.search(opening[opening.rfind("\n") + 1 :]) if first.number == 0 else None
    if named:
        return f"{named.group(1).capitalize()} by the {named.group(2).strip(' .*_')}"
    if len(opening) <= 200 and not opening.endswith((".", ";", ":")):
        return " ".join(opening.split())
    return f"Statement by the {issuer}" if not issuer.startswith(PLACEHOLDER) else None


def _guess_place(names: Gazetteer, head: str) -> str | None:
    """The city of a dateline ("Nairobi, 4 March 2034"), or where the meeting was held:
    "met in Washington"."""
    for line in head.split("\n\n"):
        if _DATE.search(line) and len(line.split()) <= 8:
            cities = [m for m in names.find(line) if m.entry.category == "city"]
            if cities and cities[0].start == 0:
                return line[: cities[0].end]
    for mention in names.mentions(head):  # the first that fits: not all of a long opening
        before = head[max(0, mention.start - 60) : mention.start]
        if mention.entry.category == "city" and re.search(
            r"\b(?:met|meeting|gathered|convened|held|assembled)\b[^.]*\b(?:in|at) $", before
        ):
            return head[mention.start : mention.end]
    return None


# At most this many initials: longer ones are the unreadable acronyms of titles.
_INITIALS = 4


def _guess_code(signatory: _Signatory, date: dt.date, file_name: str) -> str:
    """The body's initials and the year: "gc2017" for the Global Coalition, "mc2034" for
    the Small Group of the Meridian Coalition; a one-word body by itself ("g72034")."""
    name = re.sub(r"^(?:Small|Steering|Focus|Contact) Group of (?:the )?", "", signatory.party.name)
    core = re.split(r" (?:to|of|for|against|on) ", name)[0]
    words = [w for w in core.split() if w[:1].isupper() or w[:1].isdigit()]
    initials = "".join(w[0] for w in words[:_INITIALS]).lower()
    if len(words) == 1:
        initials = re.sub(r"[^a-z0-9]", "", words[0].lower())[:10]
    initials = re.sub(r"[^a-z0-9]", "", initials)
    if not initials:
        initials = re.sub(r"[^a-z]+", "", Path(file_name).stem.lower())[:_INITIALS]
    return f"{initials or 'st'}{date.year}"


@dataclass(frozen=True)
class _Signatory:
    party: Party
    members: Party
    members_matches: tuple[str, ...]  # what the statement calls its members
    heads: tuple[str, ...]  # what the statement calls the signatory: "the Coalition"


def _signatory(names: Gazetteer, issuer: str) -> _Signatory:
    """Who "we" is: a curated body the issuer names, or the body after "Ministers of the"."""
    known = names.signatory_named(issuer)
    if known is not None and _names_another_body(issuer, known.party):
        known = None
    if known is not None:
        members = Party(known.members or f"{known.heads[-1]} members", "member_states")
        partners = f"{known.heads[-1]} partners"
        matches = tuple(dict.fromkeys((*known.members_matches, partners)))
        return _Signatory(known.party, members, matches, known.heads)
    if issuer.startswith(PLACEHOLDER):
        return _Signatory(
            Party("Signatories", "member_states"), Party("Members", "member_states"), (), ()
        )
    body = _ISSUER_PREFIX.sub("", issuer)
    # "Small Group of the Meridian Coalition": "the Coalition" is the wider body.
    wider = re.sub(r"^(?:Small|Steering|Focus|Contact) Group of (?:the )?", "", body)
    head = gazetteer.head_noun(wider)
    members_name = f"{head} members"
    heads = tuple(sorted({body, wider, head}, key=len, reverse=True))
    return _Signatory(
        Party(body, "international_organisation"),
        Party(members_name, "member_states"),
        (members_name, f"{head} partners"),
        heads,
    )


def _names_another_body(issuer: str, party: Party) -> bool:
    """ "Ministers of the Meridian Coalition" names not the Coalition but another body."""
    for name in sorted((party.name, *party.aliases), key=len, reverse=True):
        for match in re.finditer(rf"\b{re.escape(name)}\b", issuer):
            before = issuer[: match.start()].split()
            if not before or not before[-1][:1].isupper() or before[-1] in ("The",):
                return False
    return True


@dataclass
class _Named:
    """An actor or a place a sentence names, and where."""

    start: int
    end: int
    party: Party | None = None
    place: Place | None = None
    role: str = "partner"
    written: str = ""  # the words of the text
    office: str | None = None  # a title's organisation: an `organisation` catalyst
    # Resolved with the paragraph's subject country: "all parties" (parties), "his
    # government" (government), a Prime Minister without a demonym (national).
    pending: str | None = None


class _Reader:
    """Reads a statement sentence by sentence with the codebook and the gazetteers."""

    def __init__(self, names: Gazetteer, signatory: _Signatory, text: str, date: dt.date):
        self.names = names
        self.signatory = signatory
        self.text = text
        self.date = date
        self.rules: Rules = rules(signatory.heads, signatory.members_matches)
        self.cities: dict[tuple[str, str | None], Place] = {}  # as first written in the text

    def read(self, code: str, paragraphs: list[Paragraph]) -> list[DraftSentence]:
        entries: list[DraftSentence] = []
        for paragraph in paragraphs:
            named = [self._named(span) for span in paragraph.sentences]
            subject = _subject(self.names, named)
            count = 0
            for position, (span, found) in enumerate(
                zip(paragraph.sentences, named, strict=True), start=1
            ):
                sentence = self._sentence(paragraph.number, position, span, found, subject)
                for commitment in sentence.commitments:
                    count += 1
                    commitment.id = f"{code}-{paragraph.number}.{count}"
                entries.append(sentence)
        return entries

    # What a sentence names

    def _named(self, span: Span) -> list[_Named]:
        mentions = self.names.find(self.text, span.start, span.end, self.signatory.party.name)
        found: list[_Named] = []
        covered = span.start  # a person's name is not read again as places
        for index, mention in enumerate(mentions):
            if mention.start < covered:
                continue
            if mention.entry.category == "title":
                before = mentions[index - 1] if index else None
                person = self._person(mention, before, span.end)
                if person is not None:
                    found.append(person)
                    covered = person.end
                continue
            found.extend(self._named_mention(mention, span))
        for match in self.rules.government_pronoun.finditer(self.text, span.start, span.end):
            found.append(_Named(match.start(), match.end(), pending="government"))
        return found

    def _named_mention(self, mention: Mention, span: Span) -> list[_Named]:
        entry = mention.entry
        start, end = mention.start, mention.end
        written = self.text[start:end]
        if entry.category in ("actor", "body"):
            role = self._role(entry.party, start)
            return [_Named(start, end, party=entry.party, role=role, written=written)]
        if entry.category == "members":
            return [_Named(start, end, party=self.signatory.members, written=written)]
        if entry.category == "parties":
            return [_Named(start, end, party=Party("All parties", "parties"), pending="parties")]
        place = entry.place
        assert place is not None
        following = self.text[end : span.end].split(maxsplit=1)
        if following and following[0].strip(".,;:") in self.rules.features:
            return []  # "the Niger River"
        if entry.category == "city":
            if self._is_venue(mention, span):
                return []
            return [_Named(start, end, place=self._city(place, written))]
        named = [_Named(start, end, place=place)]
        if entry.category == "region":
            return named
        government = self._government(mention, place)
        if government is not None:
            named.append(government)
        if entry.category == "demonym" and self._is_people(mention):
            demonym = self.names.demonyms.get(place.iso or "", written)
            people = Party(f"{demonym} people", "population", _country_field(place))
            named.append(_Named(start, end, party=people, role="beneficiary"))
        return named

    def _city(self, place: Place, written: str) -> Place:
        key = (place.name, place.parent)
        if key not in self.cities:
            self.cities[key] = Place(written, "city", parent=place.parent, iso=place.iso)
        return self.cities[key]

    def _is_venue(self, mention: Mention, span: Span) -> bool:
        """ "talks in Geneva", "the Geneva Communiqué", "the Astana meetings"."""
        venues = self.rules.venues
        after = self.text[mention.end : span.end].split(maxsplit=1)
        following = after[0].strip(".,;:") if after else ""
        if following and (following[0].isupper() or following.lower() in venues):
            return True
        before = self.text[span.start : mention.start].split()
        if not before or before[-1] not in ("in", "at"):
            return False
        return self.rules.venue.search(self.text, span.start, span.end) is not None

    def _government(self, mention: Mention, country: Place) -> _Named | None:
        """ "the Government of Iraq", "Iraq's", "efforts by Nigeria", "support to Iraq"."""
        before = self.text[max(0, mention.start - 30) : mention.start]
        after = self.text[mention.end : mention.end + 30]
        by_name = self.rules.government_before.search(before)
        if not (by_name or mention.possessive or self.rules.government_after.match(after)):
            return None
        role = "beneficiary" if self.rules.support_for.search(before) else "partner"
        start = mention.start - len(by_name.group()) if by_name else mention.start
        return _Named(start, mention.end, party=_government(country), role=role)

    def _is_people(self, mention: Mention) -> bool:
        """ "the Syrian people", "all Syrians"."""
        written = self.text[mention.start : mention.end]
        plural = written.endswith("s") and not written.endswith(("ese", "ss"))
        return plural or self.text.startswith(" people", mention.end)

    def _person(self, title: Mention, before: Mention | None, limit: int) -> _Named | None:
        """ "Prime Minister Abadi", "UN Special Envoy Staffan de Mistura"."""
        name = _NAME.match(self.text, title.end, limit)
        words = name.group().split() if name else []
        while words and not words[-1][0].isupper():
            words.pop()
        if not words:
            return None
        end = self.text.index(words[-1], title.end) + len(words[-1])
        words[-1] = re.sub(r"['’]s$", "", words[-1])
        written_title = self.text[title.start : title.end]
        full = " ".join(words) if len(words) > 1 else f"{written_title} {words[0]}"
        country = None
        if before is not None and before.entry.category == "demonym":
            if self.text[before.end : title.start].isspace():
                country = before.entry.place
        entry = title.entry
        return _Named(
            title.start,
            end,
            party=Party(full, "person", _country_field(country) if country else None),
            office=written_title if entry.office else None,
            pending="national" if entry.national and country is None else None,
        )

    def _role(self, party: Party | None, start: int) -> str:
        """A beneficiary by its kind, or by "for"/"to" before it; else a partner."""
        if party is not None and party.kind in self.rules.beneficiary_kinds:
            return "beneficiary"
        words = self.text[max(0, start - 40) : start].lower().split()
        while words and words[-1] in _FILLERS:
            words.pop()
        return "beneficiary" if words and words[-1] in self.rules.beneficiary_after else "partner"

    def _resolve(self, named: list[_Named], subject: list[Place]) -> list[_Named]:
        """Fill in what needs the paragraph's one subject country, or drop it."""
        country = subject[0] if len(subject) == 1 else None
        resolved = []
        for item in named:
            if item.pending == "government":
                if country is None:
                    continue
                item = _Named(item.start, item.end, party=_government(country))
            elif item.pending == "parties" and country is not None:
                demonym = self.names.demonyms.get(country.iso or "")
                name = f"All {demonym} parties" if demonym else f"All parties in {country.name}"
                party = Party(name, "parties", _country_field(country))
                item = _Named(item.start, item.end, party=party)
            elif item.pending == "national" and item.party is not None and country is not None:
                party = Party(item.party.name, "person", _country_field(country))
                item = _Named(item.start, item.end, party=party, office=item.office)
            resolved.append(item)
        return resolved

    # Decisions

    def _sentence(
        self, paragraph: int, position: int, span: Span, named: list[_Named], subject: list[Place]
    ) -> DraftSentence:
        sentence = self.text[span.start : span.end]
        entry = DraftSentence(paragraph, position, span.start, span.end, [])
        commits = self.rules.commits(sentence)
        if commits is None:
            excluded = self.rules.excluded(sentence, preamble=paragraph == 0)
            entry.reason = excluded.reason
            entry.note = _exclusion_note(excluded.reason, excluded.words)
            return entry
        end = len(sentence.rstrip(" .;:!?…"))
        split = self.rules.split(sentence, commits.end, end)
        parts: list[tuple[int, int, str | None]] = [(commits.start, end, None)]
        if split is not None:
            parts = [(commits.start, split.first_end, None), (split.second_start, end, split.words)]
        named = self._resolve(named, subject)
        carried = [] if any(n.place for n in named) else subject
        for start, stop, split_words in parts:
            quote = _Quote(span.start, sentence, start, stop)
            entry.commitments.append(self._commitment(quote, commits, named, carried, split_words))
        return entry

    def _commitment(
        self,
        quote: _Quote,
        commits: Commits,
        named: list[_Named],
        carried: list[Place],
        split_words: str | None,
    ) -> DraftCommitment:
        inside = [n for n in named if quote.holds(n)]
        catalysts = self.rules.catalysts_in(quote.text)
        deadline, found = catalysts.deadline, catalysts.found
        if deadline is not None and deadline < self.date:
            found = [("time_frame" if kind == "deadline" else kind, w) for kind, w in found]
        regions = _regions(inside) or list(carried)
        # "we are committed to supporting ...", "support for X continues to be a priority"
        target = quote.text if commits.cue.from_clause else quote.sentence[commits.end :]
        supports = commits.cue.type == "pledge" and target.lstrip().lower().startswith("support")
        kind = "support" if supports else commits.cue.type
        return DraftCommitment(
            id="",
            start=quote.offset + quote.start,
            end=quote.offset + quote.end,
            title=_title(quote, commits),
            type=kind,
            binding=commits.cue.binding,
            theme=self.rules.theme(quote.text),
            actors=self._actors(quote, commits, inside, named),
            regions=regions,
            catalysts=found + _organisations(inside, found),
            deadline=deadline if deadline is None or deadline >= self.date else None,
            note=_commitment_note(
                commits, kind, split_words, bool(carried) and not _regions(inside)
            )
            + _marks(deadline, self.date),
        )

    def _actors(
        self, quote: _Quote, commits: Commits, inside: list[_Named], named: list[_Named]
    ) -> list[tuple[str, Party]]:
        """Each actor once, in its first role: responsible, addressed, partner, beneficiary."""
        responsible = self.signatory.members if commits.by_members else self.signatory.party
        if commits.group is not None:
            responsible = Party(commits.group, "member_states")
        links = [("responsible", responsible)]
        links += [("addressed", party) for party in self._addressed(quote, commits, named)]
        links += [(n.role, n.party) for n in inside if n.party is not None]
        seen = {self.signatory.party.name}
        unique = [links[0]]
        seen.add(responsible.name)
        for role, party in sorted(links[1:], key=lambda link: _ROLES.index(link[0])):
            if party.name not in seen:
                seen.add(party.name)
                unique.append((role, party))
        return unique

    def _addressed(self, quote: _Quote, commits: Commits, named: list[_Named]) -> list[Party]:
        """Who a call names: actors right after the cue, before "to"."""
        cue = commits.cue
        if not cue.addressee:
            return []
        sentence = quote.sentence
        to = sentence.find(" to ", commits.end, commits.end + 60)
        if to < 0:
            return [self.signatory.members] if cue.unnamed == "members" else []
        reach = commits.end + len(" ".join(sentence[commits.end : to].split()[:3])) + 1
        return [
            n.party
            for n in named
            if n.party is not None
            and commits.end <= n.start - quote.offset <= reach
            and n.end - quote.offset <= to
        ]


@dataclass(frozen=True)
class _Quote:
    offset: int  # where the sentence starts in the text
    sentence: str
    start: int  # within the sentence
    end: int

    @property
    def text(self) -> str:
        return self.sentence[self.start : self.end]

    def holds(self, named: _Named) -> bool:
        return self.start <= named.start - self.offset and named.end - self.offset <= self.end


def _subject(names: Gazetteer, named: list[list[_Named]]) -> list[Place]:
    """The countries a paragraph is about: those two of its sentences or more name."""
    counts: dict[str, int] = {}
    first: dict[str, Place] = {}
    for sentence in named:
        countries: dict[str, Place] = {}
        for item in sentence:
            place = item.place
            if place is not None and place.kind == "city":
                place = names.countries.get(place.iso or "")
            if place is not None and place.kind == "country":
                countries[place.name] = place
        for name, country in countries.items():
            counts[name] = counts.get(name, 0) + 1
            first.setdefault(name, country)
    return [first[name] for name, count in counts.items() if count >= 2]


def _regions(inside: list[_Named]) -> list[Place]:
    """The places a quote names; a country is left out when one of its cities is named."""
    places: list[Place] = []
    for item in inside:
        if item.place is not None and item.place not in places:
            places.append(item.place)
    with_cities = {p.parent for p in places if p.kind == "city"}
    return [p for p in places if not (p.kind == "country" and p.name in with_cities)]


def _organisations(inside: list[_Named], found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """International organisations the quote names, except inside a mandate's name."""
    mandates = [words for kind, words in found if kind == "mandate"]
    catalysts: list[tuple[str, str]] = []
    for item in inside:
        words = item.office
        kind = item.party.kind if item.party is not None else None
        if words is None and kind in ("international_organisation", "un_body"):
            words = item.written
        if words and not any(words in m for m in mandates):
            if ("organisation", words) not in catalysts:
                catalysts.append(("organisation", words))
    return catalysts


def _government(country: Place) -> Party:
    the = "the " if _THE.search(country.name) else ""
    return Party(
        f"Government of {the}{country.name}", "national_government", _country_field(country)
    )


def _country_field(country: Place) -> str:
    """A country as the annotation names it: a name pycountry can look up."""
    return country.iso_name or country.name


def _title(quote: _Quote, commits: Commits) -> str:
    """The quote without its subject (and, after a binding phrase, without the phrase)."""
    start = quote.start
    if start == commits.start and not commits.cue.from_clause:
        start = commits.subject_end if commits.cue.keep_verb else commits.end
    words = " ".join(quote.sentence[start : quote.end].split()).strip(" ,;:")
    words = re.sub(r"^(?:to|and|for|as well as) ", "", words)
    if len(words) > 100:
        words = words[:100].rsplit(" ", 1)[0].rstrip(",;:") + "…"
    return words[:1].upper() + words[1:] if words else "Commitment"


def _exclusion_note(reason: str, words: str | None) -> str:
    meaning = vocab.EXCLUSION_REASONS[reason]
    if words:
        return f'Draft: no commitment cue; "{" ".join(words.split())}": {meaning}.'
    return f"Draft: no commitment cue; {meaning}."


def _marks(deadline: dt.date | None, statement_date: dt.date) -> str:
    if deadline is not None and deadline < statement_date:
        return f" PAST DEADLINE: {deadline.isoformat()} is before the statement's date."
    return ""


def _commitment_note(commits: Commits, kind: str, split_words: str | None, carried: bool) -> str:
    words = " ".join(commits.words.split())
    note = f'Draft: "{words}" reads as a {kind}, {commits.cue.binding} binding'
    note += f" ({commits.cue.why})." if commits.cue.why else "."
    if split_words:
        note += f' A second target follows "{split_words.strip(" ,")}": two commitments.'
    if carried:
        note += " Regions carried from the paragraph."
    return note


# Writing the draft


def document(result: Draft, *, text_file: str, sha256: str) -> dict[str, Any]:
    """The draft as an annotation's document, in the format of seeds/."""
    statement: dict[str, object] = {
        "code": result.code,
        "title": result.title,
        "issuer": result.issuer,
        "place": result.place,
        "date": result.date,
        "source_url": result.source_url,
        "text_file": text_file,
        "sha256": sha256,
    }
    if result.repeats_listed:
        statement["repeats_listed"] = True
    return {
        "format": annotation.FORMAT,
        "statement": statement,
        "actors": _actor_entries(result),
        "regions": _region_entries(result),
        "sentences": [_sentence_entry(result.text, s) for s in result.sentences],
    }


# A sentence's entry starts the only lines that start "- ": what lies within is indented.
_NEXT_SENTENCE = "\n- "


def render(result: Draft, *, text_file: str, sha256: str) -> str:
    """The draft as an annotation file in the format of seeds/."""
    return _rendered(result, document(result, text_file=text_file, sha256=sha256), text_file)


def _rendered(result: Draft, data: dict[str, Any], text_file: str) -> str:
    sentences = draft_yaml.sentences(data["sentences"])
    sections = [
        _header(result, text_file),
        draft_yaml.dump({"format": data["format"], "statement": data["statement"]}),
        draft_yaml.dump({"actors": data["actors"]}),
        draft_yaml.dump({"regions": data["regions"]}),
        "sentences:\n",
        sentences.replace(_NEXT_SENTENCE, "\n" + _NEXT_SENTENCE),
    ]
    return "\n".join(sections)


def _header(result: Draft, text_file: str) -> str:
    lines = [
        f"Draft annotation of {Path(text_file).name}, written by `tracker ingest`.",
        "",
        "Every sentence is a guess marked `draft: true`, by the rules of"
        " tracker/drafting/codebook.yaml",
        "(explained in docs/codebook.md) and the gazetteers of tracker/drafting/gazetteers/."
        " Review each",
        "entry, correct it and remove its `draft: true`; `tracker load` refuses drafts unless",
        "given --accept-drafts.",
    ]
    if result.guessed:
        lines += ["", f"Guessed from the text, to check: {', '.join(result.guessed)}."]
    if result.placeholders:
        fields = ", ".join(result.placeholders)
        lines += ["", f"Not found in the text: {fields} (values starting {PLACEHOLDER.strip()!r})."]
    if result.repeats_listed:
        lines += [
            "",
            "Compared with the commitments of the database's earlier statements: each commitment's",
            "`repeats` lists those its quote resembles (rapidfuzz's fuzz.ratio, score"
            f" {repeats.THRESHOLD} or more;",
            "reaffirms when it uses a verb of reaffirming, else restates), each marked `draft:"
            " true`.",
            "Remove the links that are wrong and the marks of those that are right; `tracker"
            " load` stores",
            "the links the file lists (repeats_listed: true), and no others.",
        ]
    used = [mark for mark in MARKS if any(f" {mark}: " in c.note for c in result.commitments)]
    if used:
        lines += ["", "Review marks in the notes of this draft:"]
        lines += [f"  {mark}: {MARKS[mark]}." for mark in used]
    return "\n".join(f"# {line}".rstrip() for line in lines) + "\n"


def _actor_entries(result: Draft) -> list[dict[str, object]]:
    parties: dict[str, Party] = {}
    for commitment in result.commitments:
        for _, party in commitment.actors:
            parties.setdefault(party.name, party)
    entries = []
    for party in parties.values():
        entry: dict[str, object] = {"name": party.name, "kind": party.kind}
        if party.country:
            entry["country"] = party.country
        if party.aliases:
            entry["aliases"] = list(party.aliases)
        entries.append(entry)
    return entries


def _region_entries(result: Draft) -> list[dict[str, object]]:
    names = gazetteer.load()
    ordered: dict[str, Place] = {}

    def add(place: Place) -> None:
        parent = _parent(names, place)
        if parent is not None and parent.name not in ordered:
            add(parent)
        ordered.setdefault(place.name, place)

    for commitment in result.commitments:
        for place in commitment.regions:
            add(place)
    entries = []
    for place in ordered.values():
        entry: dict[str, object] = {"name": place.name, "kind": place.kind}
        if place.parent:
            entry["parent"] = place.parent
        if place.iso_name:
            entry["iso_name"] = place.iso_name
        entries.append(entry)
    return entries


def _parent(names: Gazetteer, place: Place) -> Place | None:
    if place.parent is None:
        return None
    if place.kind == "city":
        return names.countries.get(place.iso or "")
    return names.places.get(place.parent)


def _sentence_entry(text: str, sentence: DraftSentence) -> dict[str, object]:
    entry: dict[str, object] = {
        "paragraph": sentence.paragraph,
        "sentence": sentence.position,
        "offsets": [sentence.start, sentence.end],
        "text": text[sentence.start : sentence.end],
        "draft": True,
    }
    if sentence.reason:
        entry["excluded"] = sentence.reason
        entry["reason"] = sentence.note
    else:
        entry["commitments"] = [_commitment_entry(text, c) for c in sentence.commitments]
    return entry


def _commitment_entry(text: str, commitment: DraftCommitment) -> dict[str, object]:
    actors: dict[str, list[str]] = {}
    for role, party in commitment.actors:
        actors.setdefault(role, []).append(party.name)
    entry: dict[str, object] = {
        "id": commitment.id,
        "title": commitment.title,
        "quote": text[commitment.start : commitment.end],
        "offsets": [commitment.start, commitment.end],
        "type": commitment.type,
        "binding": commitment.binding,
        "theme": commitment.theme,
        "actors": actors,
        "regions": [place.name for place in commitment.regions],
    }
    if commitment.catalysts:
        entry["catalysts"] = [{kind: words} for kind, words in commitment.catalysts]
    if commitment.deadline:
        entry["deadline"] = commitment.deadline
    entry["note"] = commitment.note
    if commitment.repeats:
        entry["repeats"] = [
            {"id": k.earlier_id, "kind": k.kind, "score": k.score, "draft": True}
            for k in commitment.repeats
        ]
    return entry


def _write(result: Draft, text_path: Path, output: Path, raw: bytes | None) -> None:
    """Write the draft atomically, after checking it as `tracker load` will.

    The annotation reader takes UTF-8, so a UTF-16 text gets a UTF-8 copy beside the
    draft (``NAME.utf-8.txt``); offsets count characters, which the copy keeps.
    """
    folder = output.parent
    copy = None
    if raw is None:
        copy = _utf8_copy(output)
        raw = result.text.encode("utf-8")
        text_file = copy.name
    else:
        text_file = Path(os.path.relpath(text_path.resolve(), folder.resolve())).as_posix()
    data = document(result, text_file=text_file, sha256=hashlib.sha256(raw).hexdigest())
    rendered = _rendered(result, data, text_file)
    written = False
    try:
        if copy is not None:
            files.write_bytes(copy, raw)
        with files.atomic_path(output) as partial:
            partial.write_text(rendered, encoding="utf-8", newline="\n")
            try:
                annotation.check_document(
                    partial, data, accept_drafts=True, parsed=(result.text, result.paragraphs)
                )
            except TrackerError as exc:
                raise TrackerError(f"the draft of {text_path.name} does not check: {exc}") from exc
        written = True
    except OSError as exc:
        raise TrackerError(f"cannot write {output}: {exc.strerror}") from exc
    finally:
        if copy is not None and not written:
            copy.unlink(missing_ok=True)
