"""Render records (plain dicts) as a table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

FORMATS = ("table", "json", "csv")
TABLE_WIDTH = 80


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # How a value shows in a table or CSV cell (lists are joined).
    cell: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    flexible: bool = False  # shortened to keep the table within TABLE_WIDTH


COMMITMENT_COLUMNS = [
    Column("id", "ID"),
    Column("status", "STATUS"),
    Column("theme", "THEME"),
    Column("title", "TITLE", flexible=True),
]
EXCLUDED_COLUMNS = [
    Column("statement", "STATEMENT"),
    Column("paragraph", "PARA"),
    Column("sentence", "SENT"),
    Column("reason", "REASON"),
    Column("text", "TEXT", flexible=True),
]


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def to_csv(records: Sequence[dict[str, Any]], columns: Sequence[Column]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(c.key for c in columns)
    for record in records:
        writer.writerow(c.cell(record.get(c.key)) for c in columns)
    return buffer.getvalue()


def to_table(
    records: Sequence[dict[str, Any]], columns: Sequence[Column], width: int = TABLE_WIDTH
) -> str:
    cells = [[" ".join(c.cell(r.get(c.key)).split()) for c in columns] for r in records]
    widths = [max([len(c.header), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    spare = width - (sum(widths) + 2 * (len(columns) - 1))
    for i, column in enumerate(columns):
        if column.flexible and spare < 0:
            widths[i] = max(len(column.header), widths[i] + spare)
            spare = 0
    lines = [[c.header for c in columns], ["-" * w for w in widths], *cells]
    return "".join(
        "  ".join(_fit(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )


def _fit(cell: str, width: int) -> str:
    return cell.ljust(width) if len(cell) <= width else cell[: width - 1] + "…"


def render(records: Sequence[dict[str, Any]], fmt: str, columns: Sequence[Column]) -> str:
    if fmt == "json":
        return to_json(list(records))
    if fmt == "csv":
        return to_csv(records, columns)
    return to_table(records, columns)


def commitment_text(record: dict[str, Any], width: int = TABLE_WIDTH) -> str:
    """A commitment as ``tracker show`` prints it, the quote marked [[ ]]."""

    def field(label: str, value: Any) -> str:
        return textwrap.fill(
            str(value),
            width=width,
            initial_indent=f"{label + ':':<11}",
            subsequent_indent=" " * 11,
            break_on_hyphens=False,
        )

    actors = "; ".join(f"{a['name']} ({a['role']})" for a in record["actors"])
    regions = "; ".join(
        r["name"]
        + (f" [{r['code']}]" if r["code"] else "")
        + (f", in {r['parent']}" if r["parent"] else "")
        for r in record["regions"]
    )
    catalysts = "; ".join(f"{c['kind']}: {c['text']}" for c in record["catalysts"])
    start, end = record["quote_in_paragraph"]
    paragraph = record["paragraph_text"]
    marked = f"{paragraph[:start]}[[{paragraph[start:end]}]]{paragraph[end:]}"
    status = record["status"] + (f" (as of {record['as_of']})" if record["as_of"] else "")
    lines = [
        textwrap.fill(f"{record['id']}  {record['title']}", width=width),
        "",
        field("Status", status),
        field("Statement", f"{record['statement']}: {record['statement_title']}"),
        field("Date", record["statement_date"]),
        field(
            "Where",
            f"paragraph {record['paragraph']}, sentence {record['sentence']},"
            f" characters {record['offsets'][0]}-{record['offsets'][1]}",
        ),
        field("Type", f"{record['type']} (binding {record['binding']})"),
        field("Theme", record["theme"]),
        field("Deadline", record["deadline"] or "none"),
        field("Actors", actors or "none"),
        field("Regions", regions or "none"),
        field("Catalysts", catalysts or "none"),
    ]
    if record["note"]:
        lines.append(field("Note", record["note"]))
    lines += ["", f"Paragraph {record['paragraph']}, the quote in [[ ]]:", ""]
    lines.append(
        textwrap.fill(
            " ".join(marked.split()),
            width=width,
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    return "\n".join(lines) + "\n"
