"""Election night end to end: the real bot process, the fake Discord and the fake Democracy
Club declaring Doncaster's real 2021 results one ballot at a time (with one correction and
one retraction), three following channels, and the bot killed with SIGKILL mid-night and
started again. Every result is posted exactly once to each channel, nothing is missed, and
the scoreboard is right at the end."""

from __future__ import annotations

import asyncio
import csv
import re
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bot.store.live import SqliteLiveStore
from fakes.democracyclub import FakeDemocracyClub
from fakes.discordapi import payloads
from fakes.discordapi.harness import BotProcess
from fakes.discordapi.server import FakeDiscord
from tests.e2e.helpers import bot_env

REPO = Path(__file__).resolve().parents[2]
DONCASTER = "local.doncaster.2021-05-06"
CHANNELS = ["1300000000000000501", "1300000000000000502", "1300000000000000503"]
NIGHT_AT = "2021-05-06T22:30:00+00:00"  # the bot's clock: half an hour after close of poll
EVERY = 0.4  # seconds between declarations
CORRECTED = "Bentley"  # the night's 4th ballot (fakes/democracyclub/night.py: correct=3)


def real_results() -> tuple[dict[str, int], int, int]:
    """Doncaster 2021 from the CSV itself: seats by ward, the total, and Labour's seats."""
    seats: dict[str, int] = {}
    labour = 0
    with (REPO / "data" / "democracyclub" / "doncaster-2021.csv").open(
            encoding="utf-8", newline="") as f:
        for r in csv.DictReader(f):
            seats[r["post_label"]] = int(r["seats_contested"])
            if r["elected"] == "True" and r["party_name"].startswith("Labour"):
                labour += 1
    return seats, sum(seats.values()), labour


def titles(message: dict[str, Any]) -> list[str]:
    return [e.get("title", "") for e in message.get("embeds", [])]


def ward_of(title: str, wards: list[str]) -> str | None:
    head = title.strip("~").split(" — ")[0]
    # "Labour win all 3 seats in Town", or a split ward: "Bessacarr: Conservative 2, Labour 1"
    found = [w for w in wards if head.endswith(" " + w) or head.startswith(w + ": ")]
    return max(found, key=len) if found else None


async def wait_for(predicate: Any, timeout: float, what: str) -> None:
    end = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > end:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def test_a_night_posted_exactly_once_across_a_crash(tmp_path: Path,
                                                          builtin_db: Path) -> None:
    seats, total, labour = real_results()
    wards = sorted(seats)
    guild = payloads.guild(channels=[payloads.text_channel(c, name=f"results-{i}")
                                     for i, c in enumerate(CHANNELS)])
    async with FakeDiscord(guilds=[guild]) as fake, \
            FakeDemocracyClub(waf_limit=100_000) as dc:
        store = await SqliteLiveStore.open(tmp_path / "state.sqlite3")
        for c in CHANNELS:
            await store.follow(int(guild["id"]), int(c), "doncaster", 1, datetime.now(UTC))
        await store.close()
        env = bot_env(fake, tmp_path, builtin_db, DC_CANDIDATES_URL=dc.candidates_url,
                      DC_ELECTIONS_URL=dc.elections_url, DC_API_TOKEN="e2e-token",
                      LIVE_NIGHT_AT=NIGHT_AT, LIVE_NIGHT_T0=str(time.time()),
                      LIVE_POLL_SECONDS="0.25")
        # Before the count until the bot is watching (its first look at the election).
        night = dc.declare_over_time(DONCASTER, delay=3600.0, every=EVERY)

        def posted(channel: str) -> list[dict[str, Any]]:
            return fake.channel_messages(channel)

        def struck() -> set[str]:
            """The channels where a result was edited to be struck through (retracted)."""
            return {r.path.split("/")[2] for r in fake.requests if r.method == "PATCH"
                    and any(e.get("title", "").startswith("~~")
                            for e in (r.json or {}).get("embeds", []))}

        first = BotProcess(fake, "tests.e2e.live_bot:main", env=env,
                           log_path=tmp_path / "bot-1.log")
        await first.start()
        try:
            await first.wait_ready()
            await wait_for(lambda: dc.seen("/api/next/ballots/"), 20, "the bot's first look")
            night.begin(dc.clock() + EVERY)
            # Mid-night: results out in every channel, the retraction struck through in each,
            # and half the night still to come.
            await wait_for(lambda: night.applied >= len(night.events) // 2
                           and struck() == set(CHANNELS), 30, "half the night posted")
            assert first.process is not None
            first.process.kill()  # SIGKILL: no clean shutdown, whatever was in flight
            await first.process.wait()
        finally:
            await first.stop()
        before = {c: len(posted(c)) for c in CHANNELS}
        assert all(n > 0 for n in before.values())

        second = BotProcess(fake, "tests.e2e.live_bot:main", env=env,
                            log_path=tmp_path / "bot-2.log")
        await second.start()
        try:
            await second.wait_ready()

            def finished() -> bool:
                return night.done and all(
                    any("all " in t and "seats declared" in t for m in posted(c)
                        for t in titles(m)) and
                    {ward_of(t, wards) for m in posted(c) for t in titles(m)} >= set(wards)
                    for c in CHANNELS)

            try:
                await wait_for(finished, 40, "the whole night posted")
            except AssertionError:
                seen = {c: [titles(m) for m in posted(c)] for c in CHANNELS}
                late = [(r.method, r.path, r.status) for r in fake.requests[-15:]]
                asked = [(r.path, r.query, r.status) for r in dc.requests[-8:]]
                raise AssertionError(f"not finished: night done={night.done}, posted={seen}"
                                     f"\ndiscord: {late}\ndc: {asked}"
                                     f"\n{second.log_tail()}") from None
            await asyncio.sleep(1.5)  # anything more would be a duplicate: give it time
            problems = second.log_problems(0)
        finally:
            await second.stop()
        assert not problems, "\n".join(problems)

        for c in CHANNELS:
            msgs = posted(c)
            results = Counter(ward_of(t, wards) for m in msgs for t in titles(m)
                              if ward_of(t, wards))
            assert results == Counter({w: 1 for w in wards}), c  # every ward once, no more
            cards = {ward_of(t, wards): (t, e.get("description", ""))
                     for m in msgs for t, e in zip(titles(m), m["embeds"], strict=True)
                     if ward_of(t, wards)}
            assert not any(t.startswith("~~") for t, _ in cards.values())  # restored
            corrected = {w for w, (_, d) in cards.items() if "Corrected" in d}
            assert CORRECTED in corrected, c  # the turnout added after the first entry
            boards = [m for m in msgs if any("seats declared" in t for t in titles(m))]
            assert len(boards) == 1, c  # one scoreboard, edited in place
            (board,) = boards[0]["embeds"]
            assert board["title"] == f"Doncaster: all {total} seats declared"
            assert f"**Labour** {labour}" in board["description"]
            assert f"Wards declared: {len(wards)} of {len(wards)}" in board["description"]
            assert sum(int(n) for n in re.findall(r"\*\* (\d+)", board["description"])) == total
            assert boards[0].get("edited_timestamp")
        assert not fake.take_problems()
