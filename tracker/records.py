"""The records queries hand to output and the report: their keys and types.

They are plain dicts (JSON and CSV write them as they are), typed here so a
key that is misspelt or missing is a mypy error rather than a KeyError in a
command. The keys are the public names of `tracker list --format json` and
`tracker follow-up list --format json`; renaming one breaks users' scripts.
"""

from __future__ import annotations

import datetime as dt
from typing import NotRequired, TypedDict


class ActorLink(TypedDict):
    name: str
    role: str


class RegionLink(TypedDict):
    name: str
    code: str | None
    parent: str | None


class CatalystRecord(TypedDict):
    kind: str
    text: str


class CommitmentRecord(TypedDict):
    """A commitment as `tracker list` gives it; the links only when asked for."""

    id: str
    statement: str
    paragraph: int
    sentence: int
    offsets: list[int]
    text: str
    title: str
    type: str
    binding: str
    theme: str
    deadline: dt.date | None
    actors: NotRequired[list[ActorLink]]
    regions: NotRequired[list[RegionLink]]
    catalysts: NotRequired[list[CatalystRecord]]
    note: str | None
    status: str
    as_of: dt.date | None
    last_follow_up_on: dt.date | None
    latest_note: str | None
    # How precise as_of and last_follow_up_on are (day, month or year; see
    # tracker.status); output.commitment_as_given prints them so.
    as_of_precision: str | None
    last_follow_up_precision: str | None


class FollowUpRecord(TypedDict):
    """A follow-up as `tracker follow-up list` gives it."""

    id: int
    commitment: str
    actor: str | None
    status: str
    score: int | None
    as_of: dt.date
    sources: list[str]
    note: str | None
    assessor: str | None
    recorded_at: str
    corrects: int | None
    corrected_by: int | None
    kind: str  # assessment or context
    as_of_precision: str  # day, month or year: as_of is the last day it could mean


class SourceRecord(TypedDict):
    """A source as `tracker source list` gives it."""

    url: str
    title: str | None
    publisher: str | None
    published: str | None  # as given: 2019-10 for a month
    consulted_on: dt.date | None
    archived_url: str | None
    file: str | None  # the local copy's name
    sha256: str | None
    cited_by: int  # follow-ups citing it


class RepeatRecord(TypedDict):
    """A commitment another one repeats, or that repeats it (commitment_link)."""

    id: str
    statement: str
    date: dt.date
    kind: str
    score: int
    status: str


class RestatedRecord(TypedDict):
    """A row of `tracker list --restated`: a link and what became of the earlier promise."""

    later_id: str
    later_date: dt.date
    kind: str
    score: int
    earlier_id: str
    earlier_date: dt.date
    earlier_status: str
    later_status: str
    later_title: str


class CommitmentDetail(CommitmentRecord):
    """A commitment as `tracker show` gives it: with its paragraph and history."""

    statement_title: str
    statement_date: dt.date
    paragraph_text: str
    quote_in_paragraph: list[int]
    history: list[FollowUpRecord]
    sources: dict[str, SourceRecord]  # every source the history cites, by URL
    repeats: list[RepeatRecord]  # earlier commitments this one repeats
    repeated_by: list[RepeatRecord]  # later commitments that repeat it


class EvidencedCommitment(CommitmentRecord):
    """A commitment as the scorecard shows it: with the sources of its current status."""

    evidence: list[str]
    members: list[str]  # each member assessed on it, with its newest score


class ChangeRecord(TypedDict):
    """A change in the history as `tracker changes` gives it."""

    commitment: str
    follow_up: int
    as_of: str  # as given (2019-10)
    change: str  # status, score, correction, context or source (new evidence only)
    actor: str | None
    from_status: str  # the commitment's status just before, and after
    to_status: str
    score: int | None
    corrects: int | None
    note: str | None
    assessor: str | None
    sources: list[str]
    new_sources: list[str]  # those no earlier follow-up of the commitment cited
    recorded_at: str


class ExportRecord(TypedDict):
    """A commitment with its current status and every follow-up: `tracker export`."""

    commitment: str
    title: str
    status: str
    as_of: dt.date | None
    as_of_precision: str | None  # of the follow-up that set the status
    follow_ups: list[FollowUpRecord]


class ExcludedRecord(TypedDict):
    statement: str
    paragraph: int
    sentence: int
    reason: str | None
    note: str | None
    text: str


class ActorRecord(TypedDict):
    name: str
    kind: str
    country_code: str | None
    aliases: list[str]


class StatementHeader(TypedDict):
    code: str
    title: str
    issuer: str
    place: str
    date: dt.date
    source_url: str | None


class Average(TypedDict):
    count: int
    average: float | None
    percent: float | None


class ScoreRow(Average):
    id: str
    title: str
    scores: dict[str, int]


class ActorAverage(Average):
    actor: str
    code: str | None


class Scores(TypedDict):
    """The compliance matrix, as `tracker scores --format json` gives it."""

    statement: str | None
    actors: list[str]
    commitments: list[ScoreRow]
    actor_averages: list[ActorAverage]
    overall: Average
