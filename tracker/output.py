"""Render records (tracker.records) as a table, JSON or CSV."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import IO, Any

from tracker.records import CommitmentDetail, ExportRecord, FollowUpRecord, Scores
from tracker.text import defuse_formula

TABLE_WIDTH = 80


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    # How a value shows in a table or CSV cell (lists are joined).
    cell: Callable[[Any], str] = lambda value: "" if value is None else str(value)
    flexible: bool = False  # shortened to keep the table within TABLE_WIDTH


def signed(score: int | None) -> str:
    """A compliance score as people write it: +1, 0, -1."""
    return "" if score is None else f"{score:+d}" if score else "0"


def average(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


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
RESTATED_COLUMNS = [
    Column("later_id", "ID"),
    Column("later_date", "DATE"),
    Column("kind", "KIND"),
    Column("score", "SCORE"),
    Column("earlier_id", "REPEATS"),
    Column("earlier_date", "OF"),
    Column("earlier_status", "ITS STATUS"),
    Column("later_title", "TITLE", flexible=True),
]


FOLLOW_UP_COLUMNS = [
    Column("id", "ID"),
    Column("commitment", "COMMITMENT"),
    Column("as_of", "AS OF"),
    Column("status", "STATUS"),
    Column("actor", "ACTOR", flexible=True),
    Column("score", "SCORE", signed),
    Column("correction", "CORRECTION"),
    Column("note", "NOTE", flexible=True),
]
FOLLOW_UP_CSV_COLUMNS = [
    *(Column(key, key) for key in ("id", "commitment", "actor", "status", "score", "as_of")),
    Column("sources", "sources", lambda urls: " ".join(urls or [])),
    *(Column(key, key) for key in ("note", "assessor", "recorded_at", "corrects", "corrected_by")),
]
# `tracker export` as CSV: a row per follow-up, or per commitment without one.
EXPORT_CSV_COLUMNS = [
    Column("commitment", "commitment"),
    Column("title", "title"),
    Column("current_status", "current_status"),
    Column("current_as_of", "current_as_of"),
    *(c for c in FOLLOW_UP_CSV_COLUMNS if c.key not in ("commitment", "corrected_by")),
]
STATUS_COLUMNS = [Column("status", "STATUS"), Column("meaning", "MEANING", flexible=True)]
ACTOR_COLUMNS = [
    Column("name", "NAME", flexible=True),
    Column("kind", "KIND"),
    Column("country_code", "COUNTRY"),
    Column("aliases", "ALIASES", lambda a: "; ".join(a or []), flexible=True),
]


def with_corrections(history: Iterable[FollowUpRecord]) -> list[dict[str, Any]]:
    """Follow-up records with a `correction` cell saying what corrects what."""
    return [
        {
            **record,
            "correction": " ".join(
                part
                for part in (
                    f"corrects #{record['corrects']}" if record["corrects"] else "",
                    f"corrected by #{record['corrected_by']}" if record["corrected_by"] else "",
                )
                if part
            ),
        }
        for record in history
    ]


def to_json(value: Any) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False, default=_json_default) + "\n"


def _json_default(value: Any) -> str:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


class CsvWriter:
    """Rows of CSV as every CSV command writes them.

    Cells a spreadsheet would run as formulas are defused (see
    tracker.text) unless ``plain``. A cell holding a carriage return is
    quoted too, which the csv module does only for the characters of its
    line terminator, so that it reads back as one cell.
    """

    def __init__(self, stream: IO[str], *, plain: bool = False):
        self.stream = stream
        self.plain = plain
        self._writer = csv.writer(stream, lineterminator="\n")

    def row(self, cells: Iterable[Any]) -> None:
        if not self.plain:
            cells = [defuse_formula(c) if isinstance(c, str) else c for c in cells]
        else:
            cells = list(cells)
        if any(isinstance(c, str) and "\r" in c for c in cells):
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerow(cells)
            self.stream.write(buffer.getvalue()[:-2] + "\n")
        else:
            self._writer.writerow(cells)


def write_records(
    records: Iterable[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[Column],
    stream: IO[str],
    *,
    plain: bool = False,
) -> None:
    """JSON or CSV, written as records come, without holding them all."""
    if fmt == "json":
        _write_json_array(records, stream)
        return
    writer = CsvWriter(stream, plain=plain)
    writer.row(c.key for c in columns)
    for record in records:
        writer.row(c.cell(record.get(c.key)) for c in columns)


def _write_json_array(items: Iterable[Any], stream: IO[str]) -> None:
    """What to_json gives for a list of the items, without holding them all."""
    count = 0
    for count, item in enumerate(items, start=1):
        body = json.dumps(item, indent=2, ensure_ascii=False, default=_json_default)
        stream.write(("[" if count == 1 else ",") + "\n  " + body.replace("\n", "\n  "))
    stream.write("\n]\n" if count else "[]\n")


def to_table(
    records: Sequence[Mapping[str, Any]], columns: Sequence[Column], width: int = TABLE_WIDTH
) -> str:
    cells = [[" ".join(c.cell(r.get(c.key)).split()) for c in columns] for r in records]
    widths = [max([len(c.header), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    flexible = [i for i, c in enumerate(columns) if c.flexible]
    # Narrow the widest flexible column, one character at a time, until it fits.
    while flexible and sum(widths) + 2 * (len(columns) - 1) > width:
        widest = max(flexible, key=lambda i: widths[i] - len(columns[i].header))
        if widths[widest] <= max(len(columns[widest].header), 8):
            break
        widths[widest] -= 1
    lines = [[c.header for c in columns], ["-" * w for w in widths], *cells]
    return "".join(
        "  ".join(_fit(cell, w) for cell, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )


def _fit(cell: str, width: int) -> str:
    return cell.ljust(width) if len(cell) <= width else cell[: width - 1] + "…"


def render(
    records: Sequence[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[Column],
    *,
    plain: bool = False,
) -> str:
    """Records as a table, or as the JSON or CSV write_records streams."""
    if fmt == "table":
        return to_table(records, columns)
    buffer = io.StringIO()
    write_records(records, fmt, columns, buffer, plain=plain)
    return buffer.getvalue()


def commitment_text(record: CommitmentDetail, width: int = TABLE_WIDTH) -> str:
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


def repeats_text(record: CommitmentDetail) -> str:
    """The earlier commitments it repeats and the later ones repeating it, if any."""
    lines = []
    for found, heading in (
        (record["repeats"], "Repeats, oldest first:"),
        (record["repeated_by"], "Repeated by:"),
    ):
        if found:
            lines += ["", heading]
            lines += [
                f"  {r['id']}  {r['date']}  {r['kind']}  score {r['score']}  {r['status']}"
                for r in found
            ]
    return "\n".join(lines) + "\n" if lines else ""


def history_text(history: Sequence[FollowUpRecord], width: int = TABLE_WIDTH) -> str:
    """Follow-ups as ``tracker show`` lists them under the commitment."""
    if not history:
        return "History: no follow-ups yet.\n"
    lines = ["History, oldest first:"]
    for record in with_corrections(history):
        score = signed(record["score"])
        head = "  ".join(
            part
            for part in (
                f"#{record['id']}",
                str(record["as_of"]),
                record["status"],
                record["actor"] or "(collective)",
                f"score {score}" if score else "",
                record["correction"],
            )
            if part
        )
        lines.append("")
        lines.append(
            textwrap.fill(head, width=width, initial_indent="  ", subsequent_indent="    ")
        )
        details = [
            *(record["note"] or "").splitlines(),
            *record["sources"],
            f"recorded {record['recorded_at'][:19]}"
            + (f" by {record['assessor']}" if record["assessor"] else ""),
        ]
        for detail in details:
            lines.append(
                textwrap.fill(detail, width=width, initial_indent="    ", subsequent_indent="    ")
                if detail
                else ""
            )
    return "\n".join(lines) + "\n"


def write_export(
    records: Iterable[ExportRecord], fmt: str, stream: IO[str], *, plain: bool = False
) -> None:
    """Write `tracker export` records as they come, without holding them all."""
    if fmt == "json":
        _write_json_array(records, stream)
        return
    writer = CsvWriter(stream, plain=plain)
    writer.row(c.key for c in EXPORT_CSV_COLUMNS)
    for record in records:
        current: dict[str, Any] = {
            "commitment": record["commitment"],
            "title": record["title"],
            "current_status": record["status"],
            "current_as_of": record["as_of"],
        }
        follow_ups: Sequence[FollowUpRecord | None] = record["follow_ups"] or [None]
        for follow_up in follow_ups:
            row = current | {k: v for k, v in (follow_up or {}).items() if k != "commitment"}
            writer.row(c.cell(row.get(c.key)) for c in EXPORT_CSV_COLUMNS)


def actor_keys(scores: Scores) -> dict[str, str]:
    """Short column headers for the actors: country codes where they tell them apart."""
    codes = [a["code"] for a in scores["actor_averages"]]
    return {
        a["actor"]: a["code"] if a["code"] and codes.count(a["code"]) == 1 else f"A{i}"
        for i, a in enumerate(scores["actor_averages"], start=1)
    }


def scores_table(result: Scores, width: int = TABLE_WIDTH) -> str:
    """The compliance matrix, actors as columns keyed by a legend below."""
    averages = result["actor_averages"]
    keys = actor_keys(result)
    rows = [
        {
            "id": r["id"],
            **{n: signed(v) for n, v in r["scores"].items()},
            "average": average(r["average"]),
            "percent": percent(r["percent"]),
        }
        for r in result["commitments"]
    ]
    rows.append(
        {
            "id": "AVERAGE",
            **{a["actor"]: average(a["average"]) for a in averages},
            "average": average(result["overall"]["average"]),
            "percent": percent(result["overall"]["percent"]),
        }
    )
    rows.append({"id": "%", **{a["actor"]: percent(a["percent"]) for a in averages}})
    columns = [Column("id", "COMMITMENT")]
    columns += [Column(name, keys[name]) for name in result["actors"]]
    columns += [Column("average", "AVG"), Column("percent", "%")]
    legend = [f"{keys[name]} = {name}" for name in result["actors"]]
    return to_table(rows, columns, width) + "\n" + "\n".join(legend) + "\n"


def scores_csv(result: Scores, *, plain: bool = False) -> str:
    """The compliance matrix as CSV, with rows for the averages per actor."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer, plain=plain)
    actors = result["actors"]
    writer.row(["commitment", "title", *actors, "average", "percent"])
    for row in result["commitments"]:
        scores = [row["scores"].get(name, "") for name in actors]
        writer.row([row["id"], row["title"], *scores, row["average"], row["percent"]])
    by_actor = {a["actor"]: a for a in result["actor_averages"]}
    overall = result["overall"]
    writer.row(["average", "", *(by_actor[n]["average"] for n in actors), overall["average"], ""])
    writer.row(["percent", "", *(by_actor[n]["percent"] for n in actors), "", overall["percent"]])
    return buffer.getvalue()
