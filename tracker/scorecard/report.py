"""The scorecard `tracker report` writes: one self-contained HTML page, or Markdown.

Every number is read through tracker.queries in one transaction, so the
report shows what `tracker list` and `tracker scores` print for the same
database at the same moment. Overdue and stale mean what `tracker list
--overdue` and `--stale STALE_DAYS` mean, and the report says so.

The HTML page loads nothing: its style and charts are inline, and the only
links are evidence anchors, which are emitted only for http and https URLs.
Jinja escapes every value in it; the Markdown escapes its own cells.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy.orm import Session

from tracker import __version__, queries, values, vocab
from tracker import status as status_rule
from tracker.clock import utcnow
from tracker.db import sqlite_path
from tracker.output import (
    Markdown,
    actor_keys,
    as_given,
    average,
    change_text,
    changes_markdown,
    commitment_as_given,
    percent,
    signed,
)
from tracker.output import markdown as _md
from tracker.output import markdown_table as _md_table
from tracker.records import (
    ChangeRecord,
    CommitmentRecord,
    EvidencedCommitment,
    FollowUpRecord,
    Scores,
    SourceRecord,
    StatementHeader,
)
from tracker.scorecard import charts
from tracker.scorecard.charts import Bar, words

# A commitment with no follow-up for this many days needs attention, unless
# `tracker report --stale DAYS` says otherwise.
STALE_DAYS = 180
# Follow-ups listed under the timeline, newest first.
LATEST = 15


@dataclass(frozen=True)
class Breakdown:
    """Commitments by status, grouped one way (by theme, region or role)."""

    key: str
    title: str
    counting: str  # how a commitment is counted, for the reader
    bars: list[Bar]


@dataclass(frozen=True)
class Scorecard:
    """Everything the report shows, read at one moment."""

    produced_at: dt.datetime
    database: str
    statements: list[StatementHeader]
    commitments: list[EvidencedCommitment]
    totals: dict[str, int]  # commitments per status, every status
    breakdowns: list[Breakdown]
    follow_ups: list[FollowUpRecord]  # oldest first, as `tracker follow-up list`
    scores: Scores  # as `tracker scores`
    attention: list[dict[str, Any]]  # a commitment and why it needs attention
    headline: dict[str, int]
    members: list[dict[str, Any]]  # each member's own current status per commitment
    sources: dict[str, SourceRecord] = field(default_factory=dict)  # what is known, by URL
    stale_days: int = STALE_DAYS
    since: dt.date | None = None  # with --since: what changed since then, as `tracker changes`
    changes: list[ChangeRecord] = field(default_factory=list)
    moment: queries.Moment = queries.NOW  # --as-of, --known-at: the tracker as it was then

    @property
    def seen(self) -> str:
        """What moment the report shows, in words."""
        parts = []
        if self.moment.as_of is not None:
            parts.append(f"as it stood on {self.moment.as_of} (follow-ups dated by then)")
        if self.moment.known_at is not None:
            parts.append(f"as the database knew it at {self.moment.known_at} UTC")
        return " and ".join(parts) or "as the database was at that moment"

    @property
    def title(self) -> str:
        if len(self.statements) == 1:
            return self.statements[0]["title"]
        return f"{len(self.statements)} statements"

    @property
    def by_paragraph(self) -> list[tuple[str, int, list[dict[str, Any]]]]:
        """The commitments in reading order, as (statement, paragraph, commitments), their
        dates as given."""
        return [
            (statement, paragraph, list(map(commitment_as_given, group)))
            for (statement, paragraph), group in itertools.groupby(
                self.commitments, key=lambda r: (r["statement"], r["paragraph"])
            )
        ]

    @property
    def timeline(self) -> list[charts.Event]:
        """The follow-ups the timeline plots: those no later one corrects."""
        return [
            charts.Event(f["as_of"], f["status"], _event_text(f))
            for f in self.assessments
            if f["corrected_by"] is None
        ]

    @property
    def assessments(self) -> list[FollowUpRecord]:
        return [f for f in self.follow_ups if f["kind"] != status_rule.CONTEXT]

    @property
    def context(self) -> list[dict[str, Any]]:
        """What the statements responded to, shown apart: it sets no status."""
        return [as_given(f) for f in self.follow_ups if f["kind"] == status_rule.CONTEXT]

    @property
    def latest(self) -> list[dict[str, Any]]:
        return [as_given(f) for f in self.assessments[::-1][:LATEST]]

    def label(self, url: str) -> str:
        """A source as the page names it: its title and publisher when known."""
        known = self.sources.get(url)
        if known and (known["title"] or known["publisher"]):
            parts = (known["title"], known["publisher"], known["published"])
            return ", ".join(part for part in parts if part)
        return link_text(url)

    @property
    def attention_counts(self) -> Counter[str]:
        """How many commitments are overdue, stale and not assessed."""
        return Counter(key for item in self.attention for key, _ in item["reasons"])

    @property
    def marks(self) -> list[tuple[dt.date, str]]:
        """The days the statements were issued, to mark on the timeline."""
        return [(s["date"], s["code"]) for s in self.statements]

    @property
    def totals_bar(self) -> Bar:
        return Bar("all", "All commitments", self.totals)


def render(
    session: Session,
    statement: str | None,
    fmt: str,
    stale_days: int = STALE_DAYS,
    since: dt.date | None = None,
    moment: queries.Moment = queries.NOW,
) -> str:
    """The scorecard of one statement (by code), or of all, as "html" or "md".

    With ``since``, it has a section of what changed from then to today (or
    to the ``moment``'s day); at a ``moment``, everything as it was then.
    """
    card = gather(session, statement, stale_days, since, moment)
    if fmt == "html":
        return to_html(card)
    if fmt == "md":
        return to_markdown(card)
    raise ValueError(f"no report format {fmt!r}")


def database_name(session: Session) -> str:
    """The database by name alone: the report may be sent on, a path or a host not with it."""
    url = session.get_bind().engine.url
    path = sqlite_path(url)
    if path is not None:
        return path.name
    return f"{url.database} ({url.get_backend_name()})" if url.database else "memory"


def gather(
    session: Session,
    statement: str | None,
    stale_days: int = STALE_DAYS,
    since: dt.date | None = None,
    moment: queries.Moment = queries.NOW,
) -> Scorecard:
    _one_snapshot(session)
    produced_at = utcnow()
    statements = queries.statement_headers(session, statement)
    evidence = queries.current_sources(session, statement, moment)
    records: list[EvidencedCommitment] = [
        {**r, "evidence": evidence.get(r["id"], []), "members": []}
        for r in queries.list_commitments(
            session, queries.Filters(statement=statement), moment=moment
        )
    ]
    overdue = _ids(session, queries.Filters(statement=statement, overdue=True), moment)
    stale = _ids(session, queries.Filters(statement=statement, stale=stale_days), moment)
    follow_ups = queries.follow_up_history(session, statement=statement, moment=moment)
    members: dict[str, list[FollowUpRecord]] = {}
    for f in follow_ups:
        members.setdefault(f["commitment"], []).append(f)
    for r in records:
        r["members"] = [
            f"{name} ({signed(f['score'])})" if f["score"] is not None else name
            for name, f in status_rule.newest_per_member(members.get(r["id"], [])).items()
        ]
    totals = Counter(r["status"] for r in records)
    return Scorecard(
        produced_at=produced_at,
        database=database_name(session),
        statements=statements,
        commitments=records,
        totals={status: totals[status] for status in vocab.STATUSES},
        breakdowns=[
            _by_theme(records),
            _by_region(session, statement, records),
            _by_role(records),
        ],
        follow_ups=follow_ups,
        scores=queries.compliance_scores(session, statement, moment),
        attention=_attention(records, overdue, stale),
        headline={
            "commitments": len(records),
            "assessed": len(records) - totals["not_assessed"],
            "achieved": totals["achieved"],
            "overdue": len(overdue),
            "stale": len(stale),
            "follow_ups": len(follow_ups),
        },
        members=queries.member_statuses(session, statement, moment),
        stale_days=stale_days,
        since=since,
        changes=queries.changes(session, since, moment.today(), statement) if since else [],
        moment=moment,
        sources={s["url"]: s for s in queries.list_sources(session)},
    )


def _one_snapshot(session: Session) -> None:
    # PostgreSQL's default isolation gives each query its own snapshot; the
    # report makes several, and they must agree. SQLite's transactions
    # already read one snapshot throughout.
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


def statuses_in(bars: list[Bar]) -> list[str]:
    """The statuses some bar has, in vocabulary order: what a legend lists."""
    return [s for s in vocab.STATUSES if any(bar.counts.get(s) for bar in bars)]


def _ids(session: Session, filters: queries.Filters, moment: queries.Moment) -> set[str]:
    if moment:
        return {r["id"] for r in queries.iter_commitments(session, filters, links=False,
                                                          moment=moment)}  # fmt: skip
    return set(queries.commitment_ids(session, filters))


def _bar(key: str, label: str, records: Sequence[CommitmentRecord]) -> Bar:
    return Bar(key, label, dict(Counter(r["status"] for r in records)))


def _largest_first(bars: list[Bar]) -> list[Bar]:
    return sorted(bars, key=lambda bar: -bar.total)


def _by_theme(records: Sequence[CommitmentRecord]) -> Breakdown:
    bars = [
        _bar(theme, words(theme), [r for r in records if r["theme"] == theme])
        for theme in vocab.THEMES
    ]
    return Breakdown(
        "theme",
        "Status by theme",
        "Each commitment has one theme.",
        _largest_first([bar for bar in bars if bar.total]),
    )


def _by_region(
    session: Session, statement: str | None, records: Sequence[CommitmentRecord]
) -> Breakdown:
    parents = {region["name"]: region["parent"] for r in records for region in r["regions"]}
    by_id = {r["id"]: r for r in records}
    bars = []
    for name, parent in parents.items():
        # Exactly `tracker list --region NAME`: places within it count too.
        ids = queries.commitment_ids(session, queries.Filters(statement=statement, region=name))
        within = [by_id[i] for i in ids]
        bars.append(_bar(name, f"{name} (in {parent})" if parent in parents else name, within))
    bars = _largest_first(bars)
    nowhere = [r for r in records if not r["regions"]]
    if nowhere:
        bars.append(_bar("", "No place named", nowhere))
    return Breakdown(
        "region",
        "Status by region",
        "A place counts the commitments that name it or a place within it, as"
        " tracker list --region does, so a commitment naming two places counts under both.",
        bars,
    )


def _by_role(records: Sequence[CommitmentRecord]) -> Breakdown:
    bars = [
        _bar(role, words(role), [r for r in records if any(a["role"] == role for a in r["actors"])])
        for role in vocab.ACTOR_ROLES
    ]
    return Breakdown(
        "role",
        "Status by actor role",
        "A commitment counts once under each role it gives an actor. "
        + "; ".join(f"{words(role)}: {meaning}" for role, meaning in vocab.ACTOR_ROLES.items())
        + ".",
        [bar for bar in bars if bar.total],
    )


def _attention(
    records: Sequence[EvidencedCommitment], overdue: set[str], stale: set[str]
) -> list[dict[str, Any]]:
    """Commitments overdue, stale or not assessed, the overdue first."""
    items = []
    for record in records:
        reasons = []
        if record["id"] in overdue:
            reasons.append(("overdue", f"overdue: deadline {record['deadline']}"))
        if record["id"] in stale:
            last = commitment_as_given(record)["last_follow_up_on"]
            reasons.append(("stale", f"stale: last follow-up {last}" if last else "stale"))
        if record["status"] == "not_assessed":
            reasons.append(("not_assessed", "not assessed"))
        if reasons:
            items.append({"commitment": record, "reasons": reasons})
    return sorted(items, key=lambda item: item["commitment"]["id"] not in overdue)


def _event_text(follow_up: FollowUpRecord) -> str:
    who = follow_up["actor"] or "collective"
    score = follow_up["score"]
    return (
        f"{as_given(follow_up)['as_of']} {follow_up['commitment']}:"
        f" {words(follow_up['status']).lower()}"
        f" ({who}{'' if score is None else ', score ' + signed(score)})"
    )


def safe_href(url: str | None) -> str | None:
    """The URL if a browser may follow it as a plain link (http or https), else None."""
    url = url.strip() if url else None
    return url if values.http_url_problem(url) is None else None


def link_text(url: str, length: int = 48) -> str:
    """A URL without its scheme, shortened, to show in place of the whole of it."""
    text = url.split("://", 1)[-1].removeprefix("www.").rstrip("/")
    return text if len(text) <= length else text[: length - 1] + "…"


def share(count: int, total: int) -> str:
    return f"{count / total:.0%}" if total else "–"


def score_colour(value: float | None) -> str:
    """A background from red (-1) through amber (0) to green (+1)."""
    if value is None:
        return "transparent"
    return f"hsl({round(60 * (value + 1))} 65% 82%)"


_environment = Environment(
    loader=PackageLoader("tracker.scorecard"),
    autoescape=True,
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters.update(
    words=words,
    safe_href=safe_href,
    link_text=link_text,
    change_text=change_text,
    signed=signed,
    average=average,
    percent=percent,
    score_colour=score_colour,
)


def to_html(card: Scorecard) -> str:
    return _environment.get_template("report.html.j2").render(
        card=card,
        charts=charts,
        statuses=vocab.STATUSES,
        statuses_in=statuses_in,
        actor_keys=actor_keys(card.scores),
        share=share,
        version=__version__,
    )


def to_markdown(card: Scorecard) -> str:
    """The same sections as the HTML, as tables, without the charts."""
    sections = [
        _md_header(card),
        _md_glance(card),
        *(
            [changes_markdown(card.changes, card.since, card.produced_at.date()).rstrip()]
            if card.since
            else []
        ),
        *(_md_breakdown(card, b) for b in card.breakdowns),
        _md_follow_ups(card),
        *([_md_context(card)] if card.context else []),
        _md_scores(card),
        _md_members(card),
        _md_attention(card),
        _md_commitments(card),
    ]
    return "\n\n".join(sections) + "\n"


def _md_header(card: Scorecard) -> str:
    rows = [
        [
            s["code"],
            s["title"],
            s["issuer"],
            s["place"],
            s["date"],
            _md_links([s["source_url"]] if s["source_url"] else []),
        ]
        for s in card.statements
    ]
    return "\n".join(
        [
            f"# Scorecard: {_md(card.title)}",
            "",
            f"Produced {card.produced_at:%Y-%m-%d %H:%M} UTC from"
            f" {_md(card.database)} by tracker {_md(__version__)}. It shows the tracker"
            f" {_md(card.seen)}. Stale: open, and no follow-up for more than"
            f" {card.stale_days} days.",
            "",
            _md_table(["Statement", "Title", "Issued by", "Where", "Date", "Source"], rows),
        ]
    )


def _md_glance(card: Scorecard) -> str:
    headline = card.headline
    total = headline["commitments"]
    summary = _md_table(
        [
            "Commitments",
            "Assessed",
            "Achieved",
            "Overdue",
            f"Stale ({card.stale_days} days)",
            "Follow-ups",
        ],
        [
            [
                total,
                f"{headline['assessed']} ({share(headline['assessed'], total)})",
                headline["achieved"],
                headline["overdue"],
                headline["stale"],
                headline["follow_ups"],
            ]
        ],
    )
    by_status = _md_table(
        ["Status", "Commitments", "Share", "Meaning"],
        [
            [words(s), count, share(count, total), vocab.STATUSES[s]]
            for s, count in card.totals.items()
        ],
    )
    return f"## At a glance\n\n{summary}\n\n### Totals by status\n\n{by_status}"


def _md_breakdown(card: Scorecard, breakdown: Breakdown) -> str:
    if not breakdown.bars:
        return f"## {breakdown.title}\n\nNo commitments."
    present = statuses_in(breakdown.bars)
    rows = [
        [bar.label, bar.total, *(bar.counts.get(s, 0) for s in present)] for bar in breakdown.bars
    ]
    table = _md_table([breakdown.key.capitalize(), "Total", *map(words, present)], rows)
    return f"## {breakdown.title}\n\n{breakdown.counting}\n\n{table}"


def _md_follow_ups(card: Scorecard) -> str:
    if not card.follow_ups:
        return "## Follow-ups over time\n\nNo follow-ups recorded yet."
    first, last = (as_given(card.follow_ups[i])["as_of"] for i in (0, -1))
    rows = [
        [
            f["as_of"],
            f["commitment"],
            words(f["status"]),
            f["actor"] or "collective",
            signed(f["score"]),
            f"corrected by #{f['corrected_by']}" if f["corrected_by"] else "",
            f["note"] or "",
            f["assessor"] or "",
            _md_links(f["sources"], card.label),
        ]
        for f in card.latest
    ]
    header = [
        "As of", "Commitment", "Status", "Actor", "Score", "Correction", "Note", "Assessor",
        "Sources",
    ]  # fmt: skip
    return (
        f"## Follow-ups over time\n\n{len(card.follow_ups)} follow-ups, as of {first} to {last};"
        f" the newest {len(card.latest)}:\n\n{_md_table(header, rows)}"
    )


def _md_context(card: Scorecard) -> str:
    rows = [
        [f["as_of"], f["commitment"], f["note"] or "", _md_links(f["sources"], card.label)]
        for f in card.context
    ]
    return (
        "## Context\n\nWhat the statements responded to; context sets no status and no score."
        f"\n\n{_md_table(['As of', 'Commitment', 'Note', 'Sources'], rows)}"
    )


def _md_scores(card: Scorecard) -> str:
    scores = card.scores
    if not scores["commitments"]:
        return "## Compliance by actor\n\nNo per-actor scores recorded yet."
    keys = actor_keys(scores)
    actors = scores["actors"]
    rows = [
        [
            r["id"],
            *(signed(r["scores"].get(a)) for a in actors),
            average(r["average"]),
            percent(r["percent"]),
        ]
        for r in scores["commitments"]
    ]
    by_actor = {a["actor"]: a for a in scores["actor_averages"]}
    rows.append(
        [
            "Average",
            *(average(by_actor[a]["average"]) for a in actors),
            average(scores["overall"]["average"]),
            percent(scores["overall"]["percent"]),
        ]
    )
    rows.append(["%", *(percent(by_actor[a]["percent"]) for a in actors), "", ""])
    legend = "; ".join(f"{keys[a]} = {a}" for a in actors)
    table = _md_table(["Commitment", *(keys[a] for a in actors), "Average", "%"], rows)
    return (
        "## Compliance by actor\n\nScores: +1 full compliance, 0 partial, -1 none; a percentage"
        f" is (average + 1) / 2 x 100.\n\n{table}\n\n{_md(legend)}"
    )


def _md_members(card: Scorecard) -> str:
    if not card.members:
        return "## Status by member\n\nNo member assessed on its own yet."
    rows = [
        [m["commitment"], m["actor"], words(m["status"]), signed(m["score"]), m["as_of"],
         m["assessor"] or ""]
        for m in card.members
    ]  # fmt: skip
    table = _md_table(["Commitment", "Member", "Status", "Score", "As of", "Assessor"], rows)
    return (
        "## Status by member\n\nEach member's newest follow-up of its own on each"
        f" commitment, scored or not.\n\n{table}"
    )


def _md_attention(card: Scorecard) -> str:
    if not card.attention:
        return "## Needs attention\n\nNothing is overdue, stale or unassessed."
    rows = [
        [
            item["commitment"]["id"],
            item["commitment"]["title"],
            "; ".join(text for _, text in item["reasons"]),
        ]
        for item in card.attention
    ]
    counts = card.attention_counts
    return (
        f"## Needs attention\n\nOverdue: the deadline has passed and it is neither achieved nor"
        f" no longer applicable. Stale: neither of those either, and no follow-up for more"
        f" than {card.stale_days} days (the"
        f" statement's date counts when there is none). Not assessed: its status is still not"
        f" assessed.\n\n"
        + _md_table(
            ["Overdue", "Stale", "Not assessed"],
            [[counts["overdue"], counts["stale"], counts["not_assessed"]]],
        )
        + "\n\n"
        + _md_table(["Commitment", "Title", "Why"], rows)
    )


def _md_commitments(card: Scorecard) -> str:
    parts = ["## Every commitment, by paragraph"]
    for statement, paragraph, records in card.by_paragraph:
        rows = [
            [
                r["id"],
                r["title"],
                words(r["status"]),
                r["as_of"] or "",
                "; ".join(r["members"]),
                _md_links(r["evidence"], card.label),
            ]
            for r in records
        ]
        parts.append(f"### {_md(statement)}, paragraph {paragraph}")
        parts.append(
            _md_table(["ID", "Commitment", "Status", "As of", "Members", "Evidence"], rows)
        )
    return "\n\n".join(parts)


# Characters that would end a Markdown link's target early, percent-encoded.
_LINK_TARGET = str.maketrans({"(": "%28", ")": "%29", " ": "%20", "<": "%3C", ">": "%3E"})


def _md_links(urls: list[str], label: Callable[[str], str] = link_text) -> Markdown:
    """Links to the http and https URLs; any other URL as plain text."""
    links = []
    for url in urls:
        href = safe_href(url)
        if href is None:
            links.append(_md(url))
            continue
        links.append(f"[{_md(label(url))}]({href.translate(_LINK_TARGET)})")
    return Markdown(" ".join(links))
