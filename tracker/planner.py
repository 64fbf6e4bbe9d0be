"""How the list filters steer SQLite's query planner, kept apart from what they mean.

SQLite keeps no histograms, so it cannot tell a filter that matches three
commitments from one that matches three hundred thousand. For a narrow
filter the best plan is to search its index, then sort the few matches into
reading order; for a wide one it is to read the commitments in reading order
and check each, so that the first thousand come at once. Each filter
therefore counts its matches from its index, up to :data:`WIDE`, and says
which plan it wants:

- a column test (:func:`column_test`) either uses the column as it is, or
  hides it from the planner as ``coalesce(column, column)``, which no index
  serves, so the test is checked row by row;
- a link to another table (:func:`linked`, actors and regions) is an
  ``IN (SELECT ...)`` when narrow and a correlated ``EXISTS`` when wide.

When a listing has a limit and the plan would still sort every match
(:func:`sorts_every_match`, read from EXPLAIN QUERY PLAN), the query sorts
the ids alone first and reads the whole of the first few afterwards.

The contract for a new filter of ``tracker list``: it is one option in
tracker/cli.py, one field of ``reads.Filters`` and one condition in
``reads.list_conditions``, built with :func:`column_test` or
:func:`linked` when an index can serve it (or a plain condition when none
can); and one line in the ``FILTERS`` table of tests/test_performance.py,
whose tests fail if the plan reads the follow-up table end to end, or if
the searched and the checked plan (and a limit) list different commitments.
PostgreSQL plans for itself; these tricks do it no harm.

Conditions are SQL text with ``?`` for each of their parameters, in the
names of the tables themselves (``commitment_status.status``), as the
listing's query (tracker.reads) names them.
"""

from __future__ import annotations

from typing import Any

from tracker.driver import Reader

# SQL with ``?`` placeholders, and the values that fill them.
Condition = tuple[str, tuple[Any, ...]]

# A condition that more than WIDE commitments meet is checked on each
# commitment as they are read in order; a narrower one is searched first.
WIDE = 20_000


def is_wide(reader: Reader, matches: Condition) -> bool:
    """Whether the query ``matches`` has more than WIDE rows, counted up to WIDE + 1."""
    sql, parameters = matches
    capped = f"SELECT count(*) FROM ({sql} LIMIT {WIDE + 1}) AS matches"
    return (reader.value(capped, parameters) or 0) > WIDE


def unindexed(column: str) -> str:
    """The column, in a form no index is used for: so it is checked, not searched."""
    return f"coalesce({column}, {column})"


def column_test(reader: Reader, column: str, test: str, parameters: tuple[Any, ...]) -> Condition:
    """``test`` (SQL with ``{}`` for the column), searched by its index if narrow, else checked."""
    table = column.split(".")[0]
    matches = f"SELECT {column} FROM {table} WHERE {test.format(column)}"
    wide = is_wide(reader, (matches, parameters))
    return test.format(unindexed(column) if wide else column), parameters


def linked(reader: Reader, link: str, conditions: str, parameters: tuple[Any, ...]) -> Condition:
    """Commitments with a row of table ``link`` (actors or regions) that meets ``conditions``."""
    matches = f"SELECT {link}.commitment_id FROM {link} WHERE {conditions}"
    if is_wide(reader, (matches, parameters)):
        return (
            f"EXISTS (SELECT 1 FROM {link} WHERE {link}.commitment_id = commitment.id"
            f" AND {conditions})",
            parameters,
        )
    return f"commitment.id IN ({matches})", parameters


def query_plan(reader: Reader, sql: str, parameters: tuple[Any, ...]) -> list[str]:
    """How SQLite will run ``sql`` with these parameters: EXPLAIN QUERY PLAN, one line a step."""
    return [row[3] for row in reader.rows(f"EXPLAIN QUERY PLAN {sql}", parameters)]


def sorts_every_match(reader: Reader, sql: str, parameters: tuple[Any, ...]) -> bool:
    """Whether SQLite would sort all matches to find the first few (PostgreSQL: assume so)."""
    if not reader.sqlite:
        return True
    return "USE TEMP B-TREE FOR ORDER BY" in query_plan(reader, sql, parameters)
