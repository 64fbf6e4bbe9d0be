"""Datasette metadata: titles and descriptions so the site explains itself."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from tracker.models import Statement
from tracker.schema_doc import TABLES, VIEWS, Relation

# Datasette hides FTS5 shadow tables itself; these are ours to hide too.
HIDDEN = ("alembic_version",)
FACETS = {
    "commitment_overview": ["status", "theme", "type", "statement"],
    "follow_up": ["status", "commitment_id"],
    "sentence": ["decision", "exclusion_reason"],
    "compliance_matrix": ["actor", "score"],
}


def datasette_metadata(session: Session, database: str) -> dict[str, Any]:
    """Metadata for `datasette FILE -m metadata.json`, ``database`` being FILE's stem."""
    statements = session.scalars(select(Statement).order_by(Statement.date, Statement.code)).all()
    sources = "; ".join(f"{s.title}, {s.place}, {s.date:%d %B %Y}" for s in statements)
    urls = [s.source_url for s in statements if s.source_url]
    return {
        "title": "tracker: the commitments of diplomatic statements",
        "description": (
            "Every commitment of each statement, verbatim, with who is responsible and"
            " where it applies, and the follow-ups analysts recorded since. Start with"
            " commitment_overview."
        ),
        "source": sources or "no statement loaded yet",
        **({"source_url": urls[0]} if len(urls) == 1 else {}),
        "license": (
            "Not stated by the publisher: the statements are quoted as published;"
            " check the publisher's terms before reuse."
        ),
        "databases": {
            database: {
                "description": "Statements, commitments, actors, regions and follow-ups.",
                "tables": {
                    **{name: _table(name, r) for name, r in TABLES.items()},
                    **{name: _table(name, r) for name, r in VIEWS.items()},
                },
            }
        },
    }


def _table(name: str, relation: Relation) -> dict[str, Any]:
    table: dict[str, Any] = {"description": relation.description, "columns": relation.columns}
    if relation.label:
        table["label_column"] = relation.label
    if name in FACETS:
        table["facets"] = FACETS[name]
    if name in HIDDEN:
        table["hidden"] = True
    return table
