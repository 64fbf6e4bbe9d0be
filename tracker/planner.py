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
tracker/cli.py, one field of ``queries.Filters`` and one condition in
``queries.list_conditions``, built with :func:`column_test` or
:func:`linked` when an index can serve it (or a plain condition when none
can); and one line in the ``FILTERS`` table of tests/test_performance.py,
whose tests fail if the plan reads the follow-up table end to end, or if
the searched and the checked plan (and a limit) list different commitments.
PostgreSQL plans for itself; these tricks do it no harm.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import Session

from tracker.models import Commitment

# A query of any columns (Select[Any] would mean one column of any type).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"

# A condition that more than WIDE commitments meet is checked on each
# commitment as they are read in order; a narrower one is searched first.
WIDE = 20_000


def is_wide(session: Session, matches: AnySelect) -> bool:
    """Whether ``matches`` has more than WIDE rows, counted up to WIDE + 1."""
    capped = matches.limit(WIDE + 1).subquery()
    return (session.scalar(select(func.count()).select_from(capped)) or 0) > WIDE


def unindexed(column: Any) -> Any:
    """The column, in a form no index is used for: so it is checked, not searched."""
    return func.coalesce(column, column)


def column_test(
    session: Session, column: Any, test: Callable[[Any], ColumnElement[bool]]
) -> ColumnElement[bool]:
    """``test(column)``, searched by the column's index if narrow, else checked."""
    wide = is_wide(session, select(column).where(test(column)))
    return test(unindexed(column) if wide else column)


def linked(session: Session, link: Any, conditions: list[ColumnElement[bool]]) -> Any:
    """Commitments with a row of ``link`` (actor or region) that meets ``conditions``."""
    matches = select(link.commitment_id).where(*conditions)
    if is_wide(session, matches):
        return exists().where(link.commitment_id == Commitment.id, *conditions)
    return Commitment.id.in_(matches)


def query_plan(session: Session, statement: AnySelect) -> list[str]:
    """How SQLite will run ``statement``: EXPLAIN QUERY PLAN, one line a step.

    The values are written into the SQL (literal binds), as the driver
    would bind them: dates as ISO text.
    """
    compiled = statement.compile(
        dialect=session.get_bind().dialect, compile_kwargs={"literal_binds": True}
    )
    plan = session.connection().exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")
    return [row.detail for row in plan]


def sorts_every_match(session: Session, query: AnySelect) -> bool:
    """Whether SQLite would sort all matches to find the first few (PostgreSQL: assume so)."""
    if session.get_bind().dialect.name != "sqlite":
        return True
    return "USE TEMP B-TREE FOR ORDER BY" in query_plan(session, query)
