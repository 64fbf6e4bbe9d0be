"""A commitment's current status, and what makes it overdue or stale.

The rule, which the database keeps in ``commitment_status`` by triggers
(migrations 0002 and 0005; docs/triggers.sql shows them as installed) and
which tests/test_status.py holds the triggers to:

- A follow-up is *live* unless a later follow-up corrects it
  (``corrects_id``). Corrected follow-ups stay in the history but count for
  nothing here.
- The *current* follow-up of a commitment is its newest live collective
  follow-up (no ``actor_id``; the per-member ones are scores of one actor,
  not the commitment's status): newest by as-of date, then recording time,
  then id.
- The *current status* is that follow-up's status, and ``not_assessed`` when
  there is none; ``as_of`` is its as-of date.
- ``last_follow_up_on`` is the newest as-of date of any live assessment,
  collective or per member (shown as precise as the one recorded last of
  those dated that day).
- Context (``kind = 'context'``: the situation a statement responded to)
  never counts: not for the status, not for ``last_follow_up_on``, not for
  a member's score (migration 0009).

Imprecise dates: an as-of date given as a month (``2019-10``) or a year
(``2018``) counts as the last day it could mean (2019-10-31, 2018-12-31),
and is stored as that day with its precision beside it
(``follow_up.as_of_precision``). Ordering, staleness and ``--since`` all
compare that stored day, in Python and in SQL alike; it is shown as given.
A month not yet over is therefore in the future.

A score agrees with its status by :data:`SCORE_STATUSES` (the database
refuses the others, migration 0009): +1 (full compliance) only with
achieved; 0 (partial) with in_progress, stalled or partially_achieved; -1
(none) with not_started, stalled or not_achieved. not_assessed and
no_longer_applicable take no score, and a score always names an actor.

A commitment whose status is in :data:`CLOSED` is done with: it is never
overdue nor stale. It is *overdue* when its deadline is before today; it is
*stale* after ``days`` days when its last follow-up (or, if none, its
statement's date) is more than that many days before today. The
commitment_overview view's ``overdue`` column is generated from CLOSED, and
``tracker list --overdue/--stale`` (tracker.queries) use the same list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, NamedTuple, Protocol, TypeVar

if TYPE_CHECKING:
    from tracker.records import FollowUpRecord

NOT_ASSESSED = "not_assessed"
# Statuses that close a commitment: it is no longer overdue, nor stale.
CLOSED = ("achieved", "no_longer_applicable")
ASSESSMENT, CONTEXT = "assessment", "context"
KINDS = (ASSESSMENT, CONTEXT)
# score -> the statuses it may go with.
SCORE_STATUSES: dict[int, tuple[str, ...]] = {
    1: ("achieved",),
    0: ("in_progress", "stalled", "partially_achieved"),
    -1: ("not_started", "stalled", "not_achieved"),
}


def score_problem(score: int | None, status: str) -> str | None:
    """Why ``score`` cannot go with ``status``, or None when they agree."""
    if score is None or status in SCORE_STATUSES.get(score, ()):
        return None
    allowed = ", ".join(SCORE_STATUSES.get(score, ())) or "no status"
    return (
        f"the score {score:+d} disagrees with the status {status} ({score:+d} goes with {allowed})"
    )


class FollowUpLike(Protocol):
    """What the current status depends on, of one follow-up."""

    @property
    def id(self) -> int: ...
    @property
    def actor_id(self) -> int | None: ...
    @property
    def status(self) -> str: ...
    @property
    def as_of(self) -> dt.date: ...
    @property
    def recorded_at(self) -> dt.datetime: ...
    @property
    def corrects_id(self) -> int | None: ...
    @property
    def kind(self) -> str: ...


class Current(NamedTuple):
    """A commitment's row of commitment_status, as the rule gives it."""

    follow_up_id: int | None
    status: str
    as_of: dt.date | None
    last_follow_up_on: dt.date | None


def current(follow_ups: Iterable[FollowUpLike]) -> Current:
    """The current status of one commitment, from all of its follow-ups."""
    latest, last = newest(follow_ups)
    return Current(
        follow_up_id=latest.id if latest else None,
        status=latest.status if latest else NOT_ASSESSED,
        as_of=latest.as_of if latest else None,
        last_follow_up_on=last.as_of if last else None,
    )


F = TypeVar("F", bound=FollowUpLike)


def newest(follow_ups: Iterable[F]) -> tuple[F | None, F | None]:
    """The follow-up that sets the status, and the newest live assessment of any member.

    The second dates ``last_follow_up_on``; where several live assessments
    share that day, the one recorded last gives its precision.
    """
    every = list(follow_ups)
    corrected = {f.corrects_id for f in every if f.corrects_id is not None}
    live = [f for f in every if f.id not in corrected and f.kind == ASSESSMENT]

    def order(f: F) -> tuple[dt.date, dt.datetime, int]:
        return (f.as_of, f.recorded_at, f.id)

    latest = max((f for f in live if f.actor_id is None), key=order, default=None)
    return latest, max(live, key=order, default=None)


class Replay:
    """The current status as follow-ups arrive oldest first (as-of date, recording time, id).

    The rule of :func:`current`, over every follow-up added so far, at a
    constant (amortised) cost per follow-up: the collective assessments are
    a stack, newest on top, and a corrected one is dropped when it reaches
    the top (a correction is never undone).
    """

    def __init__(self) -> None:
        self._corrected: set[int] = set()
        self._collective: list[FollowUpLike] = []

    def add(self, follow_up: FollowUpLike) -> None:
        if follow_up.corrects_id is not None:
            self._corrected.add(follow_up.corrects_id)
        if follow_up.actor_id is None and follow_up.kind == ASSESSMENT:
            self._collective.append(follow_up)

    @property
    def status(self) -> str:
        while self._collective and self._collective[-1].id in self._corrected:
            self._collective.pop()
        return self._collective[-1].status if self._collective else NOT_ASSESSED


def newest_per_member(history: Iterable[FollowUpRecord]) -> dict[str, FollowUpRecord]:
    """Each member's newest live assessment of one commitment, scored or not, by name.

    The compliance_matrix view's rule: a member's cell is this follow-up's
    score, and empty when it has none (a newer unscored assessment, or a
    correction that removes the score, empties it).
    """
    every = list(history)
    corrected = {f["corrects"] for f in every if f["corrects"] is not None}
    newest: dict[str, FollowUpRecord] = {}
    for f in every:
        if f["actor"] is None or f["id"] in corrected or f["kind"] != ASSESSMENT:
            continue
        known = newest.get(f["actor"])
        order = (f["as_of"], f["recorded_at"], f["id"])
        if known is None or order > (known["as_of"], known["recorded_at"], known["id"]):
            newest[f["actor"]] = f
    return dict(sorted(newest.items()))


def is_overdue(deadline: dt.date | None, status: str, today: dt.date) -> bool:
    return deadline is not None and deadline < today and status not in CLOSED


def stale_before(today: dt.date, days: int) -> dt.date:
    """A commitment is stale after ``days`` days if nothing happened since before this day."""
    return today - dt.timedelta(days=days)


def is_stale(
    last_follow_up_on: dt.date | None,
    statement_date: dt.date,
    status: str,
    today: dt.date,
    days: int,
) -> bool:
    return (last_follow_up_on or statement_date) < stale_before(today, days) and (
        status not in CLOSED
    )


def closed_sql() -> str:
    """CLOSED as an SQL list, for the views: ('achieved', 'no_longer_applicable')."""
    return "(" + ", ".join(f"'{value}'" for value in CLOSED) + ")"
