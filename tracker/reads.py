"""The SQL of the read commands, sent through the DB-API driver (tracker.driver).

`tracker list` (every filter, the search language, --columns, --excluded,
--assessed and --restated), `tracker show`, `tracker follow-up list`,
`tracker scores`, `tracker export`, `tracker source list` and `source
show` ask the documented tables and views (docs/schema.md) here (shell
completion in tracker.completion), in SQL written once (per engine where
the engines differ: full-text search, JSON), and build their records
(tracker.records) straight from the driver's rows. So the commands are themselves clients of
the public SQL interface, and start without SQLAlchemy; tracker.queries
hands its session's own connection to the same functions (the scorecard
reads through them too, and time travel starts from them), so no read
exists twice. What they leave to SQLAlchemy: --as-of/--known-at, whose
statuses are replayed from the follow-ups in Python (the history seen then
is read here, as `seen` says).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from tracker import planner, suggest
from tracker.clock import today
from tracker.driver import Reader
from tracker.errors import TrackerError
from tracker.planner import Condition
from tracker.status import CLOSED, stale_before
from tracker.suggest import did_you_mean

if TYPE_CHECKING:  # search: imported when a search is given, as most listings have none
    from tracker import search
    from tracker.records import (
        ActorLink,
        Average,
        CatalystRecord,
        CommitmentDetail,
        CommitmentRecord,
        ExcludedRecord,
        ExportRecord,
        FollowUpRecord,
        RegionLink,
        RepeatRecord,
        RestatedRecord,
        Scores,
        SourceRecord,
    )

# As migration 0003 tokenizes commitment_search on SQLite.
SEARCH_TOKENIZER = "porter unicode61 remove_diacritics 2"


class Filters(NamedTuple):
    """What ``tracker list`` narrows the commitments to; None means any."""

    statement: str | None = None
    status: str | None = None
    actor: str | None = None
    role: str | None = None
    region: str | None = None
    theme: str | None = None
    type: str | None = None
    search: str | None = None
    due_before: dt.date | None = None
    overdue: bool = False
    stale: int | None = None  # days
    assessed: str | None = None  # a member assessed on it (tracker list --assessed)
    # Time travel (tracker.queries.Moment): --search reads only the notes of
    # follow-ups dated by this day and recorded by this moment (UTC).
    notes_dated_by: dt.date | None = None
    notes_recorded_by: dt.datetime | None = None


# Lookups by name or id -------------------------------------------------------


def statement_id(reader: Reader, code: str) -> int:
    found = reader.value("SELECT id FROM statement WHERE code = ?", (code.strip().lower(),))
    if found is None:
        codes = [c for (c,) in reader.rows("SELECT code FROM statement ORDER BY code")]
        hint = did_you_mean(code, codes) or f"; there are: {', '.join(codes) or 'none'}"
        raise TrackerError(f"no statement {code}{hint}")
    return int(found)


def actor_id(reader: Reader, name: str, *, abbreviated: bool = False) -> int:
    """An actor by canonical name or alias, ignoring case.

    With ``abbreviated`` (lookups that only read), the beginning of the one
    name that begins so will do.
    """
    wanted = (name.strip().lower(),)
    found = reader.value("SELECT id FROM actor WHERE lower(name) = ? ORDER BY id", wanted)
    if found is None:
        found = reader.value(
            "SELECT actor_id FROM actor_alias WHERE lower(alias) = ? ORDER BY actor_id", wanted
        )
    if found is None:
        names = [n for (n,) in reader.rows("SELECT name FROM actor")]
        whole = suggest.abbreviated(name, names) if abbreviated else None
        if whole is None:
            raise TrackerError(f"no actor {name}{did_you_mean(name, names)}")
        found = reader.value("SELECT id FROM actor WHERE name = ?", (whole,))
    return int(found)


def region_id(reader: Reader, name: str, *, abbreviated: bool = False) -> int:
    """A region by name or ISO code, ignoring case; ``abbreviated`` as for actor_id."""
    wanted = name.strip().lower()
    found = reader.value(
        "SELECT id FROM region WHERE lower(name) = ? OR lower(iso_code) = ? ORDER BY id",
        (wanted, wanted),
    )
    if found is None:
        names = [n for (n,) in reader.rows("SELECT name FROM region")]
        whole = suggest.abbreviated(name, names) if abbreviated else None
        if whole is None:
            raise TrackerError(f"no region {name}{did_you_mean(name, names)}")
        found = reader.value("SELECT id FROM region WHERE name = ? ORDER BY id", (whole,))
    return int(found)


def commitment_id(reader: Reader, wanted: str) -> str:
    found = reader.value("SELECT id FROM commitment WHERE id = ?", (wanted.strip().lower(),))
    if found is None:
        ids = [i for (i,) in reader.rows("SELECT id FROM commitment")]
        raise TrackerError(f"no commitment {wanted}{did_you_mean(wanted, ids)}")
    return str(found)


# tracker list ---------------------------------------------------------------

COLUMNS = """commitment.id, statement.code, paragraph.number, sentence.position,
    commitment.start_offset, commitment.end_offset, commitment.quote, commitment.title,
    commitment.type, commitment.binding, commitment.theme, commitment.deadline, commitment.note,
    commitment_status.status, commitment_status.as_of, commitment_status.last_follow_up_on,
    latest.note, latest.as_of_precision, CASE WHEN {month_end} THEN
        (SELECT f.as_of_precision FROM follow_up AS f
        WHERE f.commitment_id = commitment.id AND f.as_of = commitment_status.last_follow_up_on
        AND f.kind = 'assessment'
        AND NOT EXISTS (SELECT 1 FROM follow_up AS c WHERE c.corrects_id = f.id)
        ORDER BY f.recorded_at DESC, f.id DESC LIMIT 1)
    WHEN commitment_status.last_follow_up_on IS NOT NULL THEN 'day' END"""
# The latest note is the note of the follow-up that set the status. The
# last follow-up's precision is that of the live assessment recorded last on
# its day (tracker.status.newest); only a month's last day can stand for a
# month or a year, so other days are looked up no further; without a
# follow-up there is no precision.
MONTH_END = {
    "sqlite": "substr(date(commitment_status.last_follow_up_on, '+1 day'), 9, 2) = '01'",
    "postgresql": "extract(day FROM commitment_status.last_follow_up_on + 1) = 1",
}
FROM = """FROM commitment
    JOIN statement ON statement.id = commitment.statement_id
    JOIN paragraph ON paragraph.id = commitment.paragraph_id
    JOIN sentence ON sentence.id = commitment.sentence_id
    JOIN commitment_status ON commitment_status.commitment_id = commitment.id
    LEFT JOIN follow_up AS latest ON latest.id = commitment_status.follow_up_id"""
READING_ORDER = "ORDER BY statement.date, statement.code, commitment.start_offset"
# Each commitment's actors, regions and catalysts, each row led by its place
# in the annotation: neither engine promises to aggregate in the order a
# subquery gives, so _links sorts by it.
LINK_ROWS = (
    ("ca.position, a.name, ca.role",
     "FROM commitment_actor AS ca JOIN actor AS a ON a.id = ca.actor_id"
     " WHERE ca.commitment_id = commitment.id"),
    ("cr.position, r.name, r.iso_code, pr.name",
     "FROM commitment_region AS cr JOIN region AS r ON r.id = cr.region_id"
     " LEFT JOIN region AS pr ON pr.id = r.parent_id WHERE cr.commitment_id = commitment.id"),
    ("k.id, k.kind, k.text", "FROM catalyst AS k WHERE k.commitment_id = commitment.id"),
)  # fmt: skip
# The three as one JSON array of three arrays: one column rather than three
# halves the time a thousand records take to decode. SQLite joins them as
# text (a subquery's result is no longer JSON to json_array()).
SQLITE_LINKS = (
    "'[' || "
    + " || ',' || ".join(
        f"(SELECT json_group_array(json_array({columns})) {rows})" for columns, rows in LINK_ROWS
    )
    + " || ']'"
)
POSTGRESQL_LINKS = (
    "json_build_array("
    + ", ".join(
        f"coalesce((SELECT json_agg(json_build_array({columns})) {rows}), '[]'::json)"
        for columns, rows in LINK_ROWS
    )
    + ")"
)


def list_conditions(reader: Reader, filters: Filters) -> list[Condition]:
    """The WHERE conditions that ``filters`` stand for."""
    conditions: list[Condition] = []
    if filters.statement:
        conditions.append(
            ("commitment.statement_id = ?", (statement_id(reader, filters.statement),))
        )
    if filters.status:
        conditions.append(
            planner.column_test(reader, "commitment_status.status", "{} = ?", (filters.status,))
        )
    if filters.theme:
        conditions.append(
            planner.column_test(reader, "commitment.theme", "{} = ?", (filters.theme,))
        )
    if filters.type:
        conditions.append(planner.column_test(reader, "commitment.type", "{} = ?", (filters.type,)))
    if filters.actor or filters.role:
        tests: list[str] = []
        values: list[Any] = []
        if filters.actor:
            tests.append("commitment_actor.actor_id = ?")
            values.append(actor_id(reader, filters.actor, abbreviated=True))
        if filters.role:
            tests.append("commitment_actor.role = ?")
            values.append(filters.role)
        conditions.append(
            planner.linked(reader, "commitment_actor", " AND ".join(tests), tuple(values))
        )
    if filters.region:
        within = "SELECT region_id FROM region_ancestor WHERE ancestor_id = ?"
        conditions.append(
            planner.linked(
                reader,
                "commitment_region",
                f"commitment_region.region_id IN ({within})",
                (region_id(reader, filters.region, abbreviated=True),),
            )
        )
    if filters.search is not None:
        conditions.append(_commitment_search(reader, filters.search, _notes_seen(filters)))
    if filters.due_before:
        conditions.append(_due_before(reader, filters.due_before))
    closed = (f"commitment_status.status NOT IN ({', '.join('?' for _ in CLOSED)})", CLOSED)
    if filters.overdue:
        conditions += [_due_before(reader, today()), closed]
    if filters.assessed:
        conditions.append((
            "commitment.id IN (SELECT follow_up.commitment_id FROM follow_up"
            " WHERE follow_up.actor_id = ? AND follow_up.kind = 'assessment')",
            (actor_id(reader, filters.assessed),),
        ))  # fmt: skip
    if filters.stale is not None:
        since = stale_before(today(), filters.stale).isoformat()
        conditions += [
            ("coalesce(commitment_status.last_follow_up_on, statement.date) < ?", (since,)),
            closed,
        ]
    return conditions


def _due_before(reader: Reader, day: dt.date) -> Condition:
    return planner.column_test(reader, "commitment.deadline", "{} < ?", (day.isoformat(),))


def _search(key: str, query: str, matches: Callable[[search.Term], Condition]) -> Condition:
    """The condition that ``query`` (tracker.search's language) sets on the column ``key``.

    ``matches`` gives the query of the keys that one term finds; AND, OR
    and NOT are joined here, so both engines read a query alike.
    """

    from tracker import search

    def condition(node: search.Query) -> Condition:
        if isinstance(node, search.Term):
            sql, parameters = matches(node)
            return f"{key} IN ({sql})", parameters
        if isinstance(node, search.Not):
            sql, parameters = condition(node.item)
            return f"NOT ({sql})", parameters
        joined = [condition(item) for item in node.items]
        word = " AND " if isinstance(node, search.Every) else " OR "
        return (
            "(" + word.join(sql for sql, _ in joined) + ")",
            tuple(value for _, values in joined for value in values),
        )

    return condition(search.parse(query))


def _fts5(term: search.Term) -> str:
    """A term as an FTS5 string: its words quoted, so nothing in them is syntax."""
    return '"' + " ".join(term.words) + '"' + ("*" if term.prefix else "")


def _tsquery(term: search.Term) -> Condition:
    """A term as a PostgreSQL tsquery (english, stemmed as the index is)."""
    if term.prefix:  # a word of \w characters: nothing in it is tsquery syntax
        return "to_tsquery('english', ?)", (f"{term.words[0]}:*",)
    return "phraseto_tsquery('english', ?)", (" ".join(term.words),)


def _notes_seen(filters: Filters) -> Condition | None:
    """The follow-ups whose notes a search at a moment reads, as a condition on follow_up."""
    tests: list[Condition] = []
    if filters.notes_dated_by is not None:
        tests.append(("follow_up.as_of <= ?", (filters.notes_dated_by.isoformat(),)))
    if filters.notes_recorded_by is not None:
        moment = filters.notes_recorded_by.isoformat(sep=" ", timespec="microseconds")
        tests.append(("follow_up.recorded_at <= ?", (moment,)))
    if not tests:
        return None
    return " AND ".join(sql for sql, _ in tests), tuple(p for _, ps in tests for p in ps)


def _commitment_search(reader: Reader, query: str, notes: Condition | None = None) -> Condition:
    """Commitments whose quote, title or a follow-up's note ``query`` finds; with
    ``notes``, only the notes of the follow-ups it selects count."""
    seen, seen_parameters = (
        (
            " AND (follow_up_id IS NULL OR follow_up_id IN"
            f" (SELECT follow_up.id FROM follow_up WHERE {notes[0]}))",
            notes[1],
        )
        if notes
        else ("", ())
    )

    def matches(term: search.Term) -> Condition:
        if reader.sqlite:
            return (
                "SELECT commitment_id FROM commitment_search WHERE commitment_search MATCH ?"
                + seen,
                (_fts5(term), *seen_parameters),
            )
        tsquery, parameters = _tsquery(term)
        return (
            f"SELECT commitment_id FROM commitment_search WHERE document @@ {tsquery}{seen}",
            (*parameters, *seen_parameters),
        )

    return _search("commitment.id", query, matches)


def _sentence_search(reader: Reader, query: str) -> Condition:
    """Excluded sentences whose text ``query`` finds, tokenized as commitments are.

    SQLite has no index of sentences, so a temporary one is made for the
    command (the excluded sentences are few); PostgreSQL reads them as it goes.
    """
    from tracker import search

    search.parse(query)  # a syntax error before any work
    if reader.sqlite:
        for sql in (
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.sentence_search USING fts5("
            f" sentence_id UNINDEXED, text, tokenize = '{SEARCH_TOKENIZER}')",
            "DELETE FROM temp.sentence_search",
            "INSERT INTO temp.sentence_search (sentence_id, text)"
            " SELECT id, text FROM sentence WHERE decision = 'excluded'",
        ):
            reader.rows(sql)

    def matches(term: search.Term) -> Condition:
        if reader.sqlite:
            return (
                "SELECT sentence_id FROM sentence_search WHERE sentence_search MATCH ?",
                (_fts5(term),),
            )
        tsquery, parameters = _tsquery(term)
        return (
            f"SELECT id FROM sentence WHERE to_tsvector('english', text) @@ {tsquery}",
            parameters,
        )

    return _search("sentence.id", query, matches)


def list_query(
    reader: Reader, conditions: Sequence[Condition], limit: int | None, *, links: bool = True
) -> Condition:
    """The commitments that meet ``conditions``, in reading order, with their status."""
    return _query(reader, COLUMNS.format(month_end=MONTH_END[reader.engine]), conditions, limit,
                  links=links)  # fmt: skip


def _query(
    reader: Reader,
    columns: str,
    conditions: Sequence[Condition],
    limit: int | None,
    *,
    links: bool = False,
) -> Condition:
    if links:
        columns += ", " + (SQLITE_LINKS if reader.sqlite else POSTGRESQL_LINKS)
    where = " AND ".join(sql for sql, _ in conditions) or "1 = 1"
    parameters = tuple(value for _, values in conditions for value in values)
    sql = f"SELECT {columns} {FROM} WHERE {where} {READING_ORDER}"
    if limit is not None:
        sql += " LIMIT ?"
        parameters += (limit,)
    return sql, parameters


CHUNK = 5000  # ids per IN (...) list


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    return (ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK))


def commitments(
    reader: Reader, filters: Filters, limit: int | None = None, *, links: bool = True
) -> Iterator[CommitmentRecord]:
    """Records of the commitments ``filters`` select, in reading order, a record at a time.

    Each row comes with its actors, regions and catalysts as JSON; or, with
    ``links=False``, without them (no "actors", "regions" or "catalysts"):
    a table of commitments does not show them, and decoding them is most of
    the work of a long listing. When the database would sort every match to
    find the first ``limit``, it sorts their ids alone first, then reads
    the whole of those few.
    """
    return records(reader, list_conditions(reader, filters), limit, links=links)


def records(
    reader: Reader, conditions: Sequence[Condition], limit: int | None, *, links: bool = True
) -> Iterator[CommitmentRecord]:
    build = _builder(reader, links)
    sql, parameters = list_query(reader, conditions, limit, links=links)
    if limit is None or not planner.sorts_every_match(reader, sql, parameters):
        return map(build, reader.stream(sql, parameters))
    ids = [i for (i,) in reader.rows(*_query(reader, "commitment.id", conditions, limit))]
    found: dict[str, Any] = {}
    for chunk in _chunks(ids):
        marks = ", ".join("?" for _ in chunk)
        whole = list_query(reader, [(f"commitment.id IN ({marks})", tuple(chunk))], None,
                           links=links)  # fmt: skip
        found |= {row[0]: row for row in reader.rows(*whole)}
    return map(build, (found[i] for i in ids))


def ids(reader: Reader, filters: Filters) -> list[str]:
    """The ids ``tracker list`` would show, in its order, without their records."""
    sql, parameters = _query(reader, "commitment.id", list_conditions(reader, filters), None)
    return [i for (i,) in reader.rows(sql, parameters)]


def _links(
    value: Any, decode: Callable[[str], tuple[Any, int]]
) -> tuple[list[ActorLink], list[RegionLink], list[CatalystRecord]]:
    """Actors, regions and catalysts as records, in the annotation's order."""
    actors, regions, catalysts = value if isinstance(value, list) else decode(value)[0]
    for items in (actors, regions, catalysts):
        if len(items) > 1:
            items.sort(key=itemgetter(0))
    return (
        [{"name": name, "role": role} for _, name, role in actors],
        [{"name": name, "code": code, "parent": parent} for _, name, code, parent in regions],
        [{"kind": kind, "text": text} for _, kind, text in catalysts],
    )


def _builder(reader: Reader, links: bool) -> Any:
    """A function from a row of list_query to its record, as fast as the driver gives rows."""
    if links:  # a listing without them decodes no JSON
        import json

        # json.loads but for its search for space around the value, which
        # SQLite's JSON has none of: a sixth less time building records.
        decode = json.JSONDecoder().raw_decode
    date = reader.date

    def record(row: Sequence[Any]) -> CommitmentRecord:
        (id_, statement, paragraph, sentence, start, end, quote, title, type_, binding, theme,
         deadline, note, status, as_of, last, latest_note, as_of_precision,
         last_precision) = row[:19]  # fmt: skip
        built: dict[str, Any] = {
            "id": id_,
            "statement": statement,
            "paragraph": paragraph,
            "sentence": sentence,
            "offsets": [start, end],
            "text": quote,
            "title": title,
            "type": type_,
            "binding": binding,
            "theme": theme,
            "deadline": date(deadline),
        }
        if links:  # before the note, where JSON has always shown them
            built["actors"], built["regions"], built["catalysts"] = _links(row[19], decode)
        built["note"] = note
        built["status"] = status
        built["as_of"] = date(as_of)
        built["last_follow_up_on"] = date(last)
        built["latest_note"] = latest_note
        built["as_of_precision"] = as_of_precision
        built["last_follow_up_precision"] = last_precision
        return cast("CommitmentRecord", built)

    return record


def with_member(
    reader: Reader, records: Iterable[Mapping[str, Any]], member: str
) -> Iterator[dict[str, Any]]:
    """Commitment records with one member's newest assessment of each (latest_actor_follow_up)."""
    from tracker.values import shown_date

    actor = actor_id(reader, member)
    name = reader.value("SELECT name FROM actor WHERE id = ?", (actor,))
    date = reader.date
    for chunk in _batched(records, 500):
        marks = ", ".join("?" for _ in chunk)
        found = {
            row[0]: row
            for row in reader.rows(
                "SELECT commitment_id, status, score, as_of, as_of_precision"
                f" FROM latest_actor_follow_up WHERE actor_id = ? AND commitment_id IN ({marks})",
                (actor, *(record["id"] for record in chunk)),
            )
        }
        for record in chunk:
            row = found.get(record["id"])
            yield {
                **record,
                "member": name,
                "member_status": row[1] if row else None,
                "member_score": row[2] if row else None,
                "member_as_of": shown_date(cast(dt.date, date(row[3])), row[4]) if row else None,
            }


def _batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# A link from a commitment (the later) to the earlier one it repeats, joined
# to the later's record for its place in reading order.
RESTATED = f"""SELECT restated_commitment.later_id, restated_commitment.later_date,
    restated_commitment.kind, restated_commitment.score, restated_commitment.earlier_id,
    restated_commitment.earlier_date, restated_commitment.earlier_status,
    restated_commitment.later_status, restated_commitment.later_title
    {FROM} JOIN restated_commitment ON restated_commitment.later_id = commitment.id"""


def restated(reader: Reader) -> list[RestatedRecord]:
    """Every link from a commitment to an earlier one it repeats, in the later's reading
    order (the restated_commitment view), with both commitments' current statuses."""
    rows = reader.rows(
        f"{RESTATED} ORDER BY restated_commitment.later_date,"
        " restated_commitment.later_statement, commitment.start_offset,"
        " restated_commitment.earlier_date"
    )
    date = reader.date
    return [
        {"later_id": later, "later_date": cast(dt.date, date(later_date)), "kind": kind,
         "score": score, "earlier_id": earlier, "earlier_date": cast(dt.date, date(earlier_date)),
         "earlier_status": earlier_status, "later_status": later_status, "later_title": title}
        for (later, later_date, kind, score, earlier, earlier_date, earlier_status, later_status,
             title) in rows
    ]  # fmt: skip


def restated_among(
    reader: Reader, filters: Filters, limit: int | None = None
) -> list[RestatedRecord]:
    """``tracker list --restated``: the links either commitment of which ``tracker list``
    would list with ``filters`` (so with a statement, the links to and from it)."""
    wanted = None if filters == Filters() else set(ids(reader, filters))
    return either_side(restated(reader), wanted, limit)


def either_side(
    links: Iterable[RestatedRecord], wanted: set[str] | None, limit: int | None
) -> list[RestatedRecord]:
    """The first ``limit`` of ``links`` with either commitment in ``wanted`` (None: any)."""
    kept = (
        link for link in links
        if wanted is None or link["later_id"] in wanted or link["earlier_id"] in wanted
    )  # fmt: skip
    return list(itertools.islice(kept, limit))


def excluded(
    reader: Reader, statement: str | None, query: str | None = None, limit: int | None = None
) -> list[ExcludedRecord]:
    """The sentences judged not to be commitments, in reading order, with the reason."""
    conditions: list[Condition] = [("sentence.decision = 'excluded'", ())]
    if statement:
        conditions.append(("statement.id = ?", (statement_id(reader, statement),)))
    if query is not None:
        conditions.append(_sentence_search(reader, query))
    sql = (
        "SELECT statement.code, paragraph.number, sentence.position, sentence.exclusion_reason,"
        " sentence.note, sentence.text FROM sentence"
        " JOIN paragraph ON sentence.paragraph_id = paragraph.id"
        " JOIN statement ON sentence.statement_id = statement.id"
        f" WHERE {' AND '.join(sql for sql, _ in conditions)}"
        " ORDER BY statement.date, statement.code, sentence.start_offset"
    )
    parameters = tuple(value for _, values in conditions for value in values)
    if limit is not None:
        sql += " LIMIT ?"
        parameters += (limit,)
    return [
        {"statement": code, "paragraph": number, "sentence": position, "reason": reason,
         "note": note, "text": text}
        for code, number, position, reason, note, text in reader.rows(sql, parameters)
    ]  # fmt: skip


# tracker scores --------------------------------------------------------------


def scores_query(reader: Reader, statement: str | None) -> Condition:
    """The cells of the compliance_matrix view, for one statement or all."""
    where = ""
    parameters: tuple[Any, ...] = ()
    if statement:
        where, parameters = "WHERE commitment.statement_id = ?", (statement_id(reader, statement),)
    return (
        "SELECT commitment.id, commitment.title, compliance_matrix.actor,"
        " compliance_matrix.country_code, compliance_matrix.score FROM commitment"
        " JOIN compliance_matrix ON compliance_matrix.commitment_id = commitment.id"
        f" JOIN statement ON statement.id = commitment.statement_id {where}"
        " ORDER BY statement.date, statement.code, commitment.start_offset,"
        " compliance_matrix.actor",
        parameters,
    )


def compliance_scores(reader: Reader, statement: str | None) -> Scores:
    """The compliance matrix: each actor's latest score on each commitment.

    A cell (a row of the compliance_matrix view) is the score of the newest
    assessment, by as-of date then recording, of that actor on that
    commitment that no later follow-up corrects, scored or not: a newer
    unscored assessment, or a correction without a score, empties the cell.
    """
    return scores_of(reader.rows(*scores_query(reader, statement)), statement)


def scores_of(cells: Iterable[Sequence[Any]], statement: str | None) -> Scores:
    """The matrix of ``cells`` (as scores_query gives them), with its averages.

    Averages are per commitment, per actor and overall; a percentage is
    (average + 1) / 2 x 100.
    """
    actors: dict[str, str | None] = {}
    matrix: dict[str, dict[str, Any]] = {}
    for commitment, title, actor, code, score in cells:
        actors[actor] = code
        row = matrix.setdefault(commitment, {"id": commitment, "title": title, "scores": {}})
        row["scores"][actor] = score
    for row in matrix.values():
        row.update(_average(list(row["scores"].values())))
    names = sorted(actors)
    per_actor = [
        {"actor": name, "code": actors[name]}
        | _average([r["scores"][name] for r in matrix.values() if name in r["scores"]])
        for name in names
    ]
    every = [score for r in matrix.values() for score in r["scores"].values()]
    return cast(
        "Scores",
        {
            "statement": statement,
            "actors": names,
            "commitments": list(matrix.values()),
            "actor_averages": per_actor,
            "overall": _average(every),
        },
    )


def _average(scores: list[int]) -> Average:
    if not scores:
        return {"count": 0, "average": None, "percent": None}
    average = sum(scores) / len(scores)
    return {
        "count": len(scores),
        "average": round(average, 3),
        "percent": round((average + 1) / 2 * 100, 1),
    }


# tracker show and tracker follow-up list ---------------------------------------


class Moment(Protocol):
    """When to see the history (tracker.queries.Moment): None for no limit."""

    @property
    def as_of(self) -> dt.date | None: ...

    @property
    def known_at(self) -> dt.datetime | None: ...


def stamp(value: dt.datetime) -> str:
    """A recording time as follow_up.recorded_at holds it, and as the records give it."""
    return value.isoformat(sep=" ", timespec="microseconds")


def seen(follow_up: str, moment: Moment | None) -> list[Condition]:
    """Conditions for a follow-up (the table or its alias ``follow_up``) to be seen at ``moment``.

    ``as_of`` (valid time) keeps those dated on or before that day;
    ``known_at`` (recording time, UTC) those recorded by then.
    """
    conditions: list[Condition] = []
    if moment is not None and moment.as_of is not None:
        conditions.append((f"{follow_up}.as_of <= ?", (moment.as_of.isoformat(),)))
    if moment is not None and moment.known_at is not None:
        conditions.append((f"{follow_up}.recorded_at <= ?", (stamp(moment.known_at),)))
    return conditions


HISTORY_COLUMNS = """follow_up.id, follow_up.commitment_id, actor.name, follow_up.status,
    follow_up.score, follow_up.as_of, follow_up.sources, follow_up.note, follow_up.assessor,
    follow_up.recorded_at, follow_up.corrects_id, correction.id, follow_up.kind,
    follow_up.as_of_precision"""
# Oldest first: the order of ix_follow_up_by_date, so that --since starts
# where it should and a limit stops the reading.
BY_DATE = ("", "follow_up.as_of, follow_up.recorded_at, follow_up.id")
# Each commitment's follow-ups together, in the commitments' reading order.
BY_COMMITMENT = (
    " JOIN commitment ON commitment.id = follow_up.commitment_id"
    " JOIN statement ON statement.id = commitment.statement_id",
    "statement.date, statement.code, commitment.start_offset, commitment.id, follow_up.id",
)


def history_query(
    conditions: Sequence[Condition],
    moment: Moment | None = None,
    *,
    order: tuple[str, str] = BY_DATE,
    limit: int | None = None,
) -> Condition:
    """The follow-ups that meet ``conditions``, with what corrects each.

    At a ``moment``, only the follow-ups seen then, and the corrections seen then.
    """
    joins, order_by = order
    corrected = [("correction.corrects_id = follow_up.id", ()), *seen("correction", moment)]
    every = [*conditions, *seen("follow_up", moment)]
    sql = (
        f"SELECT {HISTORY_COLUMNS} FROM follow_up{joins}"
        " LEFT JOIN actor ON actor.id = follow_up.actor_id"
        " LEFT JOIN follow_up AS correction"
        f" ON {' AND '.join(sql for sql, _ in corrected)}"
        f" WHERE {' AND '.join(sql for sql, _ in every) or '1 = 1'} ORDER BY {order_by}"
    )
    parameters = tuple(value for _, values in [*corrected, *every] for value in values)
    if limit is not None:
        sql += " LIMIT ?"
        parameters += (limit,)
    return sql, parameters


def follow_up_conditions(
    reader: Reader,
    commitment: str | None = None,
    since: dt.date | None = None,
    statement: str | None = None,
    *,
    actor: str | None = None,
    assessor: str | None = None,
    status: str | None = None,
) -> list[Condition]:
    """What `tracker follow-up list` narrows the follow-ups to; None means any.

    ``actor`` keeps the follow-ups assessing that actor on its own,
    ``assessor`` those by that assessor (in any case), ``status`` those
    giving that status, ``since`` those as of that day or later.
    """
    conditions: list[Condition] = []
    if actor is not None:
        conditions.append(("follow_up.actor_id = ?", (actor_id(reader, actor, abbreviated=True),)))
    if assessor is not None:
        conditions.append(("lower(follow_up.assessor) = ?", (assessor.strip().lower(),)))
    if status is not None:
        conditions.append(("follow_up.status = ?", (status,)))
    if commitment is not None:
        conditions.append(("follow_up.commitment_id = ?", (commitment_id(reader, commitment),)))
    if since is not None:
        conditions.append(("follow_up.as_of >= ?", (since.isoformat(),)))
    if statement is not None:
        conditions.append((
            "follow_up.commitment_id IN (SELECT id FROM commitment WHERE statement_id = ?)",
            (statement_id(reader, statement),),
        ))  # fmt: skip
    return conditions


def follow_ups(
    reader: Reader,
    conditions: Sequence[Condition],
    moment: Moment | None = None,
    *,
    order: tuple[str, str] = BY_DATE,
    limit: int | None = None,
) -> Iterator[FollowUpRecord]:
    """Records of the follow-ups history_query finds, a record at a time."""
    date, timestamp, json_ = reader.date, reader.timestamp, reader.json()

    def record(row: Sequence[Any]) -> FollowUpRecord:
        (id_, commitment, actor, status, score, as_of, sources, note, assessor, recorded_at,
         corrects, corrected_by, kind, precision) = row  # fmt: skip
        return {
            "id": id_,
            "commitment": commitment,
            "actor": actor,
            "status": status,
            "score": score,
            "as_of": cast(dt.date, date(as_of)),
            "sources": list(json_(sources)),
            "note": note,
            "assessor": assessor,
            "recorded_at": stamp(timestamp(recorded_at)),
            "corrects": corrects,
            "corrected_by": corrected_by,
            "kind": kind,
            "as_of_precision": precision,
        }

    sql, parameters = history_query(conditions, moment, order=order, limit=limit)
    return map(record, reader.scan(sql, parameters))


SOURCES = """SELECT source.url, source.title, source.publisher, source.published,
    source.published_precision, source.consulted_on, source.archived_url, source_file.name,
    source_file.sha256,
    (SELECT count(*) FROM follow_up_source WHERE follow_up_source.source_id = source.id)
    FROM source LEFT JOIN source_file ON source_file.source_id = source.id"""


def sources(reader: Reader, urls: Iterable[str] | None = None) -> list[SourceRecord]:
    """Every source by URL, or those of ``urls``."""
    record = _source_builder(reader)
    if urls is None:
        return list(all_sources(reader))
    found: list[SourceRecord] = []
    for chunk in _chunks(sorted(set(urls))):
        marks = ", ".join("?" for _ in chunk)
        sql = f"{SOURCES} WHERE source.url IN ({marks}) ORDER BY source.url"
        found += map(record, reader.rows(sql, tuple(chunk)))
    return found


def all_sources(reader: Reader) -> Iterator[SourceRecord]:
    """Every source by URL, a record at a time: a corpus may cite hundreds of thousands."""
    return map(_source_builder(reader), reader.scan(f"{SOURCES} ORDER BY source.url"))


def _source_builder(reader: Reader) -> Callable[[Sequence[Any]], SourceRecord]:
    from tracker.values import shown_date

    date = reader.date

    def record(row: Sequence[Any]) -> SourceRecord:
        url, title, publisher, published, precision, consulted, archived, name, sha256, cited = row
        return {
            "url": url,
            "title": title,
            "publisher": publisher,
            "published": shown_date(cast(dt.date, date(published)), precision or "day")
            if published
            else None,
            "consulted_on": date(consulted),
            "archived_url": archived,
            "file": name,
            "sha256": sha256,
            "cited_by": cited,
        }

    return record


def find_source(reader: Reader, url: str) -> SourceRecord:
    found = sources(reader, [url])
    if not found:
        raise TrackerError(f"no source {url}; add it with `tracker source add URL`")
    return found[0]


def source_file(reader: Reader, url: str) -> tuple[str, bytes]:
    """A source's local copy: its name and bytes, checked against its SHA-256."""
    import hashlib

    found = reader.rows(
        "SELECT source_file.name, source_file.content, source_file.sha256 FROM source_file"
        " JOIN source ON source.id = source_file.source_id WHERE source.url = ?",
        (url,),
    )
    if not found:
        raise TrackerError(f"source {url} has no file")
    [(name, content, sha256)] = found
    content = bytes(content)
    if hashlib.sha256(content).hexdigest() != sha256:
        raise TrackerError(f"the file of source {url} no longer matches its SHA-256")
    return name, content


def repeats(reader: Reader, commitment: str, *, later: bool) -> list[RepeatRecord]:
    """The earlier commitments one repeats (``later``: it is the later one), or the later
    ones that repeat it, oldest first (the restated_commitment view)."""
    mine, other = ("later", "earlier") if later else ("earlier", "later")
    rows = reader.rows(
        f"SELECT {other}_id, {other}_statement, {other}_date, kind, score, {other}_status"
        f" FROM restated_commitment WHERE {mine}_id = ? ORDER BY {other}_date, {other}_id",
        (commitment,),
    )
    return [
        {"id": i, "statement": code, "date": cast(dt.date, reader.date(day)), "kind": kind,
         "score": score, "status": status}
        for i, code, day, kind, score, status in rows
    ]  # fmt: skip


def commitment_detail(
    reader: Reader, wanted: str, moment: Moment | None = None
) -> CommitmentDetail:
    """One commitment's record, with its paragraph, its place in it, its history (seen at
    ``moment``), the sources that cites and the commitments it repeats or is repeated by.

    The status is the current one: tracker.queries works out another moment's.
    """
    found = commitment_id(reader, wanted)
    [record] = records(reader, [("commitment.id = ?", (found,))], None)
    history = list(follow_ups(reader, [("follow_up.commitment_id = ?", (found,))], moment))
    [(title, date, paragraph, start)] = reader.rows(
        "SELECT statement.title, statement.date, paragraph.text, paragraph.start_offset"
        " FROM commitment JOIN paragraph ON paragraph.id = commitment.paragraph_id"
        " JOIN statement ON statement.id = commitment.statement_id WHERE commitment.id = ?",
        (found,),
    )
    first, last = record["offsets"]
    return {
        **record,
        "statement_title": title,
        "statement_date": cast(dt.date, reader.date(date)),
        "paragraph_text": paragraph,
        "quote_in_paragraph": [first - start, last - start],
        "history": history,
        "sources": {
            s["url"]: s for s in sources(reader, {url for f in history for url in f["sources"]})
        },
        "repeats": repeats(reader, found, later=True),
        "repeated_by": repeats(reader, found, later=False),
    }


# tracker export ---------------------------------------------------------------

SCAN_CACHE = -4096  # KiB of SQLite page cache for a pass over every table


def export_records(
    reader: Reader, statement: str | None, moment: Moment | None = None
) -> Iterator[ExportRecord]:
    """Each commitment with its current status and all its follow-ups (those seen at
    ``moment``), in reading order.

    Streams: the commitments and their follow-ups are read in two ordered
    passes side by side, so memory grows neither with the commitments nor
    with the history. The status is the current one: tracker.queries works
    out another moment's.
    """
    # Both passes join the commitments, so that one condition serves them.
    ours: list[Condition] = []
    if statement:
        ours.append(("commitment.statement_id = ?", (statement_id(reader, statement),)))
    where = " AND ".join(sql for sql, _ in ours) or "1 = 1"
    if reader.sqlite:
        # One pass over each table needs no large page cache: the 64 MB a
        # connection gets (driver.SQLITE_PRAGMAS) would be most of the memory used.
        reader.rows(f"PRAGMA cache_size = {SCAN_CACHE}")
    rows = reader.scan(
        "SELECT commitment.id, commitment.title, commitment_status.status, commitment_status.as_of,"
        " latest.as_of_precision FROM commitment"
        " JOIN commitment_status ON commitment_status.commitment_id = commitment.id"
        " LEFT JOIN follow_up AS latest ON latest.id = commitment_status.follow_up_id"
        f" JOIN statement ON statement.id = commitment.statement_id WHERE {where}"
        " ORDER BY statement.date, statement.code, commitment.start_offset, commitment.id",
        tuple(value for _, values in ours for value in values),
    )
    pending = follow_ups(reader, ours, moment, order=BY_COMMITMENT)
    upcoming = next(pending, None)
    for commitment, title, status, as_of, precision in rows:
        found: list[FollowUpRecord] = []
        while upcoming is not None and upcoming["commitment"] == commitment:
            found.append(upcoming)
            upcoming = next(pending, None)
        yield {
            "commitment": commitment,
            "title": title,
            "status": status,
            "as_of": reader.date(as_of),
            "as_of_precision": precision,
            "follow_ups": found,
        }


def export_actors(reader: Reader) -> list[dict[str, Any]]:
    """The actors no statement names (added with `actor add`), as `tracker export` writes them."""
    aliases: dict[int, list[str]] = {}
    for actor, alias in reader.rows("SELECT actor_id, alias FROM actor_alias"):
        aliases.setdefault(actor, []).append(alias)
    return [
        {"actor": {"name": name, "kind": kind, "country_code": code,
                   "aliases": sorted(aliases.get(actor, []))}}
        for actor, name, kind, code in reader.rows(
            "SELECT id, name, kind, country_code FROM actor"
            " WHERE id NOT IN (SELECT actor_id FROM commitment_actor) ORDER BY name"
        )
    ]  # fmt: skip


def export_sources(reader: Reader) -> Iterator[dict[str, Any]]:
    """Every source, its file base64-encoded, as `tracker export` writes them."""
    import base64

    for record in all_sources(reader):
        item: dict[str, Any] = {
            k: v for k, v in record.items() if k not in ("cited_by", "file", "sha256")
        }
        if record["file"] is not None:
            name, content = source_file(reader, record["url"])
            item["file"] = {
                "name": name,
                "sha256": record["sha256"],
                "base64": base64.b64encode(content).decode("ascii"),
            }
        yield {"source": item}
