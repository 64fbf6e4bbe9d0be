"""What `tracker list`, `show`, `scores` and `follow-up list` print, given their options parsed.

The Click layer (tracker.cli) and the fast lane (tracker.lane) both run
these, so the two cannot print differently. Free of Click; the checks that
options go together are the Click layer's.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tracker import console, output
from tracker.settings import Settings, moment


def list_commitments(
    settings: Settings,
    *,
    excluded: bool = False,
    restated: bool = False,
    fmt: str = "table",
    plain_csv: bool = False,
    wide: bool = False,
    type_: str | None = None,
    due_before: Any = None,
    limit: int | None = None,
    columns: Sequence[str] = (),
    as_of_day: Any = None,
    known_at: Any = None,
    **filters: Any,
) -> None:
    """`tracker list`: ``filters`` are the other fields of tracker.reads.Filters, and --assessed."""
    due = due_before.date() if due_before else None
    shown = output.commitment_columns(list(columns))
    links = fmt != "table" or any(c.key in output.LINK_FIELDS for c in shown)
    assessed = filters.get("assessed")

    def listed(records: Sequence[Any], columns_of: Sequence[Any]) -> None:
        rendered = output.render(
            records, fmt, columns_of, plain=plain_csv, width=console.width(wide)
        )
        console.out_text(rendered) if fmt == "table" else console.out(rendered)

    def commitments(records: Iterable[Mapping[str, Any]], shown: Sequence[Any]) -> None:
        records = map(output.commitment_as_given, records)
        if fmt == "table":  # its column widths need every row first
            console.out_text(output.to_table(list(records), shown, console.width(wide)))
        else:  # streamed, so that a listing of any length fits in memory
            output.write_records(
                records,
                fmt,
                shown if columns or assessed else output.COMMITMENT_CSV_COLUMNS,
                sys.stdout,
                plain=plain_csv,
                pick=bool(columns),
            )

    from tracker import reads

    chosen = reads.Filters(type=type_, due_before=due, **filters)
    if restated:
        links_found = settings.read(
            as_of_day, known_at,
            lambda reader: reads.restated_among(reader, chosen, limit),
            lambda queries, session, then: queries.list_restated(session, chosen, limit, then),
        )  # fmt: skip
        listed(links_found, output.RESTATED_COLUMNS)
        return
    if as_of_day or known_at:
        # Time travel is read through SQLAlchemy (README, "Speed"): rarer, and
        # each status is worked out from the follow-ups in Python.
        from tracker import db, queries

        with db.transaction(settings.engine()) as session:
            records: Iterable[Mapping[str, Any]] = queries.iter_commitments(
                session, chosen, limit, links=links, moment=moment(as_of_day, known_at),
            )  # fmt: skip
            if assessed:
                records = queries.with_member(session, records, assessed)
                shown = output.MEMBER_COLUMNS
            commitments(records, shown)
        return
    with settings.reader() as reader:
        if excluded:
            listed(reads.excluded(reader, filters.get("statement"), filters.get("search"), limit),
                   output.EXCLUDED_COLUMNS)  # fmt: skip
            return
        records = reads.commitments(reader, chosen, limit, links=links)
        if assessed:
            records = reads.with_member(reader, records, assessed)
            shown = output.MEMBER_COLUMNS
        commitments(records, shown)


def show(
    settings: Settings,
    commitment_id: str,
    *,
    as_of_day: Any = None,
    known_at: Any = None,
    fmt: str = "text",
) -> None:
    """`tracker show ID`."""
    from tracker import reads

    record = settings.read(
        as_of_day,
        known_at,
        lambda reader: reads.commitment_detail(reader, commitment_id),
        lambda queries, session, at: queries.show_commitment(session, commitment_id, at),
    )
    if fmt == "json":
        console.out(output.to_json(record))
    else:
        console.out_text(
            output.commitment_text(record)
            + "\n"
            + output.members_text(record["history"])
            + output.history_text(record["history"], sources=record["sources"])
            + output.repeats_text(record)
        )


def scores(
    settings: Settings,
    *,
    statement: str | None = None,
    as_of_day: Any = None,
    known_at: Any = None,
    fmt: str = "table",
    plain_csv: bool = False,
    wide: bool = False,
) -> None:
    """`tracker scores`."""
    from tracker import reads

    result = settings.read(
        as_of_day,
        known_at,
        lambda reader: reads.compliance_scores(reader, statement),
        lambda queries, session, at: queries.compliance_scores(session, statement, at),
    )
    if fmt == "json":
        console.out(output.to_json(result))
    elif fmt == "csv":
        console.out(output.scores_csv(result, plain=plain_csv))
    elif result["commitments"]:
        console.out_text(output.scores_table(result, console.width(wide)))
    else:
        console.err(
            "no scored follow-ups yet; record one with"
            " `tracker follow-up add ID --actor NAME --score N ...`"
        )


def follow_ups(
    settings: Settings,
    commitment_id: str | None = None,
    *,
    since: Any = None,
    limit: int | None = None,
    fmt: str = "table",
    plain_csv: bool = False,
    wide: bool = False,
    **filters: Any,
) -> None:
    """`tracker follow-up list`: ``filters`` are --actor, --assessor and --status."""
    from tracker import reads

    with settings.reader() as reader:
        conditions = reads.follow_up_conditions(
            reader, commitment_id, since.date() if since else None, **filters
        )
        history = reads.follow_ups(reader, conditions, limit=limit)
        if fmt == "table":  # its column widths need every row first
            rows = output.with_corrections(list(history))
            sources = reads.sources(reader, {u for row in rows for u in row["sources"]})
            rows = output.with_sources(rows, {source["url"]: source for source in sources})
            console.out_text(output.to_table(rows, output.FOLLOW_UP_COLUMNS, console.width(wide)))
        else:  # streamed, so that a history of any length fits in memory
            output.write_records(
                map(output.as_given, history),
                fmt,
                output.FOLLOW_UP_CSV_COLUMNS,
                sys.stdout,
                plain=plain_csv,
            )
