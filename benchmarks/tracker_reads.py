"""Tracker's reads as the commands make them, and the SQL they send to the driver.

run.py times these, then replays the statements recorded here through a
bare driver connection: the floor is tracker's own SQL without tracker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import event

from tracker import db, planner, queries


class Reads:
    def __init__(self, location: str):
        self.engine = db.open_engine(db.resolve_url(location))
        self.recorded: list[tuple[str, Any]] | None = None
        event.listen(self.engine, "before_cursor_execute", self._record)
        self._transaction = db.transaction(self.engine)

    def __enter__(self) -> Reads:
        self.session = self._transaction.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._transaction.__exit__(*exc)
        self.engine.dispose()

    def _record(self, _conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if self.recorded is not None and statement.split()[0].upper() not in ("BEGIN", "PRAGMA"):
            self.recorded.append((statement, parameters))

    def statements(self, action: Callable[[], object]) -> list[tuple[str, Any]]:
        """What ``action`` sends to the driver."""
        self.recorded = []
        try:
            action()
            return self.recorded
        finally:
            self.recorded = None

    def list(self, filters: dict[str, Any], limit: int) -> list[Any]:
        return queries.list_commitments(self.session, queries.Filters(**filters), limit=limit)

    def scores(self, code: str) -> Any:
        return queries.compliance_scores(self.session, code)

    def plans(self, every: list[dict[str, Any]]) -> None:
        print("  query plans: does any list filter read follow_up from end to end?")
        for filters in every:
            query = queries.commitment_query(
                queries.list_conditions(self.session, queries.Filters(**filters)), 1000
            )
            scans = [
                s for s in planner.query_plan(self.session, query) if s.startswith("SCAN follow_up")
            ]
            print(f"    {filters}: {'full scan: ' + scans[0] if scans else 'no full scan'}")
