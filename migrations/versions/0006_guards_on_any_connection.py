"""Guards that hold on any connection, whatever its pragmas.

The sqlite3 shell opens files with foreign keys off, and ``INSERT OR
REPLACE`` deletes rows without firing delete triggers; SQLite's ``date()``
passes ``2018-02-30`` and is NULL (so a CHECK passes) for ``2017-13-45``.
This revision adds triggers so that the rows the commands rely on are
refused whenever they would be wrong:

- references: a row naming a missing statement, paragraph, sentence,
  commitment, actor, region or follow-up is refused, and so is deleting or
  re-keying a row others name (SQLite; PostgreSQL enforces its foreign keys
  on every connection);
- keys: an insert whose primary or unique key is taken is refused before
  REPLACE can delete the row it collides with; integer ids are whole
  numbers from 1 to 1,000,000,000 (on PostgreSQL an explicit id advances
  the sequence, so that no id can exhaust it);
- values: dates are calendar dates, times are "YYYY-MM-DD HH:MM:SS[.ffffff]"
  and not in the future, text is UTF-8 text without NUL, integers are
  integers, sources are http(s) URLs without whitespace, control
  characters or HTML, and the region hierarchy has no cycle;
- spans: a paragraph holds its sentences, a sentence its commitments, and a
  statement's date is frozen once it has commitments;
- derived tables: the search index refuses writes that do not follow the
  commitments and notes (SQLite, through its content table; PostgreSQL,
  unless a trigger writes), and TRUNCATE is refused on PostgreSQL;
- bulk loads: on PostgreSQL a transaction cannot commit with a ``bulk_load``
  row (a deferred constraint trigger). SQLite cannot check at commit, so
  every command repairs a leftover row (see tracker/verify.py).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

MAX_ID = 1_000_000_000
# A little slack for clocks that disagree by a few minutes (PostgreSQL's
# server and the client, for instance).
CLOCK_SLACK = "5 minutes"

# (child, its columns, parent, the parent's columns): every foreign key.
REFERENCES: list[tuple[str, tuple[str, ...], str, tuple[str, ...]]] = [
    ("paragraph", ("statement_id",), "statement", ("id",)),
    ("sentence", ("statement_id",), "statement", ("id",)),
    ("sentence", ("paragraph_id", "statement_id"), "paragraph", ("id", "statement_id")),
    ("commitment", ("statement_id",), "statement", ("id",)),
    (
        "commitment",
        ("sentence_id", "paragraph_id", "statement_id"),
        "sentence",
        ("id", "paragraph_id", "statement_id"),
    ),
    ("catalyst", ("commitment_id",), "commitment", ("id",)),
    ("actor_alias", ("actor_id",), "actor", ("id",)),
    ("commitment_actor", ("commitment_id",), "commitment", ("id",)),
    ("commitment_actor", ("actor_id",), "actor", ("id",)),
    ("region", ("parent_id",), "region", ("id",)),
    ("commitment_region", ("commitment_id",), "commitment", ("id",)),
    ("commitment_region", ("region_id",), "region", ("id",)),
    ("follow_up", ("commitment_id",), "commitment", ("id",)),
    ("follow_up", ("actor_id",), "actor", ("id",)),
    ("follow_up", ("corrects_id",), "follow_up", ("id",)),
    ("commitment_status", ("commitment_id",), "commitment", ("id",)),
    ("commitment_status", ("follow_up_id",), "follow_up", ("id",)),
    ("bulk_load_pending", ("commitment_id",), "commitment", ("id",)),
    ("bulk_load_pending_note", ("follow_up_id",), "follow_up", ("id",)),
]
# Rows deleted with their parent rather than keeping it (ON DELETE CASCADE).
CASCADES = {("commitment_status", "commitment")}

# Every primary and unique key, refused when taken before REPLACE deletes.
UNIQUE_KEYS: dict[str, list[tuple[str, ...]]] = {
    "statement": [("id",), ("code",)],
    "paragraph": [("id",), ("statement_id", "number")],
    "sentence": [("id",), ("paragraph_id", "position")],
    "commitment": [("id",)],
    "catalyst": [("id",)],
    "actor": [("id",), ("name",)],
    "actor_alias": [("id",), ("alias",)],
    "commitment_actor": [("commitment_id", "actor_id", "role")],
    "region": [("id",), ("name",), ("iso_code",)],
    "commitment_region": [("commitment_id", "region_id")],
    "follow_up": [("id",), ("corrects_id",)],
    "commitment_status": [("commitment_id",)],
    "bulk_load": [("id",)],
}
SERIAL_TABLES = [
    "statement",
    "paragraph",
    "sentence",
    "catalyst",
    "actor",
    "actor_alias",
    "region",
    "follow_up",
]

# The columns of each kind, for SQLite, where any column takes any value.
TEXT = "text"
INTEGER = "integer"
DATE = "date"
TIME = "time"
COLUMNS: dict[str, dict[str, str]] = {
    "statement": {
        "code": TEXT, "title": TEXT, "issuer": TEXT, "place": TEXT, "source_url": TEXT,
        "text": TEXT, "sha256": TEXT, "annotation_sha256": TEXT, "date": DATE,
        "loaded_at": TIME,
    },
    "paragraph": {
        "statement_id": INTEGER, "number": INTEGER, "start_offset": INTEGER,
        "end_offset": INTEGER, "text": TEXT,
    },
    "sentence": {
        "statement_id": INTEGER, "paragraph_id": INTEGER, "position": INTEGER,
        "start_offset": INTEGER, "end_offset": INTEGER, "text": TEXT, "decision": TEXT,
        "exclusion_reason": TEXT, "note": TEXT,
    },
    "commitment": {
        "id": TEXT, "statement_id": INTEGER, "paragraph_id": INTEGER, "sentence_id": INTEGER,
        "start_offset": INTEGER, "end_offset": INTEGER, "quote": TEXT, "title": TEXT,
        "type": TEXT, "binding": TEXT, "theme": TEXT, "deadline": DATE, "note": TEXT,
    },
    "catalyst": {"commitment_id": TEXT, "kind": TEXT, "text": TEXT},
    "actor": {"name": TEXT, "kind": TEXT, "country_code": TEXT},
    "actor_alias": {"actor_id": INTEGER, "alias": TEXT},
    "commitment_actor": {
        "commitment_id": TEXT, "actor_id": INTEGER, "role": TEXT, "position": INTEGER,
    },
    "region": {"name": TEXT, "kind": TEXT, "iso_code": TEXT, "parent_id": INTEGER},
    "commitment_region": {"commitment_id": TEXT, "region_id": INTEGER, "position": INTEGER},
    "follow_up": {
        "commitment_id": TEXT, "actor_id": INTEGER, "status": TEXT, "score": INTEGER,
        "as_of": DATE, "sources": TEXT, "note": TEXT, "assessor": TEXT,
        "recorded_at": TIME, "corrects_id": INTEGER,
    },
}  # fmt: skip

KEY_TAKEN = "{table}: that key is taken; change a row with UPDATE (REPLACE and UPSERT are refused)"
MISSING = "{child}.{columns} names no {parent}"
STILL_NAMED = "{parent}: a {child} still names this row"
BAD_ID = f"{{table}}.id must be a whole number from 1 to {MAX_ID:,}"
BAD_VALUE = "{table}.{column} must be {what}"
WHAT = {
    TEXT: "UTF-8 text without NUL",
    INTEGER: "a whole number",
    DATE: "a calendar date, YYYY-MM-DD",
    TIME: "a time, YYYY-MM-DD HH:MM:SS[.ffffff]",
}
FUTURE = "follow_up.recorded_at is in the future"
SOURCES = (
    "follow_up.sources must be a list of http or https URLs"
    " without spaces, control characters or HTML"
)
ESCAPED_NUL = "follow_up.{column} holds an escaped NUL (\\u0000 or \\x00)"
CYCLE = "region: a region cannot lie within itself"
SPAN = "{outer}: its {inner}s must lie within its offsets"
DATE_FROZEN = "statement.date never changes once the statement has commitments"
INDEX_KEPT = (
    "commitment_search is kept by the database: change the commitments or record follow-ups"
)
KEPT = "{table} is kept by the database: it cannot be truncated"
BULK_LOAD_OPEN = (
    "bulk_load: a bulk load must end (DELETE FROM bulk_load) in the transaction that began it"
)

# Characters no source URL may hold: whitespace, control characters, and
# those HTML or a shell would read (a URL writes them percent-encoded).
URL_FORBIDDEN = "<>\"'\\^`{|}"


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _cols(prefix: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"{prefix}{c}" for c in columns)


def _match(left: str, lcols: tuple[str, ...], right: str, rcols: tuple[str, ...]) -> str:
    return " AND ".join(f"{left}.{a} = {right}.{b}" for a, b in zip(lcols, rcols, strict=True))


# --- SQLite -------------------------------------------------------------


def _raise(message: str, when: str) -> str:
    return f"SELECT RAISE(ABORT, {_sql_string(message)}) WHERE {when};"


def _trigger(name: str, timing: str, table: str, body: list[str], when: str = "") -> str:
    condition = f" WHEN {when}" if when else ""
    return (
        f"CREATE TRIGGER {name} {timing} ON {table}{condition}\nBEGIN\n" + "\n".join(body) + "\nEND"
    )


HEX = "'0123456789ABCDEF'"
# (lowest, highest lead byte, continuation bytes, the next byte's low, high)
UTF8_LEADS = [
    (0x00, 0x7F, 0, 0, 0),
    (0xC2, 0xDF, 1, 0x80, 0xBF),
    (0xE0, 0xE0, 2, 0xA0, 0xBF),
    (0xE1, 0xEC, 2, 0x80, 0xBF),
    (0xED, 0xED, 2, 0x80, 0x9F),
    (0xEE, 0xEF, 2, 0x80, 0xBF),
    (0xF0, 0xF0, 3, 0x90, 0xBF),
    (0xF1, 0xF3, 3, 0x80, 0xBF),
    (0xF4, 0xF4, 3, 0x80, 0x8F),
]


def _sqlite_byte(blob: str, position: str) -> str:
    """The byte at ``position`` of ``blob`` (1-based), as an integer."""
    pair = f"hex(substr({blob}, {position}, 1))"
    return (
        f"((instr({HEX}, substr({pair}, 1, 1)) - 1) * 16 + instr({HEX}, substr({pair}, 2, 1)) - 1)"
    )


def _sqlite_bad_utf8(value: str) -> str:
    """True when ``value`` (text, non-ASCII) is not well-formed UTF-8.

    Walks the bytes, keeping the byte at hand (b), how many continuation
    bytes are due and the range the next one must lie in (which rules out
    overlong forms, surrogates and code points past U+10FFFF, as Python's
    decoder does).
    """
    blob = f"CAST({value} AS BLOB)"

    def by_lead(field: int) -> str:
        cases = " ".join(
            f"WHEN u.b BETWEEN {lead[0]} AND {lead[1]} THEN {lead[field]}" for lead in UTF8_LEADS
        )
        return f"CASE {cases} ELSE -1 END"

    need = f"CASE WHEN u.need > 0 THEN u.need - 1 ELSE {by_lead(2)} END"
    low = f"CASE WHEN u.need > 0 THEN 128 ELSE {by_lead(3)} END"
    high = f"CASE WHEN u.need > 0 THEN 191 ELSE {by_lead(4)} END"
    bad = f"CASE WHEN u.need > 0 THEN u.b NOT BETWEEN u.low AND u.high ELSE {by_lead(2)} < 0 END"
    return f"""EXISTS (WITH RECURSIVE u (i, b, need, low, high, bad) AS (
            SELECT 1, {_sqlite_byte(blob, "1")}, 0, 0, 0, 0
            UNION ALL
            SELECT u.i + 1, {_sqlite_byte(blob, "u.i + 1")}, {need}, {low}, {high}, {bad}
            FROM u WHERE u.bad = 0 AND u.i <= length({blob}))
        SELECT 1 FROM u WHERE u.bad OR (u.i > length({blob}) AND u.need > 0))"""


def _sqlite_invalid(kind: str, value: str) -> str:
    """True when ``value`` (not NULL) is not a value of ``kind``."""
    if kind == INTEGER:
        return f"typeof({value}) <> 'integer'"
    if kind == DATE:
        return f"typeof({value}) <> 'text' OR date({value}, '+0 days') IS NOT {value}"
    if kind == TIME:
        seconds = f"substr({value}, 1, 19)"
        fraction = f"substr({value}, 21)"
        return (
            f"typeof({value}) <> 'text' OR datetime({seconds}, '+0 days') IS NOT {seconds}"
            f" OR NOT (length({value}) = 19 OR (substr({value}, 20, 1) = '.'"
            f" AND length({value}) BETWEEN 21 AND 26 AND {fraction} NOT GLOB '*[^0-9]*'))"
        )
    return (
        f"typeof({value}) <> 'text' OR instr(CAST({value} AS BLOB), x'00') > 0"
        f" OR ({value} GLOB '*[^ -~]*' AND {_sqlite_bad_utf8(value)})"
    )


def _sqlite_values(table: str) -> list[str]:
    body = [
        _raise(
            BAD_VALUE.format(table=table, column=column, what=WHAT[kind]),
            f"NEW.{column} IS NOT NULL AND ({_sqlite_invalid(kind, f'NEW.{column}')})",
        )
        for column, kind in COLUMNS[table].items()
    ]
    if table == "follow_up":
        body += [
            _raise(FUTURE, f"NEW.recorded_at > datetime('now', '+{CLOCK_SLACK}')"),
            *(
                _raise(
                    ESCAPED_NUL.format(column=column),
                    f"instr(NEW.{column}, '\\u0000') > 0 OR instr(NEW.{column}, '\\x00') > 0",
                )
                for column in ("note", "assessor")
            ),
            _raise(
                SOURCES,
                "instr(NEW.sources, '\\u0000') > 0 OR"
                " json_valid(NEW.sources) AND json_type(NEW.sources) = 'array' AND EXISTS ("
                " SELECT 1 FROM json_each(NEW.sources) WHERE type <> 'text'"
                " OR instr(CAST(value AS BLOB), x'00') > 0"
                " OR value GLOB '*[' || char("
                + ", ".join(map(str, [*range(1, 33), 127]))
                + f") || {_sql_string(URL_FORBIDDEN)} || ']*'"
                " OR NOT ((lower(substr(value, 1, 7)) = 'http://'"
                "          AND substr(value, 8, 1) NOT IN ('', '/', '?', '#'))"
                "      OR (lower(substr(value, 1, 8)) = 'https://'"
                "          AND substr(value, 9, 1) NOT IN ('', '/', '?', '#'))))",
            ),
        ]
    return body


def _sqlite_references(child: str) -> tuple[list[str], set[str]]:
    body, columns = [], set()
    for c, ccols, parent, pcols in REFERENCES:
        if c != child:
            continue
        columns.update(ccols)
        present = " AND ".join(f"NEW.{col} IS NOT NULL" for col in ccols)
        found = " AND ".join(f"p.{p} = NEW.{col}" for col, p in zip(ccols, pcols, strict=True))
        body.append(
            _raise(
                MISSING.format(child=child, columns="/".join(ccols), parent=parent),
                f"{present} AND NOT EXISTS (SELECT 1 FROM {parent} AS p WHERE {found})",
            )
        )
    return body, columns


def _sqlite_named(parent: str, cascades: bool) -> list[str]:
    """Refusals of deleting or re-keying a row that ``parent``'s children name."""
    body = []
    for child, ccols, p, pcols in REFERENCES:
        if p != parent or (cascades and (child, parent) in CASCADES):
            continue
        found = " AND ".join(f"c.{col} = OLD.{pc}" for col, pc in zip(ccols, pcols, strict=True))
        body.append(
            _raise(
                STILL_NAMED.format(parent=parent, child=child),
                f"EXISTS (SELECT 1 FROM {child} AS c WHERE {found})",
            )
        )
    return body


def _sqlite_new_keys(table: str) -> list[str]:
    conditions = []
    for key in UNIQUE_KEYS[table]:
        found = " AND ".join(f"t.{col} = NEW.{col}" for col in key)
        conditions.append(f"EXISTS (SELECT 1 FROM {table} AS t WHERE {found})")
    return [_raise(KEY_TAKEN.format(table=table), " OR ".join(conditions))]


def _parents() -> list[str]:
    return sorted({parent for _, _, parent, _ in REFERENCES})


def _parent_keys(parent: str) -> list[str]:
    return sorted({col for _, _, p, pcols in REFERENCES if p == parent for col in pcols})


def _sqlite_guards() -> list[str]:
    statements = []
    for table in UNIQUE_KEYS:
        before_insert = _sqlite_new_keys(table)
        after_insert: list[str] = []
        if table in COLUMNS:
            before_insert += _sqlite_values(table)
        references, columns = _sqlite_references(table)
        before_insert += references
        if table in SERIAL_TABLES:
            after_insert.append(
                _raise(BAD_ID.format(table=table), f"NEW.id NOT BETWEEN 1 AND {MAX_ID}")
            )
        statements.append(_trigger(f"guard_{table}_insert", "BEFORE INSERT", table, before_insert))
        if after_insert:
            statements.append(_trigger(f"guard_{table}_id", "AFTER INSERT", table, after_insert))
        if table in COLUMNS and table != "follow_up":  # follow-ups are never updated
            update = _sqlite_values(table) + references
            if table in SERIAL_TABLES:
                update.append(
                    _raise(BAD_ID.format(table=table), f"NEW.id NOT BETWEEN 1 AND {MAX_ID}")
                )
            statements.append(_trigger(f"guard_{table}_update", "BEFORE UPDATE", table, update))
    for parent in _parents():
        cascades = [child for child, p in CASCADES if p == parent]
        statements.append(
            _trigger(f"guard_{parent}_delete", "BEFORE DELETE", parent, _sqlite_named(parent, True))
        )
        keys = _parent_keys(parent)
        changed = " OR ".join(f"NEW.{k} IS NOT OLD.{k}" for k in keys)
        statements.append(
            _trigger(
                f"guard_{parent}_rekey",
                f"BEFORE UPDATE OF {', '.join(keys)}",
                parent,
                _sqlite_named(parent, False),
                when=changed,
            )
        )
        for child in cascades:
            column = next(c for c, cc, p, _ in REFERENCES if (c, p) == (child, parent) for c in cc)
            statements.append(
                _trigger(
                    f"guard_{parent}_cascade_{child}",
                    "AFTER DELETE",
                    parent,
                    [f"DELETE FROM {child} WHERE {column} = OLD.id;"],
                )
            )
    statements += _sqlite_shape_guards()
    return statements


def _ancestors(start: str, recursive_cte: str = "WITH RECURSIVE") -> str:
    """The ids of ``start`` and every region above it."""
    return f"""{recursive_cte} up (id) AS (
            SELECT {start}
            UNION
            SELECT r.parent_id FROM region AS r JOIN up ON r.id = up.id
            WHERE r.parent_id IS NOT NULL)"""


def _outside(outer: str, inner: str, outer_id: str) -> str:
    return (
        f"EXISTS (SELECT 1 FROM {inner} AS i WHERE i.{outer}_id = {outer_id}"
        f" AND (i.start_offset < NEW.start_offset OR i.end_offset > NEW.end_offset))"
    )


def _sqlite_shape_guards() -> list[str]:
    return [
        _trigger(
            "guard_region_acyclic",
            "BEFORE UPDATE OF parent_id",
            "region",
            [
                _raise(
                    CYCLE,
                    f"NEW.parent_id = NEW.id OR EXISTS ({_ancestors('NEW.parent_id')}"
                    " SELECT 1 FROM up WHERE id = NEW.id)",
                )
            ],
            when="NEW.parent_id IS NOT NULL",
        ),
        _trigger(
            "guard_paragraph_span",
            "BEFORE UPDATE OF start_offset, end_offset",
            "paragraph",
            [
                _raise(
                    SPAN.format(outer="paragraph", inner="sentence"),
                    _outside("paragraph", "sentence", "OLD.id"),
                )
            ],
        ),
        _trigger(
            "guard_sentence_span",
            "BEFORE UPDATE OF start_offset, end_offset",
            "sentence",
            [
                _raise(
                    SPAN.format(outer="sentence", inner="commitment"),
                    _outside("sentence", "commitment", "OLD.id"),
                )
            ],
        ),
        _trigger(
            "guard_statement_date",
            "BEFORE UPDATE OF date",
            "statement",
            [_raise(DATE_FROZEN, "EXISTS (SELECT 1 FROM commitment WHERE statement_id = OLD.id)")],
            when="NEW.date IS NOT OLD.date",
        ),
        # FTS5 keeps each row of commitment_search in commitment_search_content
        # (c0 commitment_id, c1 follow_up_id, c2 title, c3 quote, c4 note);
        # triggers cannot be put on the virtual table itself. A row may come
        # and go only when it is what the commitments and notes say (or, to
        # go, no longer is).
        _trigger(
            "guard_search_insert",
            "BEFORE INSERT",
            "commitment_search_content",
            [
                _raise(
                    INDEX_KEPT,
                    "NOT (CASE WHEN NEW.c1 IS NULL THEN EXISTS (SELECT 1 FROM commitment AS c"
                    " WHERE c.id = NEW.c0 AND c.title IS NEW.c2 AND c.quote IS NEW.c3"
                    " AND NEW.c4 IS NULL) ELSE EXISTS (SELECT 1 FROM follow_up AS f"
                    " WHERE f.id = NEW.c1 AND f.commitment_id IS NEW.c0 AND f.note IS NEW.c4"
                    " AND NEW.c2 IS NULL AND NEW.c3 IS NULL) END)"
                    " OR EXISTS (SELECT 1 FROM commitment_search_content AS s"
                    " WHERE s.id <> NEW.id AND s.c0 IS NEW.c0 AND s.c1 IS NEW.c1)",
                )
            ],
        ),
        _trigger(
            "guard_search_delete",
            "BEFORE DELETE",
            "commitment_search_content",
            [
                _raise(
                    INDEX_KEPT,
                    "CASE WHEN OLD.c1 IS NULL THEN EXISTS (SELECT 1 FROM commitment AS c"
                    " WHERE c.id = OLD.c0 AND c.title IS OLD.c2 AND c.quote IS OLD.c3)"
                    " ELSE EXISTS (SELECT 1 FROM follow_up AS f WHERE f.id = OLD.c1) END",
                )
            ],
        ),
        _trigger(
            "guard_search_update",
            "BEFORE UPDATE",
            "commitment_search_content",
            [_raise(INDEX_KEPT, "1")],
        ),
    ]


# --- PostgreSQL ---------------------------------------------------------

POSTGRESQL_FUNCTIONS = [
    "tracker_guard_follow_up_values",
    "tracker_guard_id",
    "tracker_guard_region_acyclic",
    "tracker_guard_span",
    "tracker_guard_statement_date",
    "tracker_guard_search",
    "tracker_guard_bulk_load",
]
TRUNCATE_GUARDED = [
    "statement",
    "paragraph",
    "sentence",
    "commitment",
    "catalyst",
    "actor",
    "actor_alias",
    "commitment_actor",
    "region",
    "commitment_region",
    "commitment_status",
    "commitment_search",
    "bulk_load_pending",
    "bulk_load_pending_note",
]


def _postgresql_guards() -> list[str]:
    forbidden = "[[:space:][:cntrl:]" + URL_FORBIDDEN.replace("\\", "\\\\").replace("'", "''") + "]"
    statements = [
        f"""CREATE FUNCTION tracker_guard_follow_up_values() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.recorded_at > (clock_timestamp() AT TIME ZONE 'UTC') + interval '{CLOCK_SLACK}' THEN
                RAISE EXCEPTION '{FUTURE}' USING ERRCODE = 'check_violation';
            END IF;
            IF strpos(NEW.note, '\\u0000') > 0 OR strpos(NEW.note, '\\x00') > 0 THEN
                RAISE EXCEPTION '{ESCAPED_NUL.format(column="note")}' USING ERRCODE = 'check_violation';
            END IF;
            IF strpos(NEW.assessor, '\\u0000') > 0 OR strpos(NEW.assessor, '\\x00') > 0 THEN
                RAISE EXCEPTION '{ESCAPED_NUL.format(column="assessor")}' USING ERRCODE = 'check_violation';
            END IF;
            IF jsonb_typeof(NEW.sources) = 'array' THEN
                IF EXISTS (SELECT 1 FROM jsonb_array_elements(NEW.sources) AS e
                           WHERE jsonb_typeof(e) <> 'string'
                              OR (e #>> '{{}}') ~ '{forbidden}'
                              OR (e #>> '{{}}') !~* '^https?://[^/?#]') THEN
                    RAISE EXCEPTION '{SOURCES}' USING ERRCODE = 'check_violation';
                END IF;
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER guard_follow_up_values BEFORE INSERT ON follow_up
        FOR EACH ROW EXECUTE FUNCTION tracker_guard_follow_up_values()""",
        # An explicit id moves the sequence past it, so that later rows
        # neither collide with it nor run out of ids.
        f"""CREATE FUNCTION tracker_guard_id() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            sequence_name text := pg_get_serial_sequence(quote_ident(TG_TABLE_NAME), 'id');
            taken bigint;
        BEGIN
            IF NEW.id IS NULL OR NEW.id NOT BETWEEN 1 AND {MAX_ID} THEN
                RAISE EXCEPTION '%.id must be a whole number from 1 to {MAX_ID:,}', TG_TABLE_NAME
                    USING ERRCODE = 'check_violation';
            END IF;
            IF TG_OP = 'UPDATE' AND NEW.id IS DISTINCT FROM OLD.id THEN
                RAISE EXCEPTION '%: ids never change', TG_TABLE_NAME
                    USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF sequence_name IS NOT NULL THEN
                EXECUTE format('SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM %s',
                               sequence_name) INTO taken;
                IF NEW.id > taken THEN
                    PERFORM setval(sequence_name, NEW.id);
                END IF;
            END IF;
            RETURN NEW;
        END $$""",
        *(
            f"""CREATE TRIGGER guard_{table}_id BEFORE INSERT OR UPDATE OF id ON {table}
            FOR EACH ROW EXECUTE FUNCTION tracker_guard_id()"""
            for table in SERIAL_TABLES
        ),
        f"""CREATE FUNCTION tracker_guard_region_acyclic() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.parent_id IS NOT NULL AND (NEW.parent_id = NEW.id OR EXISTS (
                    {_ancestors("NEW.parent_id")} SELECT 1 FROM up WHERE id = NEW.id)) THEN
                RAISE EXCEPTION '{CYCLE}' USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER guard_region_acyclic BEFORE INSERT OR UPDATE OF parent_id, id ON region
        FOR EACH ROW EXECUTE FUNCTION tracker_guard_region_acyclic()""",
        # TG_ARGV[0]: the table whose rows must lie within NEW's offsets.
        """CREATE FUNCTION tracker_guard_span() RETURNS trigger LANGUAGE plpgsql AS $$
        DECLARE
            outside boolean;
        BEGIN
            EXECUTE format('SELECT EXISTS (SELECT 1 FROM %I WHERE %I = $1'
                           ' AND (start_offset < $2 OR end_offset > $3))',
                           TG_ARGV[0], TG_TABLE_NAME || '_id')
                INTO outside USING OLD.id, NEW.start_offset, NEW.end_offset;
            IF outside THEN
                RAISE EXCEPTION '%: its %s must lie within its offsets', TG_TABLE_NAME, TG_ARGV[0]
                    USING ERRCODE = 'check_violation';
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER guard_paragraph_span BEFORE UPDATE OF start_offset, end_offset ON paragraph
        FOR EACH ROW EXECUTE FUNCTION tracker_guard_span('sentence')""",
        """CREATE TRIGGER guard_sentence_span BEFORE UPDATE OF start_offset, end_offset ON sentence
        FOR EACH ROW EXECUTE FUNCTION tracker_guard_span('commitment')""",
        f"""CREATE FUNCTION tracker_guard_statement_date() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM commitment WHERE statement_id = OLD.id) THEN
                RAISE EXCEPTION '{DATE_FROZEN}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NEW;
        END $$""",
        """CREATE TRIGGER guard_statement_date BEFORE UPDATE OF date ON statement
        FOR EACH ROW WHEN (NEW.date IS DISTINCT FROM OLD.date)
        EXECUTE FUNCTION tracker_guard_statement_date()""",
        # The index is written only by triggers (and cascades, which run in
        # triggers too): a statement that writes it directly is refused.
        f"""CREATE FUNCTION tracker_guard_search() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_trigger_depth() < 2 THEN
                RAISE EXCEPTION '{INDEX_KEPT}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
        END $$""",
        """CREATE TRIGGER guard_search BEFORE INSERT OR UPDATE OR DELETE ON commitment_search
        FOR EACH ROW EXECUTE FUNCTION tracker_guard_search()""",
        *(
            f"""CREATE TRIGGER guard_{table}_truncate BEFORE TRUNCATE ON {table}
            FOR EACH STATEMENT EXECUTE FUNCTION tracker_refuse('{KEPT.format(table=table)}')"""
            for table in TRUNCATE_GUARDED
        ),
        f"""CREATE FUNCTION tracker_guard_bulk_load() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM bulk_load) THEN
                RAISE EXCEPTION '{BULK_LOAD_OPEN}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            RETURN NULL;
        END $$""",
        """CREATE CONSTRAINT TRIGGER guard_bulk_load AFTER INSERT ON bulk_load
        DEFERRABLE INITIALLY DEFERRED
        FOR EACH ROW EXECUTE FUNCTION tracker_guard_bulk_load()""",
    ]
    return statements


def upgrade() -> None:
    # Rows that an older schema let in stay (`tracker db verify` reports
    # them); only new writes are held to these rules.
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in _sqlite_guards() if sqlite else _postgresql_guards():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        names = op.get_bind().exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'guard\\_%' ESCAPE '\\'"
        )
        for (name,) in list(names):
            op.execute(f"DROP TRIGGER {name}")
    else:
        for table in TRUNCATE_GUARDED:
            op.execute(f"DROP TRIGGER guard_{table}_truncate ON {table}")
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION {name}() CASCADE")
