"""The election-night loop: ask the feed, decide, record, post.

One round (`run_once`): read the active follows; for each followed election in its window
(bot/live/window.py), read what changed since the stored position (one request per
election date for every followed election on it); decide the posts (bot/live/declare.py);
commit the new position, the records and the planned posts in one transaction; then drain
the outbox. On start it resumes from the stored positions and records, and drains whatever
a crashed predecessor left: a row sent but not recorded is resolved by its nonce
(bot/live/poster.py), so nothing is posted twice and nothing is skipped.

A channel that is gone or lost a permission is paused with the reason (shown by
/following) and not retried; a 429 waits its retry_after and tries again.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta

from bot.live import window
from bot.live.cards import Baseline, PartyBook
from bot.live.declare import Plan, decide, new_nonce
from bot.live.feed import BallotRecord, Batch, ElectionInfo, Feed, RateRule, advance
from bot.live.ledger import LiveStore, Pending, SeenRecord
from bot.live.payload import card_from, record_from, record_json
from bot.live.poster import (
    NONCE_WINDOW,
    ChannelGone,
    Limiter,
    MessageGone,
    MissingPermission,
    NotFound,
    Outcome,
    Poster,
    RateLimited,
    Sent,
)
from bot.render.card import Card

log = logging.getLogger(__name__)

RETRIES = 5  # 429s in a row for one request before it waits for the next round
ELECTIONS_EVERY = timedelta(hours=1)
# How long a poller holds an outbox row it is sending. Shorter than NONCE_WINDOW, so a
# poller restarted after a crash can still re-send inside Discord's nonce window; and if a
# slow send outlives its lease, the second sender uses the same nonce, which Discord dedupes.
LEASE_S = 30.0  # how often to ask which elections the councils have


@dataclass(slots=True)
class Round:
    """What one round did: for logs, the bench and /following."""

    requests: int = 0
    planned: int = 0
    sent: int = 0
    edited: int = 0
    paused: list[tuple[int, str]] = field(default_factory=list)
    due: list[str] = field(default_factory=list)


def _utcnow() -> datetime:
    return datetime.now(UTC)


class Poller:
    def __init__(self, store: LiveStore, feed: Feed, poster: Poster, *, book: PartyBook,
                 baselines: Mapping[str, Baseline] | None = None, rule: RateRule | None = None,
                 limiter: Limiter | None = None, now: Callable[[], datetime] = _utcnow,
                 sleep: Callable[[float], object] = asyncio.sleep, concurrency: int = 50,
                 lease_s: float = LEASE_S, owner: str | None = None,
                 nonce: Callable[[], str] = new_nonce) -> None:
        self.store, self.feed, self.poster = store, feed, poster
        self.book, self.baselines = book, dict(baselines or {})
        self.rule = rule or RateRule()
        self.limiter = limiter or Limiter()
        self.now, self.sleep = now, sleep
        self.concurrency, self.lease_s = concurrency, lease_s
        self.owner = owner or f"poller-{secrets.token_hex(4)}"
        self.nonce = nonce
        self.records: dict[str, dict[str, BallotRecord]] = {}  # election -> ballot -> record
        self.elections: dict[str, ElectionInfo] = {}
        self._elections_at: datetime | None = None

    # -- the loop ----------------------------------------------------------------------------

    async def run(self) -> None:
        """Poll while an election is in its window; sleep until the next one otherwise."""
        while True:
            result = await self.run_once()
            if result.due:
                wait = self.rule.interval(result.requests)
            else:
                start = window.next_start(self.elections.values(), self.now())
                wait = min(ELECTIONS_EVERY, (start - self.now()) if start else ELECTIONS_EVERY)
            await self.sleep(max(wait, timedelta(seconds=1)).total_seconds())

    async def run_once(self) -> Round:
        result = Round()
        follows = await self.store.follows(active=True)
        councils = sorted({f.council_id for f in follows})
        await self._refresh_elections(councils)
        now = self.now()
        for eid in self.elections:
            await self._load(eid)
        undeclared = frozenset(e for e, recs in self.records.items()
                               if any(not r.declared and not r.cancelled for r in recs.values()))
        due = [e for e in window.due(self.elections.values(), now, undeclared)
               if e.council_id in councils]
        result.due = [e.election_id for e in due]
        by_date: dict[date, list[ElectionInfo]] = defaultdict(list)
        for e in due:
            by_date[e.date].append(e)
        channels: dict[str, list[int]] = defaultdict(list)
        for f in follows:
            channels[f.council_id].append(f.channel_id)
        for day, elections in sorted(by_date.items()):
            marks, seen = await self._read(day, elections, result)
            plan = Plan()
            for e in elections:
                recs = list(self.records.get(e.election_id, {}).values())
                ledger = await self.store.ledger(e.election_id)
                part = decide(e, recs, sorted(set(channels[e.council_id])), ledger, self.book,
                              self.baselines.get(e.election_id), now, self.nonce)
                plan.messages += part.messages
                plan.edits += part.edits
            result.planned += len(plan.messages) + len(plan.edits)
            await self.store.commit(marks, seen, plan.messages, plan.edits, now)
        await self.drain(result)
        return result

    async def _refresh_elections(self, councils: Sequence[str]) -> None:
        now = self.now()
        if self._elections_at is not None and now - self._elections_at < ELECTIONS_EVERY \
                and {e.council_id for e in self.elections.values()} >= set(councils):
            return
        found = await self.feed.elections(councils, now.astimezone(window.LONDON).date())
        self.elections = {e.election_id: e for e in found}
        self._elections_at = now

    async def _load(self, election_id: str) -> None:
        if election_id not in self.records:
            self.records[election_id] = {
                s.ballot_id: record_from(s.record) for s in await self.store.seen(election_id)}

    def _take(self, batch: Batch, wanted: set[str], seen: list[SeenRecord]) -> None:
        for r in batch.records:
            if r.election_id not in wanted:
                continue
            held = self.records.setdefault(r.election_id, {})
            old = held.get(r.ballot_id)
            if old is None or r.last_updated >= old.last_updated:
                held[r.ballot_id] = r
                seen.append(SeenRecord(r.ballot_id, r.election_id, record_json(r),
                                       r.last_updated))

    async def _read(self, day: date, elections: list[ElectionInfo],
                    result: Round) -> tuple[dict[str, datetime], list[SeenRecord]]:
        """Ask the feed for this date; the new marks and the records that changed."""
        marks: dict[str, datetime] = {}
        seen: list[SeenRecord] = []
        positions = {e.election_id: await self.store.position(e.election_id) for e in elections}
        wanted = set(positions)
        fresh = [e for e, p in positions.items() if p is None]
        for eid in fresh:  # a first look: the whole election, one small request
            batch = await self.feed.ballots(eid)
            result.requests += batch.requests
            self._take(batch, {eid}, seen)
            stamps = [r.last_updated for r in batch.records if r.election_id == eid]
            marks[eid] = max(stamps, default=datetime(day.year, day.month, day.day, tzinfo=UTC))
        known = {e: p for e, p in positions.items() if p is not None}
        if known:
            since = min(known.values())
            while True:
                batch = await self.feed.changed(day, since)
                result.requests += batch.requests
                self._take(batch, wanted, seen)
                step = advance(since, batch)
                if step.reconcile:
                    for eid in known:
                        whole = await self.feed.ballots(eid)
                        result.requests += whole.requests
                        self._take(whole, {eid}, seen)
                if not batch.capped or step.reconcile or step.mark <= since:
                    break
                since = step.mark  # more rows wait past the cap: ask again now
            for eid, old in known.items():
                marks[eid] = max(old, step.mark)
        return marks, seen

    # -- posting -----------------------------------------------------------------------------

    async def drain(self, result: Round | None = None) -> Round:
        """Send what the outbox holds: every channel's new results first, then the
        scoreboards, then the finals, so a result reaches the last channel before any
        scoreboard edit is spent (in each channel the results still come first)."""
        result = result if result is not None else Round()
        todo = await self.store.outbox()
        paused: set[int] = set()
        gate = asyncio.Semaphore(self.concurrency)

        async def channel(items: list[Pending]) -> None:
            async with gate:
                for item in items:
                    if item.channel_id in paused:
                        return
                    if not await self._deliver(item, result):
                        paused.add(item.channel_id)
                        return

        for kind in ("results", "scoreboard", "final"):
            by_channel: dict[int, list[Pending]] = defaultdict(list)
            for p in todo:
                if p.kind == kind:
                    by_channel[p.channel_id].append(p)
            await asyncio.gather(*(channel(items) for items in by_channel.values()))
        return result

    async def _call(self, make: Callable[[], object]) -> Outcome | None:
        for _ in range(RETRIES):
            await self.limiter.acquire()
            out: Outcome = await make()  # type: ignore[misc]
            if not isinstance(out, RateLimited):
                return out
            if out.scope == "global":
                self.limiter.hold(out.retry_after)
            await self.sleep(out.retry_after)
        return None  # still limited: the row stays in the outbox for the next round

    async def _pause(self, channel_id: int, out: Outcome, result: Round) -> None:
        reason = "channel deleted" if isinstance(out, ChannelGone) else \
            f"missing permission: {out.name}"  # type: ignore[union-attr]
        await self.store.pause_channel(channel_id, reason, self.now())
        result.paused.append((channel_id, reason))
        log.warning("live: paused channel %s (%s)", channel_id, reason)

    async def _deliver(self, item: Pending, result: Round) -> bool:
        """Send or edit one outbox row; False when the channel is paused."""
        p = await self.store.claim(item.row, self.owner, self.now(), self.lease_s)
        if p is None:
            return True  # another poller holds it, or it is done
        cards = [card_from(t) for t in await self.store.cards(p.row)]
        if p.message_id is None:
            out = await self._send(p, cards)
        else:
            out = await self._call(lambda: self.poster.edit(p.channel_id, p.message_id, cards))
            if isinstance(out, Sent):
                await self.store.edited(p.row, p.version)
                result.edited += 1
                return True
            if isinstance(out, MessageGone):
                if p.kind == "scoreboard":
                    await self.store.reopen_board(p.row, self.nonce())
                else:
                    await self.store.drop(p.row)
                return True
        if isinstance(out, Sent):
            await self.store.sent(p.row, out.message_id, p.version)
            result.sent += 1
            return True
        if isinstance(out, ChannelGone | MissingPermission):
            await self._pause(p.channel_id, out, result)
            return False
        return True  # rate limited past RETRIES: the next round tries again

    async def _send(self, p: Pending, cards: list[Card]) -> Outcome | None:
        # first_try_at set: sent before, perhaps (a crash between Discord's answer and our
        # record). Within NONCE_WINDOW the same nonce returns that message; past it, look.
        if p.first_try_at is not None and self.now() - p.first_try_at >= NONCE_WINDOW:
            since = p.first_try_at
            found = await self._call(
                lambda: self.poster.find(p.channel_id, p.nonce, since, cards))
            if not isinstance(found, NotFound):
                return found  # Sent (recorded by the caller), a failure, or still limited
            fresh = self.nonce()  # not there: a new nonce cannot duplicate anything
            if not await self.store.renonce(p.row, p.nonce, fresh):
                return None  # changed under us: the next round sees it
            p = replace(p, nonce=fresh, first_try_at=None)
        await self.store.trying(p.row, self.now())
        return await self._call(lambda: self.poster.send(p.channel_id, cards, p.nonce))
