"""A whole night against the fakes: Doncaster's 21 real results, one ballot at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.live.window import polls_close
from bot.store.live import SqliteLiveStore
from tests.live.conftest import make_poller
from tests.live.fakes import (
    DONCASTER,
    Crash,
    FakeFeed,
    FakePoster,
    ManualClock,
    Night,
    read_results,
)

CHANNELS = (11, 12, 13)


async def _follow(store: SqliteLiveStore, channels=CHANNELS) -> None:
    for ch in channels:
        await store.follow(1, ch, "doncaster", 99, datetime(2021, 5, 1, tzinfo=UTC))


def _results(poster: FakePoster, channel: int) -> list[str]:
    """Ward titles of the result cards posted in a channel, one per card."""
    out = []
    for m in poster.in_channel(channel):
        for card in m.cards:
            if "seats declared" not in card.title and "every ward" not in card.title:
                out.append(card.title)
    return out


async def _night(poller, clock: ManualClock, night: Night, step: timedelta) -> None:
    while clock.now() <= night.end + step:
        await poller.run_once()
        clock.t += step


async def test_every_result_posted_once_to_every_channel(store, clock) -> None:
    night = Night(read_results())
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store)
    poller = make_poller(store, feed, poster, clock)
    await _night(poller, clock, night, timedelta(minutes=5))
    for ch in CHANNELS:
        msgs = poster.in_channel(ch)
        result_cards = [c for m in msgs for c in m.cards
                        if "seats declared" not in c.title and "every ward" not in c.title]
        assert len(result_cards) == 21  # each ballot once: no repeat, none missing
        wards = {c.title for c in result_cards}
        assert len(wards) == 21
        boards = [m for m in msgs if "seats declared" in m.cards[0].title]
        assert len(boards) == 1  # one scoreboard, edited in place
        assert boards[0].cards[0].title == "Doncaster: all 55 seats declared"
        assert "Wards declared: 21 of 21" in boards[0].cards[0].description
        finals = [m for m in msgs if m.cards[0].title.startswith("Doncaster: every ward")]
        assert len(finals) == 1
    # The correction edited its card; the retraction struck it through, then restored it.
    texts = [c.description for m in poster.in_channel(11) for c in m.cards]
    assert any("Corrected" in t for t in texts)
    assert poster.deduped == 0


async def test_scoreboard_counts_real_seats(store, clock) -> None:
    night = Night(read_results(), correct=None, retract=None)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store, (11,))
    await _night(make_poller(store, feed, poster, clock), clock, night, timedelta(minutes=7))
    board = next(m for m in poster.in_channel(11) if "seats declared" in m.cards[0].title)
    won: dict[str, int] = {}
    for r in read_results():
        for c in r.elected:
            # Labour and Co-operative candidates count as Labour
            name = "Labour" if c.party_id in ("PP53", "joint-party:53-119") else c.party_name
            won[name] = won.get(name, 0) + 1
    assert won["Labour"] == 40  # Doncaster 2021 as Democracy Club records it
    desc = board.cards[0].description
    assert f"**Labour** {won['Labour']}\n" in desc
    assert f"**Conservative** {won['Conservative and Unionist Party']}\n" in desc


async def test_retraction_strikes_then_restores(store, clock) -> None:
    night = Night(read_results(), correct=None, retract=2)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store, (11,))
    poller = make_poller(store, feed, poster, clock)
    retracted_at = next(r.last_updated for r in night.events[21:]
                        if r.ballot_id == night.results[2].ballot_id and not r.declared)
    while clock.now() <= retracted_at:
        await poller.run_once()
        clock.t += timedelta(minutes=5)
    await poller.run_once()
    struck = [c for m in poster.in_channel(11) for c in m.cards if c.title.startswith("~~")]
    assert len(struck) == 1 and "Withdrawn" in struck[0].description
    await _night(poller, clock, night, timedelta(minutes=5))
    assert not [c for m in poster.in_channel(11) for c in m.cards if c.title.startswith("~~")]
    assert len(_results(poster, 11)) == 21


@pytest.mark.parametrize("later", [timedelta(seconds=45), timedelta(minutes=10)])
async def test_crash_between_send_and_record(tmp_path, clock, later) -> None:
    """Killed after Discord made the message, before the ledger knew: a new poller on the
    same file posts nothing twice (same nonce in the window, or found past it)."""
    night = Night(read_results())
    path = tmp_path / "state.sqlite3"
    store = await SqliteLiveStore.open(path)
    await _follow(store)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    poller = make_poller(store, feed, poster, clock, concurrency=1)
    step = timedelta(minutes=5)
    crashes = 0
    while clock.now() <= night.end + step:
        if clock.now() > polls_close(DONCASTER.date) + timedelta(hours=1) and not crashes:
            poster.crash_after = 1
        try:
            await poller.run_once()
        except Crash:
            crashes += 1
            await store.close()
            clock.t += later
            store = await SqliteLiveStore.open(path)  # a new process: nothing in memory
            poller = make_poller(store, FakeFeed(night, clock), poster, clock)
            continue
        clock.t += step
    await store.close()
    assert crashes == 1
    for ch in CHANNELS:
        assert len(_results(poster, ch)) == 21, ch
        assert len(set(_results(poster, ch))) == 21
    if later < timedelta(minutes=2):
        assert poster.deduped == 1 and poster.finds == 0
    else:
        assert poster.finds == 1 and poster.deduped == 0


async def test_cancelled_mid_drain_then_restarted(tmp_path, clock) -> None:
    import asyncio

    night = Night(read_results(), correct=None, retract=None)
    path = tmp_path / "state.sqlite3"
    store = await SqliteLiveStore.open(path)
    await _follow(store)
    clock.t = night.end + timedelta(minutes=1)  # everything declared at once: a backlog
    poster = FakePoster(clock)
    gate = asyncio.Event()
    real_send = poster.send

    async def slow_send(channel_id, cards, nonce):
        out = await real_send(channel_id, cards, nonce)
        if len(poster.messages) >= 4:
            await gate.wait()  # hangs after Discord answered: cancelled here
        return out

    poster.send = slow_send  # type: ignore[method-assign]
    task = asyncio.create_task(make_poller(store, FakeFeed(night, clock), poster, clock,
                                           concurrency=2).run_once())
    while len(poster.messages) < 4:
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await store.close()
    poster.send = real_send  # type: ignore[method-assign]
    store = await SqliteLiveStore.open(path)
    await make_poller(store, FakeFeed(night, clock), poster, clock).run_once()
    await store.close()
    for ch in CHANNELS:
        assert len(_results(poster, ch)) == 21


async def test_gone_channel_paused_and_not_retried(store, clock) -> None:
    night = Night(read_results(), correct=None, retract=None)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store)
    poster.gone.add(12)
    poster.denied[13] = "Embed Links"
    poller = make_poller(store, feed, poster, clock)
    await _night(poller, clock, night, timedelta(minutes=5))
    follows = {f.channel_id: f for f in await store.follows()}
    assert follows[12].status == "paused" and follows[12].reason == "channel deleted"
    assert follows[13].reason == "missing permission: Embed Links"
    assert poster.sends[12] == 0 and poster.sends[13] == 0
    assert len(_results(poster, 11)) == 21


async def test_rate_limited_is_retried(store, clock) -> None:
    night = Night(read_results(), correct=None, retract=None)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store, (11,))
    poster.limited = [(2.5, "channel"), (1.0, "global")]
    poller = make_poller(store, feed, poster, clock)
    await _night(poller, clock, night, timedelta(minutes=5))
    assert 2.5 in clock.slept and 1.0 in clock.slept
    assert len(_results(poster, 11)) == 21


async def test_resumes_from_stored_position(tmp_path, clock) -> None:
    night = Night(read_results(), correct=None, retract=None)
    path = tmp_path / "state.sqlite3"
    store = await SqliteLiveStore.open(path)
    await _follow(store, (11,))
    poster = FakePoster(clock)
    clock.t = night.events[30].last_updated
    await make_poller(store, FakeFeed(night, clock), poster, clock).run_once()
    await store.close()
    store = await SqliteLiveStore.open(path)
    feed = FakeFeed(night, clock)
    clock.t += timedelta(minutes=5)
    await make_poller(store, feed, poster, clock).run_once()
    await store.close()
    assert [c[0] for c in feed.calls] == ["changed"]  # no whole re-read of the election
    assert feed.calls[0][1] == night.events[30].last_updated


async def test_a_capped_feed_misses_nothing(store, clock) -> None:
    """A feed capping each answer at 4 rows (Democracy Club: 1000) while 21 ballots have
    changed since the last poll: the mark steps back and asks again, and every result
    arrives."""
    night = Night(read_results(), correct=None, retract=None, step=timedelta(minutes=1))
    feed, poster = FakeFeed(night, clock, cap=4), FakePoster(clock)
    await _follow(store, (11,))
    poller = make_poller(store, feed, poster, clock)
    clock.t = polls_close(DONCASTER.date) + timedelta(seconds=30)
    await poller.run_once()  # the first look: the whole election, nothing declared yet
    clock.t = night.end + timedelta(minutes=1)
    await poller.run_once()
    assert len(set(_results(poster, 11))) == 21
    assert sum(c[0] == "changed" for c in feed.calls) > 5  # capped, asked again


async def test_a_deleted_scoreboard_is_posted_again(store, clock) -> None:
    night = Night(read_results(), correct=None, retract=None)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store, (11,))
    poller = make_poller(store, feed, poster, clock)
    clock.t = night.events[25].last_updated
    await poller.run_once()
    board = next(m for m in poster.in_channel(11) if "seats declared" in m.cards[0].title)
    del poster.messages[board.id]  # a moderator deleted it
    await _night(poller, clock, night, timedelta(minutes=5))
    boards = [m for m in poster.in_channel(11) if "seats declared" in m.cards[0].title]
    assert len(boards) == 1 and boards[0].cards[0].title == "Doncaster: all 55 seats declared"


async def test_the_loop_sleeps_to_close_of_poll_then_polls_each_interval(store, clock) -> None:
    import asyncio

    night = Night(read_results(), correct=None, retract=None)
    feed, poster = FakeFeed(night, clock), FakePoster(clock)
    await _follow(store, (11,))
    poller = make_poller(store, feed, poster, clock)
    clock.t = polls_close(DONCASTER.date) - timedelta(minutes=20)

    async def stop_after(n: int) -> None:
        while len(clock.slept) < n:
            await asyncio.sleep(0)

    task = asyncio.create_task(poller.run())
    await asyncio.wait_for(stop_after(4), 5)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert clock.slept[0] == 20 * 60  # nothing due: asleep until 22:00 London
    assert all(s >= 60 for s in clock.slept[1:4])  # then at most once a minute
    assert feed.calls and feed.calls[0][0] == "ballots"
