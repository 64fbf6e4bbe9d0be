"""Tracker's reads as the commands make them, and the SQL they send to the driver.

run.py times these, then replays the statements recorded here through a
bare driver connection: the floor is tracker's own SQL without tracker.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from tracker import driver, planner, reads


class Recording(driver.Reader):
    """A reader that notes each statement it sends, with its parameters, when asked to."""

    recorded: list[tuple[str, Any]] | None = None

    def _sql(self, sql: str) -> str:
        translated = super()._sql(sql)
        self.sent = translated
        return translated

    def _note(self, parameters: tuple[Any, ...]) -> None:
        if self.recorded is not None:
            self.recorded.append((self.sent, parameters))

    def rows(self, sql: str, parameters: tuple[Any, ...] = ()) -> list[Any]:
        found = super().rows(sql, parameters)
        self._note(parameters)
        return found

    def value(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        found = super().value(sql, parameters)
        self._note(parameters)
        return found

    def stream(self, sql: str, parameters: tuple[Any, ...] = ()) -> Iterator[Any]:
        yield from super().stream(sql, parameters)
        self._note(parameters)


class Reads:
    def __init__(self, location: str):
        opened = driver.open_reader(location)
        self.reader = Recording(opened.connection, opened.engine)
        driver.begin(self.reader)

    def __enter__(self) -> Reads:
        return self

    def __exit__(self, *exc: object) -> None:
        self.reader.close()

    def statements(self, action: Callable[[], object]) -> list[tuple[str, Any]]:
        """What ``action`` sends to the driver."""
        self.reader.recorded = []
        try:
            action()
            return self.reader.recorded
        finally:
            self.reader.recorded = None

    def list(self, filters: dict[str, Any], limit: int) -> list[Any]:
        return list(reads.commitments(self.reader, reads.Filters(**filters), limit))

    def scores(self, code: str) -> Any:
        return reads.compliance_scores(self.reader, code)

    def plans(self, every: list[dict[str, Any]]) -> None:
        print("  query plans: does any list filter read follow_up from end to end?")
        for filters in every:
            conditions = reads.list_conditions(self.reader, reads.Filters(**filters))
            plan = planner.query_plan(self.reader, *reads.list_query(self.reader, conditions, 1000))
            scans = [s for s in plan if s.startswith("SCAN follow_up")]
            print(f"    {filters}: {'full scan: ' + scans[0] if scans else 'no full scan'}")
