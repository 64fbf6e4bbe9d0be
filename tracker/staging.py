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

When the database refuses a row, the rows are moved a batch, then a row,
at a time to find the first it refuses: the caller names it, by where it
is in the file. A refused import is rolled back whole, the table with it.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

# Rows written to the table at a time, and moved at a time while looking
# for the one the database refuses.
CHUNK = 5_000
# The columns of follow_up an import writes, in the table's order too.
COLUMNS = ("commitment_id", "actor_id", "status", "score", "as_of", "as_of_precision", "kind",
           "sources", "note", "assessor", "recorded_at", "corrects_id")  # fmt: skip
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
# Only looked up for corrections, and while looking for a refused row.
INDEXES = (
    "CREATE INDEX {schema}follow_up_staging_id ON follow_up_staging (id)",
    "CREATE INDEX {schema}follow_up_staging_corrects ON follow_up_staging (corrects_id)"
    " WHERE corrects_id IS NOT NULL",
    "CREATE INDEX {schema}follow_up_staging_pos ON follow_up_staging (pos)",
)


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
        self.postgresql = session.get_bind().dialect.name == "postgresql"
        self.driver: Any = session.connection().connection.driver_connection
        self.table = POSTGRESQL_TABLE if self.postgresql else SQLITE_TABLE
        if self.postgresql:
            [(self.sequence,)] = self._execute(
                "SELECT pg_get_serial_sequence('follow_up', 'id')"
            ).fetchall()
        self.count = 0  # rows staged
        self.moved = 0  # of which moved into follow_up
        self.newest = self._newest_id()
        self.waiting: list[tuple[Any, ...]] = []  # rows not yet written to the table
        self.indexed = False
        self._execute(POSTGRESQL_CREATE if self.postgresql else SQLITE_CREATE)

    # --- SQL through the driver ------------------------------------------

    def _execute(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        cursor = self.driver.cursor()
        cursor.execute(sql.replace("?", "%s") if self.postgresql else sql, parameters)
        return cursor

    def _newest_id(self) -> int:
        """The id the database gave last: the next row it numbers gets one more."""
        if self.postgresql:
            [(last, called)] = self._execute(f"SELECT last_value, is_called FROM {self.sequence}")
            return int(last) if called else int(last) - 1
        [(newest,)] = self._execute("SELECT coalesce(max(id), 0) FROM follow_up").fetchall()
        return int(newest)

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
        values = [row[c] for c in COLUMNS]
        if not self.postgresql:
            values[4] = row["as_of"].isoformat()  # as SQLAlchemy writes them on SQLite
            values[10] = _sqlite_time(row["recorded_at"])
        values[7] = json.dumps(row["sources"])
        self.waiting.append((self.count, place, given, identifier, *values))
        if len(self.waiting) >= CHUNK:
            self._write()

    def _write(self) -> None:
        if not self.waiting:
            return
        if self.postgresql:
            columns = f"pos, place, given, id, {', '.join(COLUMNS)}"
            with self.driver.cursor().copy(f"COPY {self.table} ({columns}) FROM STDIN") as copy:
                for values in self.waiting:
                    copy.write_row(values)
        else:
            marks = ", ".join("?" * (4 + len(COLUMNS)))
            self.driver.executemany(f"INSERT INTO {self.table} VALUES ({marks})", self.waiting)
        self.waiting.clear()

    def _look_up(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        """The first row of ``sql`` over every row staged, the indexes made if not yet."""
        self._write()
        if not self.indexed:
            schema = "" if self.postgresql else "temp."
            for index in INDEXES:
                self._execute(index.format(schema=schema))
            self.indexed = True
        return self._execute(sql, parameters).fetchone()

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
            self._insert(self.moved, upto)
        except IntegrityError:
            return self._first_refused(upto)
        self.moved = upto
        return None

    def _insert(self, after: int, upto: int, *, foretold: bool = False) -> None:
        """INSERT the rows after the ``after``-th up to the ``upto``-th, in a savepoint.

        The database numbers the rows that give no id, unless ``foretold``
        (numbered as staged, as the database would have numbered them).
        """
        if foretold:
            numbered = "id"
        elif self.postgresql:
            numbered = f"CASE WHEN given THEN id ELSE nextval('{self.sequence}') END"
        else:
            numbered = "CASE WHEN given THEN id END"  # NULL: SQLite numbers it
        columns = ", ".join(COLUMNS)
        with self.session.begin_nested():
            self.session.execute(
                text(
                    f"INSERT INTO follow_up (id, {columns}) SELECT {numbered}, {columns}"
                    f" FROM {self.table} WHERE pos > :after AND pos <= :upto ORDER BY pos"
                ),
                {"after": after, "upto": upto},
            )

    def _first_refused(self, upto: int) -> Refused:
        """Move the rows a chunk, then a row, at a time until one is refused.

        Numbered as staged: PostgreSQL's sequence has moved on in the refused
        attempt, and the rows must meet the ids they met then.
        """
        self._look_up("SELECT 1", ())  # the index on pos
        for start in range(self.moved, upto, CHUNK):
            end = min(start + CHUNK, upto)
            try:
                self._insert(start, end, foretold=True)
                continue
            except IntegrityError:
                pass
            for pos in range(start + 1, end + 1):
                try:
                    self._insert(pos - 1, pos, foretold=True)
                except IntegrityError as exc:
                    return self._refused(pos, str(exc.orig).splitlines()[0])
        raise AssertionError("the database refused the rows together but none alone")

    def _refused(self, pos: int, reason: str) -> Refused:
        columns = ", ".join(COLUMNS)
        place, given, identifier, *values = self._execute(
            f"SELECT place, given, id, {columns} FROM {self.table} WHERE pos = ?", (pos,)
        ).fetchone()
        row = dict(zip(COLUMNS, values, strict=True)) | {"id": identifier}
        if isinstance(row["as_of"], str):  # SQLite
            row["as_of"] = dt.date.fromisoformat(row["as_of"])
            row["sources"] = json.loads(row["sources"])
        return Refused(place, bool(given), row, reason)

    def drop(self) -> None:
        self._execute(f"DROP TABLE {self.table}")


def _sqlite_time(moment: dt.datetime) -> str:
    """A time as SQLAlchemy's DateTime stores it on SQLite: always with microseconds."""
    m = moment
    return (
        f"{m.year:04d}-{m.month:02d}-{m.day:02d} {m.hour:02d}:{m.minute:02d}:{m.second:02d}"
        f".{m.microsecond:06d}"
    )


@contextmanager
def staged(session: Session) -> Iterator[Staging]:
    """A staging table for the block, dropped after it; if the block raises, the caller's
    rollback drops it (the temporary table is the transaction's)."""
    staging = Staging(session)
    yield staging
    staging.drop()
