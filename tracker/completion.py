"""Shell completion's SQL: the ids and names in the database that start as typed.

Apart from tracker.reads so that a tab press imports the driver and this
alone (tests/test_read_path.py holds it so): completion runs at every
press, and must answer in little more than Python's own start.
"""

from __future__ import annotations

from tracker import driver
from tracker.errors import TrackerError

COMPLETIONS = {
    "commitment": "SELECT id FROM commitment WHERE substr(id, 1, ?) = ? ORDER BY id",
    "statement": "SELECT code FROM statement WHERE substr(code, 1, ?) = ? ORDER BY code",
    "actor": "SELECT name FROM actor UNION SELECT alias FROM actor_alias",
    "region": "SELECT name FROM region UNION SELECT iso_code FROM region"
    " WHERE iso_code IS NOT NULL",
}


def completions(reader: driver.Reader, kind: str, incomplete: str) -> list[str]:
    """The ids (commitments, statements) or names (actors, regions) that start so."""
    if kind in ("commitment", "statement"):
        prefix = incomplete.lower()
        return [v for (v,) in reader.rows(COMPLETIONS[kind], (len(prefix), prefix))]
    wanted = incomplete.casefold()
    return sorted(v for (v,) in reader.rows(COMPLETIONS[kind]) if v.casefold().startswith(wanted))


def offered(database: str | None, kind: str, incomplete: str) -> list[str]:
    """What a tab press offers from ``database`` (--db): a database that cannot be read
    offers nothing."""
    try:
        reader = driver.open_reader(database)
    except TrackerError:
        return []
    try:
        return completions(reader, kind, incomplete)
    except TrackerError:
        return []
    finally:
        reader.close()
