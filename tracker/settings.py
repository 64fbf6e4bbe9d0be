"""What the command line's global options say (--db, --wait); commands open the database through it.

Free of Click: the Click layer (tracker.cli) and the fast lane
(tracker.lane) each make one, with what closes an engine when the command
ends.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any

from tracker import console
from tracker.errors import TrackerError


class Settings:
    def __init__(
        self, database: str | None, wait: float, on_close: Callable[[Callable[[], Any]], Any]
    ):
        self.database = database
        self.wait = wait
        self.on_close = on_close

    def url(self) -> Any:
        from tracker import db

        return db.resolve_url(self.database)

    def engine(self, *, create: bool = False, check_schema: bool = True) -> Any:
        """The database's engine, closed with the command (many may run in a process)."""
        from tracker import db

        engine = db.open_engine(
            self.url(),
            create=create,
            check_schema=check_schema,
            wait=self.wait,
            note=console.note,
        )
        self.on_close(engine.dispose)
        if check_schema and not create and db.end_leftover_bulk_load(engine):
            console.err(db.LEFTOVER_BULK_LOAD)
        return engine

    @contextlib.contextmanager
    def reader(self) -> Iterator[Any]:
        """The database through its driver alone (tracker.driver), for commands that only read.

        Checked as engine() checks it; SQLAlchemy is imported only to end a
        bulk load an interrupted import left, or to name a row that cannot
        be read.
        """
        from tracker import driver

        reader = driver.open_reader(self.database, console.note)
        try:
            if driver.bulk_load_left(reader):
                self.engine()  # which ends it, and says so
            driver.begin(reader)
            yield reader
        except ValueError as exc:  # a date an older schema let in
            raise self._unreadable(exc) from exc
        except TrackerError as exc:
            if isinstance(exc.__cause__, reader.error) and "decode" in str(exc):
                raise self._unreadable(exc) from exc
            raise
        finally:
            reader.close()

    def read(
        self,
        as_of_day: Any,
        known_at: Any,
        now: Callable[[Any], Any],
        then: Callable[[Any, Any, Any], Any],
    ) -> Any:
        """``now(reader)`` through the driver; at another moment (--as-of, --known-at),
        ``then(tracker.queries, session, moment)`` through SQLAlchemy, which works each
        status out in Python (README, "Read commands through the driver")."""
        if as_of_day or known_at:
            from tracker import db, queries

            with db.transaction(self.engine()) as session:
                return then(queries, session, moment(as_of_day, known_at))
        with self.reader() as reader:
            return now(reader)

    def _unreadable(self, exc: Exception) -> Exception:
        from tracker import db

        return db.unreadable(self.engine(check_schema=False), exc)


def moment(as_of_day: Any, known_at: Any) -> Any:
    """--as-of (a datetime, of which the day counts) and --known-at as a tracker.queries.Moment."""
    from tracker.queries import Moment

    return Moment(as_of_day.date() if as_of_day else None, known_at)
