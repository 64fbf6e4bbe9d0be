"""Record follow-ups: one from the command line, or many from a CSV or JSON file.

Every value is checked here before the database sees it, so that a mistake
gets a message naming the row and the field; the database's own constraints
and triggers stand behind these checks. An import is one transaction: if
any row is wrong, nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import re
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, cast

from sqlalchemy import and_, func, select, text
from sqlalchemy.orm import Session

from tracker import actors, inputs, sources, values, vocab
from tracker import status as status_rule
from tracker.clock import utcnow
from tracker.db import bulk_load, reader
from tracker.errors import TrackerError
from tracker.models import Actor, FollowUp
from tracker.staging import Refused, Staging, staged
from tracker.suggest import did_you_mean
from tracker.text import restore_formula

# The fields of a follow-up in a file; export writes them in this order.
FIELDS = (
    "id", "commitment", "actor", "status", "score", "as_of", "sources", "note", "assessor",
    "recorded_at", "corrects", "kind",
)  # fmt: skip
REQUIRED = ("commitment", "status", "as_of")
# Written by `tracker export` beside the follow-ups; ignored by import.
EXPORT_ONLY = ("title", "current_status", "current_as_of", "corrected_by")
MAX_NOTE = 20_000
MAX_PROBLEMS = 100
BATCH = 5_000
READ_ALL_AFTER = 1_000  # commitments an import looks up one by one
# A line of a CSV import: a follow-up's fields and its URLs take far less.
MAX_LINE = 1_000_000
# One item of a JSON import (an exported commitment holds all its follow-ups).
MAX_JSON_ITEM = 50_000_000
SCORE_VALUES = {"-1": -1, "0": 0, "1": 1, "+1": 1}


class ImportProblems(TrackerError):
    """Problems found in an import file; nothing was written.

    One problem is the message. Several are counted in the message and
    listed, each where it is (CSV: its line; JSON: its record's number and
    id), as the details; the CLI shows up to tracker.errors.MAX_DETAILS.
    """

    def __init__(self, problems: list[str]):
        self.problems = problems
        if len(problems) == 1:
            super().__init__(problems[0] + "; nothing was imported")
            return
        stopped = f" (checking stops at {MAX_PROBLEMS})" if len(problems) >= MAX_PROBLEMS else ""
        super().__init__(
            f"{len(problems)} problems{stopped} in the file; nothing was imported", problems
        )


@dataclass(frozen=True)
class RowProblem:
    """A row of an import file that cannot even be read as a follow-up."""

    message: str


@dataclass(frozen=True)
class Recreate:
    """An actor or source that an export carries, recreated before the follow-ups naming it."""

    kind: str  # "actor" or "source"
    value: Any


# What the readers yield for each row: where it is, and its values or its problem.
RawRow = tuple[str, Mapping[str, Any] | RowProblem | Recreate]


# Each commitment's statement's date, which a follow-up's date may not precede.
COMMITMENT_DATES = (
    "SELECT c.id, s.date FROM commitment AS c JOIN statement AS s ON s.id = c.statement_id"
)


class FieldError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(f"field {field}: {message}")


@dataclass
class Checker:
    """Turns raw values into a row for ``follow_up``, or says what is wrong."""

    session: Session
    now: dt.datetime = field(default_factory=utcnow)
    # After looking up this many commitments one at a time, read them all.
    read_all_after: int | None = None
    _statement_dates: dict[str, dt.date] = field(default_factory=dict)
    _looked_up: int = 0
    # An import's rows checked so far, which a later row may correct.
    staging: Staging | None = None
    _actors: dict[str, int] | None = None
    _corrected: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.today = self.now.date()
        # Its look-ups through the driver: an import makes thousands.
        self.reader = reader(self.session)

    def _read_all_commitments(self) -> None:
        for commitment_id, day in self.reader.rows(COMMITMENT_DATES):
            self._statement_dates[commitment_id] = cast(dt.date, self.reader.date(day))

    def row(self, raw: Mapping[str, Any]) -> dict[str, Any]:
        commitment = self.commitment(raw.get("commitment"))
        kind = self.kind(raw.get("kind"))
        context = kind == status_rule.CONTEXT
        status = self.status(raw.get("status"), context)
        as_of, precision = self.as_of(
            raw.get("as_of"), None if context else self._statement_dates[commitment]
        )
        recorded_at = self.recorded_at(raw.get("recorded_at"), as_of)
        sources = self.sources(raw.get("sources"), status, context)
        actor_id = self.actor(raw.get("actor"))
        score = self.score(raw.get("score"))
        if score is not None and context:
            raise FieldError("score", "context never sets a score")
        if score is not None and actor_id is None:
            raise FieldError("score", "a score needs an actor: a compliance score is some member's")
        assesses = status != status_rule.NOT_ASSESSED or score is not None
        disagreement = status_rule.score_problem(score, status)
        if disagreement:
            raise FieldError("score", disagreement)
        row = {
            "commitment_id": commitment,
            "actor_id": actor_id,
            "status": status,
            "score": score,
            "as_of": as_of,
            "as_of_precision": precision,
            "kind": kind,
            "sources": sources,
            "note": self.text("note", raw.get("note"), MAX_NOTE, lines=True),
            "assessor": self.text("assessor", raw.get("assessor"), values.MAX_NAME, lines=False),
            "recorded_at": recorded_at,
            "corrects_id": self.corrects(
                raw.get("corrects"), commitment, actor_id, assesses=assesses
            ),
        }
        identifier = _integer("id", raw.get("id"))
        if identifier is not None:
            row["id"] = identifier  # taken ids are caught when inserting
        return row

    def commitment(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError("commitment", "missing")
        commitment_id = value.strip().lower()
        if commitment_id not in self._statement_dates:
            self._looked_up += 1
            if self._looked_up == self.read_all_after:
                self._read_all_commitments()
        if commitment_id not in self._statement_dates:
            found = self.reader.rows(COMMITMENT_DATES + " WHERE c.id = ?", (commitment_id,))
            if not found:
                raise FieldError("commitment", f"no commitment {value.strip()}")
            [(_, day)] = found
            self._statement_dates[commitment_id] = cast(dt.date, self.reader.date(day))
        return commitment_id

    def kind(self, value: Any) -> str:
        if value is None or value == "":
            return status_rule.ASSESSMENT
        kind = value.strip().lower() if isinstance(value, str) else None
        if kind not in status_rule.KINDS:
            raise FieldError("kind", f"{value!r} is not one of {', '.join(status_rule.KINDS)}")
        return kind

    def status(self, value: Any, context: bool = False) -> str:
        if context and (value is None or value == ""):
            return "not_assessed"
        status = value.strip().lower() if isinstance(value, str) else None
        if context and status != "not_assessed":
            raise FieldError("status", "context never sets a status: leave it out")
        if status not in vocab.STATUSES:
            raise FieldError("status", f"{value!r} is not one of {', '.join(vocab.STATUSES)}")
        return status

    def as_of(self, value: Any, statement_date: dt.date | None) -> tuple[dt.date, str]:
        """The day and precision; before ``statement_date`` only for context (None)."""
        try:
            as_of, precision = (
                _imprecise_date(value) if isinstance(value, str) else values.imprecise_date(value)
            )
        except values.ValueProblem as exc:
            raise FieldError("as_of", str(exc)) from None
        if statement_date is not None and as_of < statement_date:
            raise FieldError(
                "as_of",
                f"{values.shown_date(as_of, precision)} is before the statement's date,"
                f" {statement_date} (record what came before as context: kind context)",
            )
        if as_of > self.today:
            raise FieldError(
                "as_of",
                f"{values.shown_date(as_of, precision)} is in the future"
                + (f" (a {precision} counts as its last day, {as_of})" * (precision != "day")),
            )
        return as_of, precision

    def recorded_at(self, value: Any, as_of: dt.date) -> dt.datetime:
        if value is None or value == "":
            return self.now
        if isinstance(value, dt.datetime):
            moment = value
        else:
            try:
                moment = dt.datetime.fromisoformat(str(value).strip())
            except ValueError:
                raise FieldError("recorded_at", f"not a date and time: {value!r}") from None
        if moment.tzinfo is not None:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        if moment > self.now:
            raise FieldError("recorded_at", f"{moment} is in the future")
        if moment.date() < as_of:
            raise FieldError("recorded_at", "is before the as-of date")
        return moment

    def sources(self, value: Any, status: str, context: bool = False) -> list[str]:
        if value is None:
            urls: list[Any] = []
        elif isinstance(value, str):
            urls = value.split()
        elif isinstance(value, list):
            urls = value
        else:
            raise FieldError("sources", "expected a list of URLs")
        for url in urls:
            problem = values.http_url_problem(url)
            if problem:
                raise FieldError("sources", problem)
        if not urls and (status != "not_assessed" or context):
            raise FieldError(
                "sources",
                "at least one source URL is required for " + ("context" if context else status),
            )
        return list(urls)

    def score(self, value: Any) -> int | None:
        if value is None or value == "":
            return None
        score = SCORE_VALUES.get(str(value).strip()) if not isinstance(value, bool) else None
        if score is None:
            raise FieldError("score", f"{value!r} is not -1, 0 or 1")
        return score

    def text(self, name: str, value: Any, limit: int, *, lines: bool) -> str | None:
        if value is None or value == "":
            return None
        try:
            if not lines and isinstance(value, str):
                return _one_line_text(value, limit)
            return values.text(value, limit, one_line=not lines, blank=True)
        except values.ValueProblem as exc:
            raise FieldError(name, str(exc)) from None

    def forget_actors(self) -> None:
        """Read the actors again when next needed: an import has just added one."""
        self._actors = None

    def _actor_ids(self) -> dict[str, int]:
        if self._actors is None:
            # Lower-cased here, not by the database: SQLite's lower() knows
            # only ASCII, so "À" would never meet the "à" a row asks for.
            names = self.reader.rows("SELECT name, id FROM actor")
            aliases = self.reader.rows("SELECT alias, actor_id FROM actor_alias")
            self._actors = {name.lower(): actor_id for name, actor_id in [*aliases, *names]}
        return self._actors

    def actor(self, value: Any) -> int | None:
        if value is None or value == "":
            return None
        if not isinstance(value, str):
            raise FieldError("actor", "expected a name")
        actor_id = self._actor_ids().get(value.strip().lower())
        if actor_id is None:
            names = self.session.scalars(select(Actor.name)).all()
            hint = did_you_mean(value.strip(), names) or "; add it with `tracker actor add` first"
            raise FieldError("actor", f"no actor {value.strip()}{hint}")
        return actor_id

    def corrects(
        self, value: Any, commitment: str, actor_id: int | None, *, assesses: bool
    ) -> int | None:
        """The follow-up corrected; ``assesses``: the correction sets a status or a score."""
        corrected_id = _integer("corrects", value)
        if corrected_id is None:
            return None
        corrected = self._follow_up(corrected_id)
        if corrected is None:
            raise FieldError("corrects", f"no follow-up {corrected_id}")
        about, actor_about, kind = corrected
        if about != commitment:
            raise FieldError("corrects", f"follow-up {corrected_id} is about {about}")
        if actor_about != actor_id:
            raise FieldError("corrects", f"follow-up {corrected_id} is about another actor")
        if kind == status_rule.CONTEXT and assesses:
            raise FieldError(
                "corrects",
                f"follow-up {corrected_id} is context, and a correction of context sets no"
                " status or score (correct it with --context)",
            )
        by = self._corrector(corrected_id)
        if by is not None or corrected_id in self._corrected:
            raise FieldError(
                "corrects",
                f"follow-up {corrected_id} is already corrected"
                + (f" by {by}; correct {by} instead" if by else ""),
            )
        self._corrected.add(corrected_id)
        return corrected_id

    def _follow_up(self, follow_up_id: int) -> tuple[str, int | None, str] | None:
        """The commitment, actor and kind of a follow-up recorded or staged, or None."""
        found = self.session.execute(
            select(FollowUp.commitment_id, FollowUp.actor_id, FollowUp.kind).where(
                FollowUp.id == follow_up_id
            )
        ).first()
        if found is None:
            return self.staging.find(follow_up_id) if self.staging else None
        return found[0], found[1], found[2]

    def _corrector(self, follow_up_id: int) -> int | None:
        """The id of the follow-up, recorded or staged, that corrects ``follow_up_id``."""
        by = self.session.scalar(select(FollowUp.id).where(FollowUp.corrects_id == follow_up_id))
        if by is None and self.staging is not None:
            return self.staging.corrector(follow_up_id)
        return by


# A file names the same days and assessors again and again: each is read once.
@functools.lru_cache(maxsize=1 << 16)
def _imprecise_date(value: str) -> tuple[dt.date, str]:
    return values.imprecise_date(value)


@functools.lru_cache(maxsize=256)
def _one_line_text(value: str, limit: int) -> str:
    return values.text(value, limit, one_line=True, blank=True)


def _integer(name: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not re.fullmatch(r"\s*\d{1,18}\s*", str(value)):
        raise FieldError(name, f"{value!r} is not a positive whole number")
    number = int(value)
    if number < 1:
        raise FieldError(name, f"{value!r} is not a positive whole number")
    return number


def _date(name: str, value: Any) -> dt.date:
    try:
        return values.date(value)
    except values.ValueProblem as exc:
        raise FieldError(name, str(exc)) from None


def add(session: Session, raw: Mapping[str, Any]) -> list[int]:
    """Record one follow-up against each commitment ``raw`` names; return their ids.

    ``raw["commitment"]`` is one id or a list of ids: the same assessment of
    several commitments, one row each, sharing the sources, in the caller's
    transaction (all or none).
    """
    from tracker.queries import find_commitment  # what an import does not need

    checker = Checker(session)
    ids = []
    for one in _each_commitment(raw, error=TrackerError):
        find_commitment(session, str(one.get("commitment", "")))  # to suggest ids
        try:
            row = checker.row(one)
        except FieldError as exc:
            raise TrackerError(str(exc).removeprefix("field ")) from exc
        repeat = repeat_message(session, row)
        if repeat:
            raise TrackerError(repeat)
        follow_up = FollowUp(**row)
        session.add(follow_up)
        session.flush()
        ids.append(follow_up.id)
    return ids


def _each_commitment(
    raw: Mapping[str, Any], error: type[Exception] = FieldError
) -> Sequence[Mapping[str, Any]]:
    """``raw`` once for each commitment it names: a list, or ids separated by spaces."""
    value = raw.get("commitment")
    if isinstance(value, str):
        named = value.split() or [value]
        if named == [value]:
            return [raw]  # the usual row, as it is
        value = named
    if not isinstance(value, list) or not value:
        return [raw]  # Checker.commitment refuses what is not an id, an empty list too
    if raw.get("id") not in (None, "") and len(value) > 1:
        message = "an id cannot be given to a follow-up of several commitments"
        raise FieldError("id", message) if error is FieldError else error(message)
    seen = set()
    each: list[Mapping[str, Any]] = []
    for commitment in value:
        # Anything but text is refused by Checker.commitment, with the row named.
        key = commitment.strip().lower() if isinstance(commitment, str) else repr(commitment)
        if key not in seen:
            seen.add(key)
            each.append({**raw, "commitment": commitment})
    return each


def read_rows(stream: IO[bytes], fmt: str, *, plain: bool = False) -> Generator[RawRow]:
    """(where, raw values) for each follow-up in a CSV or JSON byte stream.

    CSV cells lose the apostrophe `tracker export` puts before what a
    spreadsheet would run as a formula, unless ``plain`` (cells as written).
    """
    reader = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    try:
        yield from _csv_rows(reader, plain) if fmt == "csv" else _json_rows(reader)
    except UnicodeDecodeError as exc:
        raise ImportProblems([f"the file is not UTF-8 text ({exc.reason})"]) from exc
    finally:
        reader.detach()  # the caller closes the stream


def _csv_rows(reader: IO[str], plain: bool) -> Iterator[RawRow]:
    rows = csv.reader(_lines(reader), strict=True)
    try:
        header = next(rows)
    except StopIteration:
        raise ImportProblems(["the file is empty"]) from None
    except csv.Error as exc:
        raise ImportProblems([f"line 1: {exc}"]) from None
    _check_columns(header, "line 1")
    width = len(header)
    exported = "current_status" in header
    every_column = all(k in FIELDS for k in header)  # none that only an export writes
    while True:
        try:
            values = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportProblems([f"line {rows.line_num}: {exc}"]) from None
        where = f"line {rows.line_num}"
        if len(values) != width:
            yield where, RowProblem(f"{len(values)} values where the header has {width}")
            continue
        if every_column:
            raw = dict(zip(header, values, strict=True))
        else:
            raw = {k: v for k, v in zip(header, values, strict=True) if k in FIELDS}
        if not plain:
            for k, v in raw.items():
                if v.startswith("'"):
                    raw[k] = restore_formula(v)
        if exported and not any(v.strip() for k, v in raw.items() if k != "commitment"):
            continue  # an exported commitment that has no follow-up yet
        yield where, raw


def _lines(reader: IO[str]) -> Iterator[str]:
    """The file's lines, refusing one too long to be a row (``/dev/zero`` has no end of line)."""
    for number, line in enumerate(iter(functools.partial(reader.readline, MAX_LINE + 1), ""), 1):
        if len(line) > MAX_LINE:
            raise ImportProblems([f"line {number}: longer than {MAX_LINE:,} characters"])
        yield line


def _check_columns(columns: Iterable[str], where: str) -> None:
    columns = list(columns)
    unknown = [c for c in columns if c not in FIELDS and c not in EXPORT_ONLY]
    if unknown:
        raise ImportProblems(
            [f"{where}: unknown column {unknown[0]!r}; expected {', '.join(FIELDS)}"]
        )
    twice = {c for c in columns if columns.count(c) > 1}
    if twice:
        raise ImportProblems([f"{where}: the column {sorted(twice)[0]!r} appears twice"])
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ImportProblems([f"{where}: missing the column {missing[0]!r}"])


def _json_rows(reader: IO[str]) -> Iterator[RawRow]:
    count = 0
    for index, item in enumerate(iter_json_array(reader), start=1):
        if isinstance(item, dict) and len(item) == 1 and next(iter(item)) in ("actor", "source"):
            problem = inputs.tree_problem(item)
            [(kind, value)] = item.items()
            yield f"item {index}", RowProblem(problem) if problem else Recreate(kind, value)
            continue
        nested = isinstance(item, dict) and "follow_ups" in item
        for follow_up in item["follow_ups"] if nested else [item]:
            count += 1
            where = _record_name(count, follow_up, item if nested else None)
            if not isinstance(follow_up, dict):
                yield where, RowProblem("expected an object")
                continue
            problem = inputs.tree_problem(follow_up)
            if problem:
                yield where, RowProblem(problem)
                continue
            unknown = [k for k in follow_up if k not in FIELDS and k not in EXPORT_ONLY]
            if unknown:
                yield where, RowProblem(f"unknown field {unknown[0]!r}")
                continue
            yield where, follow_up


def _record_name(number: int, follow_up: Any, commitment: Any) -> str:
    """Where a follow-up of a JSON file is: "record 3 (id 12, commitment gc2017-4.1)".

    The number counts follow-ups, also those nested in an exported commitment.
    """
    names = []
    for key, holder in (("id", follow_up), ("commitment", commitment or follow_up)):
        value = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(value, int | str) and not isinstance(value, bool) and str(value).strip():
            shown = str(value).strip()
            names.append(f"{key} {shown if len(shown) <= 40 else shown[:39] + '…'}")
    return f"record {number}" + (f" ({', '.join(names)})" if names else "")


def iter_json_array(reader: IO[str], chunk: int = 1 << 16) -> Iterator[Any]:
    """The items of a top-level JSON array, read piece by piece."""
    decoder = json.JSONDecoder()
    buffer, position = "", 0

    def fill() -> bool:
        """Append the next piece of the file; False at its end."""
        nonlocal buffer, position
        waiting = len(buffer) - position
        if waiting > MAX_JSON_ITEM:
            raise ImportProblems(
                [f"an item of the JSON array is over {MAX_JSON_ITEM:,} characters"]
            )
        # Pieces grow with the item they complete, so that reading it stays linear.
        more = reader.read(max(chunk, waiting))
        buffer, position = buffer[position:] + more, 0
        return bool(more)

    def next_character() -> str:
        """The next character that is not white space, or "" at the end."""
        nonlocal position
        while True:
            while position < len(buffer) and buffer[position].isspace():
                position += 1
            if position < len(buffer) or not fill():
                return buffer[position] if position < len(buffer) else ""

    first = next_character()
    if not first:
        raise ImportProblems(["the file is empty"])
    if first != "[":
        raise ImportProblems(["expected a JSON array of follow-ups"])
    position += 1
    state = "first"  # then "separator" after an item, "item" after a comma
    while True:
        character = next_character()
        if not character:
            raise ImportProblems(["the JSON array is not closed"])
        if character == "]" and state != "item":
            position += 1
            if next_character():
                raise ImportProblems(["something follows the JSON array's closing ']'"])
            return
        if state == "separator":
            if character != ",":
                raise ImportProblems(["expected ',' or ']' between the items of the JSON array"])
            position += 1
            state = "item"
            continue
        while True:
            try:
                item, end = decoder.raw_decode(buffer, position)
            except json.JSONDecodeError as exc:
                if fill():
                    continue
                raise ImportProblems([f"not valid JSON: {exc.msg}"]) from None
            except RecursionError:
                raise ImportProblems(["the JSON is nested too deeply"]) from None
            except ValueError as exc:  # an integer of more than 4,300 digits
                raise ImportProblems([f"not valid JSON here: {str(exc).split(';')[0]}"]) from None
            # A number at the end of the piece may go on in the next one.
            if end == len(buffer) and fill():
                continue
            break
        position = end
        state = "separator"
        yield item


def import_rows(
    session: Session,
    rows: Iterable[RawRow],
    progress: Callable[[], None] | None = None,
) -> int:
    """Check and insert every row; raise ImportProblems (write nothing) on any problem.

    Each row is checked as it is read and waits in a staging table
    (tracker.staging); at the end they go into follow_up together, where the
    database checks them again and refuses what it must. All of it is rolled
    back with the transaction if any row is wrong; checking goes on after the
    first problem so that one run reports them all (up to a hundred).
    ``progress`` is called every thousand rows and at the end.
    """
    # A few rows look their commitments up one by one; a large file reads
    # them all once, which on a database of 400,000 takes half a second.
    checker = Checker(session, read_all_after=READ_ALL_AFTER)
    before = session.scalar(select(func.coalesce(func.max(FollowUp.id), 0))) or 0
    with bulk_load(session), staged(session) as staging:
        checker.staging = staging
        count = _Import(session, checker, staging, before).run(rows, progress)
    if session.get_bind().dialect.name == "postgresql":
        # Ids given in the file do not advance the sequence.
        session.execute(
            text(
                "SELECT setval(pg_get_serial_sequence('follow_up', 'id'),"
                " (SELECT max(id) FROM follow_up))"
            )
        )
    return count


@dataclass
class _Import:
    """One import's way through its file: the rows staged, the problems found.

    The database's own checks (ids taken, exact repeats, whatever its
    triggers refuse) run when the rows are moved into follow_up: at the
    end, before an actor or source the file recreates, and, when a row is
    found wrong on reading, for the rows of every whole batch before it (a
    batch ends every BATCH rows, before a correction and where rows start or
    stop giving ids). The database names the first row it refuses, and
    only that one: the rows after it are not moved.
    """

    session: Session
    checker: Checker
    staging: Staging
    before: int  # the newest follow-up's id before the import
    problems: list[str] = field(default_factory=list)
    checked: int = 0  # the rows staged when the last batch ended
    batch: int = 0  # rows staged since
    batch_ids: bool = False  # whether the batch's rows give ids

    def run(self, rows: Iterable[RawRow], progress: Callable[[], None] | None) -> int:
        count = 0
        for where, raw in rows:
            if isinstance(raw, Recreate):
                self._recreate(where, raw)
                continue
            count += 1
            if progress and count % 1000 == 0:
                progress()
            if isinstance(raw, RowProblem):
                self._problem(f"{where}: {raw.message}")
                continue
            if raw.get("corrects") not in (None, ""):
                self._end_batch()
            try:
                for one in _each_commitment(raw):
                    self._stage(where, self.checker.row(one))
            except FieldError as exc:
                self._problem(f"{where}, {exc}")
            if len(self.problems) >= MAX_PROBLEMS:
                break
        if not self.problems:
            self._move(self.staging.count)
        if progress:
            progress()
        if self.problems:
            raise ImportProblems(self.problems)
        if count == 0:
            raise ImportProblems(["the file holds no follow-ups"])
        return count

    def _stage(self, where: str, row: dict[str, Any]) -> None:
        gives_id = "id" in row
        if self.batch and gives_id != self.batch_ids:
            self._end_batch()
        self.batch_ids = gives_id
        self.staging.add(where, row)
        self.batch += 1
        if self.batch >= BATCH:
            self._end_batch()

    def _end_batch(self) -> None:
        self.batch = 0
        if not self.problems:
            self.checked = self.staging.count

    def _problem(self, message: str) -> None:
        if not self.problems:
            self._move(self.checked)  # the whole batches before it, which the database checks
        self.problems.append(message)

    def _recreate(self, where: str, raw: Recreate) -> None:
        """Recreate an exported actor or source, after the follow-ups before it."""
        self._end_batch()
        if not self.problems:
            self._move(self.staging.count)
        try:
            with self.session.begin_nested():
                (actors if raw.kind == "actor" else sources).recreate(self.session, raw.value)
        except TrackerError as exc:
            self._problem(f"{where}: {exc.message}")
        self.checker.forget_actors()

    def _move(self, upto: int) -> None:
        refused = self.staging.move(upto)
        if refused is not None:
            self.problems.append(self._refusal(refused))

    def _refusal(self, refused: Refused) -> str:
        """Say why the database refused a row, as the field it is about when one is."""
        row, where = refused.row, refused.place
        if refused.given and self.session.get(FollowUp, row["id"]) is not None:
            return f"{where}, field id: follow-up {row['id']} already exists"
        repeat = repeat_message(self.session, row, self.before)
        if repeat:
            return f"{where}: {repeat}"
        return f"{where}: the database refused it: {refused.reason}"


def repeat_of(session: Session, row: Mapping[str, Any], *, below: int | None = None) -> int | None:
    """The id of a follow-up that ``row`` repeats exactly, or None.

    The rule the database keeps (migration 0009, ix_follow_up_repeat): the
    same commitment, actor, as-of date and precision, kind, status, score,
    sources, note and corrected follow-up. The assessor and the recording
    time do not count: the same finding twice is one finding.
    """
    same = and_(
        FollowUp.commitment_id == row["commitment_id"],
        FollowUp.actor_id.is_not_distinct_from(row.get("actor_id")),
        FollowUp.as_of == row["as_of"],
        FollowUp.status == row["status"],
        FollowUp.kind == row.get("kind", status_rule.ASSESSMENT),
        FollowUp.as_of_precision == row.get("as_of_precision", "day"),
        FollowUp.score.is_not_distinct_from(row.get("score")),
        FollowUp.corrects_id.is_not_distinct_from(row.get("corrects_id")),
        FollowUp.note.is_not_distinct_from(row.get("note")),
    )
    query = select(FollowUp.id, FollowUp.sources).where(same).order_by(FollowUp.id)
    if below is not None:
        query = query.where(FollowUp.id < below)
    for follow_up_id, cited in session.execute(query):
        if list(cited) == list(row["sources"]):
            return int(follow_up_id)
    return None


def repeat_message(
    session: Session, row: Mapping[str, Any], before: int | None = None
) -> str | None:
    """Say which follow-up ``row`` repeats, if it repeats one."""
    repeated = repeat_of(session, row)
    if repeated is None:
        return None
    shown = values.shown_date(row["as_of"], row.get("as_of_precision", "day"))
    what = f"the follow-up {row['commitment_id']} {row['status']} as of {shown}"
    if before is not None and repeated > before:
        return f"{what} repeats an earlier row of the file (follow-up {repeated}) exactly"
    return f"{what} repeats follow-up {repeated} exactly"
