"""Read a statement's annotation file and check it against the text.

An annotation (YAML, see seeds/) covers every sentence of a statement once,
in reading order: either the commitments it makes or why it makes none.
:func:`read_annotation` checks all of it before anything is written and
raises :class:`AnnotationError` naming the entries at fault.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tracker import inputs, values, vocab
from tracker.errors import TrackerError
from tracker.inputs import label, shown
from tracker.parse import Paragraph, ParseError, parse_statement
from tracker.places import country_code

FORMAT = 1
_STATEMENT_KEYS = {
    "code", "title", "issuer", "place", "date", "source_url", "text_file", "sha256",
    "repeats_listed",
}  # fmt: skip
_REPEAT_KEYS = {"id", "kind", "score", "draft"}
_ACTOR_KEYS = {"name", "kind", "country", "aliases"}
_REGION_KEYS = {"name", "kind", "parent", "iso_name"}
_SENTENCE_KEYS = {
    "paragraph", "sentence", "offsets", "text", "excluded", "reason", "commitments", "draft",
}  # fmt: skip
_COMMITMENT_KEYS = {
    "id", "title", "quote", "offsets", "type", "binding", "theme", "actors", "regions",
    "catalysts", "deadline", "note", "repeats",
}  # fmt: skip


class AnnotationError(TrackerError):
    """Problems found in an annotation; the message is the first, the details the others."""

    def __init__(self, path: Path, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"{path.name}: {problems[0]}{more}", problems[1:])


@dataclass
class ActorEntry:
    name: str
    kind: str
    country_code: str | None
    aliases: list[str]


@dataclass
class RegionEntry:
    name: str
    kind: str
    iso_code: str | None
    parent: str | None


@dataclass
class RepeatEntry:
    """An earlier commitment that a commitment repeats (a commitment_link)."""

    earlier_id: str
    kind: str
    score: int
    draft: bool


@dataclass
class CommitmentEntry:
    id: str
    title: str
    quote: str
    start: int
    end: int
    type: str
    binding: str
    theme: str
    actors: list[tuple[str, str]]  # (role, actor name), in the file's order
    regions: list[str]
    catalysts: list[tuple[str, str]]  # (kind, words of the sentence)
    deadline: dt.date | None
    note: str | None
    repeats: list[RepeatEntry] = field(default_factory=list)


@dataclass
class SentenceEntry:
    paragraph: int
    position: int
    start: int
    end: int
    text: str
    exclusion_reason: str | None
    note: str | None
    commitments: list[CommitmentEntry]
    draft: bool

    @property
    def key(self) -> str:
        return f"{self.paragraph}.{self.position}"


@dataclass
class ParagraphEntry:
    number: int
    start: int
    end: int


@dataclass
class Annotation:
    path: Path
    code: str
    title: str
    issuer: str
    place: str
    date: dt.date
    source_url: str | None
    text: str
    sha256: str
    annotation_sha256: str
    paragraphs: list[ParagraphEntry]
    actors: list[ActorEntry]
    regions: list[RegionEntry]
    sentences: list[SentenceEntry]
    # True when the commitments' `repeats` say every link to earlier commitments
    # (tracker ingest wrote them from the database); else loading finds them.
    repeats_listed: bool = False

    @property
    def commitments(self) -> list[CommitmentEntry]:
        return [c for s in self.sentences for c in s.commitments]


def read_annotation(path: Path, *, accept_drafts: bool = False) -> Annotation:
    """Read and check ``path``; raise AnnotationError if anything is wrong."""
    raw = inputs.read_limited(path, inputs.MAX_ANNOTATION_BYTES)
    try:
        data = inputs.load_yaml(raw)
    except yaml.YAMLError as exc:
        raise AnnotationError(path, [f"not valid YAML: {_first_line(exc)}"]) from exc
    except TrackerError as exc:
        raise AnnotationError(path, [f"refused: {exc}"]) from exc
    return check_document(path, data, hashlib.sha256(raw).hexdigest(), accept_drafts=accept_drafts)


def check_document(
    path: Path,
    data: Any,
    annotation_sha256: str = "",
    *,
    accept_drafts: bool = False,
    parsed: tuple[str, list[Paragraph]] | None = None,
) -> Annotation:
    """Check an annotation's document, as read from ``path``; raise AnnotationError if wrong.

    ``tracker ingest`` checks the document it writes here, without reading it back:
    PyYAML's safe emitter writes what its loader reads. It gives ``parsed``, a text and
    what parse_statement made of it, used when the statement's text is that text.
    """
    checker = _Checker(path, annotation_sha256, parsed)
    annotation = checker.check(data, accept_drafts)
    if checker.problems or annotation is None:
        raise AnnotationError(path, checker.problems or ["the file is empty"])
    return annotation


def _first_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


@dataclass
class _Checker:
    path: Path
    annotation_sha256: str
    parsed: tuple[str, list[Paragraph]] | None = None
    problems: list[str] = field(default_factory=list)

    def problem(self, where: str, message: str) -> None:
        self.problems.append(f"{where}: {message}" if where else message)

    def mapping(self, where: str, value: Any, allowed: set[str], required: set[str]) -> bool:
        if not isinstance(value, dict):
            self.problem(where, "expected a mapping")
            return False
        for key in sorted(set(value) - allowed):
            self.problem(where, f"unknown key {shown(key)}")
        for key in sorted(required - set(value)):
            self.problem(where, f"missing {shown(key)}")
        return required <= set(value)

    def string(self, where: str, value: Any, *, limit: int = 300, one_line: bool = True) -> str:
        try:
            return values.text(value, limit, one_line=one_line)
        except values.ValueProblem as exc:
            self.problem(where, str(exc))
            return value if isinstance(value, str) else ""

    def choice(self, where: str, value: Any, allowed: dict[str, str]) -> str:
        if not isinstance(value, str) or value not in allowed:
            self.problem(where, f"{shown(value)} is not one of {', '.join(allowed)}")
        return str(value)

    def offsets(self, where: str, value: Any, text: str) -> tuple[int, int]:
        ok = (
            isinstance(value, list)
            and len(value) == 2
            and all(type(v) is int for v in value)
            and 0 <= value[0] < value[1] <= len(text)
        )
        if not ok:
            self.problem(where, f"offsets must be [start, end] within the text, not {shown(value)}")
            return 0, 0
        return value[0], value[1]

    def check(self, data: Any, accept_drafts: bool) -> Annotation | None:
        top = {"format", "statement", "actors", "regions", "sentences"}
        if not self.mapping("", data, top, top):
            return None
        if data["format"] != FORMAT:
            self.problem("", f"format {shown(data['format'])} is not {FORMAT}")
            return None
        statement = self.statement(data["statement"])
        if statement is None:
            return None
        text, sha256 = statement.pop("text"), statement.pop("sha256")
        try:
            parsed = (
                self.parsed[1]
                if self.parsed is not None and self.parsed[0] == text
                else parse_statement(text)
            )
        except ParseError as exc:
            self.problem("statement", f"the text cannot be parsed: {exc}")
            return None
        paragraphs = [ParagraphEntry(p.number, p.start, p.end) for p in parsed]
        actors = self.actors(data["actors"])
        regions = self.regions(data["regions"])
        expected = [
            (p.number, i, s.start, s.end)
            for p in parsed
            for i, s in enumerate(p.sentences, start=1)
        ]
        sentences = self.sentences(
            data["sentences"],
            expected,
            text,
            statement,
            {a.name for a in actors},
            {r.name for r in regions},
        )
        drafts = [s.key for s in sentences if s.draft] + [
            s.key for s in sentences for c in s.commitments for r in c.repeats if r.draft
        ]
        if drafts and not accept_drafts:
            self.problem(
                f"sentence {min(drafts, key=[s.key for s in sentences].index)}",
                f"{len(drafts)} entries are still drafts; review them, remove `draft: true`,"
                " or load with --accept-drafts",
            )
        return Annotation(
            path=self.path,
            text=text,
            sha256=sha256,
            annotation_sha256=self.annotation_sha256,
            paragraphs=paragraphs,
            actors=actors,
            regions=regions,
            sentences=sentences,
            **(statement | {"repeats_listed": statement["repeats_listed"] or any(
                c.repeats for s in sentences for c in s.commitments
            )}),
        )

    def statement(self, data: Any) -> dict[str, Any] | None:
        required = _STATEMENT_KEYS - {"source_url", "sha256", "repeats_listed"}
        if not self.mapping("statement", data, _STATEMENT_KEYS, required):
            return None
        code = data["code"] if isinstance(data["code"], str) else ""
        try:
            values.statement_code(data["code"])
        except values.ValueProblem as exc:
            self.problem("statement code", str(exc))
        date = data["date"]
        try:
            date = values.date(date)
        except values.ValueProblem as exc:
            self.problem("statement date", f"{exc}; expected a date such as 2017-03-22")
        listed = data.get("repeats_listed", False)
        if not isinstance(listed, bool):
            self.problem("statement repeats_listed", "expected true or false")
        url = data.get("source_url")
        problem = None if url is None else values.http_url_problem(url)
        if problem:
            self.problem("statement source_url", problem)
        if not isinstance(data["text_file"], str):
            self.problem("statement text_file", "expected the name of the text file")
            return None
        text_path = self.path.parent / data["text_file"]
        try:
            raw = inputs.read_limited(text_path, inputs.MAX_STATEMENT_BYTES)
            text = raw.decode("utf-8")
        except (TrackerError, UnicodeDecodeError) as exc:
            self.problem("statement text_file", f"cannot read {text_path.name}: {exc}")
            return None
        sha256 = hashlib.sha256(raw).hexdigest()
        if data.get("sha256") not in (None, sha256):
            self.problem("statement sha256", f"the text file's SHA-256 is {sha256}")
        return {
            "code": code,
            "title": self.string("statement title", data["title"]),
            "issuer": self.string("statement issuer", data["issuer"], limit=values.MAX_NAME),
            "place": self.string("statement place", data["place"], limit=values.MAX_NAME),
            "date": date,
            "source_url": url,
            "text": text,
            "sha256": sha256,
            "repeats_listed": listed is True,
        }

    def actors(self, data: Any) -> list[ActorEntry]:
        if not isinstance(data, list):
            self.problem("actors", "expected a list")
            return []
        actors, seen = [], set()
        for item in data:
            name = item.get("name") if isinstance(item, dict) else None
            where = f"actor {label(name)}"
            if not self.mapping(where, item, _ACTOR_KEYS, {"name", "kind"}):
                continue
            if not isinstance(name, str):
                self.problem(where, "a name is text")
                continue
            aliases = item.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
                self.problem(where, "aliases must be a list of names")
                aliases = []
            for written in [name, *aliases]:
                if written in seen:
                    self.problem(where, f"the name {shown(written)} is used twice")
                seen.add(written)
            actors.append(
                ActorEntry(
                    name=self.string(where, name, limit=values.MAX_NAME),
                    kind=self.choice(where, item["kind"], vocab.ACTOR_KINDS),
                    country_code=self.country_code(where, item.get("country")),
                    aliases=aliases,
                )
            )
        return actors

    def country_code(self, where: str, name: Any) -> str | None:
        """The ISO 3166-1 alpha-2 code of a country, from pycountry."""
        if name is None:
            return None
        try:
            return country_code(str(name))
        except LookupError:
            self.problem(where, f"pycountry knows no country called {shown(name)}")
            return None

    def regions(self, data: Any) -> list[RegionEntry]:
        if not isinstance(data, list):
            self.problem("regions", "expected a list")
            return []
        regions: list[RegionEntry] = []
        names: set[str] = set()
        for item in data:
            name = item.get("name") if isinstance(item, dict) else None
            where = f"region {label(name)}"
            if not self.mapping(where, item, _REGION_KEYS, {"name", "kind"}):
                continue
            if not isinstance(name, str) or not isinstance(item.get("parent", ""), str):
                self.problem(where, "a name and a parent are text")
                continue
            kind = self.choice(where, item["kind"], vocab.REGION_KINDS)
            parent = item.get("parent")
            if parent is not None and parent not in names:
                self.problem(where, f"its parent {shown(parent)} must be listed before it")
            if name in names:
                self.problem(where, "listed twice")
            if "iso_name" in item and kind != "country":
                self.problem(where, "only a country has an iso_name")
            code = (
                self.country_code(where, item.get("iso_name", name)) if kind == "country" else None
            )
            names.add(name)
            regions.append(
                RegionEntry(self.string(where, name, limit=values.MAX_NAME), kind, code, parent)
            )
        return regions

    def sentences(
        self,
        data: Any,
        expected: list[tuple[int, int, int, int]],
        text: str,
        statement: dict[str, Any],
        actors: set[str],
        regions: set[str],
    ) -> list[SentenceEntry]:
        if not isinstance(data, list):
            self.problem("sentences", "expected a list")
            return []
        entries: list[SentenceEntry] = []
        ids: set[str] = set()
        order = {
            (number, position): index for index, (number, position, _, _) in enumerate(expected)
        }
        seen: set[tuple[Any, Any]] = set()
        furthest = -1  # the latest place in reading order seen so far
        for index, item in enumerate(data):
            key = (
                (item.get("paragraph"), item.get("sentence"))
                if isinstance(item, dict)
                else ("#", index + 1)
            )
            where = f"sentence {label(key[0])}.{label(key[1])}"
            if not self.mapping(
                where, item, _SENTENCE_KEYS, {"paragraph", "sentence", "offsets", "text"}
            ):
                continue
            if not all(type(part) is int for part in key) or key not in order:
                self.problem(where, "the text has no such sentence")
                continue
            if key in seen:
                self.problem(where, "listed twice")
                continue
            if order[key] < furthest:
                self.problem(where, "out of reading order")
            furthest = max(furthest, order[key])
            seen.add(key)
            number, position, start, end = expected[order[key]]
            if self.offsets(where, item["offsets"], text) != (start, end):
                self.problem(where, f"the text has this sentence at [{start}, {end}]")
            if item["text"] != text[start:end]:
                self.problem(where, "the text differs from the statement at its offsets")
            has_reason = "excluded" in item
            has_commitments = bool(item.get("commitments"))
            if has_reason == has_commitments:
                self.problem(where, "give either `excluded` with a reason or `commitments`")
                continue
            entry = SentenceEntry(
                paragraph=number,
                position=position,
                start=start,
                end=end,
                text=text[start:end],
                exclusion_reason=None,
                note=item.get("reason"),
                commitments=[],
                draft=item.get("draft", False) is True,
            )
            if has_reason:
                entry.exclusion_reason = self.choice(
                    where, item["excluded"], vocab.EXCLUSION_REASONS
                )
                self.string(where + " reason", item.get("reason"), one_line=False)
            elif not isinstance(item["commitments"], list):
                self.problem(where, "commitments must be a list")
            else:
                for raw in item["commitments"]:
                    commitment = self.commitment(
                        where, raw, entry, text, statement, actors, regions
                    )
                    if commitment is None:
                        continue
                    if commitment.id in ids:
                        self.problem(where, f"commitment id {commitment.id} is used twice")
                    ids.add(commitment.id)
                    entry.commitments.append(commitment)
            entries.append(entry)
        for number, position, _, _ in expected:
            if (number, position) not in seen:
                self.problem(f"sentence {number}.{position}", "missing from the annotation")
        return entries

    def commitment(
        self,
        where: str,
        item: Any,
        sentence: SentenceEntry,
        text: str,
        statement: dict[str, Any],
        actors: set[str],
        regions: set[str],
    ) -> CommitmentEntry | None:
        identifier = item.get("id") if isinstance(item, dict) else None
        where = f"{where}, commitment {label(identifier)}"
        required = _COMMITMENT_KEYS - {"catalysts", "deadline", "note", "repeats"}
        if not self.mapping(where, item, _COMMITMENT_KEYS, required):
            return None
        prefix = statement["code"] + "-"
        if not (
            isinstance(identifier, str)
            and identifier.startswith(prefix)
            and identifier == identifier.lower()
            and len(identifier) <= 40
            and identifier.isprintable()
            and " " not in identifier
        ):
            self.problem(where, f"an id is lower case, without spaces, and starts with {prefix!r}")
        start, end = self.offsets(where, item["offsets"], text)
        if text[start:end] != item["quote"]:
            self.problem(where, "the quote is not the statement text at its offsets")
        if not (sentence.start <= start and end <= sentence.end):
            self.problem(where, "the quote's offsets fall outside its sentence")
        links = self.actor_links(where, item["actors"], actors)
        region_names = item["regions"]
        if not isinstance(region_names, list):
            self.problem(where, "regions must be a list")
            region_names = []
        for name in region_names:
            if not isinstance(name, str) or name not in regions:
                self.problem(where, f"unknown region {shown(name)}")
        catalysts = self.catalysts(where, item.get("catalysts", []), sentence.text)
        deadline = item.get("deadline")
        if deadline is not None:
            try:
                deadline = values.date(deadline)
            except values.ValueProblem as exc:
                self.problem(where, f"the deadline: {exc}; expected a date such as 2017-07-31")
                deadline = None
        if (deadline is not None) != any(kind == "deadline" for kind, _ in catalysts):
            self.problem(where, "a deadline date goes with a `deadline` catalyst quoting it")
        if (
            inputs.is_date(deadline)
            and inputs.is_date(statement["date"])
            and (deadline < statement["date"])
        ):
            self.problem(where, "the deadline is before the statement's date")
        return CommitmentEntry(
            id=str(identifier),
            title=self.string(where + " title", item["title"], limit=values.MAX_NAME),
            quote=text[start:end],
            start=start,
            end=end,
            type=self.choice(where, item["type"], vocab.COMMITMENT_TYPES),
            binding=self.choice(where, item["binding"], vocab.BINDING),
            theme=self.choice(where, item["theme"], vocab.THEMES),
            actors=links,
            regions=list(region_names),
            catalysts=catalysts,
            deadline=deadline,
            note=item.get("note"),
            repeats=self.repeats(where, item.get("repeats", []), str(identifier)),
        )

    def repeats(self, where: str, data: Any, own: str) -> list[RepeatEntry]:
        if not isinstance(data, list):
            self.problem(where, "repeats must be a list")
            return []
        entries: list[RepeatEntry] = []
        for item in data:
            earlier = item.get("id") if isinstance(item, dict) else None
            if any(e.earlier_id == earlier for e in entries):
                self.problem(f"{where}, repeats {label(earlier)}", "listed twice")
                continue
            at = f"{where}, repeats {label(earlier)}"
            if not self.mapping(at, item, _REPEAT_KEYS, {"id", "kind", "score"}):
                continue
            if not isinstance(earlier, str) or earlier == own:
                self.problem(at, "name a commitment of an earlier statement by its id")
            score = item["score"]
            if type(score) is not int or not 0 <= score <= 100:
                self.problem(at, f"the score is a whole number from 0 to 100, not {shown(score)}")
            if item.get("draft", False) not in (True, False):
                self.problem(at, "draft is true or absent")
            entries.append(
                RepeatEntry(
                    earlier_id=str(earlier),
                    kind=self.choice(at, item["kind"], vocab.LINK_KINDS),
                    score=score if type(score) is int else 0,
                    draft=item.get("draft") is True,
                )
            )
        return entries

    def actor_links(self, where: str, data: Any, actors: set[str]) -> list[tuple[str, str]]:
        if not isinstance(data, dict):
            self.problem(where, "actors must map roles to lists of actor names")
            return []
        links = []
        for role, names in data.items():
            self.choice(where, role, vocab.ACTOR_ROLES)
            for name in names if isinstance(names, list) else [names]:
                if not isinstance(name, str) or name not in actors:
                    self.problem(where, f"unknown actor {shown(name)}")
                links.append((role, name))
        if not any(role == "responsible" for role, _ in links):
            self.problem(where, "no actor is responsible")
        return links

    def catalysts(self, where: str, data: Any, sentence: str) -> list[tuple[str, str]]:
        if not isinstance(data, list):
            self.problem(where, "catalysts must be a list")
            return []
        catalysts = []
        for item in data:
            if not (isinstance(item, dict) and len(item) == 1):
                self.problem(where, "each catalyst is one `kind: words of the sentence`")
                continue
            [(kind, words)] = item.items()
            self.choice(where, kind, vocab.CATALYSTS)
            if not isinstance(words, str) or words not in sentence:
                self.problem(
                    where, f"the {label(kind)} catalyst {shown(words)} is not in the sentence"
                )
            catalysts.append((kind, str(words)))
        return catalysts
