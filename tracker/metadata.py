"""Datasette metadata: titles and descriptions so the site explains itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Statement
from tracker.schema_doc import FTS5_SHADOWS, FULL_TEXT, TABLES, VIEWS, Relation
from tracker.status import closed_sql

FACETS = {
    "commitment_overview": ["status", "theme", "type", "statement"],
    "follow_up": ["status", "commitment_id"],
    "sentence": ["decision", "exclusion_reason"],
    "compliance_matrix": ["actor", "score"],
}
# `?_search=` on a table keeps the rows whose fts_pk is a rowid of the FTS
# table's matches (revision 0007 keys the rows so).
SEARCH = {
    "commitment": {"fts_table": "commitment_fts", "fts_pk": "rowid"},
    "follow_up": {"fts_table": "commitment_search", "fts_pk": "id"},
}

# The common questions, as Datasette canned queries (`/DATABASE/NAME`). A
# query takes the place of a table or view of its name, so none shares one.
QUERIES: dict[str, dict[str, str]] = {
    "overdue": {
        "title": "Overdue commitments",
        "description": "Commitments whose deadline has passed and that are neither"
        " achieved nor no longer applicable, the longest overdue first.",
        "sql": "SELECT id, title, deadline, status, as_of\nFROM commitment_overview\n"
        "WHERE overdue = 1\nORDER BY deadline, id",
    },
    "stale": {
        "title": "Stale commitments",
        "description": "Open commitments (neither achieved nor no longer applicable)"
        " whose newest follow-up, or the statement if none, is older than the given"
        " number of days: what `tracker list --stale DAYS` lists.",
        "sql": "SELECT id, title, status, last_follow_up_on, statement_date\n"
        "FROM commitment_overview\n"
        f"WHERE status NOT IN {closed_sql()}\n"
        "  AND coalesce(last_follow_up_on, statement_date)"
        " < date('now', '-' || CAST(:days AS INTEGER) || ' days')\n"
        "ORDER BY coalesce(last_follow_up_on, statement_date), id",
    },
    "scores": {
        "title": "Compliance matrix",
        "description": "Each member's newest score on each commitment (+1 full"
        " compliance, 0 partial, -1 none), as `tracker scores` shows it.",
        "sql": "SELECT commitment_id, title, actor, score, percent, as_of\n"
        "FROM compliance_matrix\nORDER BY commitment_id, actor",
    },
    "compliance_by_actor": {
        "title": "Compliance by member",
        "description": "Each member's average score over the commitments it was"
        " scored on, and as a percentage ((average + 1) / 2 x 100), best first.",
        "sql": "SELECT actor, count(*) AS commitments_scored,\n"
        "       round(avg(score), 2) AS average, round(avg(percent), 1) AS percent\n"
        "FROM compliance_matrix\nGROUP BY actor\nORDER BY percent DESC, actor",
    },
    "changed_since": {
        "title": "Follow-ups recorded since a date",
        "description": "Every follow-up recorded on or after the given day"
        " (YYYY-MM-DD, UTC), oldest first, with the commitment it is about:"
        " what changed since then.",
        "sql": "SELECT f.id, f.commitment_id, c.title, f.status, f.as_of, f.note,\n"
        "       f.assessor, f.recorded_at, f.corrects_id\n"
        "FROM follow_up AS f\nJOIN commitment AS c ON c.id = f.commitment_id\n"
        "WHERE f.recorded_at >= :since\nORDER BY f.recorded_at, f.id",
    },
}


def hidden_tables() -> list[str]:
    """Tables the database keeps for itself, FTS5's shadow tables included."""
    internal = [name for name, relation in TABLES.items() if relation.internal]
    shadows = [f"{index}_{shadow}" for index in FULL_TEXT for shadow in FTS5_SHADOWS]
    return [*internal, *shadows]


TITLE = "tracker: the commitments of diplomatic statements"
DESCRIPTION = (
    "Every commitment of each statement, verbatim, with who is responsible and"
    " where it applies, and the follow-ups analysts recorded since. Start with"
    " commitment_overview."
)
LICENSE = (
    "Not stated by the publisher: the statements are quoted as published;"
    " check the publisher's terms before reuse."
)


def statements(session: Session) -> list[Statement]:
    """The statements the data comes from, oldest first: its sources."""
    return list(session.scalars(select(Statement).order_by(Statement.date, Statement.code)))


def source_line(statement: Statement) -> str:
    return f"{statement.title}, {statement.place}, {statement.date:%d %B %Y}"


def datasette_metadata(session: Session, database: str) -> dict[str, Any]:
    """Metadata for `datasette FILE -m metadata.json`, ``database`` being FILE's stem."""
    loaded = statements(session)
    urls = [s.source_url for s in loaded if s.source_url]
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "source": "; ".join(map(source_line, loaded)) or "no statement loaded yet",
        **({"source_url": urls[0]} if len(urls) == 1 else {}),
        "license": LICENSE,
        "databases": {
            database: {
                "description": "Statements, commitments, actors, regions and follow-ups.",
                "tables": {
                    **{name: _table(name, r) for name, r in TABLES.items()},
                    **{name: _table(name, r) for name, r in VIEWS.items()},
                    **{name: {"hidden": True} for name in hidden_tables() if name not in TABLES},
                },
                "queries": QUERIES,
            }
        },
    }


def _table(name: str, relation: Relation) -> dict[str, Any]:
    table: dict[str, Any] = {"description": relation.description, "columns": relation.columns}
    if relation.label:
        table["label_column"] = relation.label
    if name in FACETS:
        table["facets"] = FACETS[name]
    if name in SEARCH:
        table.update(SEARCH[name])
    if relation.internal:
        table["hidden"] = True
    return table
