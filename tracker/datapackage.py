"""A Frictionless Data Package of the database: one CSV per table and view.

`tracker export --format datapackage DIR` writes ``datapackage.json`` and
one CSV per public table and view (internal bookkeeping and search indexes
left out, as in Datasette). Field types are the types the database
declares; a column it declares none for (a computed column of a SQLite
view) gets the type its values have. Descriptions come from
tracker/schema_doc.py, the source of docs/schema.md. Dates are ISO 8601,
times ISO 8601 in UTC, sources JSON arrays, an empty cell is NULL.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
)
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from tracker import __version__, metadata, queries
from tracker.files import atomic_directory
from tracker.output import CsvWriter
from tracker.schema_doc import TABLES, VIEWS, Relation

DESCRIPTOR = "datapackage.json"
# Checked in this order: Boolean before Integer, DateTime before Date.
TYPES: list[tuple[type, str]] = [
    (Boolean, "boolean"),
    (Integer, "integer"),
    (Float, "number"),
    (Numeric, "number"),
    (DateTime, "datetime"),
    (Date, "date"),
    (JSON, "array"),  # tracker's one JSON column, sources, holds a list
]


def public_relations(dialect: str) -> dict[str, Relation]:
    """The tables and views a data package (or Datasette's index) shows."""
    tables = {n: r for n, r in TABLES.items() if not r.internal and dialect in r.engines}
    return {**tables, **VIEWS}


def write(session: Session, directory: Path, *, plain: bool = False) -> list[str]:
    """The package in ``directory`` (new or empty), whole or not at all; the files written."""
    relations = public_relations(session.get_bind().dialect.name)
    with atomic_directory(directory) as folder:
        resources = [_write_resource(session, folder, n, r, plain) for n, r in relations.items()]
        descriptor = _descriptor(session, resources)
        (folder / DESCRIPTOR).write_text(
            json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return [DESCRIPTOR, *(r["path"] for r in resources)]


def _descriptor(session: Session, resources: list[dict[str, Any]]) -> dict[str, Any]:
    loaded = metadata.statements(session)
    return {
        "profile": "tabular-data-package",
        "name": "tracker",
        "title": metadata.TITLE,
        "description": f"{metadata.DESCRIPTION} Licence: {metadata.LICENSE}",
        "version": __version__,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "sources": [
            {"title": metadata.source_line(s), **({"path": s.source_url} if s.source_url else {})}
            for s in loaded
        ],
        "resources": resources,
    }


def _write_resource(
    session: Session, folder: Path, name: str, relation: Relation, plain: bool
) -> dict[str, Any]:
    table = queries.relation(session, name)
    inferred: dict[str, set[str]] = {c.name: set() for c in table.columns if _type(c) is None}
    path = f"{name}.csv"
    with open(folder / path, "w", encoding="utf-8", newline="") as stream:
        writer = CsvWriter(stream, plain=plain)
        writer.row(c.name for c in table.columns)
        for row in queries.relation_rows(session, table):
            values = row._mapping
            for column in inferred:
                if values[column] is not None:
                    inferred[column].add(_value_type(values[column]))
            writer.row(_cell(values[c.name]) for c in table.columns)
    fields = [
        {
            "name": c.name,
            "type": _type(c) or _common_type(inferred[c.name]),
            **({"format": "binary"} if isinstance(c.type, LargeBinary) else {}),
            "description": relation.columns.get(c.name, ""),
        }
        for c in table.columns
    ]
    schema: dict[str, Any] = {"fields": fields}
    if table.primary_key.columns:
        schema["primaryKey"] = [c.name for c in table.primary_key.columns]
    foreign_keys = list(_foreign_keys(table))
    if foreign_keys:
        schema["foreignKeys"] = foreign_keys
    return {
        "profile": "tabular-data-resource",
        "name": name,
        "path": path,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "description": relation.description,
        "schema": schema,
    }


def _foreign_keys(table: Table) -> Iterable[dict[str, Any]]:
    for constraint in sorted(table.foreign_key_constraints, key=lambda c: list(c.column_keys)):
        yield {
            "fields": list(constraint.column_keys),
            "reference": {
                "resource": constraint.referred_table.name,
                "fields": [e.column.name for e in constraint.elements],
            },
        }


def _type(column: Column[Any]) -> str | None:
    for sql_type, name in TYPES:
        if isinstance(column.type, sql_type):
            return name
    return None if isinstance(column.type, NullType) else "string"


def _value_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    return "string"


def _common_type(types: set[str]) -> str:
    if not types:
        return "string"  # no values to go by: every cell is empty
    if types <= {"integer"}:
        return "integer"
    if types <= {"integer", "number"}:
        return "number"
    return "string" if types != {"boolean"} else "boolean"


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bytes | memoryview):  # a source's file: base64, as Frictionless reads it
        return base64.b64encode(bytes(value)).decode("ascii")
    return value
