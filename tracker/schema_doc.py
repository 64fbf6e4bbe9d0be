"""What every table, view and column of the database means, in plain words.

The one description of the schema as a public interface: docs/schema.md is
rendered from it (`python -m tracker.schema_doc > docs/schema.md`), and so is
the Datasette metadata (`tracker datasette-metadata`). Tests fail when the
database has a table, view or column this module does not describe, or when
docs/schema.md is older than this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tracker import vocab


@dataclass(frozen=True)
class Relation:
    description: str
    columns: dict[str, str]
    label: str | None = None  # the column Datasette shows for a row's id
    engines: tuple[str, ...] = ("sqlite", "postgresql")
    # Bookkeeping and indexes the database keeps for itself: hidden in
    # Datasette and left out of the data package, the rows being elsewhere.
    internal: bool = False


@dataclass(frozen=True)
class Example:
    question: str
    sql: str
    engines: tuple[str, ...] = ("sqlite", "postgresql")
    # Bookkeeping and indexes the database keeps for itself: hidden in
    # Datasette and left out of the data package, the rows being elsewhere.
    internal: bool = False
    notes: list[str] = field(default_factory=list)


OFFSETS = "Python string index into statement.text"
# SQLite's FTS5 tables; each keeps its rows in shadow tables named after it.
FULL_TEXT = ("commitment_search", "commitment_fts")
FTS5_SHADOWS = ("data", "idx", "content", "docsize", "config")

TABLES: dict[str, Relation] = {
    "statement": Relation(
        "A published statement, its text kept byte for byte as in the seed file.",
        {
            "id": "Row number.",
            "code": "Short code used in commitment ids, such as gc2017.",
            "title": "The statement's title.",
            "issuer": "Who issued it.",
            "place": "Where it was issued.",
            "date": "The day it was issued (YYYY-MM-DD).",
            "source_url": "Where it was published, when known.",
            "text": "The full text, never normalised; every offset points into it.",
            "sha256": "SHA-256 of the text file's bytes.",
            "annotation_sha256": "SHA-256 of the annotation file last loaded for it.",
            "loaded_at": "When the statement was first loaded (UTC).",
        },
        label="title",
    ),
    "paragraph": Relation(
        "A paragraph of a statement; number 0 is an unnumbered preamble.",
        {
            "id": "Row number.",
            "statement_id": "The statement (statement.id).",
            "number": "The paragraph's number in the statement.",
            "start_offset": f"Where the paragraph starts: {OFFSETS}.",
            "end_offset": "Where it ends (exclusive).",
            "text": "The paragraph's text: statement.text between the offsets.",
        },
        label="number",
    ),
    "sentence": Relation(
        "Every sentence of a statement, and what the annotation decided about it.",
        {
            "id": "Row number.",
            "statement_id": "The statement (statement.id).",
            "paragraph_id": "The paragraph (paragraph.id).",
            "position": "The sentence's place in its paragraph, from 1.",
            "start_offset": f"Where the sentence starts: {OFFSETS}.",
            "end_offset": "Where it ends (exclusive).",
            "text": "The sentence: statement.text between the offsets.",
            "decision": "commitment or excluded (see the vocabulary below).",
            "exclusion_reason": "Why an excluded sentence is not a commitment.",
            "note": "The annotator's explanation of an exclusion.",
        },
        label="text",
    ),
    "commitment": Relation(
        "A commitment: the verbatim span of one sentence that carries it, coded.",
        {
            "id": "Stable id: the statement's code, the paragraph, a counter (gc2017-11.3).",
            "statement_id": "The statement (statement.id).",
            "paragraph_id": "The paragraph (paragraph.id).",
            "sentence_id": "The sentence (sentence.id).",
            "start_offset": f"Where the quote starts: {OFFSETS}.",
            "end_offset": "Where it ends (exclusive).",
            "quote": "The exact words of the commitment: statement.text between the offsets.",
            "title": "A short title in plain words.",
            "type": "pledge, support or call (see the vocabulary below).",
            "binding": "Binding strength: high or low.",
            "theme": "The line of effort it belongs to.",
            "deadline": "The day it is due, when the statement sets one.",
            "note": "The annotator's explanation of a choice.",
        },
        label="title",
    ),
    "catalyst": Relation(
        "Features that make compliance likelier, quoted from the sentence.",
        {
            "id": "Row number.",
            "commitment_id": "The commitment (commitment.id).",
            "kind": "What kind of catalyst (see the vocabulary below).",
            "text": "The words of the sentence that make it.",
        },
        label="text",
    ),
    "actor": Relation(
        "Someone a commitment binds, addresses, partners with or benefits.",
        {
            "id": "Row number.",
            "name": "Canonical name.",
            "kind": "What kind of actor (see the vocabulary below).",
            "country_code": "ISO 3166-1 alpha-2 code of its country, where one applies.",
        },
        label="name",
    ),
    "actor_alias": Relation(
        "Other names of an actor, as statements write them.",
        {
            "id": "Row number.",
            "actor_id": "The actor (actor.id).",
            "alias": "The other name.",
        },
        label="alias",
    ),
    "commitment_actor": Relation(
        "Who a commitment concerns, and in what role.",
        {
            "commitment_id": "The commitment (commitment.id).",
            "actor_id": "The actor (actor.id).",
            "role": "responsible, addressed, partner or beneficiary.",
            "position": "The order in which the annotation lists them.",
        },
    ),
    "region": Relation(
        "A place commitments are about, nested: Mosul is in Iraq.",
        {
            "id": "Row number.",
            "name": "The place's name.",
            "kind": "country, city, area or supranational.",
            "iso_code": "ISO 3166 code, where one exists (countries).",
            "parent_id": "The region it lies in (region.id).",
        },
        label="name",
    ),
    "commitment_region": Relation(
        "Where a commitment applies.",
        {
            "commitment_id": "The commitment (commitment.id).",
            "region_id": "The region (region.id).",
            "position": "The order in which the annotation lists them.",
        },
    ),
    "follow_up": Relation(
        "What happened later: an append-only record; corrections are new rows.",
        {
            "id": "Row number; the follow-up's id in the CLI.",
            "commitment_id": "The commitment (commitment.id).",
            "actor_id": "For a per-member assessment, the actor assessed (actor.id);"
            " empty for the collective status.",
            "status": "What the evidence shows (see the vocabulary below).",
            "score": "Compliance score: -1, 0 or +1 (G7/G20 Research Group); only with an"
            " actor, and agreeing with the status: +1 with achieved; 0 with in_progress,"
            " stalled or partially_achieved; -1 with not_started, stalled or not_achieved.",
            "as_of": "The day the evidence speaks about; for a month or a year, the last day"
            " it could mean (see as_of_precision).",
            "sources": "The evidence: a JSON array of http(s) URLs, each a row of source"
            " (linked in follow_up_source).",
            "note": "What happened, in words.",
            "assessor": "Who assessed it.",
            "recorded_at": "When it was recorded (UTC).",
            "corrects_id": "The earlier follow-up this one corrects (follow_up.id); a"
            " correction of context sets no status and no score either.",
            "kind": "assessment, or context: the situation the statement responded to, which"
            " may predate it and never sets a status or a score.",
            "as_of_precision": "day, month or year: how precise as_of is. 2019-10 is stored as"
            " 2019-10-31, 2018 as 2018-12-31, so that ordering and staleness compare one day.",
        },
        label="status",
    ),
    "source": Relation(
        "Evidence: a page or document that follow-ups cite, known by its URL. An unknown"
        " URL in follow_up.sources becomes a source (a trigger); `tracker source add`"
        " completes it.",
        {
            "id": "Row number.",
            "url": "Its http(s) URL; unique, and never changed once cited.",
            "title": "Its title, as published; never empty when given.",
            "publisher": "Who published it; never empty when given.",
            "published": "When it was published; for a month or a year, its last day.",
            "published_precision": "day, month or year: how precise published is.",
            "consulted_on": "The day it was read.",
            "archived_url": "An archived copy's http(s) URL.",
        },
        label="title",
    ),
    "source_file": Relation(
        "A source's local copy, kept so that the evidence outlives the link: at most"
        " 10 MiB. The database refuses a sha256 that is not the content's. SQLite has no"
        " SHA-256 in SQL: tracker gives each connection it opens one, `tracker_sha256(content)`"
        " (migration 0011), so a connection without it (the sqlite3 shell, Datasette) cannot add"
        " a file at all (\"no such function: tracker_sha256\"), while reading files and deleting"
        " sources work as before. `tracker db verify` recomputes every hash.",
        {
            "source_id": "The source (source.id).",
            "name": "The file's name.",
            "content": "The file's bytes.",
            "sha256": "SHA-256 of content, in lower-case hex.",
        },
        label="name",
    ),
    "follow_up_source": Relation(
        "Which sources each follow-up cites: kept by the database from follow_up.sources,"
        " never written by hand.",
        {
            "follow_up_id": "The follow-up (follow_up.id).",
            "source_id": "The source (source.id).",
            "position": "Where follow_up.sources lists it, from 0.",
        },
    ),
    "commitment_status": Relation(
        "Each commitment's current status, kept by the database as follow-ups arrive.",
        {
            "commitment_id": "The commitment (commitment.id).",
            "follow_up_id": "The follow-up that sets the status (follow_up.id);"
            " empty when none has.",
            "status": "The current status; not_assessed until a follow-up says otherwise.",
            "as_of": "The as-of day of that follow-up.",
            "last_follow_up_on": "The newest as-of day of any live assessment, per-member ones"
            " included (context never counts).",
        },
    ),
    "commitment_link": Relation(
        "A later commitment that repeats an earlier one: found when the later statement is"
        " loaded, by comparing each of its commitments with those of every statement dated"
        " before it (rapidfuzz's fuzz.ratio of the quotes, kept at 70 or more; see"
        " tracker/repeats.py), or as the reviewed annotation lists them. The earlier"
        " commitment's statement is always dated before the later one's.",
        {
            "earlier_id": "The commitment made first (commitment.id).",
            "later_id": "The commitment that repeats it (commitment.id).",
            "kind": "reaffirms or restates.",
            "score": "How alike the two quotes are, from 0 to 100 (rapidfuzz's fuzz.ratio).",
        },
    ),
    "bulk_load": Relation(
        "One row while `tracker follow-up import` runs, inside its own transaction:"
        " meanwhile commitment_status and the search index of follow-up notes wait, and"
        " deleting the row brings both up to date. A row left there by hand keeps them"
        " waiting until it is deleted.",
        {
            "id": "Always 1: there is at most one row.",
            "started_at": "When the import began (UTC).",
        },
        internal=True,
    ),
    "bulk_load_pending": Relation(
        "Commitments whose status waits for the running bulk import to end.",
        {"commitment_id": "The commitment (commitment.id)."},
        internal=True,
    ),
    "bulk_load_pending_note": Relation(
        "Follow-ups whose note waits for the running bulk import to end to be searchable.",
        {"follow_up_id": "The follow-up (follow_up.id)."},
        internal=True,
    ),
    "commitment_search": Relation(
        "The full-text index: one row per commitment (title and quote) and one per"
        " follow-up note. On SQLite an FTS5 table (use MATCH) whose rowid is the"
        " follow-up's id for a note (Datasette searches follow_up through it) and"
        " minus the commitment's rowid for a commitment; on PostgreSQL a tsvector"
        " column named document (use @@).",
        {
            "commitment_id": "The commitment (commitment.id).",
            "follow_up_id": "The follow-up whose note this row holds; empty for the"
            " commitment's own row.",
            "title": "The commitment's title (SQLite).",
            "quote": "The commitment's quote (SQLite).",
            "note": "The follow-up's note (SQLite).",
        },
        internal=True,
    ),
    "commitment_fts": Relation(
        "The full-text index of commitments alone, an FTS5 table whose rowid is the"
        " commitment's rowid, so that Datasette's search of commitment uses it"
        " (`SELECT id FROM commitment WHERE rowid IN (SELECT rowid FROM commitment_fts"
        " WHERE commitment_fts MATCH 'passports')`). SQLite only.",
        {
            "title": "The commitment's title.",
            "quote": "The commitment's quote.",
        },
        engines=("sqlite",),
        internal=True,
    ),
    "alembic_version": Relation(
        "The schema revision, kept by Alembic (`tracker db current`).",
        {"version_num": "The revision id."},
        internal=True,
    ),
}

# The columns latest_follow_up and latest_actor_follow_up take from follow_up.
FOLLOW_UP_VIEW_COLUMNS = {
    "follow_up_id": "The follow-up.",
    "status": "Its status.",
    "score": "Its score, if any.",
    "as_of": "Its as-of day (the last day of a month or year).",
    "as_of_precision": "day, month or year.",
    "sources": "Its evidence (JSON array of URLs).",
    "note": "Its note.",
    "assessor": "Who assessed it.",
    "recorded_at": "When it was recorded (UTC).",
}

VIEWS: dict[str, Relation] = {
    "commitment_overview": Relation(
        "One row per commitment, readable: its status, actors and regions as text.",
        {
            "id": "The commitment's id.",
            "statement": "The statement's code.",
            "statement_date": "The statement's date.",
            "paragraph": "The paragraph's number.",
            "sentence": "The sentence's place in the paragraph.",
            "title": "The commitment's title.",
            "type": "pledge, support or call.",
            "binding": "high or low.",
            "theme": "The line of effort.",
            "deadline": "The day it is due, if any.",
            "status": "The current status.",
            "as_of": "The as-of day of the follow-up that sets the status.",
            "last_follow_up_on": "The newest as-of day of any follow-up.",
            "overdue": "1 when the deadline has passed and the status is neither achieved"
            " nor no_longer_applicable, else 0.",
            "actors": 'Actors with their roles: "INTERPOL (partner); ...".',
            "regions": 'Regions with the region they lie in: "Mosul (Iraq); ...".',
            "quote": "The exact words of the commitment.",
        },
        label="title",
    ),
    "latest_follow_up": Relation(
        "The follow-up that sets each commitment's current status.",
        {
            "commitment_id": "The commitment.",
            **FOLLOW_UP_VIEW_COLUMNS,
        },
    ),
    "latest_actor_follow_up": Relation(
        "The newest assessment (scored or not, context left out) on each commitment for"
        " each actor assessed on its own.",
        {
            "commitment_id": "The commitment.",
            "actor_id": "The actor.",
            "actor": "The actor's name.",
            **FOLLOW_UP_VIEW_COLUMNS,
        },
    ),
    "region_ancestor": Relation(
        "Every region with each region it lies in, itself included (depth 0).",
        {
            "region_id": "The region.",
            "region": "Its name.",
            "ancestor_id": "A region it lies in, or itself.",
            "ancestor": "That region's name.",
            "depth": "0 for itself, 1 for its parent, 2 for the parent's parent, ...",
        },
    ),
    "restated_commitment": Relation(
        "Which promises keep coming back, and what became of them the first time: each"
        " commitment_link with both commitments' statements, dates and current statuses.",
        {
            "later_id": "The commitment that repeats an earlier one.",
            "later_statement": "Its statement's code.",
            "later_date": "Its statement's date.",
            "later_title": "Its title.",
            "kind": "reaffirms or restates.",
            "score": "How alike the quotes are, 0 to 100.",
            "earlier_id": "The earlier commitment it repeats.",
            "earlier_statement": "That commitment's statement's code.",
            "earlier_date": "That statement's date.",
            "earlier_title": "The earlier commitment's title.",
            "earlier_is_first": "1 when the earlier commitment repeats none itself (the first"
            " time it was promised), else 0.",
            "earlier_status": "The earlier commitment's current status.",
            "earlier_as_of": "The as-of day of the follow-up that sets that status.",
            "later_status": "The later commitment's current status.",
            "later_as_of": "The as-of day of the follow-up that sets it.",
        },
    ),
    "compliance_matrix": Relation(
        "The cells of `tracker scores`: each actor's newest assessment of a commitment, when"
        " it has a score. A newer unscored assessment, or a correction without a score,"
        " empties the cell.",
        {
            "statement": "The statement's code.",
            "commitment_id": "The commitment.",
            "title": "The commitment's title.",
            "actor_id": "The actor.",
            "actor": "The actor's name.",
            "country_code": "The actor's country code.",
            "score": "-1, 0 or +1.",
            "percent": "The score as a percentage: (score + 1) / 2 x 100.",
            "as_of": "The as-of day of the follow-up.",
            "follow_up_id": "The follow-up.",
        },
    ),
    "follow_up_evidence": Relation(
        "One row per source a follow-up cites, with what is known of the source.",
        {
            "follow_up_id": "The follow-up.",
            "commitment_id": "Its commitment.",
            "kind": "assessment or context.",
            "position": "Where the follow-up lists the source, from 0.",
            "source_id": "The source.",
            "url": "Its URL.",
            "title": "Its title.",
            "publisher": "Its publisher.",
            "published": "When it was published (the last day of a month or year).",
            "published_precision": "day, month or year.",
            "consulted_on": "The day it was read.",
            "archived_url": "An archived copy.",
            "has_file": "1 when the database keeps a copy of it (source_file), else 0.",
        },
    ),
}

# Time travel in plain SQL; tests/test_time_travel.py holds it to `tracker list --as-of`.
AS_OF_DAY = "2017-12-31"
KNOWN_AT = "9999-12-31 23:59:59"
AS_OF_SQL = f"""WITH seen AS (
    SELECT * FROM follow_up
    WHERE as_of <= '{AS_OF_DAY}' AND recorded_at <= '{KNOWN_AT}'
), live AS (
    SELECT * FROM seen
    WHERE actor_id IS NULL AND kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM seen AS later WHERE later.corrects_id = seen.id)
), newest AS (
    SELECT * FROM live
    WHERE NOT EXISTS (
        SELECT 1 FROM live AS newer
        WHERE newer.commitment_id = live.commitment_id
          AND (newer.as_of, newer.recorded_at, newer.id) > (live.as_of, live.recorded_at, live.id))
)
SELECT c.id, coalesce(n.status, 'not_assessed') AS status, n.as_of
FROM commitment AS c
LEFT JOIN newest AS n ON n.commitment_id = c.id
ORDER BY c.id;"""

EXAMPLES = [
    Example(
        "Which commitments are overdue?",
        "SELECT id, title, deadline, status\nFROM commitment_overview\n"
        "WHERE overdue = 1\nORDER BY deadline, id;",
    ),
    Example(
        "Which commitments have had no follow-up in a year?",
        "SELECT id, title, status, last_follow_up_on\nFROM commitment_overview\n"
        "WHERE coalesce(last_follow_up_on, statement_date) < date('now', '-1 year')\n"
        "ORDER BY id;",
        engines=("sqlite",),
        notes=["On PostgreSQL write `CURRENT_DATE - INTERVAL '1 year'` for the date."],
    ),
    Example(
        "Which commitments involve INTERPOL, and in what role?",
        "SELECT c.id, c.title, ca.role\nFROM commitment AS c\n"
        "JOIN commitment_actor AS ca ON ca.commitment_id = c.id\n"
        "JOIN actor AS a ON a.id = ca.actor_id\n"
        "WHERE a.name = 'INTERPOL'\nORDER BY c.id;",
    ),
    Example(
        "How well does each member comply, on average?",
        "SELECT actor, count(*) AS commitments_scored,\n"
        "       round(avg(score), 2) AS average, round(avg(percent), 1) AS percent\n"
        "FROM compliance_matrix\nGROUP BY actor\nORDER BY percent DESC, actor;",
    ),
    Example(
        "Which commitments are about Iraq, places within it included?",
        "SELECT DISTINCT o.id, o.title, o.status\nFROM commitment_overview AS o\n"
        "JOIN commitment_region AS cr ON cr.commitment_id = o.id\n"
        "JOIN region_ancestor AS ra ON ra.region_id = cr.region_id\n"
        "WHERE ra.ancestor = 'Iraq'\nORDER BY o.id;",
    ),
    Example(
        "How many commitments of each theme are in each status?",
        "SELECT theme, status, count(*) AS commitments\nFROM commitment_overview\n"
        "GROUP BY theme, status\nORDER BY theme, status;",
    ),
    Example(
        "Which commitments or follow-up notes mention passports?",
        "SELECT DISTINCT commitment_id\nFROM commitment_search\n"
        "WHERE commitment_search MATCH 'passports';",
        engines=("sqlite",),
        notes=[
            "On PostgreSQL: `SELECT DISTINCT commitment_id FROM commitment_search"
            " WHERE document @@ plainto_tsquery('english', 'passports');`"
        ],
    ),
    Example(
        "What is the history of one commitment, with corrections?",
        "SELECT f.id, f.as_of, f.status, f.note, f.corrects_id,\n"
        "       later.id AS corrected_by\nFROM follow_up AS f\n"
        "LEFT JOIN follow_up AS later ON later.corrects_id = f.id\n"
        "WHERE f.commitment_id = 'gc2017-4.1'\nORDER BY f.as_of, f.recorded_at, f.id;",
    ),
    Example(
        "Which sentences were judged not to be commitments, and why?",
        "SELECT p.number AS paragraph, s.position AS sentence, s.exclusion_reason, s.note\n"
        "FROM sentence AS s\nJOIN paragraph AS p ON p.id = s.paragraph_id\n"
        "WHERE s.decision = 'excluded'\nORDER BY s.statement_id, s.start_offset;",
    ),
    Example(
        "Is every quote still the statement's text at its offsets? (No rows: yes.)",
        "SELECT c.id\nFROM commitment AS c\nJOIN statement AS s ON s.id = c.statement_id\n"
        "WHERE substr(s.text, c.start_offset + 1, c.end_offset - c.start_offset) <> c.quote;",
    ),
    Example(
        "Which commitments name an international organisation as a catalyst?",
        "SELECT k.commitment_id, k.text AS organisation\nFROM catalyst AS k\n"
        "WHERE k.kind = 'organisation'\nORDER BY k.commitment_id, k.id;",
    ),
    Example(
        "What is the newest evidence for each commitment that has some?",
        "SELECT commitment_id, status, as_of, json_extract(sources, '$[0]') AS first_source\n"
        "FROM latest_follow_up\nORDER BY as_of DESC;",
        engines=("sqlite",),
        notes=["On PostgreSQL, sources is jsonb: write `sources ->> 0`."],
    ),
    Example(
        "What was every commitment's status on 31 December 2017, as the database knew it"
        " at a given moment (`tracker list --as-of 2017-12-31 --known-at ...`)?",
        AS_OF_SQL,
        notes=[
            "Change the two values: the day (valid time: follow-ups dated on or before it)"
            " and the moment (recording time, UTC: follow-ups recorded by then; a moment"
            " far ahead, as here, means what is known now). It is tracker.status's rule"
            " over the follow-ups seen then: the newest collective follow-up that none of"
            " them corrects, by as-of date, recording time and id. Follow-ups are never"
            " changed or deleted, so the answer for a past moment never changes.",
        ],
    ),
    Example(
        "Which promises keep coming back, and what became of them the first time?",
        "SELECT earlier_id, earlier_date, earlier_status, count(*) AS repeated,\n"
        "       max(later_date) AS last_repeated\nFROM restated_commitment\n"
        "WHERE earlier_is_first = 1\nGROUP BY earlier_id, earlier_date, earlier_status\n"
        "ORDER BY repeated DESC, earlier_id;",
    ),
    Example(
        "Which sources, by title and publisher, back each member's cell of the matrix?",
        "SELECT m.commitment_id, m.actor, m.score, e.title, e.publisher, e.url\n"
        "FROM compliance_matrix AS m\n"
        "JOIN follow_up_evidence AS e ON e.follow_up_id = m.follow_up_id\n"
        "ORDER BY m.commitment_id, m.actor, e.position;",
    ),
]

VOCABULARIES: dict[str, tuple[str, dict[Any, str]]] = {
    "commitment.type": ("What a commitment binds the signatories to.", vocab.COMMITMENT_TYPES),
    "commitment.binding": ("How firmly it is worded.", vocab.BINDING),
    "commitment.theme": ("The Coalition's lines of effort, and more.", vocab.THEMES),
    "sentence.decision": ("What the annotation decided.", vocab.DECISIONS),
    "sentence.exclusion_reason": ("Why a sentence is not a commitment.", vocab.EXCLUSION_REASONS),
    "catalyst.kind": ("What makes compliance likelier.", vocab.CATALYSTS),
    "actor.kind": ("Kinds of actor.", vocab.ACTOR_KINDS),
    "commitment_actor.role": ("An actor's part in a commitment.", vocab.ACTOR_ROLES),
    "region.kind": ("Kinds of place.", vocab.REGION_KINDS),
    "follow_up.status": ("What a follow-up found; also commitment_status.status.", vocab.STATUSES),
    "commitment_link.kind": ("How a later commitment repeats an earlier one.", vocab.LINK_KINDS),
    "follow_up.score": ("The G7/G20 Research Group's compliance scores.", vocab.SCORES),
}


INTRODUCTION = """\
# The tracker database

`tracker.db` is a SQLite file (or a PostgreSQL database) that anyone may
query: the sqlite3 shell, Datasette (`tracker datasette-metadata`), DB
Browser or pandas. This page describes every table, view and column, the
vocabularies, and example queries for common questions.

Conventions:

- Offsets (`start_offset`, `end_offset`) are Python string indices into
  `statement.text`, end exclusive: in SQL, a span is
  `substr(text, start_offset + 1, end_offset - start_offset)`.
- Dates are `YYYY-MM-DD`; times are UTC, `YYYY-MM-DD HH:MM:SS.ffffff`.
- Follow-ups are append-only: the database refuses to change or delete one.
  A mistake is fixed by a new follow-up whose `corrects_id` names it.
- The database refuses invalid rows: CHECK constraints hold every
  vocabulary, foreign keys every reference, and triggers keep quotes equal to
  the statement text and `commitment_status` equal to what the follow-ups say.
  The triggers hold whatever a connection's pragmas say (see "What the
  database refuses" below), and `tracker db verify` checks every row.

This page is generated from `tracker/schema_doc.py`
(`python -m tracker.schema_doc > docs/schema.md`); a test keeps them in step.
"""


GUARDS = """\
## What the database refuses

On any connection (the sqlite3 shell opens files with foreign keys off;
it makes no difference), the database refuses:

- a row naming a statement, paragraph, sentence, commitment, actor, region
  or follow-up that does not exist, and deleting or re-keying a row that
  others name;
- `INSERT OR REPLACE`, `REPLACE` and upserts that would overwrite a row
  (a new row's keys must be new), so follow-ups stay append-only and
  statements, paragraphs and commitments change only by `UPDATE`, under
  its guards;
- dates that are not calendar dates (`2018-02-30`, `2017-13-45`,
  `2017-12-31x`), times not in `YYYY-MM-DD HH:MM:SS[.ffffff]` form or in
  the future; text that is not UTF-8 text or holds a NUL (or an escaped
  NUL, `\\u0000` or `\\x00`, in a note or assessor); scores and ids that
  are not whole numbers; ids outside 1 to 1,000,000,000 (on PostgreSQL an
  explicit id moves the id sequence past it);
- sources that are not a JSON list of http(s) URLs free of whitespace,
  control characters and ``<>"'\\^`{|}``;
- a source file whose `sha256` is not its content's (on SQLite, a
  connection without tracker's `tracker_sha256` function, such as the
  sqlite3 shell's, adds no file at all), and a correction of context that
  sets a status or a score;
- a commitment_link from a commitment to itself, or to one whose
  statement is not dated before its own, a pair linked twice, and
  deleting, re-keying or moving to another statement a linked commitment;
- a region within itself (directly or through any chain of parents), a
  paragraph or sentence that no longer holds its sentences or commitments,
  a statement text that changes, and a statement date that changes once
  the statement has commitments;
- writes to `commitment_status` other than what the follow-ups give,
  direct writes and deletes on `commitment_search` and `commitment_fts`
  (and, on SQLite, a row at any rowid but its key's), and (PostgreSQL)
  `TRUNCATE` of any table the commands rely on;
- (PostgreSQL) committing a transaction that leaves a `bulk_load` row.
  SQLite cannot check at commit: a row an interrupted tool leaves is ended
  by the next `tracker` command, which says so in one line.

Out of scope: statements that take the guards away rather than write rows.
`tracker db verify` finds what they let in afterwards:

| statement | what `tracker db verify` reports |
| --- | --- |
| `DROP TRIGGER` (any guard) | the trigger by name, as missing |
| `ALTER TABLE ... DISABLE TRIGGER` (PostgreSQL, as owner) | the trigger by name, as disabled |
| `PRAGMA writable_schema` edits of `sqlite_master` | missing triggers, and any row they let in |
| `CREATE RULE` (PostgreSQL) | statuses and search rows off the history |
| `session_replication_role = replica` | orphans; statuses, search rows off |
| writes to FTS5's other shadow tables | a damaged index, and how to rebuild it |

`tracker db verify` also reports values an older schema let in (each row
by table and key), statuses and search rows that do not follow the
history, orphans, region cycles, texts off their offsets, a statement text
that no longer matches its SHA-256, and a bulk load left behind. `tracker
init`, `tracker db check` and `tracker backup` run the same checks and fail
if any finds a problem.
"""


def _relation(name: str, relation: Relation) -> list[str]:
    lines = [f"### {name}", "", relation.description, "", "| column | meaning |", "| --- | --- |"]
    lines += [f"| `{column}` | {meaning} |" for column, meaning in relation.columns.items()]
    return [*lines, ""]


def render() -> str:
    """docs/schema.md."""
    lines = [INTRODUCTION, "## Tables", ""]
    for name, relation in TABLES.items():
        lines += _relation(name, relation)
    lines += ["## Views", ""]
    for name, relation in VIEWS.items():
        lines += _relation(name, relation)
    lines += ["## Vocabularies", ""]
    for column, (description, values) in VOCABULARIES.items():
        lines += [f"### {column}", "", description, "", "| value | meaning |", "| --- | --- |"]
        lines += [f"| `{value}` | {meaning} |" for value, meaning in values.items()]
        lines.append("")
    lines += [GUARDS, "## Example queries", ""]
    for number, example in enumerate(EXAMPLES, start=1):
        engines = "" if len(example.engines) > 1 else " (SQLite)"
        lines += [
            f"### {number}. {example.question}{engines}",
            "",
            "```sql",
            example.sql,
            "```",
            "",
        ]
        lines += [*example.notes, ""] if example.notes else []
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
