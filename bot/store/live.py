"""Election night's storage (bot/live/ledger.py LiveStore) on the SQLite state database.

Its tables are made by bot/store/state.py MIGRATIONS step 2. Every claim is made by the
database, not by memory: a planned card is inserted under its (channel, election, kind,
ballot) primary key, so a second poller planning the same post inserts nothing; a send is
taken with a conditional UPDATE on its lease, so two pollers never send one row at once.
The same statements work on PostgreSQL (ON CONFLICT DO NOTHING, UPDATE ... WHERE).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite

from bot.live.ledger import CardEdit, Follow, NewMessage, Pending, Posted, SeenRecord
from bot.store.reader import StoreError
from bot.store.state import migrate


def _ts(at: datetime) -> str:
    """One text form for every time, so text order is time order."""
    return at.astimezone(UTC).isoformat(timespec="microseconds")


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


_FOLLOW = ("SELECT guild_id, channel_id, council_id, followed_by, followed_at, status, "
           "reason, changed_at FROM live_follows")
_PENDING = ("SELECT id, channel_id, election_id, kind, nonce, version, shown_version, "
            "message_id, first_try_at FROM live_messages")


def _pending(row: tuple) -> Pending:
    return Pending(*row[:8], first_try_at=_dt(row[8]))


class SqliteLiveStore:
    def __init__(self, conn: aiosqlite.Connection, path: Path) -> None:
        self._conn = conn
        self.path = path

    @classmethod
    async def open(cls, path: Path) -> SqliteLiveStore:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = await aiosqlite.connect(path)
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA busy_timeout=5000")
            await migrate(conn, path)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the state database {path}: {exc}") from exc
        return cls(conn, path)

    async def close(self) -> None:
        await self._conn.close()

    async def _write(self, sql: str, args: tuple = ()) -> int:
        cur = await self._conn.execute(sql, args)
        await self._conn.commit()
        return cur.rowcount

    # -- follows ---------------------------------------------------------------------------

    async def follow(self, guild_id: int, channel_id: int, council_id: str,
                     user_id: int | None, at: datetime) -> Follow:
        """Follow, or follow again: a paused follow becomes active, who and when updated."""
        await self._write(
            "INSERT INTO live_follows (guild_id, channel_id, council_id, followed_by, "
            "followed_at, status) VALUES (?, ?, ?, ?, ?, 'active') "
            "ON CONFLICT (channel_id, council_id) DO UPDATE SET status = 'active', "
            "reason = NULL, changed_at = excluded.followed_at, "
            "followed_by = excluded.followed_by",
            (guild_id, channel_id, council_id, user_id, _ts(at)))
        rows = await self._conn.execute_fetchall(
            _FOLLOW + " WHERE channel_id = ? AND council_id = ?", (channel_id, council_id))
        return Follow(*rows[0])

    async def unfollow(self, channel_id: int, council_id: str) -> bool:
        return await self._write("DELETE FROM live_follows WHERE channel_id = ? AND "
                                 "council_id = ?", (channel_id, council_id)) > 0

    async def follows(self, *, guild_id: int | None = None, council_id: str | None = None,
                      active: bool = False) -> list[Follow]:
        where, args = [], []
        if guild_id is not None:
            where.append("guild_id = ?")
            args.append(guild_id)
        if council_id is not None:
            where.append("council_id = ?")
            args.append(council_id)
        if active:
            where.append("status = 'active'")
        sql = _FOLLOW + (" WHERE " + " AND ".join(where) if where else "")
        rows = await self._conn.execute_fetchall(sql + " ORDER BY guild_id, channel_id, "
                                                 "council_id", args)
        return [Follow(*r) for r in rows]

    async def pause_channel(self, channel_id: int, reason: str, at: datetime) -> int:
        return await self._write(
            "UPDATE live_follows SET status = 'paused', reason = ?, changed_at = ? "
            "WHERE channel_id = ? AND status = 'active'", (reason, _ts(at), channel_id))

    async def resume(self, channel_id: int, council_id: str, at: datetime) -> bool:
        return await self._write(
            "UPDATE live_follows SET status = 'active', reason = NULL, changed_at = ? "
            "WHERE channel_id = ? AND council_id = ?", (_ts(at), channel_id, council_id)) > 0

    # -- positions, records, ledger ----------------------------------------------------------

    async def position(self, election_id: str) -> datetime | None:
        rows = await self._conn.execute_fetchall(
            "SELECT mark FROM live_positions WHERE election_id = ?", (election_id,))
        return _dt(rows[0][0]) if rows else None

    async def seen(self, election_id: str) -> list[SeenRecord]:
        rows = await self._conn.execute_fetchall(
            "SELECT ballot_id, election_id, record, last_updated FROM live_ballots "
            "WHERE election_id = ? ORDER BY ballot_id", (election_id,))
        return [SeenRecord(b, e, r, datetime.fromisoformat(t)) for b, e, r, t in rows]

    async def ledger(self, election_id: str) -> list[Posted]:
        rows = await self._conn.execute_fetchall(
            "SELECT c.channel_id, c.election_id, c.kind, c.ballot_id, c.card, c.hash, "
            "c.status, c.message_row FROM live_cards c WHERE c.election_id = ?",
            (election_id,))
        return [Posted(*r) for r in rows]

    async def commit(self, marks: Mapping[str, datetime], records: Sequence[SeenRecord],
                     messages: Sequence[NewMessage], edits: Sequence[CardEdit],
                     at: datetime) -> None:
        now = _ts(at)
        conn = self._conn
        await conn.execute("BEGIN IMMEDIATE")
        try:
            await conn.executemany(
                "INSERT INTO live_ballots (ballot_id, election_id, record, last_updated) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (ballot_id) DO UPDATE SET "
                "record = excluded.record, last_updated = excluded.last_updated "
                "WHERE excluded.last_updated >= live_ballots.last_updated",
                [(r.ballot_id, r.election_id, r.record, _ts(r.last_updated)) for r in records])
            await conn.executemany(
                "INSERT INTO live_positions (election_id, mark, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (election_id) DO UPDATE SET mark = excluded.mark, "
                "updated_at = excluded.updated_at WHERE excluded.mark > live_positions.mark",
                [(e, _ts(m), now) for e, m in marks.items()])
            for msg in messages:
                await self._plan_message(msg, now)
            for edit in edits:
                await self._plan_edit(edit)
            await conn.commit()
        except BaseException:
            await conn.rollback()
            raise

    async def _plan_message(self, msg: NewMessage, now: str) -> None:
        cur = await self._conn.execute(
            "INSERT INTO live_messages (channel_id, election_id, kind, nonce, created_at) "
            "VALUES (?, ?, ?, ?, ?)", (msg.channel_id, msg.election_id, msg.kind, msg.nonce, now))
        row = cur.lastrowid
        taken = 0
        for i, card in enumerate(msg.cards):
            cur = await self._conn.execute(
                "INSERT INTO live_cards (channel_id, election_id, kind, ballot_id, message_row, "
                "position, card, hash, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT DO NOTHING",  # planned already, by us earlier or another poller
                (msg.channel_id, msg.election_id, msg.kind, card.ballot_id, row, i, card.card,
                 card.hash, card.status))
            taken += cur.rowcount
        if not taken:
            await self._conn.execute("DELETE FROM live_messages WHERE id = ?", (row,))

    async def _plan_edit(self, e: CardEdit) -> None:
        cur = await self._conn.execute(
            "UPDATE live_cards SET card = ?, hash = ?, status = ? WHERE channel_id = ? AND "
            "election_id = ? AND kind = ? AND ballot_id = ? AND hash != ?",
            (e.card, e.hash, e.status, e.channel_id, e.election_id, e.kind, e.ballot_id, e.hash))
        if cur.rowcount:
            await self._conn.execute(
                "UPDATE live_messages SET version = version + 1 WHERE id = (SELECT message_row "
                "FROM live_cards WHERE channel_id = ? AND election_id = ? AND kind = ? AND "
                "ballot_id = ?)", (e.channel_id, e.election_id, e.kind, e.ballot_id))

    # -- the outbox --------------------------------------------------------------------------

    async def outbox(self) -> list[Pending]:
        """What is still to send or edit, oldest first, in channels with an active follow."""
        rows = await self._conn.execute_fetchall(
            _PENDING + " WHERE dropped = 0 AND (message_id IS NULL OR shown_version < version) "
            "AND channel_id IN (SELECT channel_id FROM live_follows WHERE status = 'active') "
            "ORDER BY id")
        return [_pending(r) for r in rows]

    async def claim(self, row: int, owner: str, now: datetime, lease_s: float) -> Pending | None:
        until = _ts(now + timedelta(seconds=lease_s))
        taken = await self._write(
            "UPDATE live_messages SET lease_owner = ?, lease_until = ? "
            "WHERE id = ? AND dropped = 0 AND (message_id IS NULL OR shown_version < version) "
            "AND (lease_until IS NULL OR lease_until < ? OR lease_owner = ?)",
            (owner, until, row, _ts(now), owner))
        if not taken:
            return None
        rows = await self._conn.execute_fetchall(_PENDING + " WHERE id = ?", (row,))
        return _pending(rows[0])

    async def trying(self, row: int, now: datetime) -> None:
        """Recorded before a send: from now, Discord may hold a message with this nonce."""
        await self._write("UPDATE live_messages SET first_try_at = COALESCE(first_try_at, ?) "
                          "WHERE id = ?", (_ts(now), row))

    async def cards(self, row: int) -> list[str]:
        rows = await self._conn.execute_fetchall(
            "SELECT card FROM live_cards WHERE message_row = ? ORDER BY position", (row,))
        return [r[0] for r in rows]

    async def sent(self, row: int, message_id: int, version: int) -> None:
        await self._write(
            "UPDATE live_messages SET message_id = ?, shown_version = MAX(shown_version, ?), "
            "lease_owner = NULL, lease_until = NULL WHERE id = ?", (message_id, version, row))

    async def edited(self, row: int, version: int) -> None:
        await self._write(
            "UPDATE live_messages SET shown_version = MAX(shown_version, ?), lease_owner = NULL,"
            " lease_until = NULL WHERE id = ?", (version, row))

    async def renonce(self, row: int, old: str, new: str) -> bool:
        """A fresh nonce for a send whose old one is past Discord's window and not found."""
        return await self._write(
            "UPDATE live_messages SET nonce = ?, first_try_at = NULL WHERE id = ? AND nonce = ? "
            "AND message_id IS NULL", (new, row, old)) > 0

    async def drop(self, row: int) -> None:
        await self._write("UPDATE live_messages SET dropped = 1, lease_owner = NULL, "
                          "lease_until = NULL WHERE id = ?", (row,))

    async def reopen_board(self, row: int, nonce: str) -> None:
        """A scoreboard deleted in Discord: post it anew (a fresh message, a fresh nonce)."""
        await self._write("UPDATE live_messages SET message_id = NULL, nonce = ?, "
                          "first_try_at = NULL, shown_version = 0, lease_owner = NULL, "
                          "lease_until = NULL WHERE id = ?", (nonce, row))
