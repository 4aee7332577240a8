"""Where changes come from: the ballot record a post needs, the Feed Protocol, and the rule
for how often to ask.

The real feed is Democracy Club's `GET /api/next/ballots/?election_date=D&last_updated=T`
(shared/design/open-data-apis.md §1.3, §7): one request per interval covers every followed
election held on D; rows come sorted by last_updated ascending, capped at 1000, and the
filter is strictly greater-than. Anonymous clients get 10 requests a minute.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Protocol

CAP = 1000  # Democracy Club caps a last_updated query at 1000 rows


@dataclass(frozen=True, slots=True)
class Candidate:
    name: str
    party_id: str | None  # Democracy Club's register id: "PP53", "joint-party:53-119"
    party_name: str | None
    votes: int | None  # None: no votes recorded (never 0 in its place)
    elected: bool | None  # tri-state, as Democracy Club has it


@dataclass(frozen=True, slots=True)
class BallotRecord:
    """One ballot as the feed last gave it: everything a result card needs."""

    ballot_id: str  # local.doncaster.balby-south.2021-05-06 (opaque: never rebuilt)
    election_id: str  # local.doncaster.2021-05-06
    council_id: str  # doncaster
    ward: str  # the post label: "Balby South"
    seats: int  # winner_count
    candidates: tuple[Candidate, ...]
    last_updated: datetime  # aware
    post_id: str | None = None  # "gss:E05010729": same id, same ward boundaries
    turnout: int | None = None  # ballot papers issued
    turnout_pct: float | None = None
    electorate: int | None = None
    cancelled: bool = False  # the poll did not take place (not an uncontested one)
    uncontested: bool = False
    source_url: str | None = None

    @property
    def elected(self) -> tuple[Candidate, ...]:
        return tuple(c for c in self.candidates if c.elected is True)

    @property
    def declared(self) -> bool:
        """Every seat has an elected=true candidate."""
        return self.seats > 0 and not self.cancelled and len(self.elected) >= self.seats


@dataclass(frozen=True, slots=True)
class ElectionInfo:
    """A followed council's election, from the elections Democracy Club lists."""

    election_id: str
    council_id: str
    council_name: str  # "Doncaster"
    date: date
    ballots: int | None = None  # how many ballots it has, when known


@dataclass(frozen=True, slots=True)
class Batch:
    """What one ask returned, and what it cost."""

    records: tuple[BallotRecord, ...]
    requests: int  # HTTP requests it took (pages)
    capped: bool = False  # the CAP rows came back: there may be more at the last timestamp


class Feed(Protocol):
    async def elections(self, council_ids: Sequence[str], around: date) -> Sequence[ElectionInfo]:
        """The elections of these councils held within a few days of `around`."""
        ...

    async def ballots(self, election_id: str) -> Batch:
        """Every ballot of one election (the first look at it, or a full reconcile)."""
        ...

    async def changed(self, election_date: date, since: datetime) -> Batch:
        """Ballots of every election on that date changed after `since`, oldest first."""
        ...


@dataclass(frozen=True, slots=True)
class Advance:
    mark: datetime  # ask from here next time
    reconcile: bool = False  # the mark cannot move: read the followed elections whole


def advance(mark: datetime, batch: Batch) -> Advance:
    """The next high-water mark after a batch.

    Normally the greatest last_updated seen. A capped batch may have left rows tied with its
    last one unread (the filter is strictly greater-than), so the mark steps back to the
    greatest timestamp below the last one: those rows are read again, and re-reading is
    harmless (posts are keyed by content hash). If all CAP rows share one timestamp the
    mark cannot move at all, and the followed elections are read whole instead.
    """
    if not batch.records:
        return Advance(mark)
    stamps = [r.last_updated for r in batch.records]
    last = max(stamps)
    if not batch.capped:
        return Advance(max(mark, last))
    below = [s for s in stamps if s < last]
    if below and max(below) > mark:
        return Advance(max(below))
    return Advance(max(mark, last), reconcile=True)


@dataclass(frozen=True, slots=True)
class RateRule:
    """How often to ask: within Democracy Club's limits, with room left for other lookups.

    Anonymous: 10 requests a minute (DRF AnonRateThrottle). With a token there is no app
    throttle but the edge allows 150 per 5 minutes per IP (30 a minute). The poller takes
    `share` of that, so /ward lookups that fetch on a miss still get through. Anonymous
    answers may also be CDN-cached for ~10 minutes, so polling faster than a minute buys
    little: the floor is `min_interval`. After a round of R requests the poller waits
    interval(R), so on average it stays inside its share; the HTTP client (issue 15) keeps
    the hard per-minute budget that a long capped read must also wait for.
    """

    per_minute: float = 10.0
    share: float = 0.5
    min_interval: timedelta = timedelta(seconds=60)

    @classmethod
    def for_token(cls, token: bool) -> RateRule:
        return cls(per_minute=30.0) if token else cls()

    def interval(self, requests: int) -> timedelta:
        """The wait after a poll that made `requests` requests."""
        spread = timedelta(seconds=60 * requests / (self.per_minute * self.share))
        return max(self.min_interval, spread)
