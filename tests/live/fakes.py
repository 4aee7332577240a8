"""Fakes for election night: a feed that declares a real council's results one ballot at a
time (Doncaster, 6 May 2021, from data/democracyclub/doncaster-2021.csv), a Poster that
behaves as Discord documents (nonce + enforce_nonce dedupe within a window, 404s, 403s,
429s) and counts what it did, and a manual clock."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.domain import Party
from bot.importers.native import load_native
from bot.live.cards import PartyBook
from bot.live.feed import CAP, BallotRecord, Batch, Candidate, ElectionInfo
from bot.live.poster import (
    ChannelGone,
    MessageGone,
    MissingPermission,
    NotFound,
    Outcome,
    RateLimited,
    Sent,
)
from bot.live.window import polls_close
from bot.render.card import Card

REPO = Path(__file__).resolve().parents[2]
DONCASTER_CSV = REPO / "data" / "democracyclub" / "doncaster-2021.csv"
DONCASTER = ElectionInfo("local.doncaster.2021-05-06", "doncaster", "Doncaster",
                         date(2021, 5, 6), 21)


def party_book() -> PartyBook:
    ds = load_native(REPO / "data" / "parties.json")
    return PartyBook.of(ds.parties)


def parties() -> list[Party]:
    return load_native(REPO / "data" / "parties.json").parties


def read_results(path: Path = DONCASTER_CSV, at: datetime | None = None) -> list[BallotRecord]:
    """Every ballot of the CSV as Democracy Club declared it (csv module, real figures)."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            rows[row["ballot_paper_id"]].append(row)
    at = at or datetime(2021, 5, 7, 12, tzinfo=UTC)
    out = []
    for ballot_id, cands in rows.items():
        first = cands[0]
        cands.sort(key=lambda r: (r["elected"] != "True", -int(r["votes_cast"] or 0)))
        out.append(BallotRecord(
            ballot_id=ballot_id, election_id=first["election_id"],
            council_id=ballot_id.split(".")[1], ward=first["post_label"],
            seats=int(first["seats_contested"]),
            candidates=tuple(Candidate(r["person_name"], r["party_id"] or None,
                                       r["party_name"] or None,
                                       int(r["votes_cast"]) if r["votes_cast"] else None,
                                       {"True": True, "False": False}.get(r["elected"]))
                             for r in cands),
            last_updated=at, post_id=f"gss:{first['gss']}" if first["gss"] else None,
            turnout_pct=float(first["turnout_percentage"]) if first["turnout_percentage"]
            else None, source_url=first["results_source"] or None))
    return sorted(out, key=lambda r: r.ballot_id)


def undeclared(r: BallotRecord, at: datetime) -> BallotRecord:
    """The ballot before its count: candidates known, no votes, elected null, no turnout."""
    return replace(r, candidates=tuple(replace(c, votes=None, elected=None)
                                       for c in r.candidates),
                   turnout=None, turnout_pct=None, last_updated=at)


class ManualClock:
    def __init__(self, start: datetime) -> None:
        self.t = start
        self.slept: list[float] = []

    def now(self) -> datetime:
        return self.t

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.t += timedelta(seconds=seconds)


@dataclass
class Night:
    """A compressed night: ballot i declares at close of poll + (i + 1) * step; one
    correction (its first entry lacks the turnout the later one adds) and one retraction
    (elected flags back to null, then the same result entered again)."""

    results: list[BallotRecord]
    step: timedelta = timedelta(minutes=10)
    correct: int | None = 3
    retract: int | None = 5
    events: list[BallotRecord] = field(default_factory=list)

    def __post_init__(self) -> None:
        close = polls_close(DONCASTER.date)
        before = close - timedelta(days=20)
        self.events = [undeclared(r, before) for r in self.results]
        n = len(self.results)
        for i, r in enumerate(self.results):
            at = close + self.step * (i + 1)
            if i == self.correct:
                self.events.append(replace(r, turnout_pct=None, last_updated=at))
                at2 = close + self.step * (i + 1) + self.step / 2
                self.events.append(replace(r, last_updated=at2))
            else:
                self.events.append(replace(r, last_updated=at))
            if i == self.retract:
                gone = close + self.step * (i + 2) + self.step / 3
                self.events.append(undeclared(r, gone))
                back = close + self.step * (n + 1)
                self.events.append(replace(r, last_updated=back))
        self.events.sort(key=lambda r: r.last_updated)

    @property
    def end(self) -> datetime:
        return max(r.last_updated for r in self.events)


class FakeFeed:
    """Democracy Club's ballots endpoint over a Night, as of the clock's time."""

    def __init__(self, night: Night, clock: ManualClock, cap: int = CAP,
                 page: int = 100) -> None:
        self.night, self.clock, self.cap, self.page = night, clock, cap, page
        self.requests = 0
        self.calls: list[tuple[str, object]] = []

    def _latest(self) -> dict[str, BallotRecord]:
        latest: dict[str, BallotRecord] = {}
        for r in self.night.events:
            if r.last_updated <= self.clock.now():
                latest[r.ballot_id] = r
        return latest

    def _pages(self, n: int) -> int:
        return max(1, -(-n // self.page))

    async def elections(self, council_ids: Sequence[str], around: date) -> list[ElectionInfo]:
        self.requests += 1
        return [DONCASTER] if "doncaster" in council_ids else []

    async def ballots(self, election_id: str) -> Batch:
        self.calls.append(("ballots", election_id))
        rows = [r for r in self._latest().values() if r.election_id == election_id]
        self.requests += self._pages(len(rows))
        return Batch(tuple(sorted(rows, key=lambda r: r.ballot_id)), self._pages(len(rows)))

    async def changed(self, election_date: date, since: datetime) -> Batch:
        self.calls.append(("changed", since))
        rows = sorted((r for r in self._latest().values() if r.last_updated > since),
                      key=lambda r: (r.last_updated, r.ballot_id))
        capped = len(rows) >= self.cap
        rows = rows[: self.cap]
        self.requests += self._pages(len(rows))
        return Batch(tuple(rows), self._pages(len(rows)), capped)


class Crash(Exception):
    """Injected: the process dies between Discord's answer and the ledger's record."""


@dataclass
class Message:
    id: int
    channel_id: int
    nonce: str
    cards: list[Card]
    created: datetime
    edits: int = 0


class FakePoster:
    """Discord as documented: enforce_nonce returns the same author's earlier message with
    that nonce within `window`; a deleted channel is 404, a missing permission 403."""

    def __init__(self, clock: ManualClock, window: timedelta = timedelta(minutes=3)) -> None:
        self.clock, self.window = clock, window
        self.messages: dict[int, Message] = {}
        self.gone: set[int] = set()
        self.denied: dict[int, str] = {}
        self.limited: list[tuple[float, str]] = []  # 429s to answer next, in order
        self.crash_after: int | None = None  # crash after creating this many more messages
        self.sends = defaultdict(int)  # channel -> send calls (including deduped ones)
        self.edits = defaultdict(int)
        self.finds = 0
        self.deduped = 0
        self._next = 1000

    def in_channel(self, channel_id: int) -> list[Message]:
        return [m for m in self.messages.values() if m.channel_id == channel_id]

    def _fail(self, channel_id: int) -> Outcome | None:
        if self.limited:
            after, scope = self.limited.pop(0)
            return RateLimited(after, scope)
        if channel_id in self.gone:
            return ChannelGone()
        if channel_id in self.denied:
            return MissingPermission(self.denied[channel_id])
        return None

    async def send(self, channel_id: int, cards: Sequence[Card], nonce: str) -> Outcome:
        if (failed := self._fail(channel_id)) is not None:
            return failed
        self.sends[channel_id] += 1
        assert len(cards) <= 10 and len(nonce) <= 25
        now = self.clock.now()
        for m in self.messages.values():
            if m.nonce == nonce and now - m.created < self.window:
                self.deduped += 1
                return Sent(m.id)
        self._next += 1
        self.messages[self._next] = Message(self._next, channel_id, nonce, list(cards), now)
        if self.crash_after is not None:
            self.crash_after -= 1
            if self.crash_after <= 0:
                self.crash_after = None
                raise Crash
        return Sent(self._next)

    async def edit(self, channel_id: int, message_id: int, cards: Sequence[Card]) -> Outcome:
        if (failed := self._fail(channel_id)) is not None:
            return failed
        m = self.messages.get(message_id)
        if m is None or m.channel_id != channel_id:
            return MessageGone()
        self.edits[channel_id] += 1
        m.cards, m.edits = list(cards), m.edits + 1
        return Sent(message_id)

    async def find(self, channel_id: int, nonce: str, since: datetime,
                   cards: Sequence[Card]) -> Outcome:
        if (failed := self._fail(channel_id)) is not None:
            return failed
        self.finds += 1
        for m in self.messages.values():
            if m.channel_id == channel_id and m.nonce == nonce and m.created >= since:
                return Sent(m.id)
        return NotFound()
