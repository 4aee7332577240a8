"""The election-night ledger on SQLite: follows, atomic commits, claims that two pollers
sharing the file cannot both win."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.live.ledger import NewCard, NewMessage, SeenRecord
from bot.store.live import SqliteLiveStore
from bot.store.state import MIGRATIONS

T = datetime(2021, 5, 6, 23, tzinfo=UTC)
E = "local.doncaster.2021-05-06"


def _msg(ch: int, nonce: str, *ballots: str) -> NewMessage:
    return NewMessage(ch, E, "results", nonce, tuple(NewCard(b, '{"t": 1}', "h") for b in ballots))


@pytest.fixture
async def two(tmp_path: Path):
    a = await SqliteLiveStore.open(tmp_path / "s.sqlite3")
    b = await SqliteLiveStore.open(tmp_path / "s.sqlite3")
    yield a, b
    await a.close()
    await b.close()


async def test_follow_pause_resume_unfollow(two) -> None:
    s, _ = two
    f = await s.follow(1, 10, "doncaster", 7, T)
    assert (f.status, f.followed_by, f.reason) == ("active", 7, None)
    await s.follow(1, 20, "barnet", 7, T)
    assert await s.pause_channel(10, "missing permission: Embed Links", T) == 1
    [paused] = await s.follows(council_id="doncaster")
    assert (paused.status, paused.reason) == ("paused", "missing permission: Embed Links")
    assert [f.channel_id for f in await s.follows(active=True)] == [20]
    assert await s.resume(10, "doncaster", T)
    again = await s.follow(1, 10, "doncaster", 8, T)  # following again is not a second row
    assert again.followed_by == 8 and len(await s.follows(guild_id=1)) == 2
    assert await s.unfollow(10, "doncaster") and not await s.unfollow(10, "doncaster")


async def test_a_post_planned_twice_is_claimed_once(two) -> None:
    """Two pollers plan the same result for the same channel: one row, one message."""
    a, b = two
    await a.follow(1, 10, "doncaster", None, T)
    await a.commit({}, [], [_msg(10, "n1", "ballot-x")], [], T)
    await b.commit({}, [], [_msg(10, "n2", "ballot-x", "ballot-y")], [], T)
    ledger = await a.ledger(E)
    assert sorted(p.ballot_id for p in ledger) == ["ballot-x", "ballot-y"]
    assert len(await a.outbox()) == 2  # n1 holds x; n2 holds only y
    await b.commit({}, [], [_msg(10, "n3", "ballot-x")], [], T)
    assert len(await a.outbox()) == 2  # nothing new: the message row was not kept


async def test_a_send_is_claimed_by_one_poller_until_its_lease_ends(two) -> None:
    a, b = two
    await a.follow(1, 10, "doncaster", None, T)
    await a.commit({}, [], [_msg(10, "n1", "x")], [], T)
    [row] = await a.outbox()
    assert await a.claim(row.row, "A", T, 30) is not None
    assert await b.claim(row.row, "B", T + timedelta(seconds=10), 30) is None
    taken = await b.claim(row.row, "B", T + timedelta(seconds=31), 30)
    assert taken is not None and taken.first_try_at is None
    await b.trying(row.row, T)
    await b.sent(row.row, 555, taken.version)
    assert await a.outbox() == []
    assert await a.claim(row.row, "A", T + timedelta(hours=1), 30) is None  # done


async def test_a_commit_is_all_or_nothing(two) -> None:
    a, _ = two
    rec = SeenRecord("x", E, "{}", T)
    with pytest.raises(sqlite3.IntegrityError):  # a nonce already used: the whole commit fails
        await a.commit({E: T}, [rec], [_msg(10, "same", "x"), _msg(10, "same", "y")], [], T)
    assert await a.position(E) is None and await a.seen(E) == [] and await a.ledger(E) == []
    await a.commit({E: T}, [rec], [], [], T)
    await a.commit({E: T - timedelta(hours=1)}, [], [], [], T)  # never moves back
    assert await a.position(E) == T


async def test_a_paused_channel_has_nothing_in_the_outbox(two) -> None:
    a, _ = two
    await a.follow(1, 10, "doncaster", None, T)
    await a.commit({}, [], [_msg(10, "n1", "x")], [], T)
    await a.pause_channel(10, "channel deleted", T)
    assert await a.outbox() == []


async def test_a_fresh_nonce_only_for_an_unsent_row(two) -> None:
    a, _ = two
    await a.follow(1, 10, "doncaster", None, T)
    await a.commit({}, [], [_msg(10, "n1", "x")], [], T)
    [row] = await a.outbox()
    assert not await a.renonce(row.row, "wrong", "n2")
    assert await a.renonce(row.row, "n1", "n2")
    assert (await a.outbox())[0].nonce == "n2"


async def test_a_step_1_file_gains_the_live_tables(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as conn:
        for statement in MIGRATIONS[0]:
            conn.execute(statement)
        conn.execute("PRAGMA user_version = 1")
    s = await SqliteLiveStore.open(path)
    await s.close()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"live_follows", "live_positions", "live_ballots", "live_messages",
            "live_cards"} <= names
