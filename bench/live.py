"""Election night: how fast a declared result reaches every following channel, whether
posting keeps up with Discord's global limit, and what a night of 2,000 ballots costs.

    python -m bench.live            # prints the section; bench/RESULTS.md has the last run
    python -m bench.live --quick    # a smoke run, not figures

Against fakes, in one process, with real time: the feed releases a ballot (Doncaster 2021's
real results, data/democracyclub/), the poller runs one round at once (the poll interval
is compressed away: what is measured is our own work plus Discord's limit), and a fake
Discord enforces the global 50 requests a second with a token bucket, answering 429
when it is exceeded. The SQLite ledger is a real file on disk.

The 2,000-ballot night is load, not data: Doncaster's 21 real ballots repeated under 96
made-up council ids ("bench-council-N"), never shown as results of any real place.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.common import markdown_table, percentile
from bot.live.feed import BallotRecord, Batch, ElectionInfo
from bot.live.poller import Poller, Round
from bot.live.poster import GLOBAL_PER_SECOND, Limiter, Outcome, RateLimited, Sent
from bot.live.window import polls_close
from bot.store.live import SqliteLiveStore
from tests.live.fakes import DONCASTER, party_book, read_results, undeclared

CLOSE = polls_close(DONCASTER.date)


class Feed:
    """Several elections on one date; a ballot is visible once released."""

    def __init__(self, elections: Sequence[ElectionInfo], records: Sequence[BallotRecord]):
        self._elections = list(elections)
        self.current = {r.ballot_id: undeclared(r, CLOSE - timedelta(days=20)) for r in records}
        self.requests = 0

    def release(self, r: BallotRecord, at: datetime) -> None:
        self.current[r.ballot_id] = replace(r, last_updated=at)

    async def elections(self, council_ids: Sequence[str], around: date) -> list[ElectionInfo]:
        return [e for e in self._elections if e.council_id in council_ids]

    async def ballots(self, election_id: str) -> Batch:
        rows = tuple(r for r in self.current.values() if r.election_id == election_id)
        self.requests += 1
        return Batch(rows, 1)

    async def changed(self, election_date: date, since: datetime) -> Batch:
        rows = sorted((r for r in self.current.values() if r.last_updated > since),
                      key=lambda r: r.last_updated)
        self.requests += max(1, -(-len(rows) // 100))
        return Batch(tuple(rows[:1000]), max(1, -(-len(rows) // 100)), len(rows) >= 1000)


class LimitedDiscord:
    """Answers 429 past `rate` requests a second (a token bucket, burst = rate)."""

    def __init__(self, rate: float = GLOBAL_PER_SECOND) -> None:
        self.rate = rate
        self.tokens = rate
        self.at = time.monotonic()
        self.calls = 0
        self.limited = 0
        self.posted: dict[tuple[int, str], float] = {}  # (channel, ballot title) -> when
        self.first = self.last = 0.0
        self._next = 0

    def _take(self) -> Outcome | None:
        now = time.monotonic()
        self.tokens = min(self.rate, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            self.limited += 1
            return RateLimited((1 - self.tokens) / self.rate, "global")
        self.tokens -= 1
        self.calls += 1
        self.first = self.first or now
        self.last = now
        return None

    async def send(self, channel_id, cards, nonce) -> Outcome:
        if (limited := self._take()) is not None:
            return limited
        now = time.monotonic()
        for card in cards:
            if "seats declared" not in card.title and "every ward" not in card.title:
                self.posted.setdefault((channel_id, card.title), now)
        self._next += 1
        return Sent(self._next)

    async def edit(self, channel_id, message_id, cards) -> Outcome:
        return self._take() or Sent(message_id)

    async def find(self, channel_id, nonce, since, cards) -> Outcome:
        return self._take() or Sent(0)


class Interleaved(Poller):
    """The alternative: each channel's outbox in order (its result, then its scoreboard
    edit) before the next channel's turn, instead of every channel's results first."""

    async def drain(self, result=None):
        result = result if result is not None else Round()
        todo = await self.store.outbox()
        by_channel: dict[int, list] = {}
        for p in todo:
            by_channel.setdefault(p.channel_id, []).append(p)
        gate = asyncio.Semaphore(self.concurrency)

        async def channel(items) -> None:
            async with gate:
                for item in items:
                    await self._deliver(item, result)

        await asyncio.gather(*(channel(items) for items in by_channel.values()))
        return result


async def _poller(path: Path, feed: Feed, discord: LimitedDiscord, now,
                  cls: type[Poller] = Poller) -> Poller:
    store = await SqliteLiveStore.open(path)
    return cls(store, feed, discord, book=party_book(), now=now,
               limiter=Limiter(GLOBAL_PER_SECOND), concurrency=64)


async def latency(channels: int, ballots: int,
                  cls: type[Poller] = Poller) -> dict[str, float]:
    """Seconds from a ballot's release to its card in the last following channel."""
    results = read_results()[:ballots]
    feed, discord = Feed([DONCASTER], read_results()), LimitedDiscord()
    clock = [CLOSE + timedelta(minutes=1)]
    with tempfile.TemporaryDirectory() as tmp:
        poller = await _poller(Path(tmp) / "state.sqlite3", feed, discord, lambda: clock[0],
                               cls)
        for ch in range(channels):
            await poller.store.follow(1, 10_000 + ch, "doncaster", None, clock[0])
        await poller.run_once()  # the first look: nothing declared
        waits: list[float] = []
        busy = 0.0
        for i, r in enumerate(results):
            clock[0] += timedelta(minutes=2)
            feed.release(r, clock[0] - timedelta(seconds=30))
            released = time.monotonic()
            calls_before, t0 = discord.calls, time.monotonic()
            await poller.run_once()
            busy += time.monotonic() - t0
            title_of = {k: v for k, v in discord.posted.items() if r.ward in k[1]}
            assert len(title_of) == channels, (i, len(title_of))
            waits.append(max(title_of.values()) - released)
            assert discord.calls > calls_before
        await poller.store.close()  # type: ignore[attr-defined]
    return {"p50": percentile(waits, 50), "p99": percentile(waits, 99),
            "rate": discord.calls / busy, "limited": discord.limited, "calls": discord.calls}


async def night(councils: int, per_poll: int) -> dict[str, float]:
    """A night of councils x 21 ballots, one channel each, declared per_poll at a time."""
    base = read_results()
    elections, records = [], []
    for n in range(councils):
        cid = f"bench-council-{n}"
        eid = f"local.{cid}.2021-05-06"
        elections.append(ElectionInfo(eid, cid, f"Bench {n}", DONCASTER.date))
        records += [replace(r, ballot_id=r.ballot_id.replace("doncaster", cid),
                            election_id=eid, council_id=cid) for r in base]
    feed, discord = Feed(elections, records), LimitedDiscord()
    clock = [CLOSE + timedelta(minutes=1)]
    cpu0, wall0 = time.process_time(), time.monotonic()
    with tempfile.TemporaryDirectory() as tmp:
        poller = await _poller(Path(tmp) / "state.sqlite3", feed, discord, lambda: clock[0])
        for n, e in enumerate(elections):
            await poller.store.follow(1, 20_000 + n, e.council_id, None, clock[0])
        await poller.run_once()
        order = sorted(records, key=lambda r: (r.ballot_id.split(".")[2], r.council_id))
        for i in range(0, len(order), per_poll):
            clock[0] += timedelta(minutes=2)
            for r in order[i:i + per_poll]:
                feed.release(r, clock[0] - timedelta(seconds=30))
            await poller.run_once()
        await poller.store.close()  # type: ignore[attr-defined]
    cards = len(discord.posted)
    return {"ballots": len(records), "cpu": time.process_time() - cpu0,
            "wall": time.monotonic() - wall0, "calls": discord.calls,
            "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "cards": cards, "limited": discord.limited}


def section(quick: bool = False) -> str:
    small = asyncio.run(latency(10, 5 if quick else 21))
    big = asyncio.run(latency(200 if quick else 1000, 2 if quick else 3))
    alt = asyncio.run(latency(200 if quick else 1000, 2, Interleaved))
    whole = asyncio.run(night(10 if quick else 96, 100))
    rows = [
        ["10 channels: result in feed → posted in every channel",
         f"{small['p50']:.2f} s", f"{small['p99']:.2f} s", f"{small['calls']} requests"],
        [f"{200 if quick else 1000} channels: the same",
         f"{big['p50']:.2f} s", f"{big['p99']:.2f} s",
         f"{big['calls']} requests, {big['limited']} answered 429; each channel in turn "
         f"(result, then its scoreboard): p50 {alt['p50']:.2f} s, p99 {alt['p99']:.2f} s"],
        [f"posting rate sustained ({200 if quick else 1000} channels)", f"{big['rate']:.1f}/s",
         "", f"{100 * big['rate'] / GLOBAL_PER_SECOND:.0f}% of the 50/s limit (goal: within "
         f"10%: {'met' if abs(big['rate'] / GLOBAL_PER_SECOND - 1) <= 0.1 else 'missed'})"],
        [f"a night of {whole['ballots']} ballots, {96 if not quick else 10} channels",
         f"CPU {whole['cpu']:.1f} s", f"wall {whole['wall']:.0f} s",
         f"peak RSS {whole['rss_mb']:.0f} MB, {whole['calls']} requests, "
         f"{whole['cards']} result cards, {whole['limited']} answered 429"],
    ]
    return "\n".join([
        "## Election night, live (bench/live.py)", "",
        f"Run by `python -m bench.live` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC. "
        "The poll interval is compressed away: latency is our work plus Discord's 50 "
        "requests a second (each following channel costs a send, then a scoreboard edit). "
        "At 1,000 channels that limit is the whole cost: 1,000 sends take 20 s at best.", "",
        markdown_table(["what", "p50 / figure", "p99", "detail"], rows), ""])


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.live")
    p.add_argument("--quick", action="store_true")
    args = p.parse_args(argv)
    print(section(args.quick))
    return 0


if __name__ == "__main__":
    sys.exit(main())
