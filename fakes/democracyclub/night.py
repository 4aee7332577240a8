"""A scripted election night for the fake Democracy Club: a council's real results
declared one ballot at a time on a compressed schedule.

`Night(data, election_id, start=..., every=...)` first shows every ballot of the election
as before the count (candidates, no votes: data.before_count); then, each `every` seconds
of the fake's clock, the next ballot's real result appears with a new `last_updated`,
as a volunteer entering it would make. Two ballots go the way real nights sometimes do:

- a correction: ballot `correct` is first entered without its turnout, and the turnout is
  added a little later (both entries are the real figures; only the order is made up);
- a retraction: ballot `retract` has its winners taken back (elected flags to null, as
  before the count) a little after it declared, then the same result is entered again
  after the last ballot.

The `last_updated` times are the fake's, not Democracy Club's: one minute per step from
just after the latest time the fake already shows. What the night leaves at the end is
exactly the real results.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from fakes.democracyclub.data import FakeBallot, FakeData, before_count

CLOSE = datetime(2021, 5, 6, 21, 0, tzinfo=UTC)  # 22:00 BST on polling day, 6 May 2021


def without_turnout(ballot: FakeBallot) -> FakeBallot:
    doc = copy.deepcopy(ballot.json)
    if doc.get("results"):
        doc["results"]["turnout_percentage"] = None
    return FakeBallot(doc, ballot.rows, ballot.modified)


@dataclass
class Night:
    data: FakeData
    election_id: str
    start: float  # the fake's clock when the first result is due
    every: float = 0.5  # seconds of the fake's clock between declarations
    correct: int | None = 3
    retract: int | None = 5
    events: list[tuple[float, str, FakeBallot]] = field(default_factory=list)
    applied: int = 0
    base: datetime = CLOSE  # the first declaration's last_updated

    def __post_init__(self) -> None:
        ids = sorted(b for b, fb in self.data.ballots.items()
                     if fb.election_id == self.election_id)
        real = {b: self.data.ballots[b] for b in ids}
        for b in ids:  # before the count, stamped before close of poll
            self.data.ballots[b] = before_count(real[b])
            self.data.stamp(b, CLOSE - timedelta(days=20))
        # After every time the fake already shows: a `last_updated` query never goes back.
        self.base = max([CLOSE, *(b.modified for b in self.data.ballots.values())]) + \
            timedelta(minutes=1)
        n = len(ids)
        at = self.start
        for i, b in enumerate(ids):
            at = self.start + i * self.every
            if i == self.correct:
                self.events.append((at, b, without_turnout(real[b])))
                # long enough after that a poller asking each `every` sees both entries
                self.events.append((at + self.every * 2.5, b, real[b]))
            else:
                self.events.append((at, b, real[b]))
            if i == self.retract:
                self.events.append((at + self.every * 2.5, b, before_count(real[b])))
                self.events.append((self.start + n * self.every, b, real[b]))
        self.events.sort(key=lambda e: e[0])

    @property
    def end(self) -> float:
        return self.events[-1][0] if self.events else self.start

    @property
    def done(self) -> bool:
        return self.applied == len(self.events)

    def begin(self, start: float) -> None:
        """Move the schedule so the first result is due at START (e.g. once a client is
        watching); the ballots stay as before the count until then."""
        delta = start - self.start
        self.events = [(t + delta, b, fb) for t, b, fb in self.events]
        self.start = start

    def advance(self, now: float) -> None:
        """Apply every event due by `now` (the fake's clock), each with its own time."""
        while self.applied < len(self.events) and self.events[self.applied][0] <= now:
            due, bid, ballot = self.events[self.applied]
            self.data.ballots[bid] = copy.deepcopy(ballot)
            step = (due - self.start) / self.every
            self.data.stamp(bid, self.base + timedelta(minutes=step))
            self.applied += 1
