"""The staging table of an import: checked rows wait there, then go into follow_up at once.

``tracker follow-up import`` checks each row in Python (followups.Checker)
and writes it here, a temporary table of the import's own transaction,
through the driver itself (SQLite's executemany, PostgreSQL's COPY): none
of SQLAlchemy's per-row work. Then one ``INSERT INTO follow_up ... SELECT``
moves the rows in the file's order, and the database's triggers check and
keep each as they would have one at a time, at about two thirds of the cost
of an executemany into follow_up, where every row is a statement with its
own set-up (measured at the medium size, every trigger on).

The rows an import gives no id get the id the database will give them
(the newest id, or on PostgreSQL the sequence's number, plus one), so that
a later row can correct one of them before either is moved; the database
itself still numbers them as it moves them.

When the database refuses a row, the rows are moved half a range at a
time to find the first it refuses: the caller names it, by where it is in
the file. A refused import is rolled back whole, the table with it.
"""

from __future__ import annotations

import datetime as dt
import json
import operator
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from tracker.db import reader

# Rows written to the staging table at a time.
CHUNK = 5_000
# The columns of follow_up an import writes, in the table's order too.
COLUMNS = ("commitment_id", "actor_id", "status", "score", "as_of", "as_of_precision", "kind",
           "sources", "note", "assessor", "recorded_at", "corrects_id")  # fmt: skip
_COLUMNS_OF = operator.itemgetter(*COLUMNS)
# Text JSON writes as it is: printable ASCII but the quote and the backslash.
_PLAIN = re.compile(r"[ !#-\[\]-~]*")
# pos: the row's place in the file; place: where it is, for messages;
# given: whether the file gave the id.
SQLITE_TABLE = "temp.follow_up_staging"
SQLITE_CREATE = f"""CREATE TEMP TABLE follow_up_staging (
    pos INTEGER PRIMARY KEY, place, given, id, {", ".join(COLUMNS)})"""
POSTGRESQL_TABLE = "pg_temp.follow_up_staging"
POSTGRESQL_CREATE = """CREATE TEMP TABLE follow_up_staging (
    pos integer NOT NULL, place text NOT NULL, given boolean NOT NULL, id bigint NOT NULL,
    commitment_id text, actor_id integer, status text, score integer, as_of date,
    as_of_precision text, kind text, sources jsonb, note text, assessor text,
    recorded_at timestamp, corrects_id bigint) ON COMMIT DROP"""
# The sources the rows cite that are not yet sources, added first, in the
# order follow_up_source_link would add them (migration 0009): by the first
# row and place citing each. The trigger then only links them, which costs
# a SQLite import a tenth less.
SQLITE_NEW_SOURCES = f"""INSERT INTO source (url)
    SELECT url FROM (
        SELECT j.value AS url, s.pos, j.key,
               row_number() OVER (PARTITION BY j.value ORDER BY s.pos, j.key) AS nth
        FROM {SQLITE_TABLE} AS s, json_each(s.sources) AS j
        WHERE s.pos > :after AND s.pos <= :upto
          AND NOT EXISTS (SELECT 1 FROM source WHERE source.url = j.value))
    WHERE nth = 1 ORDER BY pos, key"""
# Made when first needed: for corrections, and when looking for a refused
# row (pos is SQLite's rowid already).
SQLITE_INDEXES = (
    "CREATE INDEX temp.follow_up_staging_id ON follow_up_staging (id)",
    "CREATE INDEX temp.follow_up_staging_corrects ON follow_up_staging (corrects_id)"
    " WHERE corrects_id IS NOT NULL",
)
POSTGRESQL_INDEXES = (
    "CREATE INDEX follow_up_staging_id ON follow_up_staging (id)",
    "CREATE INDEX follow_up_staging_corrects ON follow_up_staging (corrects_id)"
    " WHERE corrects_id IS NOT NULL",
    "CREATE INDEX follow_up_staging_pos ON follow_up_staging (pos)",
)


# The triggers' look-ups are planned from the tables' statistics: a
# follow_up or source analysed while it held a few rows looks a one-page
# table, and is scanned whole at every row moved, even where a rowid or a
# unique key would find the row. An import into one was quadratic (20,000
# follow-ups, each citing a new source: on PostgreSQL 65 s against 9 s, as
# autovacuum may leave it after a refused import; on SQLite, after an
# ANALYZE of the young database, 147 s against 3 s). So when an import
# brings more rows than the statistics count, its first rows are moved
# alone, the tables the triggers read are analysed with them in (ANALYZE
# counts the transaction's own rows, and the look-ups are planned again),
# and the rest follow. 250 first rows were too few: plans for a table of
# 250 rows scan too. A SQLite database nobody analysed keeps no statistics,
# and its plans suit an import as they are.
FIRST_MOVE = 1_000
ANALYSED = ("follow_up", "source", "follow_up_source", "commitment_status")


@dataclass(frozen=True)
class Refused:
    """The first row the database refused: where it is, its values, and the database's words."""

    place: str
    given: bool
    row: dict[str, Any]
    reason: str


class Staging:
    """The staging table of one import, in the session's transaction."""

    def __init__(self, session: Session):
        self.session = session
        self.reader = reader(session)
        self.postgresql = not self.reader.sqlite
        self.table = POSTGRESQL_TABLE if self.postgresql else SQLITE_TABLE
        self.sequence: str | None = (
            self.reader.value("SELECT pg_get_serial_sequence('follow_up', 'id')")
            if self.postgresql
            else None
        )
        self.count = 0  # rows staged
        self.moved = 0  # of which moved into follow_up
        self.newest = self._newest_id()
        self.waiting: list[tuple[Any, ...]] = []  # rows not yet written to the table
        self.indexed = False
        self.reader.execute(POSTGRESQL_CREATE if self.postgresql else SQLITE_CREATE)

    def _newest_id(self) -> int:
        """The id the database gave last: the next row it numbers gets one more."""
        if self.postgresql:
            sql = f"SELECT last_value, is_called FROM {self.sequence}"
            [(last, called)] = self.reader.rows(sql)
            return int(last) if called else int(last) - 1
        return int(self.reader.value("SELECT coalesce(max(id), 0) FROM follow_up"))

    # --- staging rows ------------------------------------------------------

    def add(self, place: str, row: dict[str, Any]) -> None:
        """Stage one checked row (followups.Checker.row's) found at ``place`` in the file."""
        given = "id" in row
        if given:
            self.newest = max(self.newest, row["id"])
            identifier = row["id"]
        else:
            self.newest += 1
            identifier = self.newest
        self.count += 1
        self.waiting.append((self.count, place, given, identifier, *self._values(row)))
        if len(self.waiting) >= CHUNK:
            self._write()

    def _values(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """The COLUMNS of ``row`` as SQLAlchemy would have bound them into follow_up."""
        (commitment, actor, status, score, as_of, precision, kind, sources, note, assessor,
         recorded_at, corrects) = _COLUMNS_OF(row)  # fmt: skip
        if self.postgresql:  # psycopg adapts dates and times itself
            return (commitment, actor, status, score, as_of, precision, kind,
                    _json(sources), note, assessor, recorded_at, corrects)  # fmt: skip
        # SQLAlchemy writes dates as ISO text on SQLite, and times always with microseconds.
        return (commitment, actor, status, score, as_of.isoformat(), precision, kind,
                _json(sources), note, assessor, recorded_at.isoformat(" ", "microseconds"),
                corrects)  # fmt: skip

    def _write(self) -> None:
        if not self.waiting:
            return
        connection = self.reader.connection
        if self.postgresql:
            columns = f"pos, place, given, id, {', '.join(COLUMNS)}"
            with connection.cursor().copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                for values in self.waiting:
                    copy.write_row(values)
        else:
            marks = ", ".join("?" * (4 + len(COLUMNS)))
            connection.executemany(f"INSERT INTO {self.table} VALUES ({marks})", self.waiting)
        self.waiting.clear()

    def _ready_to_look_up(self) -> None:
        """Every row staged written to the table, and its indexes made if not yet."""
        self._write()
        if not self.indexed:
            for index in POSTGRESQL_INDEXES if self.postgresql else SQLITE_INDEXES:
                self.reader.execute(index)
            self.indexed = True

    def _look_up(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        """The first row of ``sql`` over every row staged, or None."""
        self._ready_to_look_up()
        found = self.reader.rows(sql, parameters)
        return found[0] if found else None

    def find(self, follow_up_id: int) -> tuple[str, int | None, str] | None:
        """The commitment, actor and kind of the staged row numbered ``follow_up_id``."""
        found = self._look_up(
            f"SELECT commitment_id, actor_id, kind FROM {self.table} WHERE id = ?"
            " ORDER BY pos LIMIT 1",
            (follow_up_id,),
        )
        return None if found is None else (found[0], found[1], found[2])

    def corrector(self, follow_up_id: int) -> int | None:
        """The id of the staged row that corrects ``follow_up_id``, if one does."""
        found = self._look_up(
            f"SELECT id FROM {self.table} WHERE corrects_id = ? ORDER BY pos LIMIT 1",
            (follow_up_id,),
        )
        return None if found is None else int(found[0])

    # --- moving them into follow_up ----------------------------------------

    def move(self, upto: int) -> Refused | None:
        """Move the staged rows up to the ``upto``-th into follow_up, or say which it refused.

        Rows before a refused one stay moved: the caller's transaction
        must then roll back.
        """
        if upto <= self.moved:
            return None
        self._write()
        try:
            if self._outgrows_statistics(upto - self.moved):
                self._insert(self.moved, self.moved + FIRST_MOVE)
                self.moved += FIRST_MOVE
                self._analyse()
            self._insert(self.moved, upto)
        except IntegrityError:
            return self._first_refused(upto)
        self.moved = upto
        return None

    def _outgrows_statistics(self, rows: int) -> bool:
        """Whether ``rows`` are more than follow_up held when last analysed."""
        if rows <= FIRST_MOVE:
            return False
        if self.postgresql:  # -1: never analysed
            counted = self.reader.value(
                "SELECT reltuples FROM pg_class WHERE oid = CAST('follow_up' AS regclass)"
            )
            return float(counted) < rows
        if not self.reader.value("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'"):
            return False
        stat = self.reader.value("SELECT stat FROM sqlite_stat1 WHERE tbl = 'follow_up' LIMIT 1")
        return int(stat.split()[0] if stat else 0) < rows

    def _analyse(self) -> None:
        if self.postgresql:
            self.reader.execute(f"ANALYZE {', '.join(ANALYSED)}")
        else:
            for table in ANALYSED:
                self.reader.execute(f"ANALYZE {table}")

    def _insert(self, after: int, upto: int, *, foretold: bool = False) -> None:
        """INSERT the rows after the ``after``-th up to the ``upto``-th, in a savepoint.

        The database numbers the rows that give no id, unless ``foretold``
        (numbered as staged, as the database would have numbered them).
        """
        if foretold:
            numbered = "id"
        elif self.postgresql:
            numbered = "CASE WHEN given THEN id ELSE nextval(CAST(:sequence AS regclass)) END"
        else:
            numbered = "CASE WHEN given THEN id END"  # NULL: SQLite numbers it
        columns = ", ".join(COLUMNS)
        with self.session.begin_nested():
            if not foretold and not self.postgresql:
                self.session.execute(text(SQLITE_NEW_SOURCES), {"after": after, "upto": upto})
            self.session.execute(
                text(
                    f"INSERT INTO follow_up (id, {columns}) SELECT {numbered}, {columns}"
                    f" FROM {self.table} WHERE pos > :after AND pos <= :upto ORDER BY pos"
                ),
                {"after": after, "upto": upto, "sequence": self.sequence},
            )

    def _first_refused(self, upto: int) -> Refused:
        """Halve the rows refused together until one row is left: the first the database refuses.

        Rows before it are moved, half a range at a time, and stay moved; a
        range that fails holds a refused row, and is rolled back to its
        savepoint. So a refused row among a million costs some twenty
        attempts, not one a row. Numbered as staged: PostgreSQL's sequence
        has moved on in the refused attempt, and the rows must meet the ids
        they met then.
        """
        self._ready_to_look_up()
        after, last = self.moved, upto  # the first refused row is in (after, last]
        while last - after > 1:
            middle = (after + last) // 2
            try:
                self._insert(after, middle, foretold=True)
                after = middle
            except IntegrityError:
                last = middle
        try:
            self._insert(after, last, foretold=True)
        except IntegrityError as exc:
            return self._refused(last, str(exc.orig).splitlines()[0])
        raise AssertionError("the database refused the rows together but none alone")

    def _refused(self, pos: int, reason: str) -> Refused:
        columns = ", ".join(COLUMNS)
        [(place, given, identifier, *values)] = self.reader.rows(
            f"SELECT place, given, id, {columns} FROM {self.table} WHERE pos = ?", (pos,)
        )
        row = dict(zip(COLUMNS, values, strict=True)) | {"id": identifier}
        if isinstance(row["as_of"], str):  # SQLite
            row["as_of"] = dt.date.fromisoformat(row["as_of"])
            row["sources"] = json.loads(row["sources"])
        return Refused(place, bool(given), row, reason)

    def drop(self) -> None:
        self.reader.execute(f"DROP TABLE {self.table}")


def _json(urls: list[str]) -> str:
    """``json.dumps(urls)``, as SQLAlchemy's JSON type writes a list: by hand for plain URLs."""
    if all(map(_PLAIN.fullmatch, urls)):
        return '["' + '", "'.join(urls) + '"]' if urls else "[]"
    return json.dumps(urls)


@contextmanager
def staged(session: Session) -> Iterator[Staging]:
    """A staging table for the block, dropped after it; if the block raises, the caller's
    rollback drops it (the temporary table is the transaction's)."""
    staging = Staging(session)
    yield staging
    staging.drop()
