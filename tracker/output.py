"""Render records (tracker.records) as a table, JSON or CSV.

`tracker list` and shell completion import this module on every run, so it
imports what a table needs and no more: the csv and json modules, textwrap
and tracker.values come with the formats and texts that use them (see
tests/test_read_path.py).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from tracker import status as status_rule
from tracker.text import defuse_formula

if TYPE_CHECKING:
    from tracker.records import (
        CommitmentDetail,
        ExportRecord,
        FollowUpRecord,
        Scores,
        SourceRecord,
    )

# Text (`tracker show`) wraps at this width when no terminal says otherwise.
TABLE_WIDTH = 80
# Between the items of a list in one CSV or table cell.
LIST_SEPARATOR = "; "


def _urls_cell(urls: Iterable[str] | None) -> str:
    """URLs in one CSV cell, space-separated as `follow-up import` reads them.

    Not LIST_SEPARATOR: a URL may hold "; ".
    """
    return " ".join(urls or [])


def _plain(value: Any) -> str:
    return "" if value is None else str(value)


class Column(NamedTuple):
    key: str
    header: str
    # How a value shows in a table or CSV cell (lists are joined).
    cell: Callable[[Any], str] = _plain
    flexible: bool = False  # shortened to keep the table within its width


def table_width(stream: IO[str], *, wide: bool = False) -> int | None:
    """How wide a table printed on ``stream`` may be; None for no limit.

    ``wide`` never limits it. Else $COLUMNS when set, else the terminal's
    width; a pipe or a file has no width, so a table written to one is whole.
    """
    if wide:
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    try:
        return os.get_terminal_size(stream.fileno()).columns if stream.isatty() else None
    except (OSError, ValueError):  # a stream without a file descriptor (tests, StringIO)
        return None


def joined(items: Iterable[Any]) -> str:
    return LIST_SEPARATOR.join(map(str, items or []))


def actor_label(actor: Mapping[str, Any]) -> str:
    return f"{actor['name']} ({actor['role']})"


def region_label(region: Mapping[str, Any]) -> str:
    return (
        region["name"]
        + (f" [{region['code']}]" if region["code"] else "")
        + (f", in {region['parent']}" if region["parent"] else "")
    )


def catalyst_label(catalyst: Mapping[str, Any]) -> str:
    return f"{catalyst['kind']}: {catalyst['text']}"


def _labels(label: Callable[[Mapping[str, Any]], str]) -> Callable[[Any], str]:
    return lambda items: joined(label(item) for item in items or [])


def signed(score: int | None) -> str:
    """A compliance score as people write it: +1, 0, -1."""
    return "" if score is None else f"{score:+d}" if score else "0"


def average(value: float | None) -> str:
    return "" if value is None else f"{value:+.2f}"


def percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


# Every field of a commitment as `tracker list` gives it, in the order of its
# JSON: the names `--columns` takes, and the columns of its CSV.
COMMITMENT_FIELDS = {
    c.key: c
    for c in [
        Column("id", "ID"),
        Column("statement", "STATEMENT"),
        Column("paragraph", "PARA"),
        Column("sentence", "SENT"),
        Column("offsets", "OFFSETS", joined),
        Column("text", "TEXT", flexible=True),
        Column("title", "TITLE", flexible=True),
        Column("type", "TYPE"),
        Column("binding", "BINDING"),
        Column("theme", "THEME"),
        Column("deadline", "DEADLINE"),
        Column("actors", "ACTORS", _labels(actor_label), flexible=True),
        Column("regions", "REGIONS", _labels(region_label), flexible=True),
        Column("catalysts", "CATALYSTS", _labels(catalyst_label), flexible=True),
        Column("note", "NOTE", flexible=True),
        Column("status", "STATUS"),
        Column("as_of", "AS OF"),
        Column("last_follow_up_on", "LAST FOLLOW-UP"),
        Column("latest_note", "LATEST NOTE", flexible=True),
    ]
}
# The fields a commitment record has only when its links were read.
LINK_FIELDS = ("actors", "regions", "catalysts")
COMMITMENT_COLUMNS = [COMMITMENT_FIELDS[k] for k in ("id", "status", "theme", "title")]
COMMITMENT_CSV_COLUMNS = list(COMMITMENT_FIELDS.values())


def commitment_columns(names: Sequence[str] = ()) -> list[Column]:
    """The columns of COMMITMENT_FIELDS named, in that order; the default ones for none."""
    return [COMMITMENT_FIELDS[name] for name in dict.fromkeys(names)] or COMMITMENT_COLUMNS


# `tracker list --assessed MEMBER`: the member's newest assessment beside each.
MEMBER_COLUMNS = [
    Column("id", "ID"),
    Column("member_status", "MEMBER STATUS"),
    Column("member_score", "SCORE", signed),
    Column("member_as_of", "AS OF"),
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
    Column("cited", "SOURCES", flexible=True),
]
# Every field of a follow-up as `tracker follow-up list` gives it; the sources
# space-separated, as `follow-up import` reads them (a URL may hold "; ").
FOLLOW_UP_CSV_COLUMNS = [
    *(Column(key, key) for key in ("id", "commitment", "actor", "status", "score", "as_of")),
    Column("sources", "sources", _urls_cell),
    *(Column(key, key) for key in ("note", "assessor", "recorded_at", "corrects", "corrected_by")),
    Column("kind", "kind"),
]
SOURCE_COLUMNS = [
    Column("url", "URL", flexible=True),
    Column("title", "TITLE", flexible=True),
    Column("publisher", "PUBLISHER", flexible=True),
    Column("published", "PUBLISHED"),
    Column("cited_by", "CITED"),
]
SOURCE_CSV_COLUMNS = [
    Column(key, key)
    for key in (
        "url", "title", "publisher", "published", "consulted_on", "archived_url", "file",
        "sha256", "cited_by",
    )
]  # fmt: skip


def as_given(record: FollowUpRecord) -> dict[str, Any]:
    """A follow-up as printed: its as-of date as precise as its evidence (2019-10)."""
    from tracker.values import shown_date

    shown: dict[str, Any] = dict(record)
    shown["as_of"] = shown_date(record["as_of"], shown.pop("as_of_precision"))
    return shown


def commitment_as_given(record: Mapping[str, Any]) -> dict[str, Any]:
    """A commitment (of `list`, `show` or `export`) as printed: the dates of its status as
    precise as their evidence (2019-10), the precisions no longer beside them."""
    shown = dict(record)
    for key, precision in (("as_of", "as_of_precision"),
                           ("last_follow_up_on", "last_follow_up_precision")):  # fmt: skip
        if precision in shown:
            day, given = shown[key], shown.pop(precision)
            if day and given not in (None, "day"):  # a day prints as it is, without values
                from tracker.values import shown_date

                shown[key] = shown_date(day, given)
    return shown


def cited(url: str, sources: Mapping[str, SourceRecord]) -> str:
    """A source as a reviewer reads it: title, publisher and date, then the URL."""
    known = sources.get(url)
    if not known or not (known["title"] or known["publisher"]):
        return url
    described = ", ".join(
        part for part in (known["title"], known["publisher"], known["published"]) if part
    )
    return f"{described}: {url}"


# `tracker export` as CSV: a row per follow-up, or per commitment without one.
EXPORT_CSV_COLUMNS = [
    Column("commitment", "commitment"),
    Column("title", "title"),
    Column("current_status", "current_status"),
    Column("current_as_of", "current_as_of"),
    *(c for c in FOLLOW_UP_CSV_COLUMNS if c.key not in ("commitment", "corrected_by")),
]


def change_text(change: Mapping[str, Any]) -> str:
    """What one change of `tracker changes` did, in a few words."""
    moved = f"{change['from_status']} → {change['to_status']}"
    if change["change"] == "score":
        return f"{change['actor']} scored {signed(change['score'])} ({change['to_status']})"
    if change["change"] == "correction":
        return f"corrects #{change['corrects']}" + (
            f": {moved}" if change["from_status"] != change["to_status"] else ""
        )
    if change["change"] == "source":
        return "new evidence: " + LIST_SEPARATOR.join(change["new_sources"])
    if change["change"] == "context":
        return "context" + (
            ", new evidence: " + LIST_SEPARATOR.join(change["new_sources"])
            if change["new_sources"]
            else ""
        )
    return moved


CHANGE_COLUMNS = [
    Column("commitment", "COMMITMENT"),
    Column("as_of", "AS OF"),
    Column("change", "CHANGE"),
    Column("what", "WHAT", flexible=True),
    Column("note", "NOTE", flexible=True),
]
# Every field of a change; the sources space-separated, as in follow-up CSV.
CHANGE_CSV_COLUMNS = [
    *(Column(key, key) for key in ("commitment", "follow_up", "as_of", "change", "actor",
                                   "from_status", "to_status", "score", "corrects", "note",
                                   "assessor")),
    Column("sources", "sources", _urls_cell),
    Column("new_sources", "new_sources", _urls_cell),
    Column("recorded_at", "recorded_at"),
]  # fmt: skip


def with_what(changes: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{**change, "what": change_text(change)} for change in changes]


def changes_markdown(changes: Sequence[Mapping[str, Any]], since: Any, until: Any) -> str:
    """A briefing's "since our last report" section."""
    heading = f"## Changes from {since} to {until}"
    if not changes:
        return (
            f"{heading}\n\nNo status changed; no score, correction, context or new source"
            " was recorded.\n"
        )
    rows = [
        [c["commitment"], c["as_of"], c["change"], change_text(c), c["note"] or "",
         c["assessor"] or ""]
        for c in changes
    ]  # fmt: skip
    header = ["Commitment", "As of", "Change", "What", "Note", "Assessor"]
    return f"{heading}\n\n{markdown_table(header, rows)}\n"


STATUS_COLUMNS = [Column("status", "STATUS"), Column("meaning", "MEANING", flexible=True)]
ACTOR_COLUMNS = [
    Column("name", "NAME", flexible=True),
    Column("kind", "KIND"),
    Column("country_code", "COUNTRY"),
    Column("aliases", "ALIASES", lambda a: "; ".join(a or []), flexible=True),
]


def with_sources(
    rows: Iterable[dict[str, Any]], sources: Mapping[str, SourceRecord]
) -> list[dict[str, Any]]:
    """Rows of ``with_corrections`` with a `cited` cell: each source by title and
    publisher, or by its URL when it has neither."""
    return [
        {**row, "cited": "; ".join(_named(url, sources) for url in row["sources"])}
        for row in rows
    ]


def _named(url: str, sources: Mapping[str, SourceRecord]) -> str:
    known = sources.get(url)
    if not known or not (known["title"] or known["publisher"]):
        return url
    return " / ".join(part for part in (known["title"], known["publisher"]) if part)


def with_corrections(history: Iterable[FollowUpRecord]) -> list[dict[str, Any]]:
    """Follow-up records with a `correction` cell saying what corrects what."""
    return [
        {
            **as_given(record),
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
    import json

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
        import csv

        self.stream = stream
        self.plain = plain
        self._writer = csv.writer(stream, lineterminator="\n")

    def row(self, cells: Iterable[Any]) -> None:
        if not self.plain:
            cells = [defuse_formula(c) if isinstance(c, str) else c for c in cells]
        else:
            cells = list(cells)
        if any(isinstance(c, str) and "\r" in c for c in cells):
            import csv

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
    pick: bool = False,
) -> None:
    """JSON or CSV, written as records come, without holding them all.

    CSV has the ``columns``; JSON the whole of each record, or with ``pick``
    only the keys of the columns.
    """
    if fmt == "json":
        keys = [c.key for c in columns]
        picked = ({k: r.get(k) for k in keys} for r in records)
        _write_json_array(picked if pick else records, stream)
        return
    writer = CsvWriter(stream, plain=plain)
    writer.row(c.key for c in columns)
    for record in records:
        writer.row(c.cell(record.get(c.key)) for c in columns)


def _write_json_array(items: Iterable[Any], stream: IO[str]) -> None:
    """What to_json gives for a list of the items, without holding them all."""
    import json

    count = 0
    for count, item in enumerate(items, start=1):
        body = json.dumps(item, indent=2, ensure_ascii=False, default=_json_default)
        stream.write(("[" if count == 1 else ",") + "\n  " + body.replace("\n", "\n  "))
    stream.write("\n]\n" if count else "[]\n")


def to_table(
    records: Sequence[Mapping[str, Any]], columns: Sequence[Column], width: int | None = None
) -> str:
    """Records as a table at most ``width`` characters wide (None: as wide as they need).

    Only flexible columns are shortened, never below their header or 8
    characters. A shortened cell ends in "…"; rows that would then read
    alike keep the ends of the cell they differ in ("Government of…North",
    "Government of…South"), and where even that cannot tell them apart the
    column stays wider.
    """
    cells = [[" ".join(c.cell(r.get(c.key)).split()) for c in columns] for r in records]
    widths = [max([len(c.header), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    flexible = [i for i, c in enumerate(columns) if c.flexible]
    # Narrow the widest flexible column, one character at a time, until it fits.
    while width is not None and flexible and sum(widths) + 2 * (len(columns) - 1) > width:
        widest = max(flexible, key=lambda i: widths[i] - len(columns[i].header))
        if widths[widest] <= max(len(columns[widest].header), 8):
            break
        widths[widest] -= 1
    shown = _shown_cells(cells, widths)
    lines = [[c.header for c in columns], ["-" * w for w in widths], *shown]
    return "".join(
        "  ".join(cell.ljust(w) for cell, w in zip(line, widths, strict=True)).rstrip() + "\n"
        for line in lines
    )


def _shown_cells(cells: list[list[str]], widths: list[int]) -> list[list[str]]:
    """The cells cut to their column's width, rows that differ still differing.

    Rows that would read alike keep the ends of the cell they differ in;
    where that cannot tell them apart either, that column grows.
    """
    while True:
        shown = [[_fit(cell, w) for cell, w in zip(row, widths, strict=True)] for row in cells]
        for rows, column in _clashes(cells, shown):
            forms = _ends({cells[n][column] for n in rows}, widths[column])
            for n in rows:
                shown[n][column] = forms.get(cells[n][column], shown[n][column])
        clash = next(_clashes(cells, shown), None)
        if clash is None:
            return shown
        widths[clash[1]] += 1


def _clashes(cells: list[list[str]], shown: list[list[str]]) -> Iterator[tuple[list[int], int]]:
    """Rows shown alike whose cells differ, and the first column they differ in."""
    alike: dict[tuple[str, ...], list[int]] = {}
    for n, row in enumerate(shown):
        alike.setdefault(tuple(row), []).append(n)
    for rows in alike.values():
        for column in range(len(cells[rows[0]])):
            if len({cells[n][column] for n in rows}) > 1:
                yield rows, column
                break


def _ends(values: set[str], width: int) -> dict[str, str]:
    """Each value as its start, "…" and the shortest end that tells them apart, if any."""
    for tail in range(1, width - 1):
        forms = {v: v[: width - 1 - tail] + "…" + v[-tail:] for v in values}
        if len(set(forms.values())) == len(values):
            return forms
    return {}


def _fit(cell: str, width: int) -> str:
    return cell if len(cell) <= width else cell[: width - 1] + "…"


def render(
    records: Sequence[Mapping[str, Any]],
    fmt: str,
    columns: Sequence[Column],
    *,
    plain: bool = False,
    width: int | None = None,
) -> str:
    """Records as a table ``width`` wide, or as the JSON or CSV write_records streams."""
    if fmt == "table":
        return to_table(records, columns, width)
    buffer = io.StringIO()
    write_records(records, fmt, columns, buffer, plain=plain)
    return buffer.getvalue()


def commitment_text(record: CommitmentDetail, width: int = TABLE_WIDTH) -> str:
    """A commitment as ``tracker show`` prints it, the quote marked [[ ]]."""
    import textwrap

    def field(label: str, value: Any) -> str:
        return textwrap.fill(
            str(value),
            width=width,
            initial_indent=f"{label + ':':<11}",
            subsequent_indent=" " * 11,
            break_on_hyphens=False,
        )

    actors = joined(map(actor_label, record["actors"]))
    regions = joined(map(region_label, record["regions"]))
    catalysts = joined(map(catalyst_label, record["catalysts"]))
    start, end = record["quote_in_paragraph"]
    paragraph = record["paragraph_text"]
    marked = f"{paragraph[:start]}[[{paragraph[start:end]}]]{paragraph[end:]}"
    as_of = commitment_as_given(record)["as_of"]
    status = record["status"] + (f" (as of {as_of})" if as_of else "")
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


def members_text(history: Sequence[FollowUpRecord], width: int = TABLE_WIDTH) -> str:
    """The per-member table of ``tracker show``: each member's newest assessment."""
    from tracker.values import shown_date

    newest = status_rule.newest_per_member(history)
    if not newest:
        return ""
    rows = [
        {
            "member": member,
            "status": f["status"],
            "score": f["score"],
            "as_of": shown_date(f["as_of"], f["as_of_precision"]),
            "sources": " ".join(f["sources"]),
        }
        for member, f in newest.items()
    ]
    columns = [
        Column("member", "MEMBER", flexible=True),
        Column("status", "STATUS"),
        Column("score", "SCORE", signed),
        Column("as_of", "AS OF"),
        Column("sources", "SOURCES", flexible=True),
    ]
    return "Members, each by its newest assessment:\n\n" + to_table(rows, columns, width) + "\n"


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


def history_text(
    history: Sequence[FollowUpRecord],
    width: int = TABLE_WIDTH,
    sources: Mapping[str, SourceRecord] | None = None,
) -> str:
    """Follow-ups as ``tracker show`` lists them under the commitment; context apart."""
    if not history:
        return "History: no follow-ups yet.\n"
    assessments = [f for f in history if f["kind"] != status_rule.CONTEXT]
    context = [f for f in history if f["kind"] == status_rule.CONTEXT]
    text = _follow_ups_text("History, oldest first:", assessments, width, sources or {})
    if context:
        text += "\n" + _follow_ups_text(
            "Context (what the statement responded to; sets no status):",
            context,
            width,
            sources or {},
        )
    return text


def _follow_ups_text(
    title: str,
    history: Sequence[FollowUpRecord],
    width: int,
    sources: Mapping[str, SourceRecord],
) -> str:
    import textwrap

    if not history:
        return f"{title} none.\n"
    lines = [title]
    for record in with_corrections(history):
        score = signed(record["score"])
        head = "  ".join(
            part
            for part in (
                f"#{record['id']}",
                record["as_of"],
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
            *(cited(url, sources) for url in record["sources"]),
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
    records: Iterable[ExportRecord],
    fmt: str,
    stream: IO[str],
    *,
    plain: bool = False,
    first: Iterable[Mapping[str, Any]] = (),
) -> None:
    """Write `tracker export` records as they come, without holding them all.

    JSON puts ``first`` (the actors and sources) before the commitments, so
    that an import recreates them before the follow-ups that name them.
    """
    printed = (
        commitment_as_given(record) | {"follow_ups": [as_given(f) for f in record["follow_ups"]]}
        for record in records
    )
    if fmt == "json":
        _write_json_array(itertools.chain(first, printed), stream)
        return
    writer = CsvWriter(stream, plain=plain)
    writer.row(c.key for c in EXPORT_CSV_COLUMNS)
    for record in printed:
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
    """Short column headers for the actors, each telling its actor apart."""
    return short_names([(a["actor"], a["code"]) for a in scores["actor_averages"]])


# Words an actor's initials leave out: "Government of Iraq" is GI, not GOI.
_SMALL_WORDS = {"of", "the", "and", "for", "to", "in", "on", "de", "la", "des", "du"}


def short_names(actors: Sequence[tuple[str, str | None]]) -> dict[str, str]:
    """A short name per actor that a reader can take for it.

    Its country code where that is its own; else a name of up to 10
    characters as it is (INTERPOL); else the initials of its words
    ("European Union" is EU). A short name two actors would share gets a
    number after it.
    """
    codes = [code for _, code in actors]
    wanted = {}
    for name, code in actors:
        if code and codes.count(code) == 1:
            wanted[name] = code
        elif len(name) <= 10:
            wanted[name] = name
        else:
            words = [w for w in name.replace("-", " ").split() if w.lower() not in _SMALL_WORDS]
            wanted[name] = "".join(w[0].upper() for w in words if w[0].isalnum()) or name[:10]
    taken = list(wanted.values())
    counted: dict[str, int] = {}
    keys = {}
    for name, key in wanted.items():
        if taken.count(key) > 1:
            counted[key] = counted.get(key, 0) + 1
            key = f"{key}{counted[key]}"
        keys[name] = key
    return keys


def scores_table(result: Scores, width: int | None = None) -> str:
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


def source_text(record: SourceRecord) -> str:
    """A source as ``tracker source show`` prints it."""
    labels = {
        "url": "URL", "title": "Title", "publisher": "Publisher", "published": "Published",
        "consulted_on": "Consulted", "archived_url": "Archived", "file": "File",
        "sha256": "SHA-256", "cited_by": "Cited by",
    }  # fmt: skip
    return "".join(
        f"{label + ':':<11}{record[key] if record[key] is not None else '-'}\n"  # type: ignore[literal-required]
        for key, label in labels.items()
    )


def markdown_table(header: list[str], rows: list[list[Any]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(markdown(cell) for cell in line) + " |" for line in lines)


def markdown(value: Any) -> str:
    """A value as Markdown text: one line, no markup, no HTML."""
    if isinstance(value, Markdown):
        return value
    text = " ".join(str(value).split())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return "".join("\\" + c if c in "\\`*_[]|~#" else c for c in text)


class Markdown(str):
    """Text already written as Markdown, not to be escaped again."""
