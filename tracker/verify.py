"""Check that a database holds what its guards promise (`tracker db verify`).

The triggers refuse invalid rows as they are written; this looks at the
rows already there, so that it also catches what slipped in before a guard
existed, or after one was dropped or disabled by hand: values that cannot
be read, statuses and search rows that do not follow the history,
orphans, region cycles, texts that moved off their offsets, a statement
text that no longer matches its SHA-256, missing or disabled triggers, and
a bulk load left behind.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from sqlalchemy import JSON, Connection, Date, DateTime, Engine, Integer, String, Text, text

from tracker import db, schema_doc, vocab
from tracker.models import Base, JsonList

# Every trigger the migrations make, by engine; a test holds these equal to
# what a freshly migrated database has.
SQLITE_TRIGGERS = frozenset(
    {
        "commitment_quote_verbatim_insert",
        "commitment_quote_verbatim_update",
        "commitment_search_catch_up",
        "commitment_search_delete",
        "commitment_search_follow_up",
        "commitment_search_insert",
        "commitment_search_pending",
        "commitment_search_update",
        "commitment_status_catch_up",
        "commitment_status_follow_up",
        "commitment_status_guard_delete",
        "commitment_status_guard_insert",
        "commitment_status_guard_update",
        "commitment_status_new",
        "commitment_status_pending",
        "follow_up_guard",
        "follow_up_no_delete",
        "follow_up_no_update",
        "paragraph_text_verbatim_insert",
        "paragraph_text_verbatim_update",
        "sentence_text_verbatim_insert",
        "sentence_text_verbatim_update",
        "statement_text_immutable",
        *(f"guard_{t}_insert" for t in (
            "statement", "paragraph", "sentence", "commitment", "catalyst", "actor",
            "actor_alias", "commitment_actor", "region", "commitment_region", "follow_up",
            "commitment_status", "bulk_load",
        )),
        *(f"guard_{t}_update" for t in (
            "statement", "paragraph", "sentence", "commitment", "catalyst", "actor",
            "actor_alias", "commitment_actor", "region", "commitment_region",
        )),
        *(f"guard_{t}_id" for t in (
            "statement", "paragraph", "sentence", "catalyst", "actor", "actor_alias",
            "region", "follow_up",
        )),
        *(f"guard_{t}_{event}" for t in (
            "actor", "commitment", "follow_up", "paragraph", "region", "sentence", "statement",
        ) for event in ("delete", "rekey")),
        "guard_commitment_cascade_commitment_status",
        "guard_region_acyclic",
        "guard_paragraph_span",
        "guard_sentence_span",
        "guard_statement_date",
        "guard_search_insert",
        "guard_search_delete",
        "guard_search_update",
        "guard_commitment_fts_insert",
        "guard_commitment_fts_delete",
        "guard_commitment_fts_update",
        "guard_commitment_link_insert",
        "guard_commitment_link_update",
        "guard_commitment_link_delete",
        "guard_commitment_link_rekey",
        # migration 0009
        "guard_follow_up_evidence", "follow_up_source_link", "guard_source_insert",
        "guard_source_id", "guard_source_values_insert", "guard_source_values_update",
        "guard_source_url", "guard_source_delete", "guard_source_file_insert",
        "guard_source_file_update", "guard_follow_up_source_insert",
        "guard_follow_up_source_update", "guard_follow_up_source_delete",
        # migration 0011
        "guard_follow_up_context_correction", "guard_source_file_sha256",
    }
)  # fmt: skip
POSTGRESQL_TRIGGERS = frozenset(
    {
        "paragraph_text_verbatim",
        "sentence_text_verbatim",
        "commitment_quote_verbatim",
        "statement_text_immutable",
        "follow_up_append_only",
        "follow_up_no_truncate",
        "follow_up_guard",
        "commitment_status_new",
        "commitment_status_follow_up",
        "commitment_status_guard",
        "commitment_status_catch_up",
        "commitment_search_commitment",
        "commitment_search_follow_up",
        "commitment_search_catch_up",
        "guard_follow_up_values",
        *(f"guard_{t}_id" for t in (
            "statement", "paragraph", "sentence", "catalyst", "actor", "actor_alias",
            "region", "follow_up",
        )),
        "guard_region_acyclic",
        "guard_paragraph_span",
        "guard_sentence_span",
        "guard_statement_date",
        "guard_search",
        "guard_bulk_load",
        "guard_commitment_link",
        "guard_commitment_linked",
        "guard_commitment_link_truncate",
        *(f"guard_{t}_truncate" for t in (
            "statement", "paragraph", "sentence", "commitment", "catalyst", "actor",
            "actor_alias", "commitment_actor", "region", "commitment_region",
            "commitment_status", "commitment_search", "bulk_load_pending",
            "bulk_load_pending_note",
        )),
        # migration 0009
        "guard_follow_up_evidence", "follow_up_source_link", "guard_follow_up_source",
        "guard_follow_up_source_truncate", "guard_source_url", "guard_source_id",
        "guard_source_file_update",
        # migration 0011
        "guard_follow_up_context_correction",
    }
)  # fmt: skip

MAX_REPORTED = 20  # rows named per kind of problem; the rest are counted


def verify(engine: Engine) -> list[str]:
    """Every problem found, one line each; empty when the database is sound."""
    # Under the write lock (SQLite), so that a concurrent writer, such as
    # another `tracker init`, cannot change the rows between two checks.
    with db.database_errors(), engine.execution_options(tracker_lock=True).connect() as connection:
        try:
            return list(_findings(connection))
        finally:
            connection.rollback()


def first_unreadable(engine: Engine) -> str | None:
    """The first row holding a value tracker cannot read, described; else None."""
    with db.database_errors(), engine.connect() as connection:
        return next(_unreadable(connection), None)


def _findings(connection: Connection) -> Iterator[str]:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        yield from _search_integrity(connection)
        for (line,) in connection.exec_driver_sql("PRAGMA integrity_check"):
            if line != "ok":
                yield f"integrity_check: {line}"
    yield from _unreadable(connection)
    yield from _missing_triggers(connection)
    yield from _orphans(connection)
    yield from _cycles(connection)
    yield from _spans(connection)
    yield from _statement_hashes(connection)
    yield from _links(connection)
    yield from _statuses(connection)
    yield from _search_index(connection)
    yield from _evidence(connection)
    for table in ("bulk_load", "bulk_load_pending", "bulk_load_pending_note"):
        count = connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar()
        if count:
            yield f"{table}: {count} rows left by a bulk load that never ended"


def _rows(connection: Connection, sql: str, describe: str) -> Iterator[str]:
    """A finding per row ``sql`` returns (the first columns name it), at most MAX_REPORTED."""
    rows = connection.execute(text(sql)).all()
    for row in rows[:MAX_REPORTED]:
        yield describe.format(*row)
    if len(rows) > MAX_REPORTED:
        yield f"... and {len(rows) - MAX_REPORTED} more like the above"


def _joined(columns: list[str]) -> str:
    """SQL for the values of ``columns`` as one text, joined by '/'."""
    return " || '/' || ".join(f"CAST({c} AS TEXT)" for c in columns)


def _key(table: str) -> str:
    return _joined([c.name for c in Base.metadata.tables[table].primary_key.columns])


def _unreadable(connection: Connection) -> Iterator[str]:
    """Values the columns' types cannot hold (only SQLite lets them in)."""
    if connection.dialect.name != "sqlite":
        return
    for table in Base.metadata.sorted_tables:
        key = _key(table.name)
        for column in table.columns:
            name, kind = column.name, column.type
            if isinstance(kind, DateTime):
                bad = (
                    f"typeof({name}) <> 'text' OR datetime(substr({name}, 1, 19), '+0 days')"
                    f" IS NOT substr({name}, 1, 19)"
                    f" OR NOT (length({name}) = 19 OR (substr({name}, 20, 1) = '.'"
                    f" AND length({name}) BETWEEN 21 AND 26"
                    f" AND substr({name}, 21) NOT GLOB '*[^0-9]*'))"
                )
                what = "a time (YYYY-MM-DD HH:MM:SS[.ffffff])"
            elif isinstance(kind, Date):
                bad = f"typeof({name}) <> 'text' OR date({name}, '+0 days') IS NOT {name}"
                what = "a calendar date"
            elif isinstance(kind, Integer):
                bad = f"typeof({name}) <> 'integer'"
                what = "a whole number"
            elif isinstance(kind, String | Text | JSON | JsonList):
                bad = f"typeof({name}) <> 'text' OR instr(CAST({name} AS BLOB), x'00') > 0"
                what = "text without NUL"
                yield from _undecodable(connection, table.name, key, name)
            else:
                continue
            yield from _rows(
                connection,
                f"SELECT {key}, quote({name}) FROM {table.name}"
                f" WHERE {name} IS NOT NULL AND ({bad})",
                f"{table.name} {{0}}: {name} {{1}} is not {what}",
            )


def _undecodable(connection: Connection, table: str, key: str, column: str) -> Iterator[str]:
    rows = connection.execute(
        text(
            f"SELECT {key}, CAST({column} AS BLOB) FROM {table}"
            f" WHERE typeof({column}) = 'text' AND {column} GLOB '*[^ -~]*'"
        )
    )
    for row_key, raw in rows:
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError:
            yield f"{table} {row_key}: {column} is not valid UTF-8 ({raw[:40]!r})"


def _missing_triggers(connection: Connection) -> Iterator[str]:
    if connection.dialect.name == "sqlite":
        expected = SQLITE_TRIGGERS
        present = {
            name
            for (name,) in connection.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            )
        }
        disabled: set[str] = set()
    else:
        expected = POSTGRESQL_TRIGGERS
        rows = connection.exec_driver_sql(
            "SELECT tgname, tgenabled FROM pg_trigger"
            " WHERE NOT tgisinternal AND tgrelid::regclass::text IN (SELECT tablename FROM"
            " pg_tables WHERE schemaname = current_schema())"
        ).all()
        present = {name for name, _ in rows}
        disabled = {name for name, enabled in rows if enabled == "D"}
    for name in sorted(expected - present):
        yield f"trigger {name} is missing: its guard no longer holds (restore from a backup)"
    for name in sorted(expected & disabled):
        yield f"trigger {name} is disabled: ALTER TABLE ... ENABLE TRIGGER {name}"


def _orphans(connection: Connection) -> Iterator[str]:
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_key_constraints:
            child = [c.name for c in fk.columns]
            parent = fk.referred_table.name
            found = " AND ".join(f"p.{e.column.name} = c.{e.parent.name}" for e in fk.elements)
            present = " AND ".join(f"c.{name} IS NOT NULL" for name in child)
            yield from _rows(
                connection,
                f"SELECT {_joined([f'c.{name}' for name in child])}"
                f" FROM {table.name} AS c WHERE {present}"
                f" AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {found})",
                f"{table.name}: {'/'.join(child)} {{0}} names no {parent}",
            )


def _cycles(connection: Connection) -> Iterator[str]:
    yield from _rows(
        connection,
        """WITH RECURSIVE up (region_id, ancestor_id, depth) AS (
            SELECT id, parent_id, 1 FROM region WHERE parent_id IS NOT NULL
            UNION ALL
            SELECT up.region_id, r.parent_id, up.depth + 1
            FROM up JOIN region AS r ON r.id = up.ancestor_id
            WHERE r.parent_id IS NOT NULL AND up.ancestor_id <> up.region_id AND up.depth < 64)
        SELECT DISTINCT r.name FROM up JOIN region AS r ON r.id = up.region_id
        WHERE up.ancestor_id = up.region_id ORDER BY r.name""",
        "region {0} lies within itself",
    )


def _spans(connection: Connection) -> Iterator[str]:
    for table, column, within in (
        ("paragraph", "text", None),
        ("sentence", "text", "paragraph"),
        ("commitment", "quote", "sentence"),
    ):
        outside = (
            " OR x.start_offset < o.start_offset OR x.end_offset > o.end_offset" if within else ""
        )
        join = f" LEFT JOIN {within} AS o ON o.id = x.{within}_id" if within else ""
        yield from _rows(
            connection,
            f"SELECT x.id FROM {table} AS x JOIN statement AS s ON s.id = x.statement_id{join}"
            f" WHERE x.{column} <> substr(s.text, x.start_offset + 1,"
            f" x.end_offset - x.start_offset){outside}",
            f"{table} {{0}}: its {column} is not the statement text at its offsets"
            + (f" within its {within}" if within else ""),
        )


def _statement_hashes(connection: Connection) -> Iterator[str]:
    for code, statement_text, sha256 in connection.execute(
        text("SELECT code, text, sha256 FROM statement ORDER BY code")
    ):
        if hashlib.sha256(statement_text.encode("utf-8")).hexdigest() != sha256:
            yield f"statement {code}: its text no longer matches its SHA-256"


def _links(connection: Connection) -> Iterator[str]:
    """Links out of order (the guard of revision 0008), or values its CHECKs refuse."""
    yield from _rows(
        connection,
        f"""SELECT k.earlier_id, k.later_id FROM commitment_link AS k
        JOIN commitment AS e ON e.id = k.earlier_id JOIN statement AS es ON es.id = e.statement_id
        JOIN commitment AS l ON l.id = k.later_id JOIN statement AS ls ON ls.id = l.statement_id
        WHERE NOT es.date < ls.date OR k.kind NOT IN ({", ".join(map(repr, vocab.LINK_KINDS))})
           OR NOT k.score BETWEEN 0 AND 100
        ORDER BY k.later_id, k.earlier_id""",
        "commitment_link {0} -> {1}: the earlier commitment is not of an earlier statement,"
        " or its kind or score is out of range",
    )


# The current collective follow-up of commitment c (the rule of revisions 0002 and 0009).
_LATEST = """(SELECT f.id FROM follow_up AS f
    WHERE f.commitment_id = c.id AND f.actor_id IS NULL AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id)
    ORDER BY f.as_of DESC, f.recorded_at DESC, f.id DESC LIMIT 1)"""
_LAST_ON = """(SELECT max(f.as_of) FROM follow_up AS f WHERE f.commitment_id = c.id
      AND f.kind = 'assessment'
      AND NOT EXISTS (SELECT 1 FROM follow_up AS x WHERE x.corrects_id = f.id))"""


def _statuses(connection: Connection) -> Iterator[str]:
    differs = "IS NOT" if connection.dialect.name == "sqlite" else "IS DISTINCT FROM"
    yield from _rows(
        connection,
        f"""SELECT c.id FROM commitment AS c
        LEFT JOIN commitment_status AS cs ON cs.commitment_id = c.id
        LEFT JOIN follow_up AS latest ON latest.id = {_LATEST}
        WHERE cs.commitment_id IS NULL
           OR cs.follow_up_id {differs} latest.id
           OR cs.status {differs} coalesce(latest.status, 'not_assessed')
           OR cs.as_of {differs} latest.as_of
           OR cs.last_follow_up_on {differs} {_LAST_ON}
        ORDER BY c.id""",
        "commitment_status {0}: not what its follow-ups give",
    )


def _search_integrity(connection: Connection) -> Iterator[str]:
    """FTS5's own check, which SQLite runs as a write (verify holds the lock)."""
    for index in schema_doc.FULL_TEXT:
        try:
            connection.exec_driver_sql(f"INSERT INTO {index} ({index}) VALUES ('integrity-check')")
        except Exception as exc:  # FTS5 reports corruption as any of several errors
            if "readonly" in str(exc) or "read-only" in str(exc):
                return  # a file opened read-only: FTS5 cannot check it; the row checks still run
            yield (
                f"{index}: its full-text index is damaged ({type(exc).__name__});"
                f" rebuild it: INSERT INTO {index} ({index}) VALUES ('rebuild')"
            )


def _search_index(connection: Connection) -> Iterator[str]:
    if connection.dialect.name == "sqlite":
        content = "commitment_search_content"
        # Each row at its key's rowid (revision 0007), so Datasette finds it.
        commitment_row = (
            "s.c1 IS NULL AND s.id = -c.rowid AND s.c2 IS c.title AND s.c3 IS c.quote"
            " AND s.c4 IS NULL"
        )
        note_row = "s.c1 = f.id AND s.id = f.id AND s.c0 IS f.commitment_id AND s.c4 IS f.note"
        key_commitment, key_follow_up = "s.c0", "s.c1"
    else:
        content = "commitment_search"
        commitment_row = (
            "s.follow_up_id IS NULL AND s.document = to_tsvector('english',"
            " coalesce(c.title, '') || ' ' || coalesce(c.quote, ''))"
        )
        note_row = "s.follow_up_id = f.id AND s.document = to_tsvector('english', f.note)"
        key_commitment, key_follow_up = "s.commitment_id", "s.follow_up_id"
    yield from _rows(
        connection,
        f"SELECT c.id FROM commitment AS c WHERE (SELECT count(*) FROM {content} AS s"
        f" WHERE {key_commitment} = c.id AND {commitment_row}) <> 1 ORDER BY c.id",
        "commitment_search: commitment {0} is not indexed as its title and quote",
    )
    yield from _rows(
        connection,
        f"SELECT f.id FROM follow_up AS f WHERE f.note IS NOT NULL AND (SELECT count(*)"
        f" FROM {content} AS s WHERE {key_commitment} = f.commitment_id AND {note_row}) <> 1"
        " AND NOT EXISTS (SELECT 1 FROM bulk_load_pending_note AS p WHERE p.follow_up_id = f.id)"
        " ORDER BY f.id",
        "commitment_search: the note of follow-up {0} is not indexed as it reads",
    )
    yield from _rows(
        connection,
        f"SELECT {key_commitment}, coalesce(CAST({key_follow_up} AS TEXT), '-')"
        f" FROM {content} AS s WHERE NOT EXISTS (SELECT 1 FROM commitment AS c"
        f" WHERE c.id = {key_commitment} AND {commitment_row})"
        f" AND NOT EXISTS (SELECT 1 FROM follow_up AS f WHERE {note_row})",
        "commitment_search: a row for commitment {0} (follow-up {1}) that no text gives",
    )

    if connection.dialect.name == "sqlite":
        yield from _commitment_fts(connection)


def _evidence(connection: Connection) -> Iterator[str]:
    """Migration 0009's rules, over rows an older schema or a dropped trigger let in."""
    from tracker import status

    agrees = " OR ".join(
        f"(f.score = {score} AND f.status IN ({', '.join(repr(s) for s in statuses)}))"
        for score, statuses in status.SCORE_STATUSES.items()
    )
    yield from _rows(
        connection,
        "SELECT id FROM follow_up WHERE score IS NOT NULL AND actor_id IS NULL ORDER BY id",
        "follow_up {0}: a score without an actor",
    )
    yield from _rows(
        connection,
        f"SELECT f.id, f.score, f.status FROM follow_up AS f"
        f" WHERE f.score IS NOT NULL AND NOT ({agrees}) ORDER BY f.id",
        "follow_up {0}: the score {1} disagrees with the status {2}",
    )
    yield from _rows(
        connection,
        "SELECT id FROM follow_up WHERE kind = 'context'"
        " AND (status <> 'not_assessed' OR score IS NOT NULL) ORDER BY id",
        "follow_up {0}: context with a status or a score",
    )
    yield from _rows(
        connection,
        "SELECT f.id, c.id FROM follow_up AS f JOIN follow_up AS c ON c.id = f.corrects_id"
        " WHERE c.kind = 'context' AND (f.status <> 'not_assessed' OR f.score IS NOT NULL)"
        " ORDER BY f.id",
        "follow_up {0}: corrects context (follow-up {1}) with a status or a score",
    )
    yield from _rows(
        connection,
        "SELECT r.id, f.id FROM follow_up AS f JOIN follow_up AS r"
        " ON r.commitment_id = f.commitment_id AND r.as_of = f.as_of AND r.id > f.id"
        " AND r.status = f.status AND r.kind = f.kind AND r.as_of_precision = f.as_of_precision"
        " AND coalesce(r.actor_id, 0) = coalesce(f.actor_id, 0)"
        " AND coalesce(r.score, 9) = coalesce(f.score, 9)"
        " AND coalesce(r.corrects_id, 0) = coalesce(f.corrects_id, 0)"
        " AND coalesce(r.note, '') = coalesce(f.note, '')"
        " AND CAST(r.sources AS TEXT) = CAST(f.sources AS TEXT) ORDER BY r.id",
        "follow_up {0}: an exact repeat of follow-up {1} (recorded before revision 0009)",
    )
    if connection.dialect.name == "sqlite":
        urls = "SELECT f.id AS fid, j.value AS url FROM follow_up AS f, json_each(f.sources) AS j"
    else:
        urls = (
            "SELECT f.id AS fid, j.value AS url FROM follow_up AS f,"
            " jsonb_array_elements_text(f.sources) AS j (value)"
        )
    cited = f"SELECT u.fid, s.id AS sid FROM ({urls}) AS u JOIN source AS s ON s.url = u.url"
    yield from _rows(
        connection,
        f"SELECT u.fid, u.url FROM ({urls}) AS u"
        " WHERE NOT EXISTS (SELECT 1 FROM source AS s WHERE s.url = u.url) ORDER BY u.fid",
        "follow_up {0}: cites {1}, which is no source",
    )
    yield from _rows(
        connection,
        f"SELECT c.fid FROM ({cited}) AS c WHERE NOT EXISTS (SELECT 1 FROM follow_up_source"
        " AS l WHERE l.follow_up_id = c.fid AND l.source_id = c.sid)"
        " UNION SELECT l.follow_up_id FROM follow_up_source AS l"
        f" WHERE NOT EXISTS (SELECT 1 FROM ({cited}) AS c"
        " WHERE c.fid = l.follow_up_id AND c.sid = l.source_id) ORDER BY 1",
        "follow_up_source: the links of follow-up {0} do not follow its sources",
    )
    for url, content, sha256 in connection.execute(
        text(
            "SELECT s.url, f.content, f.sha256 FROM source_file AS f JOIN source AS s"
            " ON s.id = f.source_id ORDER BY s.url"
        )
    ):
        if hashlib.sha256(bytes(content)).hexdigest() != sha256:
            yield f"source_file of {url}: its content no longer matches its SHA-256"


def _commitment_fts(connection: Connection) -> Iterator[str]:
    row = "s.id = c.rowid AND s.c0 IS c.title AND s.c1 IS c.quote"
    yield from _rows(
        connection,
        "SELECT c.id FROM commitment AS c WHERE NOT EXISTS"
        f" (SELECT 1 FROM commitment_fts_content AS s WHERE {row}) ORDER BY c.id",
        "commitment_fts: commitment {0} is not indexed at its rowid as its title and quote",
    )
    yield from _rows(
        connection,
        "SELECT s.id FROM commitment_fts_content AS s WHERE NOT EXISTS"
        f" (SELECT 1 FROM commitment AS c WHERE {row}) ORDER BY s.id",
        "commitment_fts: row {0} is no commitment's title and quote at its rowid",
    )
